"""Malformed cost files, CSV and XLSX: each is read into cost lines (and a scenario)
or refused with one InputError whose every problem names its place; nothing else.

Any other exception fails the test with the input hypothesis shrank it to. A problem
names its row and column, or is one of the problems of a whole file (empty, too big,
unreadable, no header row …), which :data:`WHOLE_FILE` lists.
"""

from __future__ import annotations

from functools import cache

import pandas as pd
from hypothesis import event, given
from hypothesis import strategies as st

from options.costs import merge_costs, read_cost_file, read_cost_table, scenario_from_costs
from options.errors import InputError, Problem, Reason
from options.examples import load_example
from options.model import Scenario
from tests.fuzz.cost_strategies import csv_files, edited_tables, xlsx_files
from tests.fuzz.profiles import cases

UNITS = st.sampled_from([None, None, "£", "£k", "£m"])  # the Data page's choices
# Problems of a file as a whole, or of its header, which name no data cell.
WHOLE_FILE = frozenset({
    Reason.EMPTY_FILE, Reason.FILE_TOO_LARGE, Reason.TOO_MANY_ROWS, Reason.UNREADABLE,
    Reason.UNKNOWN_SHEET, Reason.MISSING_COLUMN, Reason.NO_OPTIONS, Reason.YEAR_CONVENTION,
})  # fmt: skip


@cache
def example() -> Scenario:
    return load_example()


def check_problems(error: InputError, file: str) -> None:
    """Every problem is of ``file``, in words, at a row and column unless of the whole file."""
    assert error.problems
    for p in error.problems:
        assert isinstance(p, Problem)
        assert p.file == file, p
        assert p.message.strip() and "Traceback" not in p.message, p
        assert p.row is not None or p.column or p.reason in WHOLE_FILE, p
        assert p.line().startswith(f"{file}:"), p


def read_through(
    data: bytes | pd.DataFrame, file: str, unit: str | None = None, sheet: str | None = None
) -> None:
    """Read ``data`` as the Data page does: into cost lines, then into a scenario alone and
    merged into the example. Each step either succeeds or raises a located InputError.
    A table (the page's editor) is read by the rules of a file."""
    try:
        if isinstance(data, pd.DataFrame):
            table = read_cost_table(data, name=file)
        else:
            table = read_cost_file(data, name=file, unit=unit, sheet=sheet)
    except InputError as error:
        check_problems(error, file)
        event(f"refused: {error.problems[0].reason.value}")
        return
    event("read")
    assert table.lines, "a file read has cost lines"
    assert table.frame()["amount"].map(float).map(abs).max() < float("inf")
    for step in (lambda: scenario_from_costs(table, {}), lambda: merge_costs(example(), table, {})):
        try:
            result = step()
        except InputError as error:
            check_problems(error, file)
        else:
            scenario = result[0] if isinstance(result, tuple) else result
            assert isinstance(scenario, Scenario)


@cases(quick=40, full=1_300)
@given(csv_files(), UNITS)
def test_a_malformed_csv_file_is_read_or_refused_at_its_cells(file, unit):
    read_through(*file, unit=unit)


@cases(quick=15, full=500)
@given(xlsx_files(), UNITS, st.sampled_from([None, None, "Costs", "sheet2", "Nowhere"]))
def test_a_malformed_workbook_is_read_or_refused_at_its_cells(file, unit, sheet):
    read_through(*file, unit=unit, sheet=sheet)


@cases(quick=20, full=300)
@given(edited_tables())
def test_a_malformed_table_from_the_editor_is_read_or_refused_at_its_cells(table):
    read_through(table, "cost table")
