"""The board view's tables (report/board.py): each chart's numbers beside it are the
plotted numbers, shown as the pack shows them; user text is escaped; the summary is laid
out question first.

The small scenario is tests/conftest.py's base document: in-house £1.0m a year, Join
Flex £0.8m a year and £0.5m to move in 2008, over 2008–12 at 3.5%.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from appraisal.appraise import appraise
from report.board import chart_table, split_summary, table_html
from report.formatting import money_m
from report.pack import build_pack
from report.pack.content import BoardPack
from report.pack.table import Column, table


@pytest.fixture
def pack(make_scenario) -> BoardPack:
    s = make_scenario()
    return build_pack(s, appraise(s, draws=50, seed=3), today=dt.date(2026, 1, 2))


def cells(html: str) -> list[str]:
    return re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", html)


def test_summary_is_laid_out_question_first(pack: BoardPack):
    """Flex saves 200,000 × Σ 1/1.035^t (t = 0..4) − 500,000 = £434,616 against
    in-house (hand calculation): that answer comes first, then the preferred option."""
    answer, preferred, rest = split_summary(pack)
    assert answer is not None
    saving = 200_000 * sum(1 / 1.035**t for t in range(5)) - 500_000
    assert answer.text.startswith(f"Join Flex costs {money_m(saving)} less than Keep in-house")
    assert preferred.heading == "Preferred option: Join Flex"
    assert [p.heading for p in rest][:1] == [
        "Staff and union concerns (multi-criteria analysis, MCDA)"
    ]


def test_without_in_house_the_preferred_option_leads(make_scenario):
    s = make_scenario(
        options=[
            {"id": "in-house", "name": "Supplier A", "kind": "alternative"},
            {"id": "flex", "name": "Join Flex", "kind": "framework"},
        ]
    )
    answer, preferred, _ = split_summary(build_pack(s, appraise(s, draws=20, seed=1)))
    assert answer is None
    assert preferred.heading == "Preferred option: Join Flex"


def test_each_chart_table_holds_the_plotted_numbers(pack: BoardPack):
    """The net present cost table: expected NPC = −NPSV and the P50/P80/P90 of
    appraise(), formatted as the options table formats them."""
    npc = next(c for c in pack.charts if c.key == "npc")
    (t,) = chart_table(npc)
    r = pack.results
    for o in r.options:
        row = next(row for row in t.rows if row[0] == o.name)
        assert [money_m(x) for x in row[1:]] == [
            money_m(-o.npsv),
            *(money_m(o.monte_carlo.npc(p)) for p in (50, 80, 90)),
        ]
    profile = next(c for c in pack.charts if c.key == "profile")
    costs = chart_table(profile)[0]
    assert [row[0] for row in costs.rows] == list(range(2008, 2013))
    flex = costs.headings.index("Join Flex")
    assert money_m(costs.rows[0][flex]) == money_m(800_000 + 500_000)


def test_concerns_table_has_a_row_per_concern_and_the_total(make_scenario):
    s = make_scenario(
        concerns=[
            {"id": "a", "title": "Pensions", "weight": 3, "scores": {"in-house": 90, "flex": 30}},
            {"id": "b", "title": "Quality", "weight": 1, "scores": {"in-house": 50, "flex": 70}},
        ]
    )
    p = build_pack(s, appraise(s, draws=20, seed=1))
    (t,) = chart_table(next(c for c in p.charts if c.key == "concerns"))
    # weights 3:1 normalise to 0.75 and 0.25: in-house 0.75 × 90 + 0.25 × 50 = 80 points
    assert t.texts() == [
        ["Pensions (75%)", "67.5", "22.5"],
        ["Quality (25%)", "12.5", "17.5"],
        ["Weighted score (0-100)", "80.0", "40.0"],
    ]


def test_table_html_escapes_and_marks_the_preferred_column_in_words(pack: BoardPack):
    html = table_html(pack.options)
    assert "Join Flex — preferred (highest NPSV)</th>" in html
    assert 'class="num marked"' in html
    hostile = table("T", [Column("Option"), Column("Score", "score")], [["<img src=x>", 1.0]])
    out = table_html(hostile)
    assert "<img" not in out and "&lt;img src=x&gt;" in cells(out)
