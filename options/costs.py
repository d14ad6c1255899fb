"""Cost files: CSV or XLSX, long or wide, read into validated cost lines.

A cost file lists, for each option, named lines of cost (or benefit) by calendar
year (DESIGN "Contracts": *Cost file* and *Contract details*). Reading runs in
three passes, each collecting every problem before it stops:

1. the file: size, encoding and delimiter, or sheet, giving rows of cells
   numbered as a spreadsheet shows them;
2. the header: the first row naming ``option``, ``line`` and ``category``, and
   the layout (long: ``year`` and ``amount``; wide: one column per year);
3. the cells: tolerant parsing (``£1,200``, ``(500)``, ``1.200,50``) into a tidy
   frame, a pandera schema validated lazily for the per-cell rules, then
   duplicate rows. Every failure names the user's row, column header and value.

Nothing is half-loaded: any problem raises one :class:`~options.errors.InputError`.
"""

from __future__ import annotations

import csv
import io
import math
import re
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import partial
from itertools import zip_longest
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pandera.pandas as pa

from options.cost_rules import MAX_AMOUNT, MAX_MULTIPLIER, Written, horizon, report_repeats
from options.errors import Collector, InputError, Problem, Reason
from options.model import Basis, Category, CostLine, Option, OptionKind, Scenario
from options.scenario_file import scenario_from_dict, scenario_to_dict
from options.text import fold, fold_case

MAX_BYTES = 20 * 1024 * 1024  # 20 MiB, checked before parsing
MAX_ROWS = 200_000  # data rows below the header
HEADER_SEARCH = 50  # the header is looked for among the first 50 non-blank rows
REQUIRED = ("option", "line", "category")
OPTIONAL = ("basis", "notes", "source", "module", "low", "high", "optimism_bias")
FRAME_COLUMNS: tuple[str, ...] = ("option", "line", "category", "year", "amount", "basis")
FRAME_COLUMNS += ("module", "low", "high", "notes", "source", "optimism_bias")
_TEXT = ("option", "line", "category", "basis", "module", "notes", "source", "optimism_bias")
_FLAGS = {
    "": True,
    "true": True,
    "yes": True,
    "y": True,
    "1": True,
    "false": False,
    "no": False,
    "n": False,
    "0": False,
}
_KNOWN = frozenset((*REQUIRED, "year", "amount", *OPTIONAL))
_CATEGORIES = Category.values()
_IN_HOUSE = frozenset({"inhouse", "bau", "businessasusual"})
_ZIP, _OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_FY = re.compile(r"(?:FY\s*)?(\d{4})\s*[-/–]\s*(\d{2}|\d{4})", re.I)
_DATE = re.compile(r"(\d{4})-\d{1,2}-\d{1,2}(?:[ T].*)?|\d{1,2}[/.]\d{1,2}[/.](\d{4})")
_PLAIN = re.compile(r"(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?", re.I)
_NO_VALUE = "is a formula saved without its value: open the workbook in Excel, save it, try again"
Row = tuple[int, tuple[object, ...]]  # (spreadsheet row, cells)


@dataclass(frozen=True, slots=True)
class _Where:
    """Where the lines of a cost file were written, for problems found after reading."""

    rows: np.ndarray  # spreadsheet row of each line
    header: int  # the header's row
    column: str  # long: the year column's header
    titles: dict[int, str]  # wide: year -> its column's header

    def year(self, index: int, year: int) -> tuple[int, str, str]:
        """Row, column header and value of line ``index``'s year (wide: the header)."""
        if self.titles:
            return self.header, self.titles[year], self.titles[year]
        return int(self.rows[index]), self.column, str(year)


@dataclass(frozen=True, slots=True)
class CostFile:
    """A cost file read and validated; ``CostLine.option`` is the text as written.

    ``_where`` keeps each line's row and year cell, so that later checks
    (:func:`merge_costs`) still point at the cells.
    """

    file: str
    layout: str
    lines: tuple[CostLine, ...]
    notes: tuple[str, ...]
    sheet: str | None
    _where: _Where | None = field(default=None, repr=False, compare=False)

    def frame(self) -> pd.DataFrame:
        """Tidy long view: one row per line and year, category and basis as text."""
        data = {k: [getattr(c, k) for c in self.lines] for k in FRAME_COLUMNS}
        data["category"] = [c.category.value for c in self.lines]
        data["basis"] = [c.basis.value for c in self.lines]
        types = {"year": "int64", "amount": "float64", "low": "float64", "high": "float64"}
        return pd.DataFrame(data, columns=list(FRAME_COLUMNS)).astype(types)


@dataclass(frozen=True, slots=True)
class _Formula:
    """A formula cell that the workbook was saved without the value of."""

    text: str


class _Bad(Exception):
    """One cell that cannot be parsed; it becomes a :class:`Problem`."""

    def __init__(self, reason: Reason, message: str):
        super().__init__(message)
        self.reason, self.message = reason, message


@dataclass(frozen=True, slots=True)
class _Header:
    row: int
    layout: str
    fields: dict[str, int]  # field name -> cell index
    years: dict[int, int]  # cell index -> calendar year (wide)
    titles: dict[int, str]  # cell index -> header as written
    notes: tuple[str, ...]


# ---------------------------------------------------------------- cells


def _blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _text(cell: object) -> str:
    """A cell as text, trimmed; whole floats without ``.0``, midnight dates as dates."""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime):
        return cell.isoformat().removesuffix("T00:00:00")
    return cell.text if isinstance(cell, _Formula) else "" if cell is None else str(cell).strip()


def _field(cell: object) -> str | None:
    """The cost-file field a header cell names (``" No_tes "`` is ``notes``), or None."""
    key = fold(cell) if isinstance(cell, str) else ""
    key = "notes" if key == "note" else key
    return {fold(k): k for k in _KNOWN}.get(key)


def _ungroup(text: str, group: str, point: str) -> str:
    """Remove thousands separators (which must group by three); make ``.`` the point."""
    if group in text and not re.fullmatch(rf"\d{{1,3}}(?:\{group}\d{{3}})+", text.split(point)[0]):
        raise _Bad(Reason.NOT_A_NUMBER, f"'{text}' is not a number: misplaced '{group}'")
    return text.replace(group, "").replace(point, ".")


def _amount(cell: object, decimal_comma: bool) -> float | None:
    """A number from a cell, tolerantly; None for a blank (or a lone dash, Excel's zero).

    With ``decimal_comma`` (semicolon files) ``,`` is the decimal mark and ``.``
    groups thousands.

    >>> _amount(" £ 1,200.50 ", False), _amount("(500)", False), _amount("1.200,50", True)
    (1200.5, -500.0, 1200.5)
    """
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return float(cell)
    if not isinstance(cell, str):
        raise _Bad(Reason.NOT_A_NUMBER, f"'{_text(cell)}' is not a number")
    if _PLAIN.fullmatch(cell.removeprefix("-")) and not (decimal_comma and "." in cell):
        return float(cell)  # the common case, quickly
    text = re.sub(r"\s", "", cell).replace("−", "-")
    if text in ("", "-", "–"):
        return None
    brackets = text.startswith("(") and text.endswith(")")
    m = re.fullmatch(r"([+-]?)£?([+-]?)£?(.+)", text[1:-1] if brackets else text)
    if m is None or len(m[1] + m[2]) > 1 - brackets:
        raise _Bad(Reason.NOT_A_NUMBER, f"'{cell.strip()}' is not a number")
    if m[3].lower() in ("inf", "infinity", "nan"):
        raise _Bad(Reason.NOT_FINITE, f"'{cell.strip()}' is not a finite amount")
    number = _ungroup(m[3], *(".", ",") if decimal_comma else (",", "."))
    if not _PLAIN.fullmatch(number):
        hint = " (an Excel error)" if number.startswith("#") else ""
        raise _Bad(Reason.NOT_A_NUMBER, f"'{cell.strip()}' is not a number{hint}")
    return -float(number) if brackets or "-" in (m[1], m[2]) else float(number)


def _year(cell: object) -> int:
    """A calendar year from ``2008``, ``"2008"`` or ``2008.0``."""
    text = _text(cell)
    if isinstance(cell, int | float) and not isinstance(cell, bool) and float(cell).is_integer():
        year = int(cell)
    elif isinstance(cell, str) and re.fullmatch(r"[+-]?\d+(?:[.,]0*)?", text):
        year = int(re.split(r"[.,]", text)[0])
    else:
        what = "empty" if not text else f"'{text}', not a whole number"
        raise _Bad(Reason.NOT_AN_INTEGER_YEAR, f"year is {what}: write a calendar year")
    if not 1 <= year <= 9999:
        raise _Bad(Reason.YEAR_OUT_OF_RANGE, f"{text} is not a calendar year")
    return year


def _header_year(cell: object) -> int | None:
    """The year a wide-layout header stands for, or None if it is not year-like.

    >>> [_header_year(h) for h in ("2008", "2008.0", "FY2008", "FY 2008-09", "2008/09")]
    [2008, 2008, 2008, 2008, 2008]
    """
    if isinstance(cell, datetime | date):
        return cell.year
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return int(cell) if float(cell).is_integer() and 1000 <= cell <= 9999 else None
    text = _text(cell)
    if m := re.fullmatch(r"(?:FY\s*)?(\d{4})(?:\.0+)?", text, re.I) or _DATE.fullmatch(text):
        return int(m[1] or m[2])
    if not (m := _FY.fullmatch(text)):
        return None
    first, follows = int(m[1]), f"{int(m[1]) + 1}"[-len(m[2]) :]
    if m[2] != follows:
        message = f"'{text}' looks like a financial year but {m[2]} does not follow {first}"
        raise _Bad(Reason.BAD_YEAR_HEADER, f"{message}: write {first}-{follows[-2:]} or {first}")
    return first


# ---------------------------------------------------------------- the file


def _file_error(file: str, reason: Reason, message: str) -> InputError:
    return InputError([Problem(file, None, None, None, reason, message)])


def _load(source: str | Path | bytes, name: str | None) -> tuple[bytes, str, str]:
    """The file's bytes, display name and lower-case suffix; size checked before reading."""
    path = None if isinstance(source, bytes | bytearray | memoryview) else Path(source)
    file = name or (path.name if path else "upload")
    suffix = (Path(name).suffix if name else "") or (path.suffix if path else "")
    try:
        too_big = path is not None and path.stat().st_size > MAX_BYTES
        data = b"" if too_big else path.read_bytes() if path else bytes(source)  # type: ignore[arg-type]
    except OSError as exc:
        raise _file_error(file, Reason.UNREADABLE, f"cannot be opened: {exc.strerror}") from exc
    if too_big or len(data) > MAX_BYTES:
        raise _file_error(file, Reason.FILE_TOO_LARGE, "is larger than the 20 MiB limit")
    if not data.strip():
        raise _file_error(file, Reason.EMPTY_FILE, "is empty")
    return data, file, suffix.lower()


def _is_workbook(data: bytes, suffix: str, file: str) -> bool:
    """XLSX by content (a zip) or extension; an old binary ``.xls`` (OLE2) is refused."""
    if data.startswith(_OLE):
        message = "is an old Excel .xls workbook: open it in Excel and save it as .xlsx or CSV"
        raise _file_error(file, Reason.UNREADABLE, message)
    if not data.startswith(_ZIP) and suffix in (".xlsx", ".xlsm"):
        raise _file_error(file, Reason.UNREADABLE, "is not a valid .xlsx workbook")
    return data.startswith(_ZIP)


def _keep(rows: Iterable[Sequence[object]]) -> list[Row]:
    """Non-blank rows with their spreadsheet numbers, stopping once past the row limit."""
    kept: list[Row] = []
    for number, cells in enumerate(rows, start=1):
        if not all(_blank(c) for c in cells):
            kept.append((number, tuple(cells)))
            if len(kept) > MAX_ROWS + HEADER_SEARCH + 1:
                break
    return kept


def _decode(data: bytes, file: str) -> str:
    """UTF-8 with or without BOM, else cp1252; NUL bytes or undecodable text fail."""
    if b"\x00" in data:
        message = "contains NUL bytes, so it is not CSV text: save it as CSV UTF-8 or .xlsx"
        raise _file_error(file, Reason.UNREADABLE, message)
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _file_error(file, Reason.UNREADABLE, "is neither UTF-8 nor Windows-1252 text")


def _sniff(text: str) -> str:
    """The delimiter (``,`` ``;`` or tab) that reveals a header row, else the commonest."""
    head = text[:65536].splitlines()[: HEADER_SEARCH * 2]
    for delimiter in (",", ";", "\t"):
        if _find_header([(0, tuple(r)) for r in csv.reader(head, delimiter=delimiter)]) is not None:
            return delimiter
    first = next((line for line in head if line.strip()), "")
    return max((",", ";", "\t"), key=first.count)


def _csv_rows(data: bytes, file: str) -> tuple[list[Row], str]:
    text = _decode(data, file)
    try:
        delimiter = _sniff(text)
        return _keep(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)), delimiter
    except csv.Error as exc:
        raise _file_error(file, Reason.UNREADABLE, f"is not valid CSV: {exc}") from exc


def _workbook(data: bytes, file: str, data_only: bool = True) -> openpyxl.Workbook:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=data_only)
    except Exception as exc:  # a damaged upload can fail anywhere inside openpyxl
        message = f"cannot be read as an .xlsx workbook ({type(exc).__name__})"
        raise _file_error(file, Reason.UNREADABLE, message) from exc


def _pick_sheet(titles: list[str], sheet: str | None, file: str) -> str:
    """``sheet`` (exactly, else ignoring case and surrounding spaces), by default the first."""
    wanted = [t for t in titles if t == sheet] or [
        t for t in titles if fold_case(t) == fold_case(sheet or "")
    ]
    if sheet is None or wanted:
        return (wanted or titles)[0]
    listed = ", ".join(f"'{t}'" for t in titles)
    raise _file_error(file, Reason.UNKNOWN_SHEET, f"has no sheet '{sheet}'; its sheets: {listed}")


def _no_value(value: object, formula: object) -> object:
    """``value``, or a :class:`_Formula` when a formula cell has no saved value."""
    if value is None and (str(formula).startswith("=") or hasattr(formula, "text")):
        return _Formula(str(getattr(formula, "text", formula)))
    return value


def _xlsx_rows(data: bytes, file: str, sheet: str | None) -> tuple[list[Row], str, int]:
    """Rows of cell values (not formulas) of one sheet, that sheet and the sheet count.

    The workbook is opened twice, values then formulas, to tell a formula saved
    without its value (``None`` among the values) from an empty cell.
    """
    values, formulas = _workbook(data, file), _workbook(data, file, data_only=False)
    try:
        titles = [ws.title for ws in values.worksheets]
        title = _pick_sheet(titles, sheet, file)
        sheets = (values[title], formulas[title])
        for ws in sheets:
            ws.reset_dimensions()  # read every row, whatever dimension the file claims
        pairs = zip_longest(*(ws.iter_rows(min_row=1, values_only=True) for ws in sheets))
        rows = (tuple(_no_value(*c) for c in zip_longest(v or (), f or ())) for v, f in pairs)
        return _keep(rows), title, len(titles)
    except InputError:
        raise
    except Exception as exc:  # damaged sheet XML surfaces while streaming
        message = f"cannot be read as an .xlsx workbook ({type(exc).__name__})"
        raise _file_error(file, Reason.UNREADABLE, message) from exc
    finally:
        values.close()
        formulas.close()


def sheet_names(source: str | Path | bytes, *, name: str | None = None) -> list[str]:
    """Worksheet names of an XLSX cost file in workbook order; ``[]`` for CSV.

    Raises
    ------
    InputError
        The file is missing, too large, empty or not a readable workbook.
    """
    data, file, suffix = _load(source, name)
    if not _is_workbook(data, suffix, file):
        return []
    book = _workbook(data, file)
    try:
        return [ws.title for ws in book.worksheets]
    finally:
        book.close()


# ---------------------------------------------------------------- the header


def _find_header(rows: Sequence[Row]) -> int | None:
    """Position of the first row naming every required column, among the first 50."""
    for position, (_, cells) in enumerate(rows[:HEADER_SEARCH]):
        if set(REQUIRED) <= {_field(c) for c in cells}:
            return position
    return None


def _found(cells: Iterable[object]) -> str:
    return "found " + (", ".join(f"'{_text(c)}'" for c in cells if not _blank(c)) or "nothing")


def _missing(rows: Sequence[Row], file: str) -> InputError:
    """MISSING_COLUMN for each required name absent from the likeliest header row."""
    _, best = max(rows[:HEADER_SEARCH], key=lambda r: len({_field(c) for c in r[1]} - {None}))
    need = "option, line, category, then year and amount, or one column per year"
    out = Collector(file)
    for name in (n for n in REQUIRED if n not in {_field(c) for c in best}):
        message = f"no '{name}' column in the first {HEADER_SEARCH} rows (a cost file needs {need})"
        out.add(Reason.MISSING_COLUMN, f"{message}; {_found(best)}")
    return InputError(out.problems)


def _slots(row: Row, titles: dict[int, str], layout: str, out: Collector) -> dict[str | int, int]:
    """Field name or year -> cell index for each header cell used; duplicates reported."""
    number, cells = row
    slots: dict[str | int, int] = {}
    for i, title in titles.items():
        try:
            slot = _field(cells[i]) or (_header_year(cells[i]) if layout == "wide" else None)
        except _Bad as bad:
            out.add(bad.reason, bad.message, row=number, column=title, value=title)
            continue
        if slot in slots:
            message = f"repeats column '{titles[slots[slot]]}': delete or rename one"
            out.add(Reason.DUPLICATE_COLUMN, message, row=number, column=title, value=title)
        elif slot is not None:
            slots[slot] = i
    return slots


def _read_header(rows: list[Row], position: int, out: Collector) -> _Header:
    """Fields, year columns, layout and notes of the header row at ``position``."""
    number, cells = rows[position]
    titles = {i: _text(c) for i, c in enumerate(cells) if not _blank(c)}
    layout = "long" if {"year", "amount"} & {_field(c) for c in cells} else "wide"
    slots = _slots(rows[position], titles, layout, out)
    fields = {k: i for k, i in slots.items() if isinstance(k, str)}
    years = {i: k for k, i in slots.items() if isinstance(k, int)}
    for n in [n for n in ("year", "amount") if n not in fields] if layout == "long" else ():
        out.add(Reason.MISSING_COLUMN, f"no '{n}' column: {_found(cells)}", row=number)
    if layout == "wide" and not years and not out:
        message = f"no year and amount columns, nor year columns such as 2008: {_found(cells)}"
        out.add(Reason.MISSING_COLUMN, message, row=number)
    unknown = ", ".join(f"'{t}'" for i, t in titles.items() if i not in slots.values())
    notes = []
    if position:
        notes.append(f"Ignored {position} row(s) above the header, which is row {number}.")
    if unknown:
        notes.append(f"Ignored column(s) that a {layout} cost file does not use: {unknown}.")
    return _Header(number, layout, fields, years, titles, tuple(notes))


# ---------------------------------------------------------------- the cells


class _Cells:
    """Parses data rows into the normalised frame, collecting problems as it goes.

    Text and multipliers are kept once per row; each amount is a record pointing
    at its row, so a wide row of forty years parses its text once.
    """

    def __init__(self, header: _Header, decimal_comma: bool, text_file: bool, out: Collector):
        self.h, self.comma, self.text_file, self.out = header, decimal_comma, text_file, out
        self.rows: dict[int, tuple[object, ...]] = {}
        self.reported: set[tuple[int, int]] = set()  # (row, cell index) already reported
        self.per_row: dict[str, list[object]] = {k: [] for k in (*_TEXT, "low", "high", "_row")}
        self.records: list[tuple[int, object, object, int]] = []  # (row position, year, £, col)

    def cell(self, row: int, i: int, parse: Callable[[object], object]) -> object:
        """Parse cell ``i`` of ``row``; on failure record the problem and return None."""
        cell = self.rows[row][i] if i < len(self.rows[row]) else None
        try:
            if isinstance(cell, _Formula):
                raise _Bad(Reason.FORMULA_WITHOUT_VALUE, _NO_VALUE)
            return parse(cell)
        except _Bad as bad:
            column, value = self.h.titles[i], _text(cell)
            self.out.add(bad.reason, bad.message, row=row, column=column, value=value)
            self.reported.add((row, i))
            return None

    def add(self, row: int, cells: tuple[object, ...]) -> None:
        """One data row: one record, or one per non-blank year cell when wide."""
        self.rows[row], f, position = cells, self.h.fields, len(self.per_row["_row"])
        self._check_width(row, cells)
        for k in _TEXT:
            self.per_row[k].append((self.cell(row, f[k], _text) if k in f else "") or "")
        for k in ("low", "high"):
            self.per_row[k].append(self.cell(row, f[k], self.number) if k in f else None)
        self.per_row["_row"].append(row)
        if self.h.layout == "long":
            year = self.cell(row, f["year"], _year)
            amount = self.cell(row, f["amount"], self.amount)
            self.records.append((position, year, amount, f["amount"]))
        for i, year in self.h.years.items():
            if i < len(cells) and not _blank(cells[i]):
                self.records.append((position, year, self.cell(row, i, self.number), i))

    def _check_width(self, row: int, cells: tuple[object, ...]) -> None:
        """In CSV, cells right of the header are most likely an unquoted ``1,200``."""
        width = max(self.h.titles) + 1
        if self.text_file and not all(_blank(c) for c in cells[width:]):
            message = 'has more cells than the header has columns: quote amounts such as "1,200"'
            self.out.add(Reason.EXTRA_CELLS, message, row=row, value=_text(cells[width]))

    def number(self, cell: object) -> float | None:
        return _amount(cell, self.comma)

    def amount(self, cell: object) -> float:
        """A long file's amount: a blank is an error, not zero."""
        if (amount := _amount(cell, self.comma)) is None:
            raise _Bad(Reason.NOT_A_NUMBER, "amount is empty: write 0 or delete the row")
        return amount

    def frame(self) -> pd.DataFrame:
        """Failed text cells as ``""``, failed numbers as NaN; ``_row``, ``_col`` locate."""
        per_row = pd.DataFrame({k: self.per_row[k] for k in (*_TEXT, "_row")})
        per_row["basis"] = per_row["basis"].replace("", "real")
        for k in ("low", "high"):
            per_row[k] = np.array(self.per_row[k], dtype=float)
        columns = [list(c) for c in zip(*self.records, strict=True)] or [[], [], [], []]
        frame = per_row.take(columns[0]).reset_index(drop=True)
        frame["year"] = pd.array(columns[1], dtype="Int64")
        frame["amount"] = np.array(columns[2], dtype=float)
        frame["_col"] = np.array(columns[3], dtype=int)
        return frame

    def where(self, column: str, index: int, frame: pd.DataFrame) -> tuple[int, int, str]:
        """Row, cell index and value as written of one frame cell (wide years: the header)."""
        row, col = int(frame["_row"].to_numpy()[index]), int(frame["_col"].to_numpy()[index])
        if column == "year" and self.h.layout == "wide":
            return self.h.row, col, self.h.titles[col]
        i = col if column == "amount" else self.h.fields[column]
        return row, i, _text(self.rows[row][i] if i < len(self.rows[row]) else None)

    def where_lines(self, frame: pd.DataFrame) -> _Where:
        """Where each line was written, for :attr:`CostFile._where`."""
        h = self.h
        column = h.titles[h.fields["year"]] if "year" in h.fields else ""
        titles = {year: h.titles[i] for i, year in h.years.items()}
        return _Where(frame["_row"].to_numpy(np.int64), h.row, column, titles)


def _folds_to(texts: pd.Series, allowed: Sequence[str]) -> pd.Series:
    """Which texts :func:`~options.text.fold` to an allowed word; each distinct text once."""
    return texts.isin([t for t in texts.unique() if fold(t) in allowed])


def _year_checks(base: int | None) -> list[pa.Check]:
    """The horizon: from the base year to base year + 1,000 (DESIGN "The method", Time)."""
    if base is None:
        return []
    first, last = horizon(base)
    return [
        pa.Check(lambda s: s >= first, name="year_before_base"),
        pa.Check(lambda s: s <= last, name="year_out_of_range"),
    ]


def _schema(base: int | None) -> pa.DataFrameSchema:
    """Per-cell rules of the normalised frame; each check's name keys ``_MESSAGES``."""
    FLAGS = tuple(_FLAGS)  # noqa: N806
    text = pa.Check(lambda s: s.str.len() > 0, name="empty_text")
    number = partial(pa.Column, float, nullable=True)
    return pa.DataFrameSchema(
        {
            "option": pa.Column(str, text),
            "line": pa.Column(str, text),
            "category": pa.Column(str, pa.Check(lambda s: _folds_to(s, _CATEGORIES), name="cat")),
            "basis": pa.Column(str, pa.Check(lambda s: _folds_to(s, Basis.values()), name="basis")),
            "year": pa.Column("Int64", _year_checks(base), nullable=True),
            "amount": number(pa.Check(lambda s: s.abs() <= MAX_AMOUNT, name="big")),
            "low": number(pa.Check(lambda s: (s > 0) & (s <= 1), name="low")),
            "optimism_bias": pa.Column(str, pa.Check(lambda s: _folds_to(s, FLAGS), name="flag")),
            "high": number(pa.Check(lambda s: s.between(1, MAX_MULTIPLIER), name="high")),
        }
    )


_MESSAGES: dict[str, tuple[Reason, str]] = {
    "empty_text": (Reason.EMPTY_TEXT, "is empty: every row needs an option and a line name"),
    "cat": (Reason.UNKNOWN_CATEGORY, "'{v}' is not a category: use " + ", ".join(_CATEGORIES)),
    "basis": (Reason.UNKNOWN_VALUE, "'{v}' is not a basis: use real or nominal (blank is real)"),
    "big": (Reason.AMOUNT_TOO_LARGE, "{v} is beyond ±10^15: check the units and the digits"),
    "low": (Reason.OUT_OF_RANGE, "low multiplier {v} must be above 0 and at most 1"),
    "flag": (
        Reason.UNKNOWN_VALUE,
        "'{v}' is not true or false (blank means true: the line "
        "gets the option's optimism-bias uplift)",
    ),
    "high": (Reason.OUT_OF_RANGE, "high multiplier {v} must be at least 1 (and at most 100)"),
    "year_before_base": (Reason.YEAR_BEFORE_BASE, "year {v} is before the base year {base}"),
    "year_out_of_range": (
        Reason.YEAR_OUT_OF_RANGE,
        "year {v} is more than 1,000 years after the base year {base}",
    ),
}


def _failures(frame: pd.DataFrame, schema: pa.DataFrameSchema) -> list[tuple[str, str, int]]:
    """(column, check name, frame index) of every failure of a lazy validation."""
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases[["column", "check", "index"]].itertuples(index=False)
        return [(str(column), str(check), int(index)) for column, check, index in cases]
    return []


def _check_cells(cells: _Cells, frame: pd.DataFrame, base: int | None) -> None:
    """Validate the frame with the schema and report each failure at its cell."""
    for column, check, index in _failures(frame, _schema(base)):
        row, i, value = cells.where(column, index, frame)
        reason, message = _MESSAGES[check]
        if (row, i) not in cells.reported:
            text = message.format(v=value, base=base)
            cells.out.add(reason, text, row=row, column=cells.h.titles[i], value=value)


def _check_duplicates(cells: _Cells, frame: pd.DataFrame) -> None:
    """Rows with one option (any case), line, category and year: never summed."""
    category = frame["category"].map({t: fold(t) for t in frame["category"].unique()})
    option = frame["option"].map({t: fold_case(t) for t in frame["option"].unique()})
    keys = pd.DataFrame({"o": option, "l": frame["line"], "c": category, "y": frame["year"]})
    keys = keys[keys["c"].isin(_CATEGORIES) & (keys["o"] != "") & (keys["l"] != "")].dropna()
    keys = keys[keys.duplicated(keep=False)]  # only these can repeat: a large file stays fast
    index = keys.index.tolist()

    def written(n: int) -> Written:
        _, i, year = cells.where("year", index[n], frame)
        option, line = (str(frame[k].iat[index[n]]) for k in ("option", "line"))
        return Written(cells.h.titles[i], year, option, line)

    lines = zip(
        keys.itertuples(index=False, name=None), frame["_row"].iloc[index].tolist(), strict=True
    )
    report_repeats(cells.out, lines, written)


def _lines(frame: pd.DataFrame) -> tuple[CostLine, ...]:
    """Cost lines of a frame that passed every check, built column by column."""
    kinds: dict[str, type[Category] | type[Basis]] = {"category": Category, "basis": Basis}
    enums = {k: {t: e.from_text(t) for t in frame[k].unique()} for k, e in kinds.items()}
    column = {k: (frame[k].map(enums[k]) if k in enums else frame[k]).tolist() for k in frame}
    for k in ("low", "high"):
        column[k] = [None if math.isnan(x) else x for x in column[k]]
    column["module"] = [m or None for m in column["module"]]
    column["optimism_bias"] = [_FLAGS[fold(x)] for x in column["optimism_bias"]]
    rows = zip(*(column[k] for k in FRAME_COLUMNS), strict=True)
    return tuple(CostLine(**dict(zip(FRAME_COLUMNS, row, strict=True))) for row in rows)


def _tidy(problems: list[Problem], order: dict[str, int] | None = None) -> list[Problem]:
    """Without repeats (a wide row's bad category once); file-level first, then by cell."""
    place = order or {}
    return sorted(
        dict.fromkeys(problems), key=lambda p: (p.row or -1, place.get(p.column or "", -1))
    )


# ---------------------------------------------------------------- reading


def read_cost_file(
    source: str | Path | bytes,
    *,
    name: str | None = None,
    sheet: str | None = None,
    base_year: int | None = None,
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

    Returns
    -------
    CostFile
        Lines in file order (row by row, years left to right) and plain-English notes.

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
    title, notes, decimal_comma = None, list[str](), False
    if workbook := _is_workbook(data, suffix, file):
        rows, title, count = _xlsx_rows(data, file, sheet)
        if sheet is None and count > 1:
            notes.append(f"Read the first of {count} sheets, '{title}'.")
    else:
        rows, delimiter = _csv_rows(data, file)
        decimal_comma = delimiter == ";"
        notes += ["A CSV file has no sheets: the sheet asked for was ignored."] * bool(sheet)
    frame, cells = _parse(rows, Collector(file), decimal_comma, not workbook, base_year)
    notes += cells.h.notes
    return CostFile(
        file, cells.h.layout, _lines(frame), tuple(notes), title, cells.where_lines(frame)
    )


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
    notes = tuple(parsed.h.notes)
    return CostFile(name, parsed.h.layout, _lines(frame), notes, None, parsed.where_lines(frame))


def _is_missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _parse(
    rows: list[Row], out: Collector, decimal_comma: bool, text_file: bool, base: int | None
) -> tuple[pd.DataFrame, _Cells]:
    """Header, cells, schema, duplicates; raise every problem found, else the frame."""
    if not rows:
        raise _file_error(out.file, Reason.EMPTY_FILE, "is empty")
    if (position := _find_header(rows)) is None:
        raise _missing(rows, out.file)
    header = _read_header(rows, position, out)
    out.raise_if_any()
    if len(data := rows[position + 1 :]) > MAX_ROWS:
        message = f"has more than {MAX_ROWS:,} data rows: split it into smaller files"
        raise _file_error(out.file, Reason.TOO_MANY_ROWS, message)
    if not data:
        raise _file_error(out.file, Reason.EMPTY_FILE, f"has a header (row {header.row}), no rows")
    cells = _Cells(header, decimal_comma, text_file, out)
    for row, values in data:
        cells.add(row, values)
    frame = cells.frame()
    if frame.empty and not out:
        raise _file_error(out.file, Reason.EMPTY_FILE, "has rows but no amounts")
    if not frame.empty:
        _check_cells(cells, frame, base)
        _check_duplicates(cells, frame)
    out.problems[:] = _tidy(out.problems, {t: i for i, t in header.titles.items()})
    out.raise_if_any()
    return frame, cells


# ---------------------------------------------------------------- scenarios


def _spellings(lines: Iterable[CostLine]) -> dict[str, str]:
    """Folded option text -> its first spelling (trimmed), in order of first appearance."""
    first: dict[str, str] = {}
    for c in lines:
        first.setdefault(fold_case(c.option), c.option.strip())
    return first


def _slug(text: str, taken: set[str]) -> str:
    """A lower-case, hyphenated id not yet ``taken``: ``'Alt Supplier'`` -> ``alt-supplier``."""
    slug = stem = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "option"
    n = 1
    while slug in taken:
        n += 1
        slug = f"{stem}-{n}"
    return slug


def _check_lines(costs: CostFile, lines: Sequence[CostLine], base: int) -> None:
    """Years within the horizon, no (option, line, category, year) twice; at their cells."""
    where = costs._where

    def year_cell(index: int) -> tuple[int | None, str, str]:
        year = lines[index].year
        return (None, "year", str(year)) if where is None else where.year(index, year)

    def written(index: int) -> Written:
        c = lines[index]
        return Written(year_cell(index)[1], str(c.year), c.option, c.line)

    years = pd.DataFrame({"year": pd.array([c.year for c in lines], dtype="Int64")})
    schema = pa.DataFrameSchema({"year": pa.Column("Int64", _year_checks(base))})
    out = Collector(costs.file)
    for _, check, index in _failures(years, schema):
        reason, message = _MESSAGES[check]
        row, column, value = year_cell(index)
        out.add(reason, message.format(v=value, base=base), row=row, column=column, value=value)
    keys = ((c.option, c.line, c.category, c.year) for c in lines)
    rows = [None] * len(lines) if where is None else where.rows.tolist()
    report_repeats(out, zip(keys, rows, strict=True), written)
    out.problems[:] = _tidy(out.problems)
    out.raise_if_any()


def merge_costs(scenario: Scenario, costs: CostFile) -> tuple[Scenario, tuple[str, ...]]:
    """The scenario with the file's cost lines in place of those of the options it names.

    Each line's option text is matched to an option id, else a name, ignoring case
    and surrounding spaces (DESIGN "Contract details", *Scenario plus cost file*).
    Every option the file names loses all its cost lines to the file's; the other
    options keep theirs. An option the scenario lacks is added as an
    ``alternative`` with default settings (id: the text as a slug), with a note;
    it scores 0 on every concern until scored. The result passes the scenario
    validator again, so it is as trustworthy as a loaded file.

    Returns
    -------
    scenario : Scenario
        A new scenario (``dataclasses.replace``); the input is unchanged.
    notes : tuple of str
        What the merge did, in plain English (the file's own notes are ``costs.notes``).

    Raises
    ------
    InputError
        Years outside the scenario's horizon, or rows that repeat once two spellings
        (an id and a name) resolve to one option.
    """
    known = {fold_case(o.name): o.id for o in reversed(scenario.options)}
    known |= {fold_case(o.id): o.id for o in reversed(scenario.options)}  # ids first
    taken, added, resolved = set(scenario.option_ids), list[Option](), dict[str, str]()
    for key, text in _spellings(costs.lines).items():
        if key not in known:
            added.append(Option(_slug(text, taken), text, OptionKind.ALTERNATIVE))
            taken.add(added[-1].id)
        resolved[key] = known.get(key) or added[-1].id
    lines = tuple(replace(c, option=resolved[fold_case(c.option)]) for c in costs.lines)
    _check_lines(costs, lines, scenario.base_year)
    named = set(resolved.values())
    kept = tuple(c for c in scenario.costs if c.option not in named)
    notes = [
        f"Added option '{o.name}' (alternative, default settings) from {costs.file}." for o in added
    ]
    for option in (o for o in scenario.options if o.id in named):
        count = sum(c.option == option.id for c in lines)
        notes.append(f"Replaced the cost lines of '{option.name}' with {count} from {costs.file}.")
    spans: dict[str, tuple[int, int]] = {}
    for c in (*kept, *lines):
        first, last = spans.get(c.option, (c.year, c.year))
        spans[c.option] = (min(first, c.year), max(last, c.year))
    if len(set(spans.values())) > 1:
        periods = "; ".join(f"{oid} {a}-{b}" for oid, (a, b) in spans.items())
        notes.append(
            f"The options now cover different periods ({periods}); the Green Book "
            "compares options over the same period, so check the years."
        )
    concerns = scenario.concerns
    if added and concerns:
        zero = tuple((o.id, 0.0) for o in added)
        concerns = tuple(replace(c, scores=tuple(sorted(c.scores + zero))) for c in concerns)
        notes.append("New options score 0 on every concern until you score them.")
    merged = replace(
        scenario, options=scenario.options + tuple(added), costs=kept + lines, concerns=concerns
    )
    return scenario_from_dict(scenario_to_dict(merged), file=costs.file), tuple(notes)


def scenario_from_costs(costs: CostFile) -> Scenario:
    """A scenario of the options a cost file names, with every setting at its default.

    Options come in order of first appearance; each one's id and name are its text
    in the file, trimmed (a later spelling differing only in case joins the first).
    ``in-house``, ``in house``, ``inhouse``, ``BAU`` and ``business as usual`` (any
    case) are in-house, the counterfactual; the others are alternatives. Base year
    and price base are the earliest year in the file (DESIGN "Contracts").

    Examples
    --------
    >>> text = b"option,line,category,year,amount\\nBAU,Staff,opex,2008,10\\nFlex,Fee,opex,2009,8"
    >>> s = scenario_from_costs(read_cost_file(text, name="c.csv"))
    >>> [(o.id, o.kind.value) for o in s.options], s.base_year
    ([('BAU', 'in-house'), ('Flex', 'alternative')], 2008)
    """
    if not costs.lines:
        raise _file_error(costs.file, Reason.NO_OPTIONS, "has no cost lines, so no options")
    first = _spellings(costs.lines)
    lines = tuple(replace(c, option=first[fold_case(c.option)]) for c in costs.lines)
    base = min(c.year for c in lines)
    _check_lines(costs, lines, base)
    kinds = {True: OptionKind.IN_HOUSE, False: OptionKind.ALTERNATIVE}
    options = tuple(Option(t, t, kinds[fold(t) in _IN_HOUSE]) for t in first.values())
    return Scenario(name=costs.file, base_year=base, options=options, costs=lines, price_base=base)
