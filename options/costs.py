"""Cost files: CSV or XLSX, long or wide, read into validated cost lines.

A cost file lists, for each option, named lines of cost (or benefit) by calendar
year (DESIGN "Contracts": *Cost file* and *Contract details*). Reading runs in
three passes, each collecting every problem before it stops:

1. the file (:mod:`options.files`): size, encoding and delimiter, or sheet,
   giving rows of cells numbered as a spreadsheet shows them;
2. the header (:mod:`options.header`): the first row naming ``option``, ``line``
   and ``category``, and the layout (long: ``year`` and ``amount``; wide: one
   column per year);
3. the cells (:mod:`options.cell_values`, :mod:`options.cells`): tolerant parsing
   (``£1,200``, ``(500)``, ``1.200,50``) into a tidy frame, a pandera schema
   validated lazily for the per-cell rules, then duplicate rows. Every failure
   names the user's row, column header and value.

Nothing is half-loaded: any problem raises one :class:`~options.errors.InputError`.
This module runs the passes; it also gives :func:`sheet_names`, and
:func:`merge_costs` and :func:`scenario_from_costs` (:mod:`options.merge`), which
turn the lines read into a scenario.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from options.cell_values import Row, _amount, _Bad, _text
from options.cells import _Cells, _check_cells, _lines, _tidy
from options.cost_file import FRAME_COLUMNS, CostFile
from options.cost_rules import MAX_AMOUNT
from options.deadline import Deadline
from options.errors import Collector, InputError, Problem, Reason, grouped, row_ranges
from options.files import (
    MAX_BYTES,
    MAX_ROWS,
    _file_error,
    _keep,
    _load,
    _read_rows,
    sheet_names,
)
from options.header import (
    HEADER_SEARCH,
    OPTIONAL,
    REQUIRED,
    _find_header,
    _Header,
    _missing,
    _read_header,
    header_dates,
    unread_years,
)
from options.merge import merge_costs, scenario_from_costs
from options.plausibility import outliers
from options.subtotals import find_subtotals, looks_like_total
from options.synonyms import Unit, unit_of
from options.years import END, column_dates, convention_of, stray_years

__all__ = [
    "FRAME_COLUMNS",
    "HEADER_SEARCH",
    "MAX_AMOUNT",
    "MAX_BYTES",
    "MAX_ROWS",
    "OPTIONAL",
    "REQUIRED",
    "CostFile",
    "merge_costs",
    "read_cost_file",
    "read_cost_table",
    "scenario_from_costs",
    "sheet_names",
]


def read_cost_file(
    source: str | Path | bytes,
    *,
    name: str | None = None,
    sheet: str | None = None,
    base_year: int | None = None,
    unit: str | None = None,
    year_convention: str | None = None,
) -> CostFile:
    """Read and validate a cost file: CSV or XLSX, long or wide layout.

    Parameters
    ----------
    source : str, Path or bytes
        A path, or the file's bytes (an upload; give ``name`` for messages).
    name : str, optional
        Display name in messages; default the path's name, ``"upload"`` for bytes.
    sheet : str, optional
        XLSX sheet to read, default the first; ignored for CSV.
    base_year : int, optional
        When given, every year must run from it to ``base_year + 1000``.
    unit : str, optional
        The unit of the amounts (``£``, ``£k``, ``£m``, or ``k``, ``m``) when the file
        does not say, or to confirm what it says; a different statement is an error.
    year_convention : {"start", "end"}, optional
        Whether the file's year dates mark the start or the end of their years, when
        they are not all one or the other (a file of only year ends is read as such).

    Returns
    -------
    CostFile
        Lines in file order (row by row, years left to right), amounts in £, with
        plain-English notes and the warnings a user must see.

    Raises
    ------
    InputError
        Every problem, each at its spreadsheet row, column header and value as written.

    Examples
    --------
    >>> text = 'option,line,category,year,amount\\nFlex,Fee,opex,2009,"£1,200"'.encode()
    >>> read_cost_file(text, name="costs.csv").lines[0].amount
    1200.0
    """
    data, file, suffix = _load(source, name)
    deadline = Deadline(file)
    given = _given_unit(unit, file)
    read = _read_rows(data, file, suffix, sheet)
    deadline.check()
    try:
        frame, cells = _parse(
            read.rows,
            Collector(file),
            read.decimal_comma,
            read.text_file,
            base_year,
            given,
            year_convention,
            deadline,
        )
    except InputError as error:
        raise read.explained(error) from None  # merged cells, where there are any, said
    read.raise_unfilled()
    return _result(file, read.sheet, frame, cells, list(read.notes), read.hidden)


def _result(
    file: str,
    sheet: str | None,
    frame: pd.DataFrame,
    cells: _Cells,
    notes: list[str],
    hidden: tuple[int, ...] = (),
) -> CostFile:
    """The CostFile of a parse: its lines, notes, warnings and unit (``hidden``: rows
    hidden in the workbook, each read rows warned about: it counts)."""
    label = cells.h.unit.label if cells.h.unit else None
    where = cells.where_lines(frame)
    read = set(frame["_row"].tolist())
    for row in (r for r in hidden if r in read):
        message = ("is hidden in the workbook but was read like any other row: delete it "
                   "if its figures are superseded")  # fmt: skip
        cells.warn.add(Reason.HIDDEN_ROW, message, row=row)
    stray = stray_years(frame["year"])
    shown: set[tuple[int, str]] = set()
    for index, year in enumerate(frame["year"].tolist()):
        if year in stray and (cell := where.year(index, year))[:2] not in shown:
            shown.add(cell[:2])
            row, column, value = cell
            cells.warn.add(Reason.STRAY_YEAR, stray[year], row=row, column=column, value=value)
    lines = cells.lines if cells.lines is not None else _lines(frame)
    if cells.h.layout == "wide" and (gap := _missing_years(cells.h.years.values())):
        message = (f"the year columns skip {row_ranges(gap)}: check the headers (a date "
                   "read as the wrong year, or a year left out)")  # fmt: skip
        cells.warn.add(Reason.YEAR_GAP, message, row=cells.h.row)
    for index, why in outliers(lines):
        row, column, value = where.cell(index, lines[index], "amount")
        cells.warn.add(Reason.OUTLIER, why, row=row, column=column, value=value)
    return CostFile(
        file,
        cells.h.layout,
        lines,
        tuple(notes + list(cells.h.notes) + cells.notes),
        sheet,
        where,
        grouped(cells.warn.problems),
        label,
        tuple(sorted(stray)),
    )


def _missing_years(years: Iterable[int]) -> list[int]:
    """The years between a wide file's first and last year columns that it lacks.

    >>> _missing_years([2007, 2009, 2010]), _missing_years([2008, 2009])
    ([2008], [])
    """
    found = set(years)
    return sorted(set(range(min(found), max(found) + 1)) - found) if found else []


def _given_unit(unit: str | None, file: str) -> Unit | None:
    """The unit a caller gave, or an InputError naming what it is not."""
    if unit is None:
        return None
    if (found := unit_of(unit)) is None:
        message = f"'{unit}' is not a unit: use £, £k or £m (or k, m)"
        raise InputError([Problem("--unit", None, None, unit, Reason.UNKNOWN_UNIT, message)])
    return found


def read_cost_table(
    table: pd.DataFrame, *, name: str = "cost table", base_year: int | None = None
) -> CostFile:
    """Validate a table of cost lines (the dashboard's editor) by the rules of a long file.

    Rows are numbered as a file of the same table would be: the header is row 1,
    the table's first row is row 2. Blank cells (None, NaN, "") are blank.

    >>> t = pd.DataFrame({"option": ["Flex"], "line": ["Fee"], "category": ["opex"],
    ...                   "year": [2009], "amount": [900.0]})
    >>> read_cost_table(t).lines[0].amount
    900.0
    """
    cells = [["" if _is_missing(v) else v for v in row] for row in table.itertuples(index=False)]
    rows = _keep([[str(c) for c in table.columns], *cells])
    frame, parsed = _parse(rows, Collector(name), False, False, base_year)
    return _result(name, None, frame, parsed, [])


def _is_missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _check_unread_years(
    header: _Header, data: list[Row], decimal_comma: bool, out: Collector
) -> None:
    """A wide column whose header looks like a year this reader does not know, and
    that holds amounts, is an error at its header: its money would silently vanish."""
    for i, title in unread_years(header).items():
        if any(_holds_amount(cells[i] if i < len(cells) else None, decimal_comma)
               for _, cells in data):  # fmt: skip
            message = (
                f"'{title}' looks like a year and its column holds amounts, but it is not a "
                "year this file can be read by: write it as 2014-15, 2014 or FY2014, or "
                "delete the column if its amounts are not the option's costs"
            )
            out.add(Reason.BAD_YEAR_HEADER, message, row=header.row, column=title, value=title)


def _holds_amount(cell: object, decimal_comma: bool) -> bool:
    try:
        return bool(_amount(cell, decimal_comma))
    except _Bad:
        return False


def _convention(
    header_row: Row, header: _Header, data: list[Row], file: str, given: str | None
) -> tuple[str, str | None]:
    """Whether the file's year dates mark starts or ends of years (:mod:`options.years`)."""
    if header.layout == "long":
        i = header.fields["year"]
        dates = column_dates(cells[i] for _, cells in data if i < len(cells))
    else:
        dates = header_dates(header_row, "wide")
    try:
        return convention_of(dates, given)
    except ValueError as exc:
        raise _file_error(file, Reason.YEAR_CONVENTION, str(exc)) from None


def _without_subtotals(
    data: list[Row], header: _Header, decimal_comma: bool, cells: _Cells
) -> list[Row]:
    """The data rows less the subtotal and total rows. One named like a total is left
    out with a note; one that is not (a real line may happen to equal the two above it)
    is left out with a warning naming it, for the user to see; a row named like a total
    that does not add up is kept, with a warning."""
    totals = [looks_like_total(values, header) for _, values in data]  # once per row
    found = find_subtotals(data, header, decimal_comma, totals)
    line = header.titles[header.fields["line"]]
    named = [i for i in found if totals[i]]
    if named:
        rows = [data[i][0] for i in sorted(named)]
        cells.notes.append(
            f"Left out {len(rows)} subtotal or total row(s), each the sum of the rows "
            f"above it (never added in): row(s) {row_ranges(rows, limit=20)}."
        )
    for i in sorted(set(found) - set(named)):
        row, values = data[i]
        name = _text(values[header.fields["line"]]) if header.fields["line"] < len(values) else ""
        message = (
            f"'{name}' equals the sum of rows {data[found[i]][0]}–{row - 1} above it, so it "
            "was left out as a subtotal: if it is a cost of its own, move it above those rows"
        )
        cells.warn.add(Reason.SUBTOTAL, message, row=row, column=line, value=name)
    for i, (row, _) in enumerate(data):
        if i not in found and totals[i]:
            message = ("is named like a total but is not the sum of the rows above it, so it "
                       "is kept as a line of its own: check it is not a subtotal")  # fmt: skip
            cells.warn.add(Reason.SUBTOTAL, message, row=row, column=line)
    return [r for i, r in enumerate(data) if i not in found]


# Header problems past which the rows are still read (the first of two repeated columns,
# the other year columns), so that every problem of the file is listed at once.
_READ_ON = frozenset({Reason.DUPLICATE_COLUMN, Reason.BAD_YEAR_HEADER})


def _parse(
    rows: list[Row],
    out: Collector,
    decimal_comma: bool,
    text_file: bool,
    base: int | None,
    unit: Unit | None = None,
    year_convention: str | None = None,
    deadline: Deadline | None = None,
) -> tuple[pd.DataFrame, _Cells]:
    """Header, cells, schema, duplicates; raise every problem found, else the frame
    (or, past the ``deadline``, that the file took too long)."""
    clock = deadline or Deadline(out.file)
    if not rows:
        raise _file_error(out.file, Reason.EMPTY_FILE, "is empty")
    if (position := _find_header(rows)) is None:
        raise _missing(rows, out.file)
    header = _read_header(rows, position, out, unit)
    if any(p.reason not in _READ_ON for p in out.problems):
        out.raise_if_any()
    if len(data := rows[position + 1 :]) > MAX_ROWS:
        message = f"has more than {MAX_ROWS:,} data rows: split it into smaller files"
        raise _file_error(out.file, Reason.TOO_MANY_ROWS, message)
    if not data:
        raise _file_error(out.file, Reason.EMPTY_FILE, f"has a header (row {header.row}), no rows")
    convention, note = _convention(rows[position], header, data, out.file, year_convention)
    if convention == END and header.layout == "wide":
        header = _read_header(rows, position, out, unit, END)
    _check_unread_years(header, data, decimal_comma, out)
    cells = _Cells(header, decimal_comma, text_file, out, convention=convention)
    cells.notes += [note] if note else []
    data = _without_subtotals(data, header, decimal_comma, cells)
    for n, (row, values) in enumerate(data):
        if n % 5000 == 0:
            clock.check()
        cells.add(row, values)
    clock.check()
    frame = cells.frame()
    if frame.empty and not out:
        raise _file_error(out.file, Reason.EMPTY_FILE, "has rows but no amounts")
    if not frame.empty:
        clock.check()
        _check_cells(cells, frame, base)
    clock.check()
    out.problems[:] = _tidy(out.problems, {t: i for i, t in header.titles.items()})
    out.raise_if_any()
    return frame, cells
