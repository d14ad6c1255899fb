"""The assumptions register and decision log of a scenario document: read, checked,
written back unchanged; each bad entry refused at its JSON path, naming the entry's id.

The document is the base document of ``tests/conftest.py`` with one assumption and one
decision; every expected value is written out here from the entry as given.
"""

from __future__ import annotations

import json

import pytest

from options.errors import InputError, Reason
from options.model import Assumption, Decision, Quality
from options.scenario_file import dump_scenario, scenario_from_dict

ASSUMPTION = {
    "id": "A1",
    "text": "Seats in scope",
    "value": "4,500",
    "source": "S30, S6, S13",
    "owner": "Analyst",
    "quality": "amber",
    "date": "2026-12-03",
    "notes": "8,000 users less 2,500 and 1,000.",
}
DECISION = {
    "id": "D1",
    "date": "2007-10-01",
    "text": "Join Public Sector Flex",
    "decided_by": "ONS",
    "version": None,
    "rationale": "18 months of evaluation",
    "source": "S2, S3",
}


def document(make_document, assumptions=None, decisions=None):
    return make_document(
        assumptions=[ASSUMPTION] if assumptions is None else assumptions,
        decisions=[DECISION] if decisions is None else decisions,
    )


def refused(doc) -> tuple:
    with pytest.raises(InputError) as excinfo:
        scenario_from_dict(doc, file="s.json")
    return excinfo.value.problems


def test_both_logs_are_read_as_given(make_document):
    s = scenario_from_dict(document(make_document))
    assert s.assumptions == (
        Assumption("A1", "Seats in scope", Quality.AMBER, "2026-12-03", "4,500",
                   "S30, S6, S13", "Analyst", "8,000 users less 2,500 and 1,000."),
    )  # fmt: skip
    assert s.decisions == (
        Decision("D1", "2007-10-01", "Join Public Sector Flex", "ONS", None,
                 "18 months of evaluation", "S2, S3"),
    )  # fmt: skip


def test_absent_keys_give_empty_logs(make_scenario):
    s = make_scenario()
    assert (s.assumptions, s.decisions) == ((), ())


def test_only_the_required_fields(make_document):
    """An assumption needs id, text, quality and date; a decision id, date, text and who
    decided; the rest default to empty text and no version. A rating is read in any case,
    a date may be a month or a year, and a whole-number version given as 2.0 is 2."""
    doc = document(
        make_document,
        [{"id": "A1", "text": "Pay", "quality": " GREEN ", "date": "2008-04"}],
        [{"id": "D1", "date": "2007", "text": "Go", "decided_by": "Board", "version": 2.0}],
    )
    s = scenario_from_dict(doc)
    assert s.assumptions == (Assumption("A1", "Pay", Quality.GREEN, "2008-04"),)
    assert s.decisions == (Decision("D1", "2007", "Go", "Board", 2),)


def test_round_trip_is_lossless_and_writes_every_field(make_document):
    s = scenario_from_dict(document(make_document))
    written = json.loads(dump_scenario(s))
    assert written["assumptions"] == [ASSUMPTION]
    assert written["decisions"] == [DECISION]
    assert scenario_from_dict(written) == s


def test_the_logs_are_part_of_the_scenario_not_its_appraisal(make_document):
    """Two scenarios that differ only in their logs are different scenarios (saved and
    compared with them) but appraise the same."""
    from appraisal.appraise import appraise

    with_log = scenario_from_dict(document(make_document))
    without = scenario_from_dict(make_document())
    assert with_log != without
    assert [o.npsv for o in appraise(with_log, draws=1).options] == [
        o.npsv for o in appraise(without, draws=1).options
    ]


@pytest.mark.parametrize(
    ("change", "reason", "column", "words"),
    [
        ({"quality": "pink"}, Reason.UNKNOWN_VALUE, "quality", "rate it red, amber or green"),
        ({"quality": None}, Reason.MISSING_KEY, "quality", "rate it red, amber or green"),
        ({"date": "2026-13-01"}, Reason.BAD_DATE, "date", "'2026-13-01', which is not a date"),
        ({"date": "2007-02-30"}, Reason.BAD_DATE, "date", "which is not a date"),
        ({"date": "3 Dec 2026"}, Reason.BAD_DATE, "date", "write it as 2007-10-01"),
        ({"date": ""}, Reason.MISSING_KEY, "date", "has no date"),
        ({"text": ""}, Reason.MISSING_KEY, "text", "has no text"),
        ({"text": "  "}, Reason.MISSING_KEY, "text", "has no text"),
        ({"owner": ["x"]}, Reason.WRONG_TYPE, "owner", "should be text, not a list"),
    ],
)
def test_a_bad_assumption_is_named_by_path_and_id(make_document, change, reason, column, words):
    """Every message names the file, the entry's place (its index) and id, the field, and
    what to write instead."""
    second = {**ASSUMPTION, "id": "A2", **change}
    (p,) = refused(document(make_document, [ASSUMPTION, second]))
    assert (p.reason, p.column, p.file) == (reason, f"assumptions[1].{column}", "s.json")
    assert f"assumptions[1].{column}: assumption 'A2' " in p.message and words in p.message


@pytest.mark.parametrize(
    ("change", "reason", "column", "words"),
    [
        ({"version": 0}, Reason.OUT_OF_RANGE, "version", "names version 0; a version is a whole"),
        ({"version": -1}, Reason.OUT_OF_RANGE, "version", "whole number from 1"),
        ({"version": 2.5}, Reason.OUT_OF_RANGE, "version", "names version 2.5"),
        ({"version": "3"}, Reason.OUT_OF_RANGE, "version", "names version '3'"),
        ({"version": True}, Reason.OUT_OF_RANGE, "version", "names version true"),
        ({"decided_by": ""}, Reason.MISSING_KEY, "decided_by", "does not say who decided"),
        ({"text": None}, Reason.MISSING_KEY, "text", "say what was decided"),
        ({"date": "autumn 2007"}, Reason.BAD_DATE, "date", "'autumn 2007', which is not a date"),
    ],
)
def test_a_bad_decision_is_named_by_path_and_id(make_document, change, reason, column, words):
    (p,) = refused(document(make_document, decisions=[{**DECISION, **change}]))
    assert (p.reason, p.column) == (reason, f"decisions[0].{column}")
    assert f"decisions[0].{column}: decision 'D1' " in p.message and words in p.message


def test_ids_are_required_and_unique_within_each_log(make_document):
    """A repeated id names where it was first used; a missing id names the entry by its
    place; the same id may stand in both logs (A1 and D1 are separate lists)."""
    problems = refused(
        document(
            make_document,
            [ASSUMPTION, {**ASSUMPTION, "id": " A1 "}, {**ASSUMPTION, "id": None}],
            [DECISION, {**DECISION, "id": 7}],
        )
    )
    got = {(p.column, p.reason): p.message for p in problems}
    assert got[("assumptions[1].id", Reason.DUPLICATE_ID)] == (
        "assumptions[1].id: assumption 'A1' is used twice (first at assumptions[0]); give "
        "each assumption its own id"
    )
    assert "assumption 3 needs an id" in got[("assumptions[2].id", Reason.MISSING_KEY)]
    assert (
        "decision 2 needs an id, text such as 'D2', not 7"
        in got[("decisions[1].id", Reason.WRONG_TYPE)]
    )
    assert len(problems) == 3
    shared = document(make_document, [{**ASSUMPTION, "id": "X"}], [{**DECISION, "id": "X"}])
    assert scenario_from_dict(shared).decisions[0].id == "X"


def test_every_problem_in_both_logs_is_collected(make_document):
    """Two bad assumptions and a bad decision: three problems, one line each, nothing read."""
    problems = refused(
        document(
            make_document,
            [{**ASSUMPTION, "quality": "pink"}, {**ASSUMPTION, "id": "A2", "date": "x"}],
            [{**DECISION, "version": 0}],
        )
    )
    assert [p.column for p in problems] == [
        "assumptions[0].quality",
        "assumptions[1].date",
        "decisions[0].version",
    ]


@pytest.mark.parametrize("bad", [{"A1": ASSUMPTION}, "A1", [3]])
def test_a_log_that_is_not_a_list_of_objects_is_refused(make_document, bad):
    (p,) = refused(document(make_document, assumptions=bad))
    assert p.reason is Reason.WRONG_TYPE and p.column.startswith("assumptions")
