"""The diff in words, tables and JSON, with real appraisals of both versions.

The base scenario (tests/small_scenario.py): in-house £1m a year and Flex £0.8m a year for
2008-12, plus Flex's £0.5m transition in 2008, at 3.5 %, nothing uncertain. Flex's NPSV
is 0.2m × PV5 − 0.5m = £434,616 higher (PV5 = Σ_{t=0..4} 1.035^-t = 4.67308), so a
transition raised by £0.5m (undiscounted: 2008 is the base year) hands the lead to
in-house by £65,384, and one raised by £0.2m leaves Flex £234,616 ahead.
"""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from appraisal.appraise import appraise
from options.diff import diff_scenarios
from options.examples import load_example
from options.model import Risk, Scenario
from report.diff import (
    FRAME_COLUMNS,
    diff_frame,
    diff_json,
    diff_sentence,
    effect,
    importance,
    names_of,
)
from report.diff_words import short_names
from tests.small_scenario import CONCERNS, raise_amounts


def _sentence(old: Scenario, new: Scenario) -> str:
    return diff_sentence(diff_scenarios(old, new), appraise(old, draws=10), appraise(new, draws=10))


def test_a_flip_of_the_preferred_option_is_said(make_scenario):
    old = make_scenario()
    new = raise_amounts(old, "flex", "Transition", {2008: 500_000})
    assert _sentence(old, new) == (
        "v7 raised Join Flex's transition cost by £0.5m; Keep in-house is now preferred "
        "overall, in place of Join Flex (v6)."
    )


def test_no_flip_says_how_the_lead_moved(make_scenario):
    old = make_scenario()
    new = raise_amounts(old, "flex", "Transition", {2008: 200_000})
    assert _sentence(old, new) == (
        "v7 raised Join Flex's transition cost by £0.2m; Join Flex is still preferred "
        "overall; its NPSV lead narrowed from £0.4m in v6 to £0.2m."
    )


def test_money_first_then_weights(make_scenario):
    """The weight changed first in the document order; money still leads the sentence."""
    old = make_scenario(concerns=CONCERNS)
    new = raise_amounts(old, "flex", "Transition", {2008: 200_000})
    new = replace(new, concerns=(replace(new.concerns[0], weight=20.0), new.concerns[1]))
    assert _sentence(old, new) == (
        "v7 raised Join Flex's transition cost by £0.2m and lowered the weight on "
        "'Patriot Act' from 30 to 20; Join Flex is still preferred overall; its NPSV lead "
        "narrowed from £0.4m in v6 to £0.2m."
    )


def test_money_ranks_by_present_value_not_by_total(make_scenario):
    """In-house's staff up £0.30m in 2012 is worth 0.30m / 1.035^4 = £261,430 today, less
    than Flex's service charge up £0.28m in 2008 (the base year): Flex's comes first.
    Flex's lead moves by −280,000 + 261,430: 434,616 → £416,046, still £0.4m."""
    old = make_scenario()
    new = raise_amounts(
        raise_amounts(old, "in-house", "Staff", {2012: 300_000}),
        "flex",
        "Service charge",
        {2008: 280_000},
    )
    changes = diff_scenarios(old, new)
    assert [c.item for c in changes] == ["Join Flex: Service charge", "Keep in-house: Staff"]
    r = appraise(new, draws=10)
    assert [c.item for c in importance(changes[::-1], r)] == [
        "Join Flex: Service charge",
        "Keep in-house: Staff",
    ]
    assert _sentence(old, new).endswith("Join Flex is still preferred overall; its NPSV lead "
                                        "is still £0.4m.")  # fmt: skip
    e = effect(appraise(old, draws=10), r)
    assert e.lead_new == pytest.approx(434_616 - 280_000 + 300_000 / 1.035**4, abs=2)


def test_more_than_three_changes_name_two_and_count_the_rest(make_scenario):
    old = make_scenario(concerns=CONCERNS)
    new = replace(
        raise_amounts(old, "flex", "Transition", {2008: 200_000}),
        concerns=(replace(old.concerns[0], weight=20.0), replace(old.concerns[1], weight=5.0)),
        settings=replace(old.settings, seed=9),
    )
    text = _sentence(old, new)
    assert text.startswith(
        "v7 raised Join Flex's transition cost by £0.2m, lowered the weight on "
        "'Patriot Act' from 30 to 20 and 2 other changes; "
    )


def test_at_a_price_the_lead_is_in_overall_value(make_scenario):
    """With one concern (in-house 90, Flex 40) at £10,000 a point, in-house leads overall by
    10,000 × 50 − 434,616 = £65,384; at £20,000, by 1,000,000 − 434,616 = £565,384."""
    concern = {**CONCERNS[0], "weight": 1}
    old = make_scenario(concerns=[concern], value_per_point=10_000)
    new = replace(old, value_per_point=20_000.0)
    assert _sentence(old, new) == (
        "v7 raised the value of a concerns point from £10,000 to £20,000; Keep in-house is "
        "still preferred overall; its lead in overall value widened from £65,384 in v6 to "
        "£0.6m."
    )


def test_renamed_option_and_added_risk_in_words(make_scenario):
    old = make_scenario()
    risk = Risk("flex", "Transition overrun", 0.5, 0.0, 0.0, 0.0, (2008,))
    new = replace(
        old,
        options=(old.options[0], replace(old.options[1], name="Public Sector Flex")),
        risks=(risk,),
    )
    assert _sentence(old, new) == (
        "v7 added Public Sector Flex's risk 'Transition overrun' and renamed 'Join Flex' to "
        "'Public Sector Flex'; Public Sector Flex is still preferred overall; its NPSV lead is "
        "still £0.4m."
    )


def test_no_change(make_scenario):
    s = make_scenario()
    assert diff_sentence((), appraise(s, draws=10), appraise(s, draws=10), "v2", "v3") == (
        "v3 changed no input from v2; Join Flex is still preferred overall; its NPSV lead is "
        "still £0.4m."
    )


def test_the_example_reports_a_flip_exactly_when_the_preferred_option_differs():
    """Two edits of the built-in example: whether the sentence says "now preferred" is
    read off the two appraisals' preferred options, not the diff's own figures."""
    s = load_example()
    r0 = appraise(s, draws=1)
    names = short_names(names_of(r0))
    line = "Data centre, power, cooling and disaster recovery"
    for extra in (50_000.0, 300_000.0):
        new = replace(s, costs=tuple(
            replace(c, amount=c.amount + extra) if (c.option, c.line) == ("do-minimum", line)
            else c for c in s.costs))  # fmt: skip
        r1 = appraise(new, draws=1)
        text = diff_sentence(diff_scenarios(s, new), r0, r1)
        flipped = r0.preferred.overall != r1.preferred.overall
        assert effect(r0, r1).flipped == flipped
        assert ("is now preferred overall" in text) == flipped
        assert text.startswith(f"v7 raised Do minimum's running cost '{line}' by ")
        assert f"{names[r1.preferred.overall]} is {'now' if flipped else 'still'}" in text


def test_the_frame_keeps_raw_values_and_shows_formatted_ones(make_scenario):
    """Service charge £0.8m × 5 = £4.0m, raised £0.1m in 2009 and £0.2m in 2011: £4.3m."""
    old = make_scenario(concerns=CONCERNS)
    new = raise_amounts(old, "flex", "Service charge", {2009: 100_000, 2011: 200_000})
    new = replace(new, concerns=(old.concerns[0], replace(old.concerns[1],
                  scores=(("flex", 60.0), ("in-house", 80.0)))))  # fmt: skip
    names = names_of(appraise(old, draws=10))
    frame = diff_frame(diff_scenarios(old, new), names)
    assert tuple(frame.columns) == FRAME_COLUMNS
    cost, score = frame.to_dict("records")
    assert cost == {
        "section": "costs",
        "item": "Join Flex: Service charge",
        "field": "amount",
        "change": "changed",
        "old": 4_000_000,
        "new": 4_300_000,
        "difference": 300_000,
        "shown": "£4.0m → £4.3m (+£0.3m: 2009 +£0.1m, 2011 +£0.2m)",
    }
    assert (score["field"], score["old"], score["new"], score["shown"]) == (
        "score: Join Flex", 50, 60, "50 → 60")  # fmt: skip


def test_effect_and_json_carry_raw_numbers(make_scenario):
    """The transition raised by £0.5m in the base year lowers Flex's NPSV by exactly that."""
    old = make_scenario()
    new = raise_amounts(old, "flex", "Transition", {2008: 500_000})
    changes = diff_scenarios(old, new)
    e = effect(appraise(old, draws=10), appraise(new, draws=10))
    flex = e.frame().loc["flex"]
    assert flex["npsv_change"] == pytest.approx(-500_000)
    assert (flex["rank_old"], flex["rank_new"]) == (1, 2)
    out = json.loads(json.dumps(diff_json(changes, e)))
    (change,) = out["changes"]
    assert change["old"] == 500_000 and change["new"] == 1_000_000
    assert change["years"] == [{"year": 2008, "old": 500_000, "new": 1_000_000}]
    assert out["effect"]["flipped"] is True
    assert out["effect"]["preferred"]["new"]["overall"] == "in-house"
    assert out["effect"]["lead"]["old"] == pytest.approx(434_616, abs=2)
    assert out["effect"]["lead"]["new"] == pytest.approx(65_384, abs=2)
