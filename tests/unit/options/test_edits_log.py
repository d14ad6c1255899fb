"""Edits to the assumptions register and decision log, as the dashboard's tables make them:
checked by the scenario file's rules, every problem at its table row (first = 1) and
column, and nothing applied while any cell is wrong."""

from __future__ import annotations

import pytest

from options import edits
from options.errors import InputError, Reason
from options.model import Assumption, Decision, Quality
from options.scenario_file import scenario_from_dict

LOG = {
    "assumptions": [
        {"id": "A1", "text": "Seats", "value": "4,500", "source": "S30", "owner": "Analyst",
         "quality": "amber", "date": "2026-12-03", "notes": ""},
        {"id": "A2", "text": "Pay", "value": "£28,000", "source": "", "owner": "Analyst",
         "quality": "red", "date": "2026-12-03", "notes": "judgement"},
    ],
    "decisions": [
        {"id": "D1", "date": "2007-10-01", "text": "Join Flex", "decided_by": "ONS",
         "version": None, "rationale": "", "source": "S2"},
        {"id": "D2", "date": "2026-12-03", "text": "Use the midpoint", "decided_by": "Board",
         "version": 3, "rationale": "neutral", "source": ""},
    ],
}  # fmt: skip


@pytest.fixture
def scenario(make_document):
    return scenario_from_dict(make_document(**LOG))


def cells(excinfo):
    return {(p.row, p.column, p.reason) for p in excinfo.value.problems}


def test_unedited_tables_give_the_same_scenario(scenario):
    assert edits.apply_assumption_edits(scenario, edits.assumption_table(scenario)) == scenario
    assert edits.apply_decision_edits(scenario, edits.decision_table(scenario)) == scenario


def test_tables_show_every_field_rows_from_1(scenario):
    a, d = edits.assumption_table(scenario), edits.decision_table(scenario)
    assert list(a.index) == [1, 2] and tuple(a.columns) == edits.ASSUMPTION_COLUMNS
    assert a.loc[2].tolist() == ["A2", "Pay", "£28,000", "red", "", "Analyst", "2026-12-03",
                                 "judgement"]  # fmt: skip
    assert tuple(d.columns) == edits.DECISION_COLUMNS
    assert d["version"].isna().tolist() == [True, False] and d.loc[2, "version"] == 3.0


def test_an_edit_applies_and_changes_only_that_entry(scenario):
    table = edits.assumption_table(scenario)
    table.loc[2, ["quality", "source"]] = ["amber", "S21 plus 11%"]
    after = edits.apply_assumption_edits(scenario, table)
    expected = Assumption(
        "A2", "Pay", Quality.AMBER, "2026-12-03", "£28,000", "S21 plus 11%", "Analyst", "judgement"
    )
    assert after.assumptions[1] == expected
    assert after.assumptions[0] == scenario.assumptions[0]
    assert (after.costs, after.decisions) == (scenario.costs, scenario.decisions)


def test_rows_added_and_removed(scenario):
    table = edits.decision_table(scenario)
    table.loc[3] = ["D3", "2026-12-04", "Re-appraise", "Board", 4.0, None, None]
    table = table.drop(index=1)
    after = edits.apply_decision_edits(scenario, table)
    assert [d.id for d in after.decisions] == ["D2", "D3"]
    assert after.decisions[1] == Decision("D3", "2026-12-04", "Re-appraise", "Board", 4)


def test_a_bad_date_is_refused_at_its_cell_and_nothing_applies(scenario):
    table = edits.assumption_table(scenario)
    table.loc[1, "text"] = "Seats (changed)"
    table.loc[2, "date"] = "03/12/2026"
    with pytest.raises(InputError) as excinfo:
        edits.apply_assumption_edits(scenario, table)
    (p,) = excinfo.value.problems
    assert (p.file, p.row, p.column, p.reason, p.value) == (
        "Assumptions register",
        2,
        "date",
        Reason.BAD_DATE,
        "03/12/2026",
    )
    assert p.message == ("assumption 'A2' has the date '03/12/2026', which is not a date: "
                         "write it as 2007-10-01 (or 2007-10, or 2007)")  # fmt: skip


def test_every_bad_cell_is_listed(scenario):
    """A rating that is not red/amber/green, a blank text and a repeated id: each at its
    row and column."""
    table = edits.assumption_table(scenario)
    table.loc[1, "quality"] = "purple"
    table.loc[2, "text"] = ""
    table.loc[3] = ["A1", "Dup", "", "green", "", "", "2026-12-03", ""]
    with pytest.raises(InputError) as excinfo:
        edits.apply_assumption_edits(scenario, table)
    assert cells(excinfo) == {
        (1, "quality", Reason.UNKNOWN_VALUE),
        (2, "text", Reason.MISSING_KEY),
        (3, "id", Reason.DUPLICATE_ID),
    }


@pytest.mark.parametrize(("version", "ok"), [(0.0, False), (2.5, False), (-1.0, False),
                                             (1.0, True), (None, True)])  # fmt: skip
def test_a_version_is_a_whole_number_from_1_or_blank(scenario, version, ok):
    table = edits.decision_table(scenario)
    table.loc[1, "version"] = version
    if ok:
        assert edits.apply_decision_edits(scenario, table).decisions[0].version == (
            None if version is None else int(version)
        )
        return
    with pytest.raises(InputError) as excinfo:
        edits.apply_decision_edits(scenario, table)
    assert cells(excinfo) == {(1, "version", Reason.OUT_OF_RANGE)}


def test_a_decision_needs_who_decided(scenario):
    table = edits.decision_table(scenario)
    table.loc[2, "decided_by"] = None
    with pytest.raises(InputError) as excinfo:
        edits.apply_decision_edits(scenario, table)
    assert cells(excinfo) == {(2, "decided_by", Reason.MISSING_KEY)}
    assert excinfo.value.problems[0].file == "Decision log"
