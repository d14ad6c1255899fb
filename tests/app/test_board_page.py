"""The board view under AppTest: the built-in example's question answered first, the
preferred option and why built from appraise()'s figures, the options in NPSV order with
NPSV as appraise() gives it, a data table beside every chart, the provenance footer;
``?view=board`` draws no sidebar and no editing widget; leaving the board view loses no
setting; the pack's files are made once, when asked for.

Expected figures come from appraising the example directly, never from the page.
"""

from __future__ import annotations

import html
import re

import pytest
from app_helpers import in_force, start
from streamlit.testing.v1 import AppTest

from appraisal import __version__
from appraisal.appraise import appraise
from report.formatting import money_m
from report.pack import build_pack
from report.pack.charts import ChartImageError
from report.pack.content import question_text
from report.summary import against_counterfactual, share

BOARD = "dashboard/pages/board.py"
EDITING = ("slider", "selectbox", "number_input", "toggle", "checkbox", "text_input", "radio")


@pytest.fixture(scope="module")
def results(example):
    return appraise(example)


def board(*, presenting: bool = False) -> AppTest:
    """The board view: ``?view=board`` when presenting, else the app's Board page."""
    return start(query={"view": "board"}) if presenting else start("board")


def page_html(at: AppTest) -> str:
    """The board view's HTML in page order, entities decoded, tags kept."""
    return html.unescape("".join(h.proto.body for h in at.get("html")))


def text(at: AppTest) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page_html(at)))


def test_the_question_is_answered_first_then_the_preferred_option_and_why(results):
    at = board()
    page = text(at)
    best = results.option(results.preferred.npsv)
    flex = next(o for o in results.options if o.kind.value == "framework")
    answer = next(line for line in against_counterfactual(results) if line.startswith(flex.name))
    ask, told = page.index(question_text(results)), page.index(answer)
    preferred = page.index(f"Preferred option: {best.name}")
    assert ask < told < preferred
    runner_up = sorted(results.options, key=lambda o: -o.npsv)[1]
    why = page[preferred:]
    assert f"{money_m(best.npsv - runner_up.npsv)} more than {runner_up.name}" in why
    assert f"highest NPSV in {share(best.monte_carlo.prob_best)} of 10,000" in why
    assert "net present social value (NPSV)" in why  # the plain words first, then the acronym


def test_every_summary_sentence_is_the_packs(example, results):
    """The view shows the pack's own sentences: the numbers on screen are the pack's (the
    question itself heads its answer)."""
    page = text(at := board())
    answer, *points = build_pack(example, results).summary
    assert answer.text in page
    for point in points:
        assert point.heading in page and point.text in page, point.heading
    assert len(at.get("plotly_chart")) == 4


def test_options_in_npsv_order_with_appraises_npsv_and_the_preferred_marked(results):
    at = board()
    table = re.search(r'<table class="board-table board-options">.*?</table>', page_html(at))
    assert table is not None
    heads = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', table.group())
    ranked = sorted(results.options, key=lambda o: -o.npsv)
    best = results.option(results.preferred.npsv).name
    assert heads[1:] == [o.name + (" — preferred (highest NPSV)" if o.name == best else "")
                         for o in ranked]  # fmt: skip
    npsv_row = re.search(r"<tr><th[^>]*>Net present social value, NPSV[^<]*</th>(.*?)</tr>",
                         table.group())  # fmt: skip
    assert npsv_row is not None
    figures = re.findall(r"<td[^>]*>(.*?)</td>", npsv_row.group(1))
    assert figures == [money_m(o.npsv) for o in ranked]
    assert len(re.findall(r"<tr>", table.group())) - 1 <= 8  # rows of figures


def test_a_data_table_beside_every_chart():
    at = board()
    charts = at.get("plotly_chart")
    tables = [h for h in at.get("html") if "<caption>" in h.proto.body]
    assert len(charts) == 4 and len(tables) == 4


def test_the_footer_says_where_the_figures_come_from(results):
    footer = re.search(r"<footer.*?</footer>", page_html(board()))
    assert footer is not None
    for phrase in (
        results.scenario,
        "unsaved scenario",
        f"£ in real {results.price_base} prices",
        f"{results.draws:,} Monte Carlo draws, seed {results.seed}",
        "parameters: green-book-2022",
        f"options-appraisal {__version__}",
    ):
        assert phrase in footer.group(), phrase


def test_presentation_mode_draws_no_sidebar_and_no_editing_widget(results):
    at = board(presenting=True)
    assert at.query_params["view"] == "board"
    for kind in EDITING:
        assert len(at.get(kind)) == 0, kind
    assert len(at.sidebar) == 0
    assert [b.label for b in at.button] == ["Prepare the board pack", "Leave presentation mode"]
    assert f"Preferred option: {results.option(results.preferred.npsv).name}" in text(at)
    at.button(key="board:leave").click().run()  # back to the board view, with its sidebar
    assert "view" not in at.query_params
    assert len(at.sidebar) > 0 and len(at.slider) == 0


def test_leaving_the_board_view_loses_no_setting():
    """A weight set on the Overview survives a visit to the board view, and the browser is
    sent it again (the sidebar is drawn anew: without the value it shows the slider's
    minimum)."""
    at = start()
    key = "ctl:weight:job-security"
    at.slider(key=key).set_value(12.0).run()
    at.switch_page(BOARD).run()
    assert len(at.slider) == 0
    at.run()
    at.switch_page("dashboard/pages/overview.py").run()
    slider = at.slider(key=key)
    assert slider.value == 12.0
    assert slider.proto.set_value and list(slider.proto.value) == [12.0]
    assert next(c.weight for c in at.session_state["scenario"].concerns
                if c.id == "job-security") == 12.0  # fmt: skip


def test_the_pack_is_made_once_when_asked_for(monkeypatch):
    """No file before "Prepare the board pack"; one per format after it; none again on a
    rerun (cached by the scenario's content). The files themselves are tested in
    tests/unit/report/pack and tests/browser."""
    made: list[str] = []

    def render(pack, fmt):
        made.append(fmt)
        return fmt.encode()

    monkeypatch.setattr("dashboard.board.render", render)
    at = board()
    assert made == [] and len(at.get("download_button")) == 0
    at.button(key="board:prepare").click().run()
    assert sorted(made) == ["html", "pdf", "pptx", "xlsx"]
    labels = [b.label for b in at.get("download_button")]
    assert [label.split(" (")[0] for label in labels] == [
        "Download PDF",
        "Download PowerPoint",
        "Download Excel",
        "Download HTML",
    ]
    at.run()
    assert len(made) == 4 and len(at.get("download_button")) == 4


def test_without_chromium_the_other_formats_still_download(monkeypatch):
    """The PDF's charts need Chromium; without it the page says so and offers the rest."""

    def render(pack, fmt):
        if fmt == "pdf":
            raise ChartImageError("kaleido needs Chromium (apt-get install chromium)")
        return fmt.encode()

    monkeypatch.setattr("dashboard.board.render", render)
    at = board()
    at.button(key="board:prepare").click().run()
    assert not at.exception
    assert any("The PDF file could not be made" in e.value for e in at.error)
    labels = [b.label.split(" (")[0] for b in at.get("download_button")]
    assert labels == ["Download PowerPoint", "Download Excel", "Download HTML"]


def test_a_scenario_without_concerns_or_uncertainty(make_scenario):
    """tests/small_scenario.py's two options, no concerns: two charts, each with its table; Join
    Flex, £0.4m cheaper than in-house (hand calculation in tests/unit/report/test_board.py),
    is preferred, and the heading says nothing is uncertain."""
    s = make_scenario()
    at = in_force(s).run().switch_page(BOARD).run()
    assert not at.exception, [e.message for e in at.exception]
    page = text(at)
    assert "Preferred option: Join Flex" in page
    assert "Nothing in the scenario is uncertain" in page
    assert len(at.get("plotly_chart")) == 2
    assert len([h for h in at.get("html") if "<caption>" in h.proto.body]) == 2


def test_a_board_link_names_the_saved_version_in_its_footer(library_url, example):
    """A version saved in the library (version 1, by Ana) and opened from its board link,
    ?view=board&scenario=pilot&version=1: the footer says so instead of "unsaved scenario"."""
    from options.scenario_file import dump_scenario
    from options.store import Store

    with Store(library_url) as store:
        store.save("Pilot", dump_scenario(example), by="Ana", message="for the board")
    at = start(query={"view": "board", "scenario": "pilot", "version": "1"})
    footer = re.search(r"<footer.*?</footer>", page_html(at))
    assert footer is not None
    assert "version 1, saved by Ana" in footer.group()
    assert "unsaved scenario" not in footer.group()
