"""No user text reaches the page as markup.

Streamlit shows Markdown and ``st.html`` as given, so user text (option, line and
concern names, rationales, scenario names, messages) must be escaped before it gets
there. Three checks: the source never turns Markdown's HTML on (``unsafe_allow_html``);
every place that writes raw HTML is one that has been reviewed (a new one fails here
until it is reviewed and listed, with the reason it is safe); and each reviewed HTML
builder, fed the hostile scenario (tests/hostile.py), writes its markup only as text.
"""

from __future__ import annotations

import ast
import re
from dataclasses import replace
from pathlib import Path

import pytest

from appraisal.appraise import appraise
from dashboard import board
from options.model import Assumption, Decision, Quality
from report import log
from report.pack.content import build_pack
from tests.hostile import IMG, SCRIPT, hostile_scenario

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [ROOT / "app.py", *sorted((ROOT / "dashboard").rglob("*.py")),
           *sorted((ROOT / "report").rglob("*.py")), *sorted((ROOT / "options").rglob("*.py")),
           *sorted((ROOT / "appraisal").rglob("*.py"))]  # fmt: skip

# Every raw-HTML call in the app, reviewed: each argument is a constant, or is built by a
# function whose every piece of user text goes through html.escape (or css_string).
REVIEWED = {
    ("dashboard/board.py", "st.html(STYLE + PRINT + pages + (PRESENTING if presenting() else ''))"),
    ("dashboard/pages/board.py", "st.html(board.head_html(pack))"),
    ("dashboard/pages/board.py", "st.html(board.points_html(pack))"),
    ("dashboard/pages/board.py", "st.html(board.options_html(pack))"),
    ("dashboard/pages/board.py", "st.html(board.terms_html(pack))"),
    ("dashboard/pages/board.py", "st.html(board.footer_html(footer))"),
    ("dashboard/pages/board.py", "st.html(board.downloads_heading_html())"),
    ("dashboard/pages/board.py", "st.html(board.chart_heading_html(chart))"),
    ("dashboard/pages/board.py", "right.html(board.chart_tables_html(chart))"),
    ("app.py", "st.html(HIDE_GRID_CSV)"),
    ("app.py", "st.html(FOCUS_CSS)"),
    ("dashboard/pages/log.py", "st.html(log.assumptions_html(shown))"),
    ("dashboard/pages/log.py", "st.html(log.decisions_html(taken, saved or None))"),
    ("dashboard/widgets.py", "st.html(f\"{_TABLE_CSS}<table class='oa-table'><thead><tr>{head}"
     "</tr></thead><tbody>{body}</tbody></table>\")"),
}  # fmt: skip


def test_markdown_never_renders_html():
    used = [p.relative_to(ROOT) for p in SOURCES if "unsafe_allow_html" in p.read_text()]
    assert used == []


def test_every_raw_html_call_has_been_reviewed():
    found = set()
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text())):
            raw = isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            if raw and node.func.attr in {"html", "iframe"}:
                found.add((str(path.relative_to(ROOT)), ast.unparse(node)))
            if (
                raw
                and node.func.attr == "markdown"
                and any(k.arg == "unsafe_allow_html" for k in node.keywords)
            ):
                found.add((str(path.relative_to(ROOT)), ast.unparse(node)))
    assert found - REVIEWED == set(), "review these for escaping, then list them"
    assert REVIEWED - found == set(), "listed but gone: take them off the list"


@pytest.fixture(scope="module")
def pack():
    s = hostile_scenario()
    return build_pack(s, appraise(s, draws=200))


def _only_as_text(html_text: str) -> None:
    """No element or link made from user text: an escaped ``&lt;img … onerror=…&gt;`` is
    text; ``<img`` or ``<script`` would be elements."""
    assert not re.search(r"<\s*(img|script)\b", html_text, re.I), html_text[:2000]
    assert not re.search(r"href\s*=\s*['\"]?\s*javascript:", html_text, re.I)


def test_the_board_views_html_shows_user_text_as_text(pack):
    pieces = [board.head_html(pack), board.points_html(pack), board.options_html(pack),
              board.terms_html(pack), *(board.chart_heading_html(c) for c in pack.charts),
              *(board.chart_tables_html(c) for c in pack.charts)]  # fmt: skip
    page = "".join(pieces)
    _only_as_text(page)
    assert "Keep in-house &lt;img src=x onerror=alert(1)&gt;" in page


def test_the_log_tables_show_user_text_as_text():
    s = hostile_scenario()
    a = (Assumption("A1", IMG, Quality.RED, "2026-12-04", SCRIPT, IMG, SCRIPT),)
    d = (Decision("D1", "2026-12-04", SCRIPT, IMG, 1, IMG, SCRIPT),)
    s = replace(s, assumptions=a, decisions=d)
    for text in (log.assumptions_html(s.assumptions), log.decisions_html(s.decisions, {1: "?x"})):
        _only_as_text(text)
        assert "&lt;script&gt;alert(2)&lt;/script&gt;" in text
