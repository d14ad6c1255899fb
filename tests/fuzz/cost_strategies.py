"""Hypothesis strategies for malformed cost files: tables of cells, then CSV bytes or XLSX.

A table starts from something close to a real cost file (long or wide, the real
headers and their synonyms) and is then damaged the ways spreadsheets exported from
other systems are: random, shuffled and repeated headers, cells of the wrong type,
huge, tiny and non-finite numbers, text where numbers go, empty and ragged rows,
title rows above the header. CSV bytes get a delimiter, quoting, line endings and
an encoding (some of them wrong); an XLSX gets typed cells, merged title rows,
formulas and percent formats.
"""

from __future__ import annotations

import csv
import io
import math
from datetime import date, datetime

import pandas as pd
from hypothesis import strategies as st
from openpyxl import Workbook

HEADERS = (
    "option", "line", "category", "year", "amount", "low", "high", "basis", "notes",
    "source", "module", "optimism_bias", "unit", "Option name", "Cost line", "FY", "Value",
    "Amount (£k)", "Cost £m", "Description", "Scenario",
)  # fmt: skip
YEAR_STYLES = ("{y}", "{y}-{z:02d}", "FY{y}", "{y}/{z:02d}")
YEARS_AS_HEADERS = ("2008", "2009", "2008-09", "2009/10", "FY2010", "FY11", "2011-12", "20XX")
OPTIONS = ("Flex", "In-house", "in house", "BAU", "Do minimum", "Alt supplier", "")
LINES = ("Fee", "Staff", "Licences", "Total", "Subtotal", "Grand total", "", "Transition")
CATEGORIES = ("opex", "capex", "transition", "exit", "benefit", "residual", "Capital",
              "revenue", "RDEL", "Capitl", "", "OPEX ")  # fmt: skip
NUMBER_TEXT = (
    "1,200", "£1,200", "(500)", "1.200,50", "1 200", "-", "n/a", "nil", "NaN", "nan", "inf",
    "-inf", "Infinity", "1e308", "1e309", "-1e309", "1e-320", "0x1F", "10%", "12k", "£3m",
    "1,2,3", "..", "1e", "+", "—", "٣", "１２", "1_000", "9" * 400, "9" * 5000,
    "0." + "0" * 300 + "1",
)  # fmt: skip


def _floats() -> st.SearchStrategy[float]:
    return st.one_of(
        st.floats(allow_nan=True, allow_infinity=True),
        st.sampled_from([0.0, -0.0, 1e308, -1e308, 5e-324, 1e15, 1e16, 123456789.123]),
        st.floats(min_value=-1e7, max_value=1e7),
    )


def number_cells() -> st.SearchStrategy[object]:
    """What stands where an amount or a year should: numbers, near-numbers, junk."""
    return st.one_of(
        st.integers(min_value=-(10**20), max_value=10**20),
        st.integers(min_value=1990, max_value=2100),
        _floats(),
        st.sampled_from(NUMBER_TEXT),
        st.text(max_size=12),
    )


def cells() -> st.SearchStrategy[object]:
    """Any cell: the words of a cost file, numbers, dates, booleans, blanks, any text."""
    return st.one_of(
        st.sampled_from(OPTIONS + LINES + CATEGORIES + HEADERS + YEARS_AS_HEADERS),
        number_cells(),
        st.none(),
        st.just(""),
        st.booleans(),
        st.dates(min_value=date(1900, 1, 2), max_value=date(2200, 1, 1)),
        st.text(st.characters(codec="utf-8"), max_size=30),
    )


def _often(draw: st.DrawFn, odd: st.SearchStrategy[object], usual: st.SearchStrategy[object],
           one_in: int = 4) -> object:  # fmt: skip
    """A usual value, or (one time in ``one_in``) an odd one."""
    return draw(odd) if draw(st.integers(1, one_in)) == 1 else draw(usual)


AMOUNTS = st.integers(-1000, 10**7) | st.floats(0, 1e7) | st.sampled_from(["£1,200", "(500)"])
EXTRA = ("low", "high", "basis", "notes", "source", "module", "optimism_bias", "unit")


@st.composite
def tables(draw: st.DrawFn) -> list[list[object]]:
    """Rows of cells: title rows, a (damaged) header, data rows (damaged), blank rows.

    Each kind of damage is drawn on its own, so that many tables have little or none
    and reach the later checks (cells, rules, subtotals), not only the header's.
    """
    wide = draw(st.booleans())
    if wide:
        header: list[object] = ["option", "line", "category"]
        first, style = draw(st.integers(2005, 2015)), draw(st.sampled_from(YEAR_STYLES))
        years = range(first, first + draw(st.integers(1, 5)))
        header += [style.format(y=y, z=(y + 1) % 100) for y in years]
        if draw(st.integers(0, 5)) == 0:  # a year header that repeats one, or is no year
            header.append(draw(st.sampled_from(YEARS_AS_HEADERS)))
    else:
        header = ["option", "line", "category", "year", "amount"]
        header += draw(st.lists(st.sampled_from(EXTRA), max_size=3, unique=True))
    if draw(st.integers(0, 2)) == 0:
        header = draw(st.permutations(header))
    if draw(st.integers(0, 7)) == 0:  # a duplicated column
        header.append(draw(st.sampled_from(header)))
    if draw(st.integers(0, 7)) == 0:  # a random header cell
        header[draw(st.integers(0, len(header) - 1))] = draw(cells())
    named = [str(h) for h in header]
    odd = draw(st.sampled_from([0, 0, 8, 30]))  # one cell in ``odd`` is odd; 0: none is
    rows: list[list[object]] = []
    for _ in range(draw(st.integers(0, 2))):  # title rows above the header
        rows.append([draw(st.text(max_size=40))] + [None] * draw(st.integers(0, 3)))
    rows.append(header)
    for _ in range(draw(st.integers(0, 12))):
        kind = draw(st.integers(0, 11 if odd else 40))
        if kind == 0:
            rows.append([])  # an empty row
            continue
        usual = {
            "option": st.sampled_from(OPTIONS[:4]),
            "line": st.sampled_from(LINES[:3]),
            "category": st.sampled_from(CATEGORIES[:3]),
            "year": st.integers(2000, 2040),
            "amount": AMOUNTS,
            "low": st.sampled_from([0.9, 1, None]),
            "high": st.sampled_from([1.1, 1.5, None]),
        }
        row = [
            _often(draw, cells() if name in usual else number_cells(),
                   usual.get(name, AMOUNTS if name[:1].isdigit() or name[:2] == "FY" else
                             st.sampled_from(["", "real", "note"])), odd) if odd else
            draw(usual.get(name, AMOUNTS if name[:1].isdigit() or name[:2] == "FY" else
                           st.sampled_from(["", "real"])))
            for name in named
        ]  # fmt: skip
        if kind == 1:  # a ragged row: too short or too long
            cut = draw(st.integers(0, len(row) + 3))
            row = row[:cut] + [draw(cells()) for _ in range(max(0, cut - len(row)))]
        elif kind == 2:  # a random cell
            row[draw(st.integers(0, len(row) - 1))] = draw(cells())
        rows.append(row)
    return rows


def _as_text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and not math.isfinite(cell):
        return str(cell)
    return str(cell)


@st.composite
def csv_files(draw: st.DrawFn) -> tuple[bytes, str]:
    """A table written as CSV bytes, with a name; some bytes mangled."""
    rows = draw(tables())
    delimiter = draw(st.sampled_from([",", ",", ",", ";", ";", "\t", "|"]))
    quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC]))
    ending = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, quoting=quoting, lineterminator=ending)
    writer.writerows([[_as_text(c) for c in row] for row in rows])
    text = out.getvalue()
    if draw(st.integers(0, 9)) == 0:  # an unbalanced quote
        at = draw(st.integers(0, len(text)))
        text = text[:at] + '"' + text[at:]
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16", "latin-1"]))
    data = text.encode(encoding, errors="replace")
    if draw(st.integers(0, 9)) == 0:  # junk bytes spliced in
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(max_size=20)) + data[at:]
    suffix = draw(st.sampled_from([".csv", ".txt", ".tsv", ".xlsx", ""]))
    return data, f"fuzz{suffix}"


def _xlsx_value(cell: object) -> object:
    """A cell openpyxl can write: text for what it cannot (or would refuse)."""
    if isinstance(cell, str):
        # control characters are illegal in XLSX text; openpyxl refuses them
        return "".join(c for c in cell if c >= " " or c in "\t\n")[:1000]
    if isinstance(cell, int) and not isinstance(cell, bool) and abs(cell) > 2**53:
        return float(cell)
    if isinstance(cell, date) and not isinstance(cell, datetime):
        return datetime(cell.year, cell.month, cell.day)
    return cell


@st.composite
def xlsx_files(draw: st.DrawFn) -> tuple[bytes, str]:
    """A table written as an XLSX workbook: merged title rows, formulas, percent formats,
    a second sheet; sometimes truncated."""
    rows = draw(tables())
    width = max((len(r) for r in rows), default=1)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = draw(st.sampled_from(["Sheet1", "Costs", "costs 2024", "Données"]))
    for r, row in enumerate(rows, start=1):
        for c, cell in enumerate(row, start=1):
            value = _xlsx_value(cell)
            if value is not None and value != "":
                sheet.cell(r, c, value)  # type: ignore[arg-type]
    for _ in range(draw(st.integers(0, 2))):  # formulas, saved without their values
        formula = draw(st.sampled_from(["=A1*2", "=SUM(E2:E4)", "=1/0", "=", "=NOW()"]))
        sheet.cell(draw(st.integers(1, len(rows) + 1)), draw(st.integers(1, width)), formula)
    if draw(st.booleans()):  # a percent format on some cells
        for r in range(1, len(rows) + 2):
            sheet.cell(r, draw(st.integers(1, width))).number_format = "0.0%"
    for _ in range(draw(st.integers(0, 3))):  # merged ranges: title rows or data cells
        top = draw(st.integers(1, len(rows) + 1))
        left = draw(st.integers(1, width))
        sheet.merge_cells(
            start_row=top,
            start_column=left,
            end_row=top + draw(st.integers(0, 3)),
            end_column=left + draw(st.integers(0, 3)),
        )
    if draw(st.integers(0, 3)) == 0:
        other = book.create_sheet(draw(st.sampled_from(["Notes", "Sheet2", "Costs"])))
        other.append(["option", "line", "category", "year", "amount"])
    out = io.BytesIO()
    book.save(out)
    data = out.getvalue()
    if draw(st.integers(0, 6)) == 0:  # a truncated or damaged download
        # a fraction of the length, not a position: the zip's timestamps vary its length
        at = len(data) * draw(st.integers(0, 1000)) // 1000
        data = data[:at] + draw(st.binary(max_size=8)) + data[at + draw(st.integers(0, 64)) :]
    return data, draw(st.sampled_from(["fuzz.xlsx", "fuzz.xlsm", "fuzz.csv", "fuzz"]))


@st.composite
def edited_tables(draw: st.DrawFn) -> pd.DataFrame:
    """A table as the Data page's editor gives it: a header of text, cells of any type
    (numbers, text, None, NaN), every row as wide as the header."""
    rows = draw(tables())
    header = next((r for r in rows if len(r) >= 3), ["option", "line", "category"])
    width = len(header)
    data = [(list(r) + [None] * width)[:width] for r in rows[rows.index(header) + 1 :]]
    columns = [str(h) for h in header]
    return pd.DataFrame(data, columns=columns, dtype=object)
