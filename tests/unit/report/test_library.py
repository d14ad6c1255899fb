"""The results summary kept beside each saved version (report.library)."""

from __future__ import annotations

import json

import numpy_financial as npf
import pytest

from appraisal.appraise import appraise
from report.library import library_summary


def test_summary_of_the_test_scenario(make_scenario):
    """Expected NPSVs by numpy_financial.npv at 3.5% (the Green Book rate to year 30, t = 0
    undiscounted): in-house pays £1m a year for five years; Flex £0.8m a year and £0.5m
    of transition in the base year. No concerns, so no score and overall value = NPSV."""
    summary = library_summary(appraise(make_scenario(), draws=1))
    in_house = -npf.npv(0.035, [1_000_000] * 5)
    flex = -npf.npv(0.035, [800_000] * 5) - 500_000
    by_id = {o["id"]: o for o in summary["options"]}
    assert by_id["in-house"]["npsv"] == pytest.approx(in_house, abs=1)
    assert by_id["flex"]["npsv"] == pytest.approx(flex, abs=1)
    assert [o["id"] for o in summary["options"]] == ["in-house", "flex"]  # the scenario's order
    assert (by_id["flex"]["rank"], by_id["in-house"]["rank"]) == (1, 2)
    assert by_id["flex"]["mcda_score"] is None
    assert by_id["flex"]["overall_value"] == by_id["flex"]["npsv"]
    assert summary["preferred"] == "Join Flex"
    assert summary["preferred_ids"] == {"npsv": "flex", "mcda": None, "overall": "flex"}
    assert json.loads(json.dumps(summary, allow_nan=False)) == summary  # JSON, numbers as numbers


def test_summary_with_concerns_names_the_overall_leader(make_scenario):
    concerns = [{"id": "jobs", "title": "Job security", "raised_by": "PCS", "weight": 1,
                 "scores": {"in-house": 100, "flex": 0}}]  # fmt: skip
    results = appraise(make_scenario(concerns=concerns, value_per_point=100_000), draws=1)
    summary = library_summary(results)
    # 100 points × £100,000 = £10m outweighs Flex's NPSV advantage of about £0.4m
    assert summary["preferred"] == "Keep in-house"
    assert summary["preferred_ids"] == {"npsv": "flex", "mcda": "in-house", "overall": "in-house"}
    by_id = {o["id"]: o for o in summary["options"]}
    assert by_id["in-house"]["mcda_score"] == 100.0
    assert by_id["in-house"]["overall_value"] == pytest.approx(by_id["in-house"]["npsv"] + 1e7)
