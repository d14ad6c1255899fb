"""The board pack's content from a small scenario worked by hand (tests/conftest.py's base
document): the summary answers the framework-against-in-house question first, the options
table is in NPSV order with the preferred option marked, a scenario without concerns or
risks still makes every format without a browser, and the pack's own colours meet
WCAG 2.2 AA."""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace

import pytest

from appraisal.appraise import appraise
from report.formatting import money_m
from report.pack import build_pack, render
from report.pack.content import BoardPack
from report.pack.story import preferred_heading


@pytest.fixture
def pack(make_scenario) -> BoardPack:
    s = make_scenario()
    return build_pack(s, appraise(s, draws=50, seed=3), today=dt.date(2026, 1, 2))


def test_summary_answers_the_framework_question_first(pack: BoardPack):
    """Join Flex costs £0.8m a year and £0.5m to move in 2008, in-house £1.0m a year, over
    2008–12 at 3.5%: in-house less Flex = 200,000 × Σ 1/1.035^t (t = 0..4) − 500,000
    = £434,616, so Flex is £0.4m cheaper (hand calculation, Green Book discounting)."""
    saving = 200_000 * sum(1 / 1.035**t for t in range(5)) - 500_000
    first = pack.summary[0]
    assert first.heading == "Join Flex against Keep in-house"
    assert first.text.startswith(f"Join Flex costs {money_m(saving)} less than Keep in-house")
    assert pack.preferred == "Join Flex"
    assert pack.question.startswith("How does Join Flex compare with Keep in-house")


def test_options_table_in_npsv_order_with_the_preferred_marked(pack: BoardPack):
    t = pack.options
    assert t.headings[1] == "Join Flex — preferred (highest NPSV)"
    assert t.headings[2] == "Keep in-house"
    assert t.marked == (1,)
    assert len(t.rows) <= 8
    npsv = t.rows[0]
    flex = -(800_000 * sum(1 / 1.035**t for t in range(5)) + 500_000)  # by hand, as above
    assert npsv[1] == pytest.approx(flex, abs=0.01)


def test_provenance_says_unsaved_or_the_library_s_version(make_scenario):
    s = make_scenario()
    r = appraise(s, draws=50, seed=3)
    line = build_pack(s, r, today=dt.date(2026, 1, 2)).provenance.line()
    assert "unsaved scenario · made 2026-01-02" in line and "50 Monte Carlo draws, seed 3" in line
    saved = SimpleNamespace(number=4, saved_by="Board secretary", saved_at=dt.datetime(2026, 1, 1))
    line = build_pack(s, r, saved=saved).provenance.line()
    assert "version 4, saved by Board secretary on 2026-01-01" in line


@pytest.mark.parametrize("fmt", ["pptx", "xlsx", "html"])
def test_no_concerns_no_risks_still_makes_every_format(pack: BoardPack, fmt: str):
    assert [c.key for c in pack.charts] == ["npc", "profile"]
    data = render(pack, fmt)
    assert len(data) > 1000


def _luminance(colour: str) -> float:
    """WCAG 2.2 relative luminance of ``#RRGGBB``."""
    rgb = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio (L1 + 0.05) / (L2 + 0.05); #12436D on white is about 10.3."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_pack_colours_meet_wcag_aa():
    """Text ≥ 4.5:1 on its background; chart marks ≥ 3:1 on white (WCAG 2.2 1.4.3, 1.4.11)."""
    from report.pack import to_html, to_pptx

    assert contrast("#12436D", "#FFFFFF") == pytest.approx(10.3, abs=0.1)
    text = [("#0B0C0C", "#FFFFFF"), ("#505A5F", "#FFFFFF"), ("#FFFFFF", "#12436D"),
            ("#0B0C0C", "#E8F0F7"), ("#FFFFFF", "#0B2C48"), ("#12436D", "#FFFFFF")]  # fmt: skip
    for ink, paper in text:
        assert contrast(ink, paper) >= 4.5, (ink, paper)
    assert {"#505a5f", "#12436d", "#e8f0f7", "#0b0c0c"} <= set(
        re.findall(r"#[0-9a-f]{6}", to_html.STYLE)
    )
    marks = [c for _, c in to_pptx.RANGE] + list(to_pptx.SEGMENTS)
    for mark in marks:
        assert contrast("#" + mark, "#FFFFFF") >= 3.0, mark


def test_a_lead_too_close_to_call_says_so_beside_the_preferred_option(make_scenario):
    """Both options cost £1.0m a year: they differ by less than £1, so the lead is too
    close to call (no uncertainty), and the heading says so in the same words."""
    same = [
        {"option": o, "line": "Staff", "category": "opex", "year": y, "amount": 1_000_000}
        for o in ("in-house", "flex")
        for y in range(2008, 2013)
    ]
    r = appraise(make_scenario(costs=same), draws=20, seed=1)
    assert preferred_heading(r) == (
        "Preferred option: Keep in-house, but too close to call with Join Flex"
    )
