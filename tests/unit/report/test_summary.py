"""The plain-language verdict, checked against a scenario worked by hand."""

from __future__ import annotations

from appraisal.appraise import appraise
from report.summary import preferred_lines, verdict

CONCERNS = [
    {
        "id": "data",
        "title": "Patriot Act",
        "raised_by": "PCS",
        "weight": 1,
        "scores": {"in-house": 90, "flex": 40},
    }
]


def test_verdict_leads_with_npsv_and_the_margin_over_in_house(make_scenario):
    """Flex saves £0.2m a year for 5 years (PV 0.2m × 4.673) less £0.5m transition
    = £0.43m more NPSV than in-house."""
    text = verdict(appraise(make_scenario(concerns=CONCERNS), draws=10))
    assert text.startswith(
        "Join Flex has the highest net present social value, £0.4m more than Keep in-house"
    )
    assert (
        "on the staff and union concerns Keep in-house scores highest (90 of 100, against 40)"
        in text
    )
    assert "overall, weighting money at 60%, Join Flex ranks first" in text


def test_verdict_without_concerns(make_scenario):
    r = appraise(make_scenario(), draws=10)
    assert "scores highest" not in verdict(r) and "weighting money" not in verdict(r)
    assert verdict(r).endswith("no staff or union concerns are scored, so NPSV alone ranks them.")
    assert preferred_lines(r)[1].endswith("— (no concerns scored)")


def test_in_house_best_compares_with_the_runner_up(make_document):
    from options.scenario_file import scenario_from_dict

    doc = make_document()
    for c in doc["costs"]:
        if c["option"] == "flex":
            c["amount"] *= 2
    r = appraise(scenario_from_dict(doc), draws=10)
    assert verdict(r).startswith("Keep in-house has the highest net present social value, ")
    assert "more than the next best, Join Flex" in verdict(r)
