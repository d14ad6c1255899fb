"""The Assumptions and decisions page in a real browser: the register drawn with its
ratings as words, a filter typed from the keyboard, the CSV as the browser downloads it,
and a bad date typed into the grid refused at its cell. Screenshots go to tests/artifacts/.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from playwright.sync_api import Page, expect

from options.examples import load_example
from options.model import Quality
from tests.browser.test_dashboard import ALLOWED_CONSOLE, console, go, open_app, settle

__all__ = ["console"]  # the fixture, shared with the dashboard's tests
PAGE = "Assumptions and decisions"


def test_the_register_shows_each_rating_as_a_word(page: Page, app_url: str, console, artifacts):
    example = load_example()
    open_app(page, app_url)
    go(page, PAGE)
    expect(page.get_by_text("33 assumptions: 24 red, 7 amber, 2 green.")).to_be_visible()
    register = page.get_by_role("region", name="Assumptions register")
    expect(register).to_be_visible()
    for q in Quality:  # every tinted cell carries its word
        cells = register.locator(f"td.rag-{q.value}")
        expect(cells).to_have_count(sum(a.quality is q for a in example.assumptions))
        expect(cells.first).to_have_text(q.value)
    register.focus()  # a scrolling region the keyboard can reach
    expect(register).to_be_focused()
    page.screenshot(path=str(artifacts / "log_register.png"))
    page.get_by_role("tab", name="Decision log").click()
    expect(page.get_by_role("region", name="Decision log")).to_contain_text(
        "Historical decision: ONS decided in principle"
    )
    page.screenshot(path=str(artifacts / "log_decisions.png"))
    assert not [m for m in console if not m.startswith(ALLOWED_CONSOLE)], console


def test_a_filter_typed_then_the_csv_of_the_rows_shown(page: Page, app_url: str):
    """Type "Flex per-seat" into the filter: one row is shown, and the CSV the browser
    downloads holds that row, with its rating as a word."""
    open_app(page, app_url)
    go(page, PAGE)
    with page.expect_download() as whole:
        page.get_by_role("button", name="Download the assumptions register (CSV)").click()
    rows = list(csv.reader(io.StringIO(Path(whole.value.path()).read_text(encoding="utf-8"))))
    assert rows[0] == ["id", "assumption", "value", "quality", "source", "owner", "date", "notes"]
    assert [r[0] for r in rows[1:]] == [a.id for a in load_example().assumptions]
    box = page.get_by_role("textbox", name="Contains")
    box.fill("Flex per-seat")
    box.press("Enter")
    expect(page.get_by_text("Showing 1 of 33 assumptions.")).to_be_visible(timeout=20_000)
    settle(page)
    with page.expect_download() as shown:
        page.get_by_role("button", name="Download the assumptions register (CSV)").click()
    assert whole.value.suggested_filename == "assumptions_register.csv"
    rows = list(csv.reader(io.StringIO(Path(shown.value.path()).read_text(encoding="utf-8"))))
    assert [(r[0], r[3]) for r in rows[1:]] == [("A13", "green")]


def test_a_bad_date_typed_in_the_grid_is_refused_at_its_cell(page: Page, app_url: str, artifacts):
    open_app(page, app_url)
    go(page, PAGE)
    # the editor under its own heading: never a grid left over from the page before
    expect(page.get_by_role("heading", name="Edit the register")).to_be_visible()
    grid = page.get_by_test_id("stDataFrame").first
    expect(grid).to_be_visible()
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 50, box["y"] + 35 + 17)  # first data row, its id
    grid.hover()  # the grid's toolbar: it offers no CSV of its own (the page's is defused)
    expect(page.get_by_role("button", name="Show/hide columns").first).to_be_visible()
    expect(page.get_by_role("button", name="Download as CSV")).to_have_count(0)
    for _ in range(6):  # id → assumption → value → quality → source → owner → date
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    editor = page.locator("#portal input, #portal textarea").first
    expect(editor).to_have_value("2026-12-03")
    editor.fill("03/12/2026")
    page.keyboard.press("Enter")
    expect(page.get_by_text("You have edits that are not applied yet")).to_be_visible()
    page.get_by_role("button", name="Apply edits").first.click()
    settle(page)
    expect(page.get_by_text("Assumptions register: 1 problem found")).to_be_visible()
    problems = page.get_by_test_id("stTable").last
    expect(problems).to_contain_text("'03/12/2026', which is not a date")
    page.screenshot(path=str(artifacts / "log_bad_date.png"))
    expect(page.get_by_role("region", name="Assumptions register")).to_contain_text("2026-12-03")
