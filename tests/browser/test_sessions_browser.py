"""Session isolation in a real browser: two browser contexts (two users, no shared cookies)
load different scenarios into the same app server at the same time, then each moves a
control; each only ever shows its own numbers (appraise() of its own scenario), and a
third context opening the app sees the built-in example untouched. Results are cached
by the scenario's content digest, so a cache entry can serve only a scenario with
exactly that content."""

from __future__ import annotations

import json
import re
from dataclasses import replace

from playwright.sync_api import Browser, Page, expect

from appraisal.appraise import appraise
from options.examples import EXAMPLE_PATH, load_example
from options.scenario_file import scenario_from_dict
from tests.browser.test_dashboard import expect_npsv, go, open_app, settle

RATE = re.compile(r"^Constant discount rate \(%\)")  # "● changed" may follow


def _document(rate: float, name: str) -> dict:
    doc = json.loads(EXAMPLE_PATH.read_text())
    doc["discounting"], doc["name"] = rate, name
    return doc


def _upload(page: Page, name: str, doc: dict) -> None:
    page.get_by_test_id("stFileUploaderDropzoneInput").last.set_input_files(
        files=[{"name": name, "mimeType": "application/json", "buffer": json.dumps(doc).encode()}]
    )


def test_two_users_at_once_never_see_each_others_numbers(browser: Browser, app_url: str):
    docs = {"a": _document(0.05, "Session A at 5%"), "b": _document(0.02, "Session B at 2%")}
    contexts = {k: browser.new_context(viewport={"width": 1280, "height": 1600}) for k in docs}
    pages = {k: c.new_page() for k, c in contexts.items()}
    try:
        for page in pages.values():
            open_app(page, app_url)
            go(page, "Data")
        for k, page in pages.items():  # both uploads in flight together
            _upload(page, f"{k}.json", docs[k])
        for page in pages.values():
            page.get_by_role("button", name="Load this scenario").click()
        for k, page in pages.items():
            # loaded: the run the click starts empties the file box (a settle alone may
            # come before that run starts, and a page clicked then could overtake it)
            load = page.get_by_role("button", name="Load this scenario")
            expect(load).to_have_count(0, timeout=30_000)
            settle(page)
            go(page, "Overview")
            title = page.get_by_test_id("stMain").get_by_role("heading", level=1)
            expect(title).to_contain_text(docs[k]["name"], timeout=30_000)
        mine = {k: scenario_from_dict(d, file=f"{k}.json") for k, d in docs.items()}
        for k, page in pages.items():
            expect_npsv(page, appraise(mine[k]))
        # each moves its rate at the same time, a key press each in turn: A up, B down
        sliders = {k: p.get_by_role("slider", name=RATE) for k, p in pages.items()}
        for slider in sliders.values():
            expect(slider).to_be_enabled()
        rates = {k: round(100 * d["discounting"], 1) for k, d in docs.items()}
        for _ in range(3):
            for k, key in (("a", "ArrowRight"), ("b", "ArrowLeft")):
                sliders[k].focus()
                sliders[k].press(key)
                rates[k] = round(rates[k] + (0.1 if key == "ArrowRight" else -0.1), 1)
                expect(sliders[k]).to_have_value(str(rates[k]))
        assert rates == {"a": 5.3, "b": 1.7}
        for k, page in pages.items():
            settle(page)
            expect_npsv(page, appraise(replace(mine[k], discounting=rates[k] / 100)))
        fresh = browser.new_page()
        try:
            open_app(fresh, app_url)
            expect_npsv(fresh, appraise(load_example()))
        finally:
            fresh.close()
    finally:
        for c in contexts.values():
            c.close()
