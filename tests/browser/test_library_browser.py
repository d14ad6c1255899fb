"""The scenario library in a real browser: a version saved survives a reload, its permalink
shows it in another browser context, an edit comes back from its draft after a reload; and
two app servers on one PostgreSQL database see each other's versions and drafts.

Each expected figure is appraise()'s for the example with the same discount rate set
directly. Screenshots go to tests/artifacts/.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from playwright.sync_api import Browser, Page, expect

from appraisal.appraise import appraise
from options.examples import load_example
from tests.browser.test_dashboard import ALLOWED_CONSOLE, console, expect_npsv, go, open_app, settle
from tests.postgres import PostgresServer
from tests.servers import AppServer

__all__ = ["console"]  # the fixture, shared with the dashboard's tests
RATE = "Constant discount rate (%)"


def at_rate(rate: float):  # type: ignore[no-untyped-def]
    return appraise(replace(load_example(), discounting=round(rate / 100, 6)))


def constant_rate(page: Page, *values: str) -> None:
    """Choose the constant rate, then ArrowRight once per value expected (3.5 → 3.6 …)."""
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_test_id("stSelectbox").filter(has_text="Discount schedule").click()
    page.get_by_role("option", name="Constant rate").click()
    settle(page)
    more_rate(page, *values)


def more_rate(page: Page, *values: str) -> None:
    slider = page.get_by_role("slider", name=RATE)
    expect(slider).to_be_enabled()  # the rerun that enables it may start after a settle
    slider.focus()
    for value in values:  # each press lands before the next (the label may gain its mark)
        slider.press("ArrowRight")
        expect(slider).to_have_value(value)
        settle(page)


def save_version(page: Page, name: str, message: str, *, version: int) -> None:
    main = page.get_by_test_id("stMain")
    go(page, "Library")
    expect(main.get_by_label("Your name", exact=True)).to_be_visible(timeout=10_000)
    for label, value in (("Your name", "Ana"), ("Scenario name in the library", name)):
        main.get_by_label(label, exact=True).fill(value)
        main.get_by_label(label, exact=True).press("Enter")
        settle(page)
    main.get_by_label("Message: what changed, and why", exact=True).fill(message)
    main.get_by_role("button", name="Save as a new version").click()
    expect(page).to_have_url(re.compile(rf"version={version}(&|$)"), timeout=20_000)
    settle(page)


def status(page: Page) -> Any:
    return page.get_by_test_id("stSidebar").get_by_test_id("stMarkdown").first


def test_save_reload_permalink_and_draft(
    page: Page, app_url: str, browser: Browser, browser_context_args, console, artifacts
):
    open_app(page, app_url)
    constant_rate(page, "3.6", "3.7", "3.8")
    expect(page.get_by_role("slider", name=RATE)).to_have_accessible_name(re.compile("changed"))
    save_version(page, "Pilot", "3.8% for the board", version=1)
    go(page, "Overview")
    expect(page).to_have_url(re.compile(r"\?scenario=pilot&version=1$"))
    page.reload()  # a new session: the same version, the same figures
    expect_npsv(page, at_rate(3.8))
    expect(status(page)).to_contain_text("Pilot, version 1 · saved")
    expect(page.get_by_role("slider", name=RATE)).to_have_value("3.8")

    other = browser.new_context(**browser_context_args)  # the permalink, elsewhere
    try:
        elsewhere = other.new_page()
        elsewhere.goto(f"{app_url}/?scenario=pilot&version=1")
        expect_npsv(elsewhere, at_rate(3.8))
    finally:
        other.close()

    more_rate(page, "3.9")  # an edit, kept as a draft, back after a reload
    expect(page).to_have_url(re.compile(r"&draft=[\w-]+$"), timeout=20_000)
    page.reload()
    expect_npsv(page, at_rate(3.9))
    expect(status(page)).to_contain_text("unsaved changes (kept as a draft)")
    expect(page.get_by_role("slider", name=RATE)).to_have_accessible_name(re.compile("changed"))
    page.screenshot(path=str(artifacts / "library_sidebar_draft.png"))
    go(page, "Library")
    expect(page.get_by_text("The state on screen raised", exact=False).first).to_be_visible()
    page.screenshot(path=str(artifacts / "library.png"))
    assert not [m for m in console if not m.startswith(ALLOWED_CONSOLE)], console


def test_two_servers_share_one_postgresql_database(
    browser: Browser, browser_context_args, postgres: PostgresServer
):
    """A version saved through one server is listed by the other, and its permalink there
    shows the same figures; a draft made on one survives that server being stopped."""
    env = {"APPRAISAL_DB_URL": postgres.new_database()}
    one, two = AppServer(env), AppServer(env)
    contexts = [browser.new_context(**browser_context_args) for _ in range(2)]
    try:
        a, b = (c.new_page() for c in contexts)
        open_app(a, one.url)
        constant_rate(a, "3.6", "3.7")
        save_version(a, "Shared", "saved on server one", version=1)
        open_app(b, two.url)
        go(b, "Library")
        expect(b.get_by_test_id("stMain").get_by_text("saved on server one").first).to_be_visible()
        b.goto(f"{two.url}/?scenario=shared&version=1")
        expect_npsv(b, at_rate(3.7))

        go(a, "Overview")
        more_rate(a, "3.8")
        expect(a).to_have_url(re.compile(r"&draft=[\w-]+$"), timeout=20_000)
        query = a.url.split("?", 1)[1]
        log = one.stop()
        assert "Traceback" not in log, log
        b.goto(f"{two.url}/?{query}")
        expect_npsv(b, at_rate(3.8))
        expect(status(b)).to_contain_text("unsaved changes")
    finally:
        for c in contexts:
            c.close()
        logs = one.stop() + two.stop()
    assert "Traceback" not in logs, logs
