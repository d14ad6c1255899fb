"""The plain-language verdict, checked against scenarios worked by hand.

The base document: in-house £1m a year for 2008-12; Flex £0.8m a year plus a £0.5m
transition in 2008, at 3.5 %. Flex's NPSV is 0.2m × PV5 − 0.5m = £434,616 higher
(PV5 = Σ_{t=0..4} 1.035^-t = 4.67308).
"""

from __future__ import annotations

import pytest

from appraisal.appraise import appraise
from options.scenario_file import scenario_from_dict
from report.summary import leaders_text, preferred_lines, verdict, why

CONCERNS = [
    {
        "id": "data",
        "title": "Patriot Act",
        "raised_by": "PCS",
        "weight": 1,
        "scores": {"in-house": 90, "flex": 40},
    }
]


def test_verdict_answers_the_question_first_then_npsv_and_the_concerns(make_scenario):
    """Flex is £0.43m cheaper, all of it running costs (£1m × PV5 less £0.8m × PV5 =
    £0.93m lower, against £0.5m more transition: running costs are 65 % of what makes it
    cheaper, so only they are named). In-house scores 50 points more; the lead changes at
    £434,616 ÷ 50 = £8,692 a point."""
    text = verdict(appraise(make_scenario(concerns=CONCERNS), draws=10))
    assert text.startswith(
        "Join Flex costs £0.4m less than Keep in-house over 2008–12, mostly its lower "
        "running costs. Join Flex has the highest net present social value (NPSV), £0.4m "
        "more than Keep in-house."
    )
    assert "Keep in-house scores highest: 90, against 40 for Join Flex." in text
    assert text.endswith(
        "No value is set for a concerns point: Join Flex leads up to £8,692 a point; above "
        "that, Keep in-house (50 points higher on the concerns for £0.4m more) leads."
    )


def test_verdict_at_a_price_says_how_close_and_where_it_switches(make_scenario):
    """At £10,000 a point in-house's overall value is 10,000 × 50 − 434,616 = £65,384
    ahead of Flex; nothing is uncertain, so nothing is said about draws."""
    r = appraise(make_scenario(concerns=CONCERNS, value_per_point=10_000), draws=10)
    text = verdict(r)
    assert (
        "At £10,000 a concerns point, Keep in-house has the highest overall value, £0.1m "
        "more than Join Flex. Switching values: Join Flex leads up to £8,692 a point" in text
    )
    assert preferred_lines(r)[2] == "Preferred overall:    Keep in-house at £10,000 a point"


def test_verdict_names_every_option_against_in_house_whatever_its_rank(make_document):
    """Flex at twice its costs: £0.8m × 2 × PV5 + £1m transition against £1m × PV5 is
    £3.80m more, mostly running costs (£2.80m of it)."""
    doc = make_document()
    for c in doc["costs"]:
        if c["option"] == "flex":
            c["amount"] *= 2
    r = appraise(scenario_from_dict(doc), draws=10)
    text = verdict(r)
    assert text.startswith(
        "Join Flex costs £3.8m more than Keep in-house over 2008–12, mostly its running costs."
    )
    assert (
        "Keep in-house has the highest net present social value (NPSV), £3.8m more than "
        "Join Flex." in text
    )


def test_verdict_without_concerns(make_scenario):
    r = appraise(make_scenario(), draws=10)
    assert verdict(r).endswith(
        "No staff or union concerns are scored, so NPSV alone ranks the options."
    )
    assert preferred_lines(r)[1].endswith("— (no concerns scored)")
    assert len(preferred_lines(r)) == 2


def test_too_close_is_said_beside_the_leader(make_document):
    """Two options £0.40 apart with nothing uncertain: too close to call (under £1)."""
    doc = make_document()
    doc["costs"] = [c for c in doc["costs"] if c["option"] == "in-house"]
    doc["costs"] += [{**c, "option": "flex", "amount": c["amount"] - 0.08} for c in doc["costs"]]
    r = appraise(scenario_from_dict(doc), draws=10)
    assert "but the two are too close to call: Keep in-house does better in 50% of the draws" in (
        verdict(r)
    )
    assert preferred_lines(r)[0].endswith("(too close to call with Keep in-house)")


@pytest.mark.parametrize(
    ("differences", "dearer", "expected"),
    [
        (
            {"opex": 2e6, "transition": 1.5e6, "risk": 0.5e6},
            True,
            "its running costs and transition",
        ),
        ({"opex": 3e6, "transition": 1e6}, True, "its running costs"),
        ({"capex": -2e6, "opex": 0.1e6}, False, "its lower capital costs"),
        ({"opex": 0.0}, True, "spread across its components"),
    ],
)
def test_why_names_the_components_that_make_most_of_the_difference(differences, dearer, expected):
    """The largest component, and the second when the first is under 60 % of the total
    in the difference's direction (hand: 2 of 4 = 50 % → two; 3 of 4 = 75 % → one)."""
    assert expected in why(differences, dearer)


def test_leaders_text_with_three_leaders():
    """Hand as in test_mcda: A leads to £50k a point, B to £200k, then C."""
    from types import SimpleNamespace

    options = {
        "A": SimpleNamespace(name="A", npsv=-10e6, mcda_score=60.0),
        "B": SimpleNamespace(name="B", npsv=-11e6, mcda_score=80.0),
        "C": SimpleNamespace(name="C", npsv=-13e6, mcda_score=90.0),
    }
    r = SimpleNamespace(
        leaders=((0.0, "A"), (50_000.0, "B"), (200_000.0, "C")), option=options.__getitem__
    )
    assert leaders_text(r) == (  # type: ignore[arg-type]
        "A leads up to £50,000 a point; above that, B (20 points higher on the concerns for "
        "£1.0m more) leads; above £200,000, C (10 points higher for £2.0m more)"
    )
