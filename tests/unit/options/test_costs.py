"""Cost files: the contract of DESIGN "Contracts" -> "Cost file" and "Contract details".

Expected values are hand-written from the files each test builds (no output of
the code pasted back); row numbers are those a spreadsheet shows.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from options import costs as costs_module
from options.costs import (
    MAX_BYTES,
    MAX_ROWS,
    CostFile,
    merge_costs,
    read_cost_file,
    scenario_from_costs,
    sheet_names,
)
from options.errors import InputError, Reason
from options.model import (
    Basis,
    Category,
    Change,
    Concern,
    CostLine,
    Option,
    OptionKind,
    Risk,
    Scenario,
    WhatIf,
)

EXAMPLES = Path(__file__).resolve().parents[3] / "options" / "examples"
LONG_HEADER = "option,line,category,year,amount\n"


def read(text: str, **kwargs) -> CostFile:
    """Read CSV text given as a string (UTF-8)."""
    return read_cost_file(text.encode("utf-8"), name=kwargs.pop("name", "costs.csv"), **kwargs)


def problems(text: str | bytes, **kwargs) -> list[tuple]:
    """(row, column, value, reason) of every problem reading ``text``."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    name = kwargs.pop("name", "costs.csv")
    with pytest.raises(InputError) as caught:
        read_cost_file(data, name=name, **kwargs)
    assert all(p.file == name for p in caught.value.problems)
    return [(p.row, p.column, p.value, p.reason) for p in caught.value.problems]


def reasons(text: str | bytes, **kwargs) -> set[Reason]:
    return {p[3] for p in problems(text, **kwargs)}


def one_amount(cell: str) -> float:
    """The amount that one long-layout row with ``cell`` as its amount reads as."""
    return read(LONG_HEADER + f"Flex,Fee,opex,2009,{cell}\n").lines[0].amount


def workbook(rows: list[list[object]], path: Path, title: str = "Costs", extra=()) -> Path:
    """Write ``rows`` to the first sheet of a new workbook (plus empty ``extra`` sheets)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for name in extra:
        book.create_sheet(name)
    book.save(path)
    return path


def reasons_of(path: Path, **kwargs) -> list[Reason]:
    with pytest.raises(InputError) as caught:
        read_cost_file(path, **kwargs)
    return [p.reason for p in caught.value.problems]


def key(line: CostLine) -> tuple:
    return (line.option, line.line, line.category.value, line.year)


# ---------------------------------------------------------------- layouts agree


def test_sample_long_and_wide_files_hold_the_same_lines():
    """The two shipped samples are one table in two layouts (written so by hand)."""
    long = read_cost_file(EXAMPLES / "sample_costs_long.csv")
    wide = read_cost_file(EXAMPLES / "sample_costs_wide.csv")
    assert (long.layout, wide.layout) == ("long", "wide")
    assert sorted(long.lines, key=key) == sorted(wide.lines, key=key)
    assert [o.name for o in scenario_from_costs(long).options] == [
        "in-house",
        "flex",
        "alternative",
    ]  # the example's option ids, so merging them into it needs no mapping
    assert long.notes == wide.notes == ("No unit stated: amounts read as £.",)


def test_long_csv_wide_csv_and_xlsx_give_identical_lines(tmp_path):
    """Four cells of costs, written three ways, read back as the same four lines."""
    long = read(
        LONG_HEADER + "In-house,Staff,opex,2008,1200\nIn-house,Staff,opex,2009,1250.5\n"
        "Flex,Transition,transition,2008,-300\nFlex,Fee,opex,2009,900\n"
    )
    wide = read(
        "option,line,category,2008,2009\n"
        'In-house,Staff,opex,"£1,200","£1,250.50"\nFlex,Transition,transition,(300),\n'
        "Flex,Fee,opex,,900\n"
    )
    rows = [
        ["option", "line", "category", datetime(2008, 4, 1), 2009],
        ["In-house", "Staff", "opex", 1200, 1250.5],
        ["Flex", "Transition", "transition", -300, None],
        ["Flex", "Fee", "opex", None, 900],
    ]
    xlsx = read_cost_file(workbook(rows, tmp_path / "costs.xlsx"))
    expected = {
        ("In-house", "Staff", "opex", 2008): 1200.0,
        ("In-house", "Staff", "opex", 2009): 1250.5,
        ("Flex", "Transition", "transition", 2008): -300.0,
        ("Flex", "Fee", "opex", 2009): 900.0,
    }
    for result in (long, wide, xlsx):
        assert {key(c): c.amount for c in result.lines} == expected
    assert sorted(long.lines, key=key) == sorted(wide.lines, key=key)
    assert sorted(long.lines, key=key) == sorted(xlsx.lines, key=key)
    assert xlsx.sheet == "Costs" and long.sheet is None


def test_frame_is_the_tidy_long_view():
    frame = read(LONG_HEADER + "Flex,Fee,opex,2009,900\n").frame()
    assert list(frame.columns) == [
        *("option", "line", "category", "year", "amount", "basis"),
        *("module", "low", "high", "notes", "source", "optimism_bias"),
    ]
    row = frame.iloc[0]
    assert (row.option, row.category, row.year, row.amount, row.basis) == (
        "Flex",
        "opex",
        2009,
        900.0,
        "real",
    )


def test_path_and_bytes_sources_and_display_names(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text(LONG_HEADER + "Flex,Fee,opex,2009,900\n", encoding="utf-8")
    assert read_cost_file(path).file == "mine.csv"
    assert read_cost_file(str(path), name="shown.csv").file == "shown.csv"
    assert read_cost_file(path.read_bytes()).file == "upload"


def test_missing_path_is_unreadable(tmp_path):
    with pytest.raises(InputError) as caught:
        read_cost_file(tmp_path / "nowhere.csv")
    assert caught.value.problems[0].reason is Reason.UNREADABLE


# ---------------------------------------------------------------- text files


def test_utf8_with_bom_reads_the_first_header():
    data = b"\xef\xbb\xbf" + (LONG_HEADER + "Flex,Fee,opex,2009,\xa3900\n").encode("utf-8")
    assert read_cost_file(data, name="bom.csv").lines[0].amount == 900.0


def test_cp1252_file_from_excel_keeps_its_pound_sign():
    """Excel's 'CSV (Comma delimited)' writes £ as byte 0xA3 (Windows-1252)."""
    data = (LONG_HEADER + 'Flex,Fee – café,opex,2009,"£1,200"\n').encode("cp1252")
    line = read_cost_file(data, name="excel.csv").lines[0]
    assert (line.line, line.amount) == ("Fee – café", 1200.0)


def test_utf16_with_its_bom_is_read():
    """Excel's "Unicode Text" is UTF-16 with a byte order mark."""
    data = (LONG_HEADER + "Flex,Fee £,opex,2009,900\n").encode("utf-16")
    assert [(c.line, c.amount) for c in read_cost_file(data, name="u.txt").lines] == [
        ("Fee £", 900.0)
    ]


def test_nul_byte_is_unreadable():
    data = (LONG_HEADER + "Flex,Fee,opex,2009,900\n").encode("utf-16-le")  # no BOM
    assert problems(data) == [(None, None, None, Reason.UNREADABLE)]


def test_undecodable_text_is_unreadable():
    """0x81 is undefined in Windows-1252 and invalid alone in UTF-8."""
    data = LONG_HEADER.encode() + b"Flex,Fee \x81,opex,2009,900\n"
    assert problems(data) == [(None, None, None, Reason.UNREADABLE)]


def test_semicolon_file_uses_decimal_comma_and_dot_thousands():
    text = "option;line;category;year;amount;low\nFlex;Fee;opex;2009;1.200,50;0,9\n"
    line = read(text).lines[0]
    assert (line.amount, line.low) == (1200.5, 0.9)


def test_tab_delimited_file():
    text = "option\tline\tcategory\tyear\tamount\nFlex\tFee\topex\t2009\t1,200\n"
    assert read(text).lines[0].amount == 1200.0


def test_excel_sep_line_is_a_row_above_the_header():
    text = "sep=;\noption;line;category;year;amount\nFlex;Fee;opex;2009;1.200,5\n"
    result = read(text)
    assert result.lines[0].amount == 1200.5
    assert result.notes == (
        "Ignored 1 row(s) above the header, which is row 2.",
        "No unit stated: amounts read as £.",
    )


def test_unquoted_thousands_comma_in_a_comma_file_is_an_error():
    """``1,200`` unquoted splits into two cells; guessing would load 1 instead of 1,200."""
    text = LONG_HEADER + "Flex,Fee,opex,2009,1,200\n"
    assert problems(text) == [(2, None, "200", Reason.EXTRA_CELLS)]


# ---------------------------------------------------------------- limits


def test_size_limit_is_exact_and_checked_before_parsing(tmp_path):
    """20 MiB passes the size check (then fails as text); one byte more does not."""
    path = tmp_path / "big.csv"
    path.write_bytes(b"\x00" * MAX_BYTES)
    assert reasons_of(path) == [Reason.UNREADABLE]
    path.write_bytes(b"\x00" * (MAX_BYTES + 1))
    assert reasons_of(path) == [Reason.FILE_TOO_LARGE]
    assert reasons(b"x" * (MAX_BYTES + 1)) == {Reason.FILE_TOO_LARGE}


def test_row_limit_is_exact(monkeypatch):
    monkeypatch.setattr(costs_module, "MAX_ROWS", 3)
    rows = "".join(f"Flex,Fee,opex,{2008 + i},1\n" for i in range(4))
    assert len(read(LONG_HEADER + rows[: rows.rindex("Flex")]).lines) == 3
    assert problems(LONG_HEADER + rows) == [(None, None, None, Reason.TOO_MANY_ROWS)]


def test_row_limit_at_full_size():
    rows = "".join(f"F,L{i},opex,2008,1\n" for i in range(MAX_ROWS + 1))
    assert problems(LONG_HEADER + rows) == [(None, None, None, Reason.TOO_MANY_ROWS)]


@pytest.mark.parametrize("text", ["", "   \n\n", LONG_HEADER, "option,line,category,2008\n"])
def test_empty_file_or_header_only(text):
    assert problems(text) == [(None, None, None, Reason.EMPTY_FILE)]


def test_file_of_only_a_byte_order_mark_is_empty():
    assert problems(b"\xef\xbb\xbf\r\n,,\r\n") == [(None, None, None, Reason.EMPTY_FILE)]


def test_wide_file_with_every_amount_blank_is_empty():
    assert reasons("option,line,category,2008\nFlex,Fee,opex,\n") == {Reason.EMPTY_FILE}


# ---------------------------------------------------------------- the header


def test_rows_above_the_header_are_ignored_with_a_note_and_rows_keep_their_numbers():
    text = "Costs for the 2008 review\nPrepared by finance,,\n\n" + LONG_HEADER
    text += "Flex,Fee,opex,2009,900\nFlex,Fee,opex,2010,abc\n"
    assert problems(text) == [(6, "amount", "abc", Reason.NOT_A_NUMBER)]
    result = read(text.replace("abc", "950"))
    assert len(result.lines) == 2
    assert result.notes == (
        "Ignored 2 row(s) above the header, which is row 4.",
        "No unit stated: amounts read as £.",
    )


def test_blank_rows_are_skipped_and_counted_in_row_numbers():
    text = LONG_HEADER + "\nFlex,Fee,opex,2009,900\n,,,,\n\nFlex,Fee,opex,2010,x\n"
    assert problems(text) == [(6, "amount", "x", Reason.NOT_A_NUMBER)]


def test_unknown_columns_are_ignored_with_a_note():
    text = "option,line,category,year,amount,Owner,Total\nFlex,Fee,opex,2009,900,Jo,900\n"
    result = read(text)
    assert result.notes == (
        "Ignored column(s) that a long cost file does not use: 'Owner', 'Total'.",
        "No unit stated: amounts read as £.",
    )
    assert result.lines[0].amount == 900.0


def test_header_names_ignore_case_spaces_and_underscores():
    text = " OPTION ,Line,CateGory , year,Amount,No_tes,Mod ule\nFlex,Fee,opex,2009,900,n,Hosting\n"
    line = read(text).lines[0]
    assert (line.option, line.notes, line.module) == ("Flex", "n", "Hosting")


def test_duplicate_column():
    text = "option,line,category,year,amount,Amount \nFlex,Fee,opex,2009,900,1\n"
    assert problems(text) == [(1, "Amount", "Amount", Reason.DUPLICATE_COLUMN)]


def test_duplicate_year_column_in_a_wide_file():
    text = "option,line,category,2008,2008-09\nFlex,Fee,opex,1,2\n"
    assert problems(text) == [(1, "2008-09", "2008-09", Reason.DUPLICATE_COLUMN)]


def test_missing_required_column_names_it_and_lists_what_was_found():
    found = problems("option,category,year,amount\nFlex,opex,2009,900\n")
    assert found == [(None, None, None, Reason.MISSING_COLUMN)]
    with pytest.raises(InputError) as caught:
        read("option,category,year,amount\nFlex,opex,2009,900\n")
    message = caught.value.problems[0].message
    assert "'line'" in message and "'option', 'category', 'year', 'amount'" in message


def test_missing_amount_in_a_long_file():
    with pytest.raises(InputError) as caught:
        read("option,line,category,year\nFlex,Fee,opex,2009\n")
    (problem,) = caught.value.problems
    assert (problem.row, problem.reason) == (1, Reason.MISSING_COLUMN)
    assert "'amount'" in problem.message


def test_layout_is_detected_from_the_headers():
    assert read(LONG_HEADER + "Flex,Fee,opex,2009,900\n").layout == "long"
    assert read("option,line,category,2009\nFlex,Fee,opex,900\n").layout == "wide"
    assert reasons("option,line,category,Total\nFlex,Fee,opex,900\n") == {Reason.MISSING_COLUMN}


def test_wide_year_headers_in_every_accepted_form():
    headers = ["2008", "2009.0", "FY2010", "2011-12", "2012/13", "FY 2013-14", "2014/2015"]
    text = "option,line,category," + ",".join(headers) + "\nFlex,Fee,opex" + ",1" * 7 + "\n"
    assert [c.year for c in read(text).lines] == list(range(2008, 2015))


def test_wide_date_headers_in_csv_and_xlsx(tmp_path):
    """Dates of year starts are their own years; dates of year ends (31 March) end the
    financial year that began the April before: 31/03/2011 is 2010-11, read as 2010."""
    text = "option,line,category,2008-04-01,01/04/2009\nFlex,Fee,opex,1,2\n"
    assert [c.year for c in read(text).lines] == [2008, 2009]
    rows = [["option", "line", "category", datetime(2010, 3, 31), datetime(2011, 3, 31, 12)]]
    rows.append(["Flex", "Fee", "opex", 1, 2])
    read_back = read_cost_file(workbook(rows, tmp_path / "d.xlsx"))
    assert [c.year for c in read_back.lines] == [2009, 2010]
    assert any("31/03/2010 is the year 2009" in n for n in read_back.notes)


def test_dates_of_starts_and_ends_together_need_a_convention():
    text = "option,line,category,01/04/2008,31/03/2010\nFlex,Fee,opex,1,2\n"
    with pytest.raises(InputError) as caught:
        read(text)
    assert caught.value.problems[0].reason is Reason.YEAR_CONVENTION
    assert "01/04/2008 starts a year and 31/03/2010 ends one" in str(caught.value)
    assert [c.year for c in read(text, year_convention="start").lines] == [2008, 2010]
    assert [c.year for c in read(text, year_convention="end").lines] == [2007, 2009]


def test_a_date_mid_year_needs_a_convention():
    text = LONG_HEADER + "Flex,Fee,opex,14/07/2009,1\n"
    assert Reason.YEAR_CONVENTION in reasons(text)
    assert read(text, year_convention="start").lines[0].year == 2009


def test_financial_year_header_whose_years_do_not_follow_is_an_error():
    text = "option,line,category,2008-10\nFlex,Fee,opex,1\n"
    assert problems(text) == [(1, "2008-10", "2008-10", Reason.BAD_YEAR_HEADER)]


def test_optional_columns_in_a_wide_file():
    text = "option,line,category,basis,module,low,high,source,2008\n"
    text += "Flex,Fee,opex,nominal,Hosting,0.9,1.5,Tender,100\n"
    line = read(text).lines[0]
    assert (line.basis, line.module, line.low, line.high, line.source) == (
        Basis.NOMINAL,
        "Hosting",
        0.9,
        1.5,
        "Tender",
    )


# ---------------------------------------------------------------- amounts


@pytest.mark.parametrize(
    ("cell", "amount"),
    [
        ("1200", 1200.0),
        ('"1,200"', 1200.0),
        ('"£1,200"', 1200.0),
        ('" £ 1,200.50 "', 1200.5),
        ("(500)", -500.0),
        ("-500", -500.0),
        ("-£500", -500.0),
        ("£-500", -500.0),
        ('"(£1,000)"', -1000.0),
        ("1e6", 1e6),
        ("0", 0.0),
    ],
)
def test_amount_formats(cell, amount):
    assert one_amount(cell) == amount


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("abc", Reason.NOT_A_NUMBER),
        ('"1,20"', Reason.NOT_A_NUMBER),
        ("$500", Reason.NOT_A_NUMBER),
        ("(-500)", Reason.NOT_A_NUMBER),
        ("#DIV/0!", Reason.NOT_A_NUMBER),
        ("inf", Reason.NOT_FINITE),
        ("-Infinity", Reason.NOT_FINITE),
        ("nan", Reason.NOT_FINITE),
        ("1e16", Reason.AMOUNT_TOO_LARGE),
        ("-2000000000000000", Reason.AMOUNT_TOO_LARGE),
        ("1e999", Reason.AMOUNT_TOO_LARGE),
    ],
)
def test_bad_amounts(cell, reason):
    text = LONG_HEADER + f"Flex,Fee,opex,2009,{cell}\n"
    assert problems(text) == [(2, "amount", cell.strip('"'), reason)]


def test_amount_at_the_limit_is_allowed():
    assert one_amount("1e15") == 1e15
    assert one_amount("-1e15") == -1e15


def test_blank_amount_in_a_long_file_is_an_error():
    assert problems(LONG_HEADER + "Flex,Fee,opex,2009,\n") == [
        (2, "amount", "", Reason.NOT_A_NUMBER)
    ]


def test_blank_cells_in_a_wide_file_are_zero_and_make_no_lines():
    result = read("option,line,category,2008,2009,2010\nFlex,Fee,opex,,5, \n")
    assert [(c.year, c.amount) for c in result.lines] == [(2009, 5.0)]


def test_negative_amounts_are_allowed():
    assert one_amount("-250.75") == -250.75


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(min_value=0, max_value=1e12), min_size=1, max_size=20))
def test_pound_and_bracket_formats_parse_back(values):
    """``£{x:,.2f}`` reads as x and ``({x:,.2f})`` as -x, to the pence written. Each pair
    in a year of its own, so no row can be the sum of rows above it (a subtotal)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["option", "line", "category", "year", "amount"])
    for i, x in enumerate(values):
        writer.writerow(["Flex", f"L{i}", "opex", 2009 + i, f"£{x:,.2f}"])
        writer.writerow(["Flex", f"L{i}", "capex", 2009 + i, f"({x:,.2f})"])
    amounts = [c.amount for c in read(out.getvalue()).lines]
    expected = [sign * float(f"{x:.2f}") for x in values for sign in (1, -1)]
    assert amounts == expected


# ---------------------------------------------------------------- years, vocabularies


@pytest.mark.parametrize(
    "cell", ["2009", "2009.0", " 2009 ", "FY2009", "2009-10", "2009/10", "01/04/2009"]
)
def test_year_forms(cell):
    assert read(LONG_HEADER + f"Flex,Fee,opex,{cell},1\n").lines[0].year == 2009


@pytest.mark.parametrize("cell", ["2009.5", "next year", ""])
def test_year_must_be_a_whole_number(cell):
    assert problems(LONG_HEADER + f"Flex,Fee,opex,{cell},1\n") == [
        (2, "year", cell, Reason.NOT_AN_INTEGER_YEAR)
    ]


def test_years_against_the_base_year():
    """Green Book horizon: base year to base year + 1,000 (DESIGN "Time")."""
    text = LONG_HEADER + "Flex,Fee,opex,2007,1\nFlex,Fee,opex,3008,1\nFlex,Fee,opex,3009,1\n"
    assert problems(text, base_year=2008) == [
        (2, "year", "2007", Reason.YEAR_BEFORE_BASE),
        (4, "year", "3009", Reason.YEAR_OUT_OF_RANGE),
    ]
    assert len(read(text).lines) == 3


def test_wide_year_before_the_base_year_is_reported_at_its_header():
    text = "option,line,category,2006,2007,2008\nFlex,Fee,opex,1,2,3\nBAU,Fee,opex,1,,3\n"
    assert problems(text, base_year=2007) == [(1, "2006", "2006", Reason.YEAR_BEFORE_BASE)]


def test_unknown_category_lists_the_allowed_ones():
    with pytest.raises(InputError) as caught:
        read(LONG_HEADER + "Flex,Fee,running,2009,1\n")
    (problem,) = caught.value.problems
    assert (problem.row, problem.column, problem.value) == (2, "category", "running")
    assert problem.reason is Reason.UNKNOWN_CATEGORY
    assert "capex, opex, transition, exit, benefit, residual" in problem.message


def test_category_and_basis_are_read_tolerantly():
    text = "option,line,category,year,amount,basis\nFlex,Fee, CapEx ,2009,1, Nominal\n"
    line = read(text).lines[0]
    assert (line.category, line.basis) == (Category.CAPEX, Basis.NOMINAL)


def test_unknown_basis():
    text = "option,line,category,year,amount,basis\nFlex,Fee,opex,2009,1,cash\n"
    assert problems(text) == [(2, "basis", "cash", Reason.UNKNOWN_VALUE)]


def test_empty_option_or_line():
    text = LONG_HEADER + " ,Fee,opex,2009,1\nFlex,  ,opex,2009,1\n"
    assert problems(text) == [
        (2, "option", "", Reason.EMPTY_TEXT),
        (3, "line", "", Reason.EMPTY_TEXT),
    ]


@pytest.mark.parametrize(
    ("low", "high", "bad"),
    [
        ("0", "1.2", [("low", "0")]),
        ("1.1", "1.2", [("low", "1.1")]),
        ("0.9", "0.95", [("high", "0.95")]),
        ("-1", "x", [("low", "-1"), ("high", "x")]),
    ],
)
def test_low_and_high_multipliers(low, high, bad):
    text = f"option,line,category,year,amount,low,high\nFlex,Fee,opex,2009,1,{low},{high}\n"
    found = problems(text)
    assert [(c, v) for _, c, v, _ in found] == bad
    assert {r for *_, r in found} <= {Reason.OUT_OF_RANGE, Reason.NOT_A_NUMBER}


def test_multipliers_at_the_bounds_are_allowed():
    text = "option,line,category,year,amount,low,high\nFlex,Fee,opex,2009,1,1,1\n"
    line = read(text).lines[0]
    assert (line.low, line.high) == (1.0, 1.0)


def test_duplicate_rows_name_both_rows_and_are_never_summed():
    text = LONG_HEADER + "Flex,Fee,opex,2009,1\nFlex,Other,opex,2009,1\n FLEX ,Fee,opex,2009,2\n"
    with pytest.raises(InputError) as caught:
        read(text)
    (problem,) = caught.value.problems
    assert (problem.row, problem.column, problem.reason) == (4, "year", Reason.DUPLICATE_ROW)
    assert "row 2" in problem.message


def test_same_line_in_different_categories_or_years_is_not_a_duplicate():
    text = LONG_HEADER + "Flex,Fee,opex,2009,1\nFlex,Fee,capex,2009,1\nFlex,Fee,opex,2010,1\n"
    assert len(read(text).lines) == 3


def test_text_cells_are_trimmed():
    text = "option,line,category,year,amount,notes\n  Flex , Fee  ,opex,2009,1,  a note \n"
    line = read(text).lines[0]
    assert (line.option, line.line, line.notes) == ("Flex", "Fee", "a note")


def test_many_bad_rows_are_all_listed_at_their_cells():
    text = (
        "option,line,category,year,amount,basis\n"  # row 1
        "Flex,Fee,opex,2009,900,\n"  # row 2: fine
        "Flex,Fee,opex,2010,twelve,\n"  # row 3
        ",Fee,opx,2011,5,\n"  # row 4: two problems
        "Flex,Fee,opex,20x0,5,\n"  # row 5
        "Flex,Kit,capex,2012,1e20,sometimes\n"  # row 6: two problems
        "\n"  # row 7: blank
        "Flex,Fee,opex,2009,1,\n"  # row 8: repeats row 2
        "Flex,Tax,opex,2013,nan,\n"  # row 9
    )
    assert problems(text) == [
        (3, "amount", "twelve", Reason.NOT_A_NUMBER),
        (4, "option", "", Reason.EMPTY_TEXT),
        (4, "category", "opx", Reason.UNKNOWN_CATEGORY),
        (5, "year", "20x0", Reason.NOT_AN_INTEGER_YEAR),
        (6, "amount", "1e20", Reason.AMOUNT_TOO_LARGE),
        (6, "basis", "sometimes", Reason.UNKNOWN_VALUE),
        (8, "year", "2009", Reason.DUPLICATE_ROW),
        (9, "amount", "nan", Reason.NOT_FINITE),
    ]


def test_wide_problems_name_the_year_header_and_repeat_once_per_cell():
    text = "option,line,category,FY2008,FY2009\nFlex,Fee,opx,x,2\n"
    assert problems(text) == [
        (2, "category", "opx", Reason.UNKNOWN_CATEGORY),
        (2, "FY2008", "x", Reason.NOT_A_NUMBER),
    ]


def test_problem_lines_read_file_row_column_message():
    with pytest.raises(InputError) as caught:
        read(LONG_HEADER + "Flex,Fee,opex,2009,abc\n")
    assert caught.value.lines() == ["costs.csv:2:amount: 'abc' is not a number"]


# ---------------------------------------------------------------- workbooks


def test_xlsx_rows_above_header_and_row_numbers(tmp_path):
    rows = [["Cost model v3"], [], ["option", "line", "category", "year", "amount"]]
    rows += [["Flex", "Fee", "opex", 2009, 10], ["Flex", "Fee", "opex", 2010.0, "lots"]]
    path = workbook(rows, tmp_path / "costs.xlsx")
    with pytest.raises(InputError) as caught:
        read_cost_file(path)
    assert [(p.row, p.column, p.value, p.reason) for p in caught.value.problems] == [
        (5, "amount", "lots", Reason.NOT_A_NUMBER)
    ]


def test_xlsx_sheet_choice_and_sheet_names(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "Notes"
    book.active.append(["Read me"])
    costs = book.create_sheet("Costs")
    for row in (["option", "line", "category", "year", "amount"], ["Flex", "Fee", "opex", 2009, 1]):
        costs.append(row)
    path = tmp_path / "two.xlsx"
    book.save(path)
    assert sheet_names(path) == ["Notes", "Costs"]
    assert sheet_names(path.read_bytes(), name="two.xlsx") == ["Notes", "Costs"]
    result = read_cost_file(path, sheet="Costs")
    assert (result.sheet, len(result.lines)) == ("Costs", 1)
    assert read_cost_file(path, sheet=" costs ").sheet == "Costs"
    assert reasons_of(path) == [Reason.MISSING_COLUMN]  # the first sheet by default, once


def test_first_of_several_sheets_is_read_with_a_note(tmp_path):
    rows = [["option", "line", "category", "year", "amount"], ["Flex", "Fee", "opex", 2009, 1]]
    result = read_cost_file(workbook(rows, tmp_path / "c.xlsx", extra=["Summary"]))
    assert result.notes == (
        "Read the first of 2 sheets, 'Costs'.",
        "No unit stated: amounts read as £.",
    )


def test_sheet_asked_of_a_csv_is_ignored_with_a_note():
    result = read(LONG_HEADER + "Flex,Fee,opex,2009,1\n", sheet="Costs")
    assert result.notes == (
        "A CSV file has no sheets: the sheet asked for was ignored.",
        "No unit stated: amounts read as £.",
    )


def test_xlsx_cells_of_the_wrong_type(tmp_path):
    rows = [["option", "line", "category", "year", "amount"]]
    rows += [["Flex", "Fee", "opex", True, 1], ["Flex", "Fee", "opex", 2010, True]]
    rows += [["Flex", "Fee", "opex", 2011, "#DIV/0!"], ["Flex", "Kit", "opex", 2011, "£1,200"]]
    path = workbook(rows, tmp_path / "t.xlsx")
    with pytest.raises(InputError) as caught:
        read_cost_file(path)
    assert [(p.row, p.column, p.value, p.reason) for p in caught.value.problems] == [
        (2, "year", "True", Reason.NOT_AN_INTEGER_YEAR),
        (3, "amount", "True", Reason.NOT_A_NUMBER),
        (4, "amount", "#DIV/0!", Reason.NOT_A_NUMBER),
    ]


def test_sheet_names_of_a_csv_is_empty():
    assert sheet_names(LONG_HEADER.encode(), name="c.csv") == []


def test_unknown_sheet_lists_the_sheets(tmp_path):
    path = workbook([["option"]], tmp_path / "c.xlsx", extra=["Summary"])
    with pytest.raises(InputError) as caught:
        read_cost_file(path, sheet="Budget")
    (problem,) = caught.value.problems
    assert problem.reason is Reason.UNKNOWN_SHEET
    assert "'Costs', 'Summary'" in problem.message


def test_formula_without_a_saved_value(tmp_path):
    """openpyxl writes formulas without cached values, as a script would."""
    rows = [["option", "line", "category", "year", "amount"], ["Flex", "Fee", "opex", 2009, 5]]
    rows.append(["Flex", "Fee", "opex", 2010, "=E2*1.1"])
    with pytest.raises(InputError) as caught:
        read_cost_file(workbook(rows, tmp_path / "f.xlsx"))
    (problem,) = caught.value.problems
    assert (problem.row, problem.column, problem.value) == (3, "amount", "=E2*1.1")
    assert problem.reason is Reason.FORMULA_WITHOUT_VALUE
    assert "save" in problem.message


def test_formula_in_an_ignored_column_is_harmless(tmp_path):
    rows = [["option", "line", "category", "year", "amount", "check"]]
    rows.append(["Flex", "Fee", "opex", 2009, 5, "=E2*2"])
    result = read_cost_file(workbook(rows, tmp_path / "f.xlsx"))
    assert [c.amount for c in result.lines] == [5.0]


def test_damaged_workbook_is_unreadable():
    assert reasons(b"PK\x03\x04 this is no workbook", name="costs.xlsx") == {Reason.UNREADABLE}
    assert reasons(b"option,line", name="costs.xlsx") == {Reason.UNREADABLE}


@pytest.mark.parametrize("name", ["costs.xls", "costs.csv"])
def test_old_xls_workbook_is_refused_with_the_fix(name):
    """Told apart by content (the OLE2 signature), whatever the file is called."""
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100
    with pytest.raises(InputError) as caught:
        read_cost_file(data, name=name)
    (problem,) = caught.value.problems
    assert problem.reason is Reason.UNREADABLE
    assert ".xlsx or CSV" in problem.message


# ---------------------------------------------------------------- scenarios


def make_scenario(**overrides) -> Scenario:
    options = (
        Option("in-house", "Keep in-house", OptionKind.IN_HOUSE),
        Option("flex", "Public Sector Flex", OptionKind.FRAMEWORK),
    )
    costs = (
        CostLine("in-house", "Staff", Category.OPEX, 2008, 100.0),
        CostLine("flex", "Fee", Category.OPEX, 2008, 80.0),
        CostLine("flex", "Transition", Category.TRANSITION, 2008, 30.0),
    )
    fields = {"name": "s", "base_year": 2008, "options": options, "costs": costs} | overrides
    return Scenario(**fields)


def test_merge_replaces_only_the_named_options_and_adds_new_ones():
    file = read(LONG_HEADER + " FLEX ,Fee,opex,2009,70\nNew Co Ltd,Service,opex,2009,60\n")
    merged, notes = merge_costs(make_scenario(), file)
    assert [(o.id, o.name, o.kind) for o in merged.options] == [
        ("in-house", "Keep in-house", OptionKind.IN_HOUSE),
        ("flex", "Public Sector Flex", OptionKind.FRAMEWORK),
        ("new-co-ltd", "New Co Ltd", OptionKind.ALTERNATIVE),
    ]
    assert [(c.option, c.line, c.year, c.amount) for c in merged.costs] == [
        ("in-house", "Staff", 2008, 100.0),
        ("flex", "Fee", 2009, 70.0),
        ("new-co-ltd", "Service", 2009, 60.0),
    ]
    assert "Added option 'New Co Ltd' (alternative, default settings) from costs.csv." in notes


def test_merge_matches_option_names_ignoring_case():
    file = read(LONG_HEADER + "public sector flex,Fee,opex,2010,1\n")
    merged, notes = merge_costs(make_scenario(), file)
    assert len(merged.options) == 2
    assert [c.option for c in merged.costs] == ["in-house", "flex"]
    assert notes[0] == "Replaced the cost lines of 'Public Sector Flex' with 1 from costs.csv."
    assert notes[1].startswith(
        "The options now cover different periods (in-house 2008-2008; flex 2010-2010)"
    )


def test_merge_checks_years_against_the_scenario_base_year():
    file = read(LONG_HEADER + "flex,Fee,opex,2009,1\nflex,Fee,opex,2007,1\n")
    with pytest.raises(InputError) as caught:
        merge_costs(make_scenario(), file)
    assert [(p.row, p.column, p.value, p.reason) for p in caught.value.problems] == [
        (3, "year", "2007", Reason.YEAR_BEFORE_BASE)
    ]


def test_merge_refuses_rows_that_meet_once_id_and_name_resolve():
    file = read(LONG_HEADER + "flex,Fee,opex,2009,1\nPublic Sector Flex,Fee,opex,2009,2\n")
    with pytest.raises(InputError) as caught:
        merge_costs(make_scenario(), file)
    assert [(p.row, p.reason) for p in caught.value.problems] == [(3, Reason.DUPLICATE_ROW)]


def test_merge_gives_new_options_zero_concern_scores_and_revalidates():
    concern = Concern("data", "Patriot Act", "PCS", 1.0, (("flex", 40.0), ("in-house", 90.0)))
    merged, notes = merge_costs(
        make_scenario(concerns=(concern,)), read(LONG_HEADER + "Mutual,Fee,opex,2009,1\n")
    )
    assert merged.concerns[0].scores_map == {"in-house": 90.0, "flex": 40.0, "mutual": 0.0}
    assert any("score 0 on every concern" in n for n in notes)


def test_merge_drops_risk_links_and_what_ifs_that_name_replaced_lines():
    """Flex's Transition line is replaced by the file's Fee line: the risk keeps its link to
    Fee and loses the one to Transition; the what-if that sets Transition is dropped, the one
    that sets the in-house option's untouched Staff line stays; each drop is noted."""
    risk = Risk("flex", "Overrun", 0.5, 1.0, 2.0, 3.0, (2008,), lines=("Fee", "Transition"))
    transition = ("flex", "Transition", Category.TRANSITION)
    staff = ("in-house", "Staff", Category.OPEX)
    what_ifs = (
        WhatIf("Dearer transition", "", (Change(line=transition, set=((2008, 60.0),)),)),
        WhatIf("Dearer staff", "", (Change(line=staff, set=((2008, 120.0),)),)),
    )
    merged, notes = merge_costs(
        make_scenario(risks=(risk,), what_ifs=what_ifs),
        read(LONG_HEADER + "flex,Fee,opex,2008,9\n"),
    )
    assert merged.risks[0].lines == ("Fee",)
    assert [w.name for w in merged.what_ifs] == ["Dearer staff"]
    assert "Risk 'Overrun' of 'flex' no longer names 'Transition': costs.csv replaced its " \
        "option's cost lines." in notes  # fmt: skip
    assert any(n.startswith("Dropped what-if 'Dearer transition': ") for n in notes)


def test_new_option_ids_do_not_collide():
    """ "New Co" folds to the existing "new-co", so the user must say new for it to be a new
    option; its id then takes the next free slug."""
    scenario = make_scenario(
        options=(Option("new-co", "Old name", OptionKind.ALTERNATIVE),), costs=()
    )
    file = read(LONG_HEADER + "New Co,Fee,opex,2009,1\n")
    merged, _ = merge_costs(scenario, file)
    assert merged.option_ids == ("new-co",)  # the same name, folded
    merged, _ = merge_costs(scenario, file, {"New Co": "new"})
    assert merged.option_ids == ("new-co", "new-co-2")


@pytest.mark.parametrize(
    "name", ["In-house", "in house", "INHOUSE", "BAU", "Business as usual", " bau "]
)
def test_scenario_from_costs_detects_business_as_usual(name):
    text = LONG_HEADER + f"Flex,Fee,opex,2010,1\n{name},Staff,opex,2009,2\n"
    scenario = scenario_from_costs(read(text))
    assert [(o.id, o.kind) for o in scenario.options] == [
        ("Flex", OptionKind.ALTERNATIVE),
        (name.strip(), OptionKind.IN_HOUSE),
    ]
    assert scenario.counterfactual == name.strip()


def test_scenario_from_costs_defaults():
    scenario = scenario_from_costs(
        read(LONG_HEADER + "Flex,Fee,opex,2010,1\nflex,Fee,opex,2011,1\n")
    )
    assert (scenario.name, scenario.base_year, scenario.price_base) == ("costs.csv", 2010, 2010)
    assert scenario.option_ids == ("Flex",)
    assert {c.option for c in scenario.costs} == {"Flex"}
    assert scenario.discounting == "green-book"
    assert (scenario.risks, scenario.concerns) == ((), ())
    assert all(o.project_type is None and o.carbon_tco2e == () for o in scenario.options)


def test_scenario_from_costs_refuses_a_horizon_beyond_1000_years():
    text = LONG_HEADER + "Flex,Fee,opex,2008,1\nFlex,Fee,opex,3009,1\n"
    with pytest.raises(InputError) as caught:
        scenario_from_costs(read(text))
    assert [(p.row, p.reason) for p in caught.value.problems] == [(3, Reason.YEAR_OUT_OF_RANGE)]


@pytest.mark.parametrize(
    ("cell", "flag"), [("", True), ("no", False), ("FALSE", False), ("yes", True), ("0", False)]
)
def test_optimism_bias_column(cell, flag):
    text = "option,line,category,year,amount,optimism_bias\n" + f"Flex,Fee,opex,2009,1,{cell}\n"
    assert read(text).lines[0].optimism_bias is flag


def test_optimism_bias_column_rejects_other_words():
    with pytest.raises(InputError) as excinfo:
        read("option,line,category,year,amount,optimism_bias\nFlex,Fee,opex,2009,1,maybe\n")
    (problem,) = excinfo.value.problems
    assert (problem.row, problem.column, problem.value) == (2, "optimism_bias", "maybe")


def test_a_repeated_column_names_both_and_every_other_problem_is_listed():
    """'Amount' (column F) repeats 'amount' (column E): the first is read meanwhile, so
    row 2's bad category and row 3's bad year are listed in the same pass."""
    text = (
        "option,line,category,year,amount,Amount\nFlex,Fee,opx,2009,1,2\nFlex,Fee,opex,20x9,1,2\n"
    )
    with pytest.raises(InputError) as caught:
        read(text)
    assert [(p.row, p.column, p.reason) for p in caught.value.problems] == [
        (1, "Amount", Reason.DUPLICATE_COLUMN),
        (2, "category", Reason.UNKNOWN_CATEGORY),
        (3, "year", Reason.NOT_AN_INTEGER_YEAR),
    ]
    assert "'Amount' (column F) repeats 'amount' (column E)" in caught.value.problems[0].message


def test_settings_of_follows_per_line():
    from options.cost_rules import PER_LINE, settings_of

    line = CostLine("A", "Fee", Category.OPEX, 2009, 1.0, low=0.9, high=1.5, price_year=2008)
    assert settings_of(line) == tuple(getattr(line, k) for k in PER_LINE)


@pytest.mark.parametrize("cell", ["£ -", " £-   ", "n.a."])
def test_accounting_zero_and_n_a_with_points_are_zero(cell):
    assert one_amount(cell) == 0.0


@pytest.mark.parametrize(("cell", "letter"), [("1.2m", "m"), ("1,240k", "k"), ("£3bn", "bn")])
def test_a_unit_letter_in_an_amount_says_so(cell, letter):
    text = LONG_HEADER + f'Flex,Fee,opex,2009,"{cell}"\n'
    with pytest.raises(InputError) as caught:
        read(text)
    assert f"has a unit letter ({letter})" in caught.value.problems[0].message
