"""The HTML pack, parsed: self-contained (no script or stylesheet from elsewhere), user
text escaped, the preferred option and the figures, the footer and a print stylesheet."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from pack_helpers import SCRIPT, by_npsv, make

from report.formatting import money_m


class _Page(HTMLParser):
    """Tags with their attributes, and the text outside scripts and styles."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("script", "style")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)


@pytest.fixture(scope="module")
def source(scenario_file: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    return make(scenario_file, tmp_path_factory.mktemp("html"), "html").read_text("utf-8")


@pytest.fixture(scope="module")
def page(source: str) -> _Page:
    p = _Page()
    p.feed(source)
    return p


def test_self_contained(page: _Page):
    """No script, stylesheet, image or frame is fetched from anywhere: plotly.js is inline."""
    for tag, attrs in page.tags:
        assert not (tag == "script" and attrs.get("src")), attrs
        assert not (tag == "link" and attrs.get("href")), attrs
        assert not (tag in ("img", "iframe") and attrs.get("src")), attrs
    assert sum(tag == "script" for tag, _ in page.tags) >= 2  # plotly.js and each figure


def test_user_text_is_escaped(source: str, page: _Page):
    assert SCRIPT not in source  # never as markup, in the page or in a figure's data
    assert SCRIPT in "".join(page.text)  # but shown as text


def test_preferred_option_and_figures(page: _Page, engine: dict[str, Any]):
    text = re.sub(r"\s+", " ", "".join(page.text))
    first, second = by_npsv(engine)[:2]
    assert f"Preferred option: {first['name']}" in text
    assert f"{money_m(first['npsv'] - second['npsv'])} more than {second['name']}" in text
    for o in engine["options"]:
        assert money_m(o["npsv"]) in text


def test_footer_and_print_stylesheet(source: str, page: _Page):
    text = "".join(page.text)
    assert "unsaved scenario" in text and "2,000 Monte Carlo draws, seed 7" in text
    assert "@page { size: A4 landscape" in source
    assert "@media print" in source and "@bottom-left { content: " in source
    assert 'counter(page) " of " counter(pages)' in source
