"""The concerns register: links to costed risks (double counting), residual shares,
overlapping criteria; loading, checking and writing the new keys; the CLI's warning."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from appraisal.__main__ import main
from appraisal.appraise import appraise
from appraisal.register import comonotone, overlaps
from options.errors import InputError
from options.scenario_file import dump_scenario, scenario_from_dict
from report.tables import register_csv


def document(make_document: Callable[..., dict[str, Any]], probability: float = 0.1,
             residual: float = 1.0, price: float | None = None) -> dict[str, Any]:  # fmt: skip
    """Flex (NPSV ahead by £434,616, see test_sensitivity) with a £1m leak risk; two
    concerns: 'leak' (in-house 100, Flex 0) linked to the risk, 'other' (50, 60)."""
    risk = {"option": "flex", "name": "Data leak", "probability": probability, "low": 1e6,
            "likely": 1e6, "high": 1e6, "years": [2008]}  # fmt: skip
    concerns = [
        {"id": "leak", "title": "Data held abroad", "raised_by": "PCS union", "weight": 50,
         "scores": {"in-house": 100, "flex": 0}, "risks": ["data LEAK"],
         "residual_share": residual, "date_raised": "2007-09", "status": "open",
         "evidence": "The Register, 27 Sep 2007"},
        {"id": "other", "title": "Service", "raised_by": "Management", "weight": 50,
         "scores": {"in-house": 50, "flex": 60}, "related": ["leak"]},
    ]  # fmt: skip
    return make_document(risks=[risk], concerns=concerns, value_per_point=price)


def test_a_link_to_an_active_risk_is_reported_with_the_leaders_without_it(make_document):
    """Scores counted: in-house 0.5·100 + 0.5·50 = 75, Flex 0 + 30 = 30; without 'leak':
    in-house 25, Flex 30, so Flex would lead on the concerns."""
    s = scenario_from_dict(document(make_document))
    (d,) = appraise(s, draws=1).double_counts
    assert (d.concern, d.risks, d.mcda_leader, d.mcda_leader_without) == (
        "leak",
        ("Data leak",),
        "in-house",
        "flex",
    )
    assert d.overall_leader is None  # no price per point


def test_no_warning_when_the_linked_risk_cannot_happen(make_document):
    s = scenario_from_dict(document(make_document, probability=0.0))
    assert appraise(s, draws=1).double_counts == ()


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(p=st.sampled_from([0.0, 0.01, 0.5, 1.0]), scores=st.tuples(*[st.integers(0, 100)] * 2))
def test_residual_share_zero_removes_the_concern(make_document, p, scores):
    """With r = 0, the linked concern's scores do not move any overall value (price £1,000 a
    point); and the warning appears exactly when the linked risk's probability is above 0."""
    doc = document(make_document, probability=p, residual=0.0, price=1000.0)
    base = appraise(scenario_from_dict(doc), draws=1)
    doc["concerns"][0]["scores"] = {"in-house": scores[0], "flex": scores[1]}
    moved = appraise(scenario_from_dict(doc), draws=1)
    assert [o.overall_value for o in moved.options] == pytest.approx(
        [o.overall_value for o in base.options]
    )
    assert bool(moved.double_counts) == (p > 0)


def test_overlaps_flag_marked_pairs_that_move_together(make_document):
    doc = document(make_document)
    doc["concerns"][1]["scores"] = {"in-house": 70, "flex": 10}  # now same order as 'leak'
    (o,) = overlaps(scenario_from_dict(doc))
    assert (o.a, o.b, o.marked_related) == ("leak", "other", True)
    assert overlaps(scenario_from_dict(document(make_document))) == []  # opposite orders
    assert comonotone(np.array([1, 2, 2]), np.array([0, 5, 9]))


@pytest.mark.parametrize(
    ("change", "column", "words"),
    [
        (lambda c: c[0].update(risks=["No such risk"]), "concerns[0].risks", "no risk called"),
        (lambda c: c[1].update(related=["other"]), "concerns[1].related", "not another concern"),
        (lambda c: c[0].update(residual_share=1.5), "concerns[0].residual_share", "between 0"),
        (lambda c: c[0].update(status="closed"), "concerns[0].status", "open, mitigated"),
        (lambda c: c[0].update(date_raised="Sept 07"), "concerns[0].date_raised", "not a date"),
    ],
)
def test_bad_register_entries_are_refused_at_their_key(make_document, change, column, words):
    doc = document(make_document)
    change(doc["concerns"])
    with pytest.raises(InputError) as bad:
        scenario_from_dict(doc)
    (problem,) = bad.value.problems
    assert problem.column == column and words in problem.message


def test_register_round_trips_and_exports(make_document):
    doc = document(make_document, residual=0.4)
    doc["concerns"][0]["title"] = "=HYPERLINK(1)"
    s = scenario_from_dict(doc)
    again = scenario_from_dict(json.loads(dump_scenario(s)))
    assert again.concerns == s.concerns
    text = register_csv(s)
    assert "'=HYPERLINK(1)" in text and "data LEAK" in text and ",0.4," in text
    assert text.splitlines()[0].startswith("id,title,raised_by,date_raised,status,weight")


def test_cli_warns_on_stderr_in_every_format(make_document, tmp_path, capsys):
    path = tmp_path / "s.json"
    path.write_text(json.dumps(document(make_document)), encoding="utf-8")
    for fmt in ("table", "json", "csv"):
        assert main([str(path), "--format", fmt, "--draws", "10"]) == 0
        err = capsys.readouterr().err
        assert (
            "warning: Possible double counting: the concern 'Data held abroad' is linked to "
            "the risk 'Data leak'" in err
        )
        assert "Join Flex would lead (now Keep in-house) on the concerns" in err
    path.write_text(json.dumps(document(make_document, probability=0.0)), encoding="utf-8")
    assert main([str(path), "--draws", "10"]) == 0
    assert "double counting" not in capsys.readouterr().err
