"""Keyboard only, in Chromium: every slider (the sidebar's, the Workforce and Sensitivity
pages'), the Data page's upload and download, the Library page's save, the schedule's
drop-down and the page links are reached with Tab (Enter opens a closed group
of controls), operated with keys, and show a visible focus indicator when they have it
(WCAG 2.2 SC 2.1.1 keyboard, 2.4.7 focus visible). No mouse event is sent: ``open_app``
only loads the page, and every move after it is a key press.

The expected NPSV is appraise()'s for the example with the risk multiplier at 1.1.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from appraisal.appraise import appraise
from options.examples import EXAMPLE_PATH, load_example
from report.formatting import money_m
from tests.browser.test_dashboard import expect_npsv, open_app, settle

TABS = 250  # more Tab presses than the longest page has stops before its last control


def is_focused(target: Locator) -> bool:
    return bool(
        target.evaluate("e => e === document.activeElement || e.contains(document.activeElement)")
    )


def tab_to(page: Page, target: Locator, *, limit: int = TABS) -> int:
    """Press Tab until ``target`` (or an element inside it) has the focus; the presses."""
    expect(target).to_have_count(1)
    for n in range(limit):
        if is_focused(target):
            return n
        page.keyboard.press("Tab")
    raise AssertionError(f"{target} not reached in {limit} Tab presses")


def focus_ring(page: Page) -> dict[str, str]:
    """What shows the focus: the focused element's outline and box shadow, or for a
    slider (whose focus is on a visually hidden input) its thumb's."""
    return page.evaluate(
        """() => {
            let e = document.activeElement;
            const thumb = e.closest("[data-testid=stSlider] [data-focus-visible=true]");
            const shown = thumb || e;
            const s = getComputedStyle(shown);
            return {visible: String(e.matches(":focus-visible")), style: s.outlineStyle,
                    width: s.outlineWidth, colour: s.outlineColor, shadow: s.boxShadow};
        }"""
    )


def assert_visible_focus(page: Page) -> None:
    ring = focus_ring(page)
    assert ring["visible"] == "true", ring
    outline = ring["style"] not in ("none", "") and float(ring["width"].rstrip("px")) >= 2
    assert outline and ring["colour"] == "rgb(11, 12, 12)", ring


def open_file_dialog(page: Page, uploader: Locator) -> Locator:
    """Tab to the uploader's button and press Enter: the keypress must click the file
    input, which is what opens the system's file dialog; the input, to choose a file with.

    Counted in the page rather than through Chromium's file-chooser event, which a full
    browser run (seen in CI and here) sometimes never fires although the input is clicked.
    """
    browse = uploader.get_by_test_id("stBaseButton-secondary")
    expect(browse).to_have_accessible_name(re.compile(r"\w"))
    page.evaluate(
        """() => { window.__fileDialogs = 0; document.addEventListener("click", e => {
            if (e.target.matches('input[type=file]')) window.__fileDialogs++; }, true); }"""
    )
    tab_to(page, browse)
    assert_visible_focus(page)
    page.keyboard.press("Enter")
    page.wait_for_function("window.__fileDialogs === 1", timeout=10_000)
    return uploader.locator("input[type=file]")


def test_slider_by_keyboard_with_a_visible_focus(page: Page, app_url: str):
    """Tab to the closed "Risk appetite" group, Enter opens it, Tab to the risk
    probability multiplier, ArrowRight: 1.0 → 1.1, and every NPSV card follows."""
    open_app(page, app_url)
    sidebar = page.get_by_test_id("stSidebar")
    group = sidebar.locator("summary").filter(has_text="Risk appetite")
    tab_to(page, group)
    assert_visible_focus(page)
    page.keyboard.press("Enter")
    slider = sidebar.get_by_role("slider", name=re.compile("^Risk probability multiplier"))
    expect(slider).to_be_visible()
    tab_to(page, slider)
    assert_visible_focus(page)
    page.keyboard.press("ArrowRight")
    expect(slider).to_have_value("1.1")
    settle(page)
    example = load_example()
    changed = replace(example, settings=replace(example.settings, risk_probability_multiplier=1.1))
    expected = appraise(changed)
    assert money_m(expected.options[0].npsv) != money_m(appraise(example).options[0].npsv)
    expect_npsv(page, expected)


def test_page_link_upload_and_download_by_keyboard(page: Page, app_url: str):
    """Tab to the "Data" page link (its focus outlined, unlike the current page's grey
    highlight), Enter; then Tab to the cost file's upload button, whose Enter opens the
    file dialog (the file chosen there is read: 26 amounts, as the sample file has), and
    to "Download results (CSV)", which Enter downloads."""
    open_app(page, app_url)
    link = page.get_by_test_id("stSidebarNav").get_by_role("link", name="Data", exact=True)
    tab_to(page, link)
    assert_visible_focus(page)
    current = page.get_by_test_id("stSidebarNav").locator("a[aria-current=page]")
    assert current.evaluate("e => getComputedStyle(e).outlineStyle") == "none"
    page.keyboard.press("Enter")
    expect(link).to_have_attribute("aria-current", "page", timeout=20_000)
    main = page.get_by_test_id("stMain")
    download = main.get_by_role("button", name="Download results (CSV)")
    expect(download).to_be_visible(timeout=30_000)  # the Data page's run has reached its end
    settle(page)
    chooser = open_file_dialog(page, main.get_by_test_id("stFileUploader").first)
    wide = (EXAMPLE_PATH.parent / "sample_costs_wide.csv").read_bytes()
    chooser.set_input_files(files=[{"name": "wide.csv", "mimeType": "text/csv", "buffer": wide}])
    expect(page.get_by_text("Read 26 amounts from wide.csv (wide layout).")).to_be_visible()
    settle(page)
    tab_to(page, download)
    assert_visible_focus(page)
    with page.expect_download() as got:
        page.keyboard.press("Enter")
    assert got.value.suggested_filename == "results.csv"
    assert Path(got.value.path()).read_text(encoding="utf-8").startswith("id,name,")


def test_library_save_by_keyboard(page: Page, app_url: str):
    """On the Library page, the name, scenario name and message are typed after Tab, and
    "Save as a new version" is reached with Tab and pressed with Enter: version 1 saved."""
    open_app(page, app_url)
    link = page.get_by_test_id("stSidebarNav").get_by_role("link", name="Library", exact=True)
    tab_to(page, link)
    page.keyboard.press("Enter")
    expect(link).to_have_attribute("aria-current", "page", timeout=20_000)
    settle(page)
    main = page.get_by_test_id("stMain")
    for label, value in (("Your name", "Ana"), ("Scenario name in the library", "Keys")):
        tab_to(page, main.get_by_label(label, exact=True))
        assert_visible_focus(page)
        page.keyboard.press("ControlOrMeta+a")
        page.keyboard.type(value)
        page.keyboard.press("Enter")
        settle(page)
    tab_to(page, main.get_by_label("Message: what changed, and why", exact=True))
    page.keyboard.type("Saved from the keyboard")
    save = main.get_by_role("button", name="Save as a new version")
    tab_to(page, save)
    assert_visible_focus(page)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"version=1(&|$)"), timeout=20_000)


def open_page(page: Page, name: str) -> Locator:
    """Tab to the page link ``name``, press Enter, wait for the page's run; its main area."""
    link = page.get_by_test_id("stSidebarNav").get_by_role("link", name=name, exact=True)
    tab_to(page, link)
    page.keyboard.press("Enter")
    expect(link).to_have_attribute("aria-current", "page", timeout=20_000)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("heading", name=name).first).to_be_visible(timeout=30_000)
    settle(page)
    return main


def operate_sliders(page: Page, scope: Locator, *, at_least: int, marked: bool) -> int:
    """Reach every slider in ``scope`` with Tab, check its focus shows, and move it one
    step with an arrow key (left when it is at its top); the value must change and, for a
    sidebar control (``marked``), its label must then say "changed". The sliders moved."""
    sliders = scope.get_by_role("slider")
    expect(sliders.nth(at_least - 1)).to_be_attached()
    count = sliders.count()
    for i in range(count):
        slider = sliders.nth(i)
        expect(slider).to_be_enabled()
        tab_to(page, slider)
        assert_visible_focus(page)
        value, top = slider.evaluate("e => [e.getAttribute('aria-valuenow'), e.ariaValueMax]")
        page.keyboard.press("ArrowLeft" if value == top else "ArrowRight")
        expect(slider).not_to_have_attribute("aria-valuenow", value)
        settle(page)
        if marked:
            expect(slider).to_have_accessible_name(re.compile("● changed$"), timeout=20_000)
    return count


def test_every_slider_by_keyboard(page: Page, app_url: str):
    """Every slider the app has is reached with Tab and moved with an arrow key: the
    sidebar's (after Enter opens each closed group of controls and the schedule is set to
    a constant rate by typing, which the rate slider waits for), then the Workforce and
    Sensitivity pages'."""
    open_app(page, app_url)
    sidebar = page.get_by_test_id("stSidebar")
    closed = sidebar.locator("details:not([open]) > summary")
    while closed.count():
        tab_to(page, closed.first)
        assert_visible_focus(page)
        page.keyboard.press("Enter")
        expect(page.locator("details:has(> summary:focus)")).to_have_attribute("open", "")
    schedule = sidebar.get_by_role("combobox", name=re.compile("^Discount schedule"))
    tab_to(page, schedule)
    page.keyboard.type("Constant")
    page.keyboard.press("Enter")
    expect(schedule).to_have_value("Constant rate")
    settle(page)
    # enabled by the run the choice starts, when it draws the sidebar (after the page)
    expect(
        sidebar.get_by_role("slider", name=re.compile("^Constant discount rate"))
    ).to_be_enabled()
    # the example applies optimism bias, so its mitigation sliders can be moved
    expect(sidebar.get_by_label(re.compile("^Apply optimism bias"))).to_be_checked()
    example = load_example()
    # the rate, one mitigation per option with a project type, confidence, the risk
    # multiplier, one weight per concern, the draws
    expected = 4 + sum(o.project_type is not None for o in example.options)
    expected += len(example.concerns)
    assert operate_sliders(page, sidebar, at_least=expected, marked=True) == expected
    moved = operate_sliders(page, open_page(page, "Workforce"), at_least=4, marked=False)
    moved += operate_sliders(page, open_page(page, "Sensitivity"), at_least=3, marked=False)
    assert moved >= 7
