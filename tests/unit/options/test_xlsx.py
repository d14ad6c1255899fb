"""Workbooks as people save them: formulas, several sheets, cells and limits.

Each workbook is written here with openpyxl (which writes formulas without their
values, as a script would); the fixture whose XML openpyxl cannot write
is in ``tests/data/xlsx/`` (its README says how it was made). Expected values are
worked by hand from the cells written; rows are numbered as a spreadsheet shows them.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from options import xlsx
from options.costs import read_cost_file, sheet_names
from options.errors import InputError, Reason

DATA = Path(__file__).resolve().parents[2] / "data" / "xlsx"
LONG = ["option", "line", "category", "year", "amount"]


def save(rows: list[list[object]], path: Path) -> Path:
    """A one-sheet workbook of ``rows``."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Costs"
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def problems(path: Path | bytes, **kwargs) -> list[tuple]:
    """(row, column, value, reason, message) of every problem reading ``path``."""
    with pytest.raises(InputError) as caught:
        read_cost_file(path, **kwargs)
    return [(p.row, p.column, p.value, p.reason, p.message) for p in caught.value.problems]


# ---------------------------------------------------------------- formulas and errors


def test_formulas_with_saved_values_are_read_as_their_values():
    """The 'Saved' sheet: 100, then E2*1.1 shared down E3:E5, then E2*2, all with values."""
    result = read_cost_file(DATA / "shared_formulas.xlsx", sheet="Saved")
    assert [c.amount for c in result.lines] == [100.0, 110.0, 121.0, 133.1, 200.0]


def test_a_shared_formula_saved_without_its_value_is_reported_as_excel_shows_it():
    """The 'Unsaved' sheet: E4 is E2*1.1 shared from E3 (so =E3*1.1 in E4), saved without
    a value; E5 holds the error #REF!. The same problems as Excel would show."""
    found = problems(DATA / "shared_formulas.xlsx")
    assert [p[:4] for p in found] == [
        (4, "amount", "=E3*1.1", Reason.FORMULA_WITHOUT_VALUE),
        (5, "amount", "#REF!", Reason.NOT_A_NUMBER),
    ]
    assert found[0][4] == (
        "is a formula saved without its value: open the workbook in Excel, save it, try again"
    )


def test_a_formula_without_its_value_in_a_wide_file(tmp_path):
    rows = [["option", "line", "category", 2009, 2010], ["Flex", "Fee", "opex", 5, "=D2*2"]]
    found = problems(save(rows, tmp_path / "f.xlsx"))
    assert [p[:4] for p in found] == [(2, "2010", "=D2*2", Reason.FORMULA_WITHOUT_VALUE)]


# ---------------------------------------------------------------- sheets


def test_chart_sheets_are_not_offered(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "Costs"
    book.create_chartsheet("Chart")
    book.save(tmp_path / "c.xlsx")
    assert sheet_names(tmp_path / "c.xlsx") == ["Costs"]


# ---------------------------------------------------------------- cells and limits


def test_blank_optional_cells_in_a_workbook_are_blank_as_in_csv(tmp_path):
    """A blank low or basis cell takes the default, as a blank CSV cell does."""
    rows = [[*LONG, "low", "basis"], ["Flex", "Fee", "opex", 2009, 1, None, None]]
    line = read_cost_file(save(rows, tmp_path / "b.xlsx")).lines[0]
    assert (line.low, line.basis.value) == (None, "real")


def test_a_cell_far_beyond_the_table_is_refused_before_the_sheet_is_read(tmp_path):
    """One stray cell at XFD1048576 makes a sheet of 17 billion cells: refused, not read."""
    rows = [LONG, ["Flex", "Fee", "opex", 2009, 1]]
    book = openpyxl.load_workbook(save(rows, tmp_path / "far.xlsx"))
    book.active["XFD1048576"] = "x"
    book.save(tmp_path / "far.xlsx")
    (found,) = problems(tmp_path / "far.xlsx")
    assert found[3] is Reason.FILE_TOO_LARGE
    assert "as far as XFD1048576 in the sheet 'Costs'" in found[4]


def test_a_workbook_that_unzips_too_large_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_UNZIPPED", 1000)
    path = save([LONG, ["Flex", "Fee", "opex", 2009, 1]], tmp_path / "z.xlsx")
    assert [p[3] for p in problems(path)] == [Reason.FILE_TOO_LARGE]
