"""Workbooks as people save them: merged cells, formulas, percent formats, several sheets,
and files that are not what their name says.

Each workbook is written here with openpyxl (which writes merged ranges, number
formats and formulas without their values, as a script would); a few fixtures whose
XML openpyxl cannot write, or which are not workbooks at all, are in
``tests/data/xlsx/`` (its README says how each was made). Expected values are worked
by hand from the cells written; rows are numbered as a spreadsheet shows them.
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


def save(rows: list[list[object]], path: Path, *merged: str, formats=None) -> Path:
    """A one-sheet workbook of ``rows`` with the ``merged`` ranges and number ``formats``."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Costs"
    for row in rows:
        sheet.append(row)
    for cells in merged:
        sheet.merge_cells(cells)
    for cell, number_format in (formats or {}).items():
        sheet[cell].number_format = number_format
    book.save(path)
    return path


def problems(path: Path | bytes, **kwargs) -> list[tuple]:
    """(row, column, value, reason, message) of every problem reading ``path``."""
    with pytest.raises(InputError) as caught:
        read_cost_file(path, **kwargs)
    return [(p.row, p.column, p.value, p.reason, p.message) for p in caught.value.problems]


# ---------------------------------------------------------------- merged cells


def test_merged_option_and_category_cells_are_filled_down_with_a_note(tmp_path):
    """Flex written once in A3, merged over A3:A6 (row 6 blank beside it); opex in C3,
    merged over C3:C5; the title merged across A1:E1. Rows 3-5 are Flex's, row 6 stays a
    blank row, row 7 is In-house's."""
    rows = [["Costs, £"], LONG]
    rows += [["Flex", "Fee", "opex", 2009, 100], [None, "Fee", None, 2010, 110]]
    rows += [[None, "Kit", None, 2009, 50], [], ["In-house", "Staff", "opex", 2009, 120]]
    path = save(rows, tmp_path / "m.xlsx", "A1:E1", "A3:A6", "C3:C5")
    result = read_cost_file(path)
    assert [(c.option, c.line, c.category.value, c.year, c.amount) for c in result.lines] == [
        ("Flex", "Fee", "opex", 2009, 100.0),
        ("Flex", "Fee", "opex", 2010, 110.0),
        ("Flex", "Kit", "opex", 2009, 50.0),
        ("In-house", "Staff", "opex", 2009, 120.0),
    ]
    assert result.notes[0] == (
        "Filled down merged cells: option column rows 3–6 (from row 3); "
        "category column rows 3–5 (from row 3)."
    )


def test_a_problem_in_a_filled_down_cell_says_where_its_value_came_from(tmp_path):
    """'opx' in C2, merged over C2:C4: the same problem in rows 2–4, one line at row 2
    saying rows 3–4 were filled down from row 2; the header keeps its own spelling,
    'Category'."""
    rows = [["option", "line", "Category", "year", "amount"], ["Flex", "Fee", "opx", 2009, 1]]
    rows += [["Flex", "Fee", None, 2010, 1], ["Flex", "Fee", None, 2011, 1]]
    found = problems(save(rows, tmp_path / "m.xlsx", "C2:C4"))
    assert [p[:4] for p in found] == [(2, "Category", "opx", Reason.UNKNOWN_CATEGORY)]
    assert "— 3 rows: 2–4; " in found[0][4]
    assert found[0][4].endswith("(merged cells: rows 3–4 filled down from row 2)")


@pytest.mark.parametrize(
    ("rows", "merged", "expected"),
    [
        (  # one amount over three rows: a long file reads an amount from each row
            [
                LONG,
                ["Flex", "Fee", "opex", 2009, 300],
                *[["Flex", "Fee", "opex", y, None] for y in (2010, 2011)],
            ],
            "E2:E4",
            (2, "amount", "300", "merged cells over rows 2–4 (E2:E4)"),
        ),
        (  # one year over two rows
            [LONG, ["Flex", "Fee", "opex", 2009, 1], ["Flex", "Fee", "opex", None, 2]],
            "D2:D3",
            (2, "year", "2009", "merged cells over rows 2–3 (D2:D3)"),
        ),
        (  # option and line merged together
            [LONG, ["Flex", None, "opex", 2009, 1]],
            "A2:B2",
            (2, "option", "Flex", "merged cells over row 2, columns A–B (A2:B2)"),
        ),
        (  # a wide file's amount spread over three years
            [["option", "line", "category", 2009, 2010, 2011], ["Flex", "Fee", "opex", 900]],
            "D2:F2",
            (2, "2009", "900", "merged cells over row 2, columns D–F (D2:F2)"),
        ),
    ],
)
def test_merged_cells_that_cannot_be_filled_down_are_a_problem_at_their_top_left(
    tmp_path, rows, merged, expected
):
    found = problems(save(rows, tmp_path / "m.xlsx", merged))
    merges = [p for p in found if p[3] is Reason.MERGED_CELLS]
    assert len(merges) == 1
    row, column, value, message = expected
    assert merges[0][:3] == (row, column, value)
    assert merges[0][4].startswith(message + ": unmerge them")


def test_an_unfillable_merge_is_listed_with_the_other_problems_in_cell_order(tmp_path):
    """Rows 2-3 share one amount (E2:E3), and row 4 has a bad category: both are reported,
    the blank amount of row 3 too, in row order."""
    rows = [LONG, ["Flex", "Fee", "opex", 2009, 5], ["Flex", "Fee", "opex", 2010, None]]
    rows.append(["Flex", "Fee", "opx", 2011, 1])
    found = problems(save(rows, tmp_path / "m.xlsx", "E2:E3"))
    assert [p[:4] for p in found] == [
        (2, "amount", "5", Reason.MERGED_CELLS),
        (3, "amount", "", Reason.NOT_A_NUMBER),
        (4, "category", "opx", Reason.UNKNOWN_CATEGORY),
    ]


def test_merged_cells_outside_the_columns_read_are_harmless(tmp_path):
    """A merged 'Owner' column (not read) and a merged header row cause no problem."""
    rows = [["Costs", None, None, None, None, None]]
    rows += [[*LONG, "Owner"], ["Flex", "Fee", "opex", 2009, 1, "Jo"]]
    rows.append(["Flex", "Fee", "opex", 2010, 2, None])
    result = read_cost_file(save(rows, tmp_path / "m.xlsx", "A1:F1", "F3:F4"))
    assert [c.amount for c in result.lines] == [1.0, 2.0]
    assert not any("merged" in n.lower() for n in result.notes)


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


# ---------------------------------------------------------------- percent formats


def test_an_amount_formatted_as_a_percentage_is_refused_as_10_percent_text_is(tmp_path):
    """0.1 shown as 10% and 0.125 shown as 12.5% are refused like the text '10%'; the
    low multiplier 0.9 shown as 90% is a multiplier, not an amount, and stays 0.9."""
    rows = [[*LONG, "low"], ["Flex", "Fee", "opex", 2009, 0.1, 0.9]]
    rows += [["Flex", "Fee", "opex", 2010, 0.125, None], ["Flex", "Fee", "opex", 2011, "10%"]]
    formats = {"E2": "0%", "F2": "0%", "E3": "0.0%"}
    found = problems(save(rows, tmp_path / "p.xlsx", formats=formats))
    assert [p[:4] for p in found] == [
        (2, "amount", "10%", Reason.PERCENT_AMOUNT),
        (3, "amount", "12.5%", Reason.PERCENT_AMOUNT),
    ]
    assert found[0][4] == "'10%' is a percentage, not an amount — 2 rows: 2, 4; enter the £ figure"
    rows[1][4] = rows[2][4] = rows[3][4] = 1
    rows[2][5], rows[3] = 0.9, [*rows[3], 0.9]  # a multiplier is the same in every year
    line = read_cost_file(save(rows, tmp_path / "q.xlsx", formats={"F2": "0%"})).lines[0]
    assert line.low == 0.9


def test_a_year_column_amount_formatted_as_a_percentage_is_refused(tmp_path):
    """Wide: 2009's cell is 0.05 shown as 5.00%; 2010's 7 has a custom '0.0"%"' format,
    whose % is a literal sign (Excel shows 7.0%, not 700%): read as 7."""
    rows = [["option", "line", "category", 2009, 2010], ["Flex", "Fee", "opex", 0.05, 7]]
    path = save(rows, tmp_path / "w.xlsx", formats={"D2": "0.00%", "E2": '0.0"%"'})
    assert [p[:4] for p in problems(path)] == [(2, "2009", "5%", Reason.PERCENT_AMOUNT)]


# ---------------------------------------------------------------- sheets


def notes_then_costs(path: Path, notes: list[list[object]], costs_title="Costs") -> Path:
    book = openpyxl.Workbook()
    book.active.title = "Notes"
    for row in notes:
        book.active.append(row)
    costs = book.create_sheet(costs_title)
    for row in (LONG, ["Flex", "Fee", "opex", 2009, 1]):
        costs.append(row)
    book.save(path)
    return path


def test_a_first_sheet_without_a_header_names_the_sheet_that_has_one(tmp_path):
    path = notes_then_costs(tmp_path / "two.xlsx", [["Read me"], ["Prepared by finance"]])
    found = problems(path)
    assert [p[3] for p in found] == [Reason.MISSING_COLUMN]  # one message, not one a column
    assert found[0][4] == (
        "the first sheet 'Notes' has no header row (no 'option', 'line' or 'category' column "
        "in its first 50 rows; found 'Read me'); the sheet 'Costs' has one: choose it "
        "(--sheet Costs, or the sheet picker)"
    )
    assert read_cost_file(path, sheet="Costs").lines[0].amount == 1.0


def test_a_sheet_chosen_without_a_header_names_the_sheet_that_has_one(tmp_path):
    """The app's picker names the first sheet when the user has not chosen another; a
    sheet name with a space is quoted for the command line."""
    path = notes_then_costs(tmp_path / "two.xlsx", [["Read me"]], costs_title="Cost lines")
    message = problems(path, sheet="Notes")[0][4]
    assert message.startswith("the first sheet 'Notes' has no header row")
    assert message.endswith(
        "the sheet 'Cost lines' has one: choose it (--sheet \"Cost lines\", or the sheet picker)"
    )


def test_an_empty_first_sheet_names_the_sheet_with_a_header(tmp_path):
    found = problems(notes_then_costs(tmp_path / "two.xlsx", []))
    assert [p[3:] for p in found] == [
        (
            Reason.EMPTY_FILE,
            "the first sheet 'Notes' is empty, with no header row; the sheet 'Costs' has one: "
            "choose it (--sheet Costs, or the sheet picker)",
        )
    ]


def test_no_sheet_with_a_header_is_reported_as_before(tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["Read me"])
    book.create_sheet("Summary").append(["Totals"])
    book.save(tmp_path / "none.xlsx")
    found = problems(tmp_path / "none.xlsx")
    assert [p[3] for p in found] == [Reason.MISSING_COLUMN] * 3
    assert found[0][4].startswith("no 'option' column in the first 50 rows")


def test_chart_sheets_are_not_offered(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "Costs"
    book.create_chartsheet("Chart")
    book.save(tmp_path / "c.xlsx")
    assert sheet_names(tmp_path / "c.xlsx") == ["Costs"]


# ---------------------------------------------------------------- not what the name says


def test_a_web_page_saved_as_xls_says_what_it_is():
    """A finance system's 'Excel export': an HTML table with a .xls name."""
    message = "is a web page (HTML) saved with a .xls name, not a spreadsheet: "
    message += "open it in Excel and save it as .xlsx or CSV"
    assert problems(DATA / "export.xls") == [(None, None, None, Reason.UNREADABLE, message)]
    with pytest.raises(InputError, match="web page"):
        sheet_names(DATA / "export.xls")


@pytest.mark.parametrize(
    ("data", "suffix"),
    [
        ("\ufeff\n  <!DOCTYPE html>\n<html><body><table>".encode(), ".xlsx"),
        ("<TABLE><TR><TD>option</TD></TR></TABLE>".encode("utf-16"), ".csv"),
    ],
    ids=["utf-8 with a BOM", "utf-16"],
)
def test_a_web_page_is_refused_whatever_its_name_or_encoding(data, suffix):
    (found,) = problems(data, name=f"costs{suffix}")
    assert found[3] is Reason.UNREADABLE
    assert found[4].startswith(f"is a web page (HTML) saved with a {suffix} name")


def test_csv_text_saved_as_xlsx_is_read_as_csv_with_a_note():
    result = read_cost_file(DATA / "csv_text.xlsx")
    assert [(c.option, c.amount) for c in result.lines] == [
        ("Flex", 1_050_000.0),
        ("In-house", 1_240_000.0),
    ]
    assert result.notes[0] == (
        "csv_text.xlsx is CSV text with an .xlsx name, not a workbook: read it as CSV."
    )
    assert result.sheet is None
    assert sheet_names(DATA / "csv_text.xlsx") == []


def test_text_with_an_xlsx_name_but_no_header_is_refused():
    (found,) = problems(b"Quarterly report\nnothing to see\n", name="costs.xlsx")
    assert found[3] is Reason.UNREADABLE
    assert found[4].startswith("is not a valid .xlsx workbook, nor CSV text with a header row")


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


def test_a_hidden_row_is_read_but_warned_about(tmp_path):
    """Row 3 (a superseded 2009 fee of 500, hidden rather than deleted) still counts,
    as Excel's own SUM would; the warning at row 3 says so, for the user to accept."""
    rows = [list(LONG), ["Flex", "Fee", "opex", 2009, 100], ["Flex", "Old fee", "opex", 2009, 500]]
    rows.append(["Flex", "Fee", "opex", 2010, 100])
    path = save(rows, tmp_path / "h.xlsx")
    book = openpyxl.load_workbook(path)
    book["Costs"].row_dimensions[3].hidden = True
    book.save(path)
    costs = read_cost_file(path)
    assert sum(c.amount for c in costs.lines) == 700.0
    (w,) = costs.warnings
    assert (w.row, w.reason) == (3, Reason.HIDDEN_ROW)
    assert "hidden in the workbook but was read" in w.message


def test_a_workbook_in_thousands_says_so_in_its_title(tmp_path):
    """'All figures £k' in a title row above the header: 1,776 in the workbook is
    £1,776,000, and the notes say which row stated the unit."""
    rows = [["ONS IT costs"], ["All figures £k, real 2007 prices"], list(LONG)]
    rows += [["in-house", "Staff", "opex", 2008, 1776], ["flex", "Fee", "opex", 2008, 1450.5]]
    costs = read_cost_file(save(rows, tmp_path / "k.xlsx"))
    assert [c.amount for c in costs.lines] == [1_776_000.0, 1_450_500.0]
    assert costs.unit == "£k"
    assert any(n.startswith("Amounts are in £k (× 1,000), as row 2") for n in costs.notes)
