"""What only a browser shows: rendering, keyboard sliders, uploads, the editor, escaping.

Each expected figure is appraise()'s for the scenario with the change made directly.
A screenshot of every page goes to tests/artifacts/ (ignored by git).
"""

from __future__ import annotations

import csv
import io
import json
import re
import time
from dataclasses import replace
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from appraisal import __version__, sensitivity
from appraisal.appraise import appraise
from appraisal.results import Results
from options import edits
from options.examples import EXAMPLE_PATH, load_example
from report import charts
from report import sensitivity as words
from report.formatting import money_m

PAGES = [
    "Overview",
    "Board view",
    "Costs",
    "Risks",
    "Concerns",
    "Sensitivity",
    "Workforce",
    "Affordability",
    "Assumptions and decisions",
    "Data",
    "Library",
    "About the method",
]
# Console messages that are not the app's: none expected so far.
ALLOWED_CONSOLE = ("Failed to connect to the bus",)


@pytest.fixture
def console(page: Page) -> list[str]:
    messages: list[str] = []
    page.on("console", lambda m: messages.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: messages.append(str(e)))
    return messages


def settle(page: Page) -> None:
    expect(page.get_by_test_id("stApp")).to_have_attribute(
        "data-test-script-state", "notRunning", timeout=30_000
    )


def open_app(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.get_by_test_id("stMetricValue").first).to_be_visible(timeout=30_000)
    settle(page)


def go(page: Page, name: str) -> None:
    link = page.get_by_test_id("stSidebarNav").get_by_role("link", name=name, exact=True)
    link.click()
    expect(link).to_have_attribute("aria-current", "page", timeout=20_000)
    settle(page)
    expect(page.get_by_test_id("stMain").get_by_role("heading").first).to_be_visible()


def expect_npsv(page: Page, results: Results) -> None:
    """Wait until every option's NPSV card shows its figure (never a snapshot taken while
    the cards are still rendering)."""
    label = page.get_by_test_id("stMetricLabel").get_by_text("NPSV", exact=True)
    values = page.get_by_test_id("stMetric").filter(has=label).get_by_test_id("stMetricValue")
    expect(values).to_have_count(len(results.options), timeout=20_000)
    expect(values).to_have_text([money_m(o.npsv) for o in results.options], timeout=20_000)


def test_overview_shows_the_preferred_option(page: Page, app_url: str, console, artifacts):
    open_app(page, app_url)
    results = appraise(load_example())
    best = results.option(results.preferred.npsv).name
    expect(page.get_by_text(f"{best} has the highest net present social value")).to_be_visible()
    for o in results.options:  # each option's name as text, not only inside a canvas table
        expect(page.get_by_test_id("stMain").get_by_text(o.name, exact=True).first).to_be_visible()
    expect_npsv(page, results)
    expect(page.locator(".js-plotly-plot .main-svg").first).to_be_visible()
    page.screenshot(path=str(artifacts / "overview.png"))
    assert not [m for m in console if not m.startswith(ALLOWED_CONSOLE)], console


def test_overview_charts_are_redrawn_in_place(page: Page, app_url: str, console):
    """A slider move redraws the Overview's three charts in the same elements (kept on
    the page: dashboard.live_chart), with the labels of the figures for the new rate."""
    open_app(page, app_url)
    charts_on_page = page.locator(".live-chart")
    expect(charts_on_page).to_have_count(3)
    expect(charts_on_page.nth(2).locator(".main-svg").first).to_be_visible()
    page.evaluate("() => document.querySelectorAll('.live-chart').forEach((c, i) => c.__kept = i)")
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_test_id("stSelectbox").filter(has_text="Discount schedule").click()
    page.get_by_role("option", name="Constant rate").click()
    settle(page)
    slider = sidebar.get_by_role("slider", name=re.compile("^Constant discount rate"))
    # enabled by the run the choice starts, when it draws the sidebar (after the page)
    expect(slider).to_be_enabled()
    slider.press("ArrowRight")  # 3.5% → 3.6%
    moved = appraise(replace(load_example(), discounting=0.036))
    expect_npsv(page, moved)
    labels = [label for t in charts.fig_npc_range(moved).data if t.text for label in t.text]
    assert len(labels) == len(moved.options)
    for label in labels:
        expect(charts_on_page.nth(1)).to_contain_text(label)
    expect(charts_on_page.nth(1)).to_have_attribute("aria-label", re.compile("3.6%"))
    kept = page.evaluate("() => [...document.querySelectorAll('.live-chart')].map(c => c.__kept)")
    assert kept == [0, 1, 2]
    assert not [m for m in console if not m.startswith(ALLOWED_CONSOLE)], console


def test_a_page_clicked_while_the_verdict_is_completed_stays(page: Page, app_url: str):
    """After a slider moves, the Overview's run draws the page, then searches for the
    verdict's switching value (dashboard.verdict). A page link clicked at any moment of
    that run (as it draws, as it searches, as it ends) opens its page at once and the
    Overview does not come back (an earlier follow-up run on a timer could bring it back:
    the click was lost)."""
    open_app(page, app_url)
    nav = page.get_by_test_id("stSidebarNav")
    costs = nav.get_by_role("link", name="Costs", exact=True)
    main = page.get_by_test_id("stMain")
    for delay in (0, 200, 400, 600, 800):  # ms after the keypress
        slider = page.get_by_role("slider", name=re.compile("^Job security"))
        slider.focus()
        slider.press("ArrowRight")
        page.wait_for_timeout(delay)
        start = time.perf_counter()
        costs.click()
        expect(costs).to_have_attribute("aria-current", "page", timeout=20_000)
        expect(main.get_by_role("heading", level=1)).to_have_text("Costs", timeout=20_000)
        print(
            f"\nclicked {delay} ms after the keypress: Costs in {time.perf_counter() - start:.2f} s"
        )
        page.wait_for_timeout(1_500)  # a rerun of the Overview would have landed by now
        settle(page)
        expect(costs).to_have_attribute("aria-current", "page")
        expect(main.get_by_role("heading", level=1)).to_have_text("Costs")
        nav.get_by_role("link", name="Overview", exact=True).click()
        expect(main.get_by_text("this would change if", exact=False)).to_be_visible(timeout=30_000)
        settle(page)


def test_every_page_renders(page: Page, app_url: str, console, artifacts):
    open_app(page, app_url)
    for name in PAGES[1:]:
        go(page, name)
        expect(page.get_by_test_id("stException")).to_have_count(0)
        page.screenshot(path=str(artifacts / f"{name.lower().replace(' ', '_')}.png"))
    assert not [m for m in console if not m.startswith(ALLOWED_CONSOLE)], console


def test_sensitivity_page_draws_its_charts(page: Page, app_url: str, console, artifacts):
    """The tornado, weight stability, rank acceptability, difference and spread charts
    are drawn as SVG, and the nearest switching value is the engine's, in words."""
    model = sensitivity.Model(load_example())
    near = sensitivity.nearest(sensitivity.switching_values(model, "npsv"))
    open_app(page, app_url)
    go(page, "Sensitivity")
    expect(page.get_by_text(words.sentence(model, near)).first).to_be_visible(timeout=30_000)
    expect(page.locator(".js-plotly-plot")).to_have_count(5, timeout=30_000)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    page.screenshot(path=str(artifacts / "sensitivity_full.png"), full_page=True)
    assert not [m for m in console if not m.startswith(ALLOWED_CONSOLE)], console


def test_discount_slider_by_keyboard(page: Page, app_url: str):
    """Constant rate, then three ArrowRight presses: 3.5% → 3.8%; the verdict then names
    the engine's nearest switching value for 3.8% (found after the page is drawn)."""
    open_app(page, app_url)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_test_id("stSelectbox").filter(has_text="Discount schedule").click()
    page.get_by_role("option", name="Constant rate").click()
    settle(page)
    slider = page.get_by_role("slider", name="Constant discount rate (%)")
    expect(slider).to_be_enabled()
    slider.focus()
    for value in ("3.6", "3.7", "3.8"):  # each press lands before the next (no lost keys)
        slider.press("ArrowRight")
        expect(slider).to_have_value(value)
        settle(page)
    moved = replace(load_example(), discounting=0.038)
    expected = appraise(moved)
    expect(page.get_by_test_id("stMetricValue").nth(0)).to_have_text(
        money_m(expected.options[0].npsv), timeout=20_000
    )
    settle(page)
    expect_npsv(page, expected)
    # the verdict's nearest switching value, found in the follow-up run after the charts
    model = sensitivity.Model(moved)
    clause = words.nearest_clause(
        model, sensitivity.nearest(sensitivity.switching_values(model, "npsv"))
    )
    assert clause
    verdict = page.get_by_test_id("stMain").get_by_text("this would change if")
    expect(verdict).to_contain_text(clause, timeout=30_000)
    settle(page)


def test_upload_preview_and_bad_file(page: Page, app_url: str, tmp_path, artifacts):
    open_app(page, app_url)
    go(page, "Data")
    dropzone = page.get_by_test_id("stFileUploaderDropzoneInput").first
    good = (EXAMPLE_PATH.parent / "sample_costs_wide.csv").read_bytes()
    dropzone.set_input_files(files=[{"name": "wide.csv", "mimeType": "text/csv", "buffer": good}])
    expect(page.get_by_text("Read 26 amounts from wide.csv (wide layout).")).to_be_visible(
        timeout=20_000
    )
    expect(page.get_by_role("button", name="Apply to scenario")).to_be_visible()
    page.screenshot(path=str(artifacts / "upload_good.png"))
    bad = b"option,line,category,year,amount\nFlex,Fee,opex,2008,lots\nFlex,Fee,cake,2009,1\n"
    dropzone.set_input_files(files=[{"name": "bad.csv", "mimeType": "text/csv", "buffer": bad}])
    expect(page.get_by_text("bad.csv: 2 problems found")).to_be_visible(timeout=20_000)
    table = page.get_by_test_id("stTable").last
    expect(table).to_contain_text("'lots' is not a number")
    expect(table).to_contain_text("'cake' is not a category")
    page.screenshot(path=str(artifacts / "upload_bad.png"))
    expect(page.get_by_role("button", name="Apply to scenario")).to_have_count(0)


def test_a_file_just_over_20_mib_gets_our_message(page: Page, app_url: str, tmp_path):
    """The box states 21MB (1,000,000-byte megabytes on Linux), and a cost file one byte
    over 20 MiB (20,971,521 bytes, under 21,000,000) passes it, so our loader's message is
    what the user sees, not the framework's."""
    open_app(page, app_url)
    go(page, "Data")
    box = page.get_by_test_id("stFileUploaderDropzoneInstructions").first
    expect(box).to_contain_text("21MB per file")
    big = tmp_path / "big.csv"
    big.write_bytes(b"option,line,category,year,amount\n" + b"x" * (20 * 1024 * 1024 + 1 - 33))
    assert big.stat().st_size == 20 * 1024 * 1024 + 1
    page.get_by_test_id("stFileUploaderDropzoneInput").first.set_input_files(big)
    expect(page.get_by_text("big.csv: 1 problem found")).to_be_visible(timeout=30_000)
    expect(page.get_by_test_id("stTable").last).to_contain_text("larger than the 20 MiB limit")
    expect(page.get_by_text("File must be")).to_have_count(0)


def test_the_results_download_carries_its_assumptions(page: Page, app_url: str):
    """The app's results CSV, read back: one header row, a row per option, each ending
    with what the example was appraised with (its name, the Green Book schedule, no price
    per point, 10,000 draws, seed 1) and the version."""
    open_app(page, app_url)
    go(page, "Data")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download results (CSV)").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    lines = list(csv.reader(io.StringIO(text)))
    trailing = ["scenario", "discounting", "value_per_point", "draws", "seed", "version"]
    assert lines[0][-6:] == trailing
    example = load_example()
    assert [line[0] for line in lines[1:]] == list(example.option_ids)
    expected = [example.name, "green-book", "", "10000", "1", __version__]
    assert all(line[-6:] == expected for line in lines[1:])


def test_edit_a_cost_cell_and_apply(page: Page, app_url: str):
    """First cost line (in-house, 2008) set to £9,999,999 through the grid editor."""
    open_app(page, app_url)
    go(page, "Costs")
    grid = page.get_by_test_id("stDataFrame").last
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 80, box["y"] + 35 + 17)  # first data row, its row number
    for _ in range(5):  # row number → option → line → category → year → amount
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(50)  # a busy machine's grid may drop a press sent at once
    editor = page.locator("#portal input, #portal textarea").first
    first = f"{edits.cost_table(load_example()).loc[1, 'amount']:.0f}"
    for _ in range(3):  # a press the grid dropped all the same: one more to the right
        page.keyboard.press("Enter")  # open the cell's editor
        expect(editor).to_be_visible()
        if editor.input_value() == first:
            break
        page.keyboard.press("Escape")
        page.wait_for_timeout(100)
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(100)
    expect(editor).to_have_value(first)
    editor.fill("9999999")
    page.keyboard.press("Enter")
    expect(page.get_by_text("You have edits that are not applied yet")).to_be_visible()
    page.get_by_role("button", name="Apply edits").click()
    expect(page.get_by_text("edits applied.")).to_be_visible(timeout=20_000)  # the toast
    settle(page)
    example = load_example()
    table = edits.cost_table(example)
    table.loc[1, "amount"] = 9_999_999.0
    expected = appraise(edits.apply_edits(example, table))
    go(page, "Overview")
    expect_npsv(page, expected)


def test_user_text_is_shown_as_text(page: Page, app_url: str, tmp_path, artifacts):
    """An option named with HTML and Markdown shows literally; nothing is injected."""
    evil = '<img src=x onerror="window.pwned=1"> **bold** [link](http://x) $x$'
    doc = json.loads(EXAMPLE_PATH.read_text())
    doc["options"][0]["name"] = evil
    doc["concerns"][0]["title"] = "<b>Concern</b> _x_"
    open_app(page, app_url)
    go(page, "Data")
    page.get_by_test_id("stFileUploaderDropzoneInput").last.set_input_files(
        files=[
            {
                "name": "evil.json",
                "mimeType": "application/json",
                "buffer": json.dumps(doc).encode(),
            }
        ]
    )
    page.get_by_role("button", name="Load this scenario").click()
    expect(page.get_by_text("Loaded evil.json.")).to_be_visible(timeout=20_000)  # the toast
    settle(page)
    go(page, "Overview")
    expect(page.get_by_test_id("stMain").get_by_text(evil, exact=True).first).to_be_visible()
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text("<b>Concern</b> _x_", exact=True)).to_have_count(1)
    assert page.locator("img[src=x]").count() == 0
    assert page.evaluate("window.pwned") is None
    svg_text = page.locator(".js-plotly-plot").first.inner_text()
    assert "<img src=x" in svg_text  # plotly shows the tag as text
    page.screenshot(path=str(artifacts / "escaping.png"))
