"""axe-core (through axe-playwright-python) in Chromium on every page and on the board
view alone (``?view=board``): no serious or critical violation of WCAG 2.0, 2.1 and 2.2
A and AA or of axe's best practices (landmarks, headings). The moderate and minor
findings that remain go to tests/artifacts/axe.json, page by page, for the audit note.

References: W3C, Web Content Accessibility Guidelines (WCAG) 2.2, W3C Recommendation,
12 December 2024; Deque, axe-core rule descriptions (axe 4.12).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.browser.test_dashboard import PAGES, go, open_app, settle

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
BLOCKING = ("serious", "critical")

# Streamlit's own markup that the app cannot change, left out rule by rule and element by
# element (never a whole page): each entry is (axe rule, CSS selector, why).
EXCLUDED: list[tuple[str, str, str]] = [
    (
        "color-contrast",
        "label[data-testid='stWidgetLabel'][disabled]",
        "the label of a disabled control (the constant discount rate while a Green Book "
        "schedule is chosen), greyed by Streamlit: WCAG 2.2 SC 1.4.3 exempts the text of "
        "an inactive user interface component",
    ),
]


def scan(page: Page) -> list[dict[str, Any]]:
    """axe's violations on the page as drawn, less the excluded (rule, element) pairs."""
    settle(page)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    found = []
    for v in results.response["violations"]:
        skip = [sel for rule, sel, _ in EXCLUDED if rule == v["id"]]
        nodes = [n for n in v["nodes"] if not any(_matches(page, n["target"], sel) for sel in skip)]
        if nodes:
            found.append(
                {
                    "rule": v["id"],
                    "impact": v["impact"],
                    "help": v["help"],
                    "nodes": len(nodes),
                    "targets": [" ".join(map(str, n["target"])) for n in nodes[:5]],
                    "html": [n["html"][:200] for n in nodes[:3]],
                }
            )
    return found


def _matches(page: Page, target: list[Any], selector: str) -> bool:
    """Whether the element axe names by ``target`` matches or sits inside ``selector``."""
    return bool(
        page.evaluate(
            "([t, s]) => { const e = document.querySelector(t); return !!(e && e.closest(s)); }",
            [str(target[-1]), selector],
        )
    )


def charts_are_named(page: Page) -> list[str]:
    """Each chart's accessible name (role figure, named by its title and caption); each
    chart has an HTML table with its numbers (not a canvas grid)."""
    charts = page.locator("[data-testid=stPlotlyChart], .live-chart")  # live: the Overview's
    names = [charts.nth(i).get_attribute("aria-label") or "" for i in range(charts.count())]
    for i, name in enumerate(names):
        expect(charts.nth(i)).to_have_attribute("role", "figure")
        assert len(name) > 20, name
    assert page.locator("table").count() >= len(names)
    return names


def counts(found: list[dict[str, Any]]) -> dict[str, int]:
    out = {"critical": 0, "serious": 0, "moderate": 0, "minor": 0}
    for f in found:
        out[f["impact"]] = out.get(f["impact"], 0) + f["nodes"]
    return out


def test_axe_on_every_page_and_the_board_view(page: Page, app_url: str, artifacts: Path):
    report: dict[str, Any] = {}
    open_app(page, app_url)
    report[PAGES[0]] = scan(page)
    names = {PAGES[0]: charts_are_named(page)}
    for name in PAGES[1:]:
        go(page, name)
        report[name] = scan(page)
        names[name] = charts_are_named(page)
    page.goto(app_url + "/?view=board")
    expect(page.locator(".board-footer")).to_be_visible(timeout=30_000)
    expect(page.locator(".js-plotly-plot")).to_have_count(4, timeout=30_000)
    report["Board view (?view=board)"] = scan(page)
    names["Board view (?view=board)"] = charts_are_named(page)
    summary = {
        name: {"counts": counts(found), "findings": found, "charts": names[name]}
        for name, found in report.items()
    }
    (artifacts / "axe.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    blocking = {
        name: [f for f in found if f["impact"] in BLOCKING]
        for name, found in report.items()
        if any(f["impact"] in BLOCKING for f in found)
    }
    assert not blocking, json.dumps(blocking, indent=2)
    assert len(names["Overview"]) == 3 and len(names["Board view (?view=board)"]) == 4
