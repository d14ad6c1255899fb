"""The PowerPoint pack, read back with python-pptx: the slide titles tell the story, the
charts are native with the engine's figures in their series, every slide has the
footer and speaker notes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pack_helpers import SCRIPT, by_npsv, make
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE

from appraisal.appraise import appraise
from options.scenario_file import load_scenario


@pytest.fixture(scope="module")
def deck(scenario_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    return Presentation(str(make(scenario_file, tmp_path_factory.mktemp("pptx"), "pptx")))


def _charts(deck: Any) -> dict[str, Any]:
    """Each chart by its slide's title."""
    return {s.shapes.title.text: sh.chart for s in deck.slides for sh in s.shapes if sh.has_chart}


def test_the_slide_titles_tell_the_story(deck: Any, engine: dict[str, Any]):
    best = by_npsv(engine)[0]["name"]
    titles = [s.shapes.title.text for s in deck.slides]
    assert titles[0] == engine["scenario"]
    assert titles[1] == f"Preferred option: {best} — and why"
    assert titles[3] == "The options side by side (NPSV order)"
    assert "lowest net present cost" in titles[4]
    assert titles[-3:] == ["Concerns raised and how each option scores",
                           "What would change the choice: switching values",
                           "Method, assumptions and sources"]  # fmt: skip
    assert 9 <= len(titles) <= 12


def test_net_present_cost_chart_holds_p50_p80_p90(deck: Any, engine: dict[str, Any]):
    """Stacked: P50, then P80 − P50, then P90 − P80, options in NPSV order (£m)."""
    chart = next(c for c in _charts(deck).values() if c.chart_type == XL_CHART_TYPE.BAR_STACKED)
    p50, to80, to90 = (list(s.values) for s in chart.plots[0].series)
    order = by_npsv(engine)
    assert [c.split(" (NPSV")[0] for c in chart.plots[0].categories] == [o["name"] for o in order]
    for i, o in enumerate(order):
        assert p50[i] == pytest.approx(o["npc_p50"] / 1e6, abs=1e-9)
        assert p50[i] + to80[i] == pytest.approx(o["npc_p80"] / 1e6, abs=1e-9)
        assert p50[i] + to80[i] + to90[i] == pytest.approx(o["npc_p90"] / 1e6, abs=1e-9)


def test_plane_holds_npsv_against_the_concerns_score(deck: Any, engine: dict[str, Any]):
    chart = next(c for c in _charts(deck).values() if c.chart_type == XL_CHART_TYPE.XY_SCATTER)
    for s, o in zip(chart.plots[0].series, by_npsv(engine), strict=True):
        assert s.name == o["name"]
        assert list(s.values) == pytest.approx([o["npsv"] / 1e6], abs=1e-9)
        x = s._element.xpath("./c:xVal//c:v")[0].text
        assert float(x) == pytest.approx(o["mcda_score"], abs=1e-9)


def test_concerns_chart_adds_up_to_each_mcda_score(deck: Any, engine: dict[str, Any]):
    charts = [c for c in _charts(deck).values() if c.chart_type == XL_CHART_TYPE.BAR_STACKED]
    concerns = charts[1]
    totals = [sum(v) for v in zip(*(s.values for s in concerns.plots[0].series), strict=True)]
    assert totals == pytest.approx([o["mcda_score"] for o in by_npsv(engine)], abs=1e-9)


def test_profile_chart_holds_each_option_s_yearly_costs(deck: Any, scenario_file: Path):
    """Each line's total is the option's undiscounted costs (every cost component)."""
    chart = next(c for c in _charts(deck).values() if c.chart_type == XL_CHART_TYPE.LINE_MARKERS)
    flows = appraise(load_scenario(scenario_file), draws=1).flows
    costs = flows[~flows["component"].isin(["benefit", "residual"])]
    names = {s.name: sum(s.values) for s in chart.plots[0].series}
    totals = costs.groupby("option", observed=True)["amount"].sum() / 1e6
    scenario = load_scenario(scenario_file)
    for o in scenario.options:
        assert names[o.name] == pytest.approx(totals[o.id], abs=1e-6)


def test_every_slide_has_the_footer_and_notes_with_sources(deck: Any):
    for n, slide in enumerate(deck.slides, 1):
        texts = [sh.text_frame.text for sh in slide.shapes if sh.has_text_frame]
        assert any("unsaved scenario" in t and "seed 7" in t for t in texts), n
        assert str(n) in texts
        notes = slide.notes_slide.notes_text_frame.text
        assert "Provenance:" in notes
        if any(sh.has_chart for sh in slide.shapes):
            assert "Source of the figures:" in notes


def test_user_text_is_text(deck: Any):
    cells = [c.text for s in deck.slides for sh in s.shapes if sh.has_table
             for row in sh.table.rows for c in row.cells]  # fmt: skip
    assert any(SCRIPT in c for c in cells)


def test_table_headings_are_white_on_dark_blue_and_the_preferred_column_tinted(deck: Any):
    """White on #12436D is 10.2:1 (WCAG relative luminance L = 0.0525, so 1.05 / 0.1025);
    the theme's own heading row, white on #4F81BD (L = 0.210), is 4.0:1, under 4.5:1."""
    tables = [sh.table for s in deck.slides for sh in s.shapes if sh.has_table]
    assert len(tables) == 3  # options, risks, concerns
    for t in tables:
        for cell in t.rows[0].cells:
            assert str(cell.fill.fore_color.rgb) == "12436D"
            assert str(cell.text_frame.paragraphs[0].font.color.rgb) == "FFFFFF"
    options = tables[0]
    assert "preferred" in options.cell(0, 1).text
    assert str(options.cell(1, 1).fill.fore_color.rgb) == "D6E4F0"


def test_the_concerns_chart_runs_over_the_whole_0_100_scale(deck: Any):
    """A stacked bar of weighted scores adds up to the MCDA score, out of 100."""
    chart = next(
        c for c in _charts(deck).values()
        if c.chart_type == XL_CHART_TYPE.BAR_STACKED and len(c.plots[0].series) > 3
    )  # fmt: skip
    assert (chart.value_axis.minimum_scale, chart.value_axis.maximum_scale) == (0, 100)
