"""Markup and scripts in user text, in a real browser: the hostile scenario (tests/hostile.py)
saved in the library and opened by its link, every page and the board view visited.
No dialog opens, no element the text names appears in the DOM (an ``img`` whose src is
``x``, a ``script`` that calls ``alert``, a ``javascript:`` link), and the text itself is
on the page as text. The server's log has no traceback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from options.scenario_file import dump_scenario
from options.store import Store
from tests.browser.test_dashboard import PAGES, go, settle
from tests.hostile import IMG, SCRIPT, hostile_scenario
from tests.servers import AppServer

SLUG = "hostile"
INJECTED = """() => ({
  img: document.querySelectorAll("img[src='x'], img[src$='/x']").length,
  script: [...document.querySelectorAll("script")]
    .filter(s => /alert\\([123]\\)/.test(s.textContent)).length,
  javascript: [...document.querySelectorAll("[href], [src], [action], [formaction]")]
    .filter(e => /^\\s*javascript:/i.test(e.getAttribute("href") || e.getAttribute("src")
      || e.getAttribute("action") || e.getAttribute("formaction") || "")).length,
  handlers: [...document.querySelectorAll("*")]
    .filter(e => [...e.attributes].some(a => a.name === "onerror" && /alert/.test(a.value)))
    .length,
})"""


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("hostile") / "library.db"
    with Store(f"sqlite:///{db}") as store:
        store.save(SLUG, dump_scenario(hostile_scenario()), by=IMG, message=SCRIPT)
    server = AppServer({"APPRAISAL_DB_URL": f"sqlite:///{db}"})
    yield server.url
    log = server.stop()
    assert "Traceback" not in log, log


def no_injection(page: Page, where: str) -> None:
    found = page.evaluate(INJECTED)
    assert found == {"img": 0, "script": 0, "javascript": 0, "handlers": 0}, (where, found)


def test_user_text_is_shown_as_text_on_every_page(page: Page, hostile_url: str, artifacts: Path):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{hostile_url}/?scenario={SLUG}&version=1")
    expect(page.get_by_test_id("stMetricValue").first).to_be_visible(timeout=30_000)
    settle(page)
    # the option's name, with its markup, is written out on the Overview
    expect(page.get_by_text(IMG, exact=False).first).to_be_visible()
    no_injection(page, "Overview")
    for name in PAGES[1:]:
        go(page, name)
        expect(page.get_by_test_id("stException")).to_have_count(0)
        no_injection(page, name)
        if name == "Concerns":
            expect(page.get_by_text(SCRIPT, exact=False).first).to_be_attached()
    page.goto(f"{hostile_url}/?view=board&scenario={SLUG}&version=1")
    expect(page.get_by_text(IMG, exact=False).first).to_be_visible(timeout=30_000)
    settle(page)
    no_injection(page, "board view")
    page.screenshot(path=str(artifacts / "hostile_board.png"))
    assert dialogs == []
