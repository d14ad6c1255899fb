"""The HTML board pack in Chromium: opened with every network request blocked it asks for
none and draws its charts; printed to PDF (Chromium's own printing, the print stylesheet)
it is A4 landscape with the provenance and "Page n of N" on every page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, Route, expect
from pypdf import PdfReader

from appraisal.appraise import appraise
from options.examples import load_example
from report.pack import build_pack, render

SCRIPT = "Flex <img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def pack_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example's HTML pack, its framework option named with markup."""
    import dataclasses

    s = load_example()
    named = (dataclasses.replace(o, name=SCRIPT) if o.id == "flex" else o for o in s.options)
    s = dataclasses.replace(s, options=tuple(named))
    path = tmp_path_factory.mktemp("pack") / "pack.html"
    path.write_bytes(render(build_pack(s, appraise(s, draws=500, seed=1)), "html"))
    return path


def test_opens_offline_and_asks_for_nothing(page: Page, pack_file: Path, artifacts: Path):
    asked: list[str] = []

    def block(route: Route) -> None:
        if not route.request.url.startswith("file://"):
            asked.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    page.route("**/*", block)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(pack_file.as_uri())
    expect(page.locator(".js-plotly-plot .main-svg").first).to_be_visible(timeout=20_000)
    assert page.locator(".js-plotly-plot").count() == 4
    assert asked == [] and dialogs == []
    expect(page.get_by_text(SCRIPT).first).to_be_visible()  # the name shown as text
    page.screenshot(path=str(artifacts / "pack-html.png"))


def test_prints_a4_landscape_with_the_footer_on_every_page(page: Page, pack_file: Path,
                                                          artifacts: Path):  # fmt: skip
    page.goto(pack_file.as_uri())
    expect(page.locator(".js-plotly-plot .main-svg").first).to_be_visible(timeout=20_000)
    out = artifacts / "pack-html-print.pdf"
    page.pdf(path=str(out), prefer_css_page_size=True, print_background=True)
    reader = PdfReader(out)
    box = reader.pages[0].mediabox
    assert round(float(box.width)) > round(float(box.height))  # landscape
    for n, p in enumerate(reader.pages, 1):
        text = re.sub(r"\s+", " ", p.extract_text())
        assert f"Page {n} of {len(reader.pages)}" in text
        assert "unsaved scenario" in text and "500 Monte Carlo draws, seed 1" in text
