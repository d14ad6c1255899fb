"""Reading a cost file into rows of cells, numbered as a spreadsheet shows them.

A CSV or XLSX file, from a path or an upload's bytes: the size is checked before
reading; CSV text is UTF-8 (with or without BOM), UTF-16 with its BOM or Windows-1252,
its delimiter the first of ``,`` ``;`` and tab that reveals a header row. An XLSX workbook is read
(:mod:`options.xlsx`) from one sheet, the first unless another is named; a sheet
with no header row, when another sheet has one, is an error naming that sheet. A
formula saved without its value is marked so that it is reported, not read as a
blank, and an amount formatted as a percentage is read as the percentage it shows,
which is refused. In the data rows, a merged range down the option, line or category
column is filled down, with a note; any other merged range over the columns read is
a problem at its top-left cell. Blank rows are dropped.

A web page, an old binary workbook or a password-protected one is named for what it
is, whatever its name;
text with an .xlsx name is read as CSV, with a note, when it has a header row. A
file that cannot be read raises one :class:`~options.errors.InputError`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from openpyxl.utils import get_column_letter

from options.cell_values import Row, _blank, _text
from options.cells import _tidy
from options.errors import Collector, InputError, Problem, Reason, row_ranges
from options.header import (
    HEADER_SEARCH,
    REQUIRED,
    _find_header,
    _found,
    _Header,
    _named,
    _read_header,
)
from options.text import fold_case
from options.xlsx import Merge, Workbook

MAX_BYTES = 20 * 1024 * 1024  # 20 MiB, checked before parsing
MAX_ROWS = 200_000  # data rows below the header
FILL_DOWN = ("option", "line", "category")  # the columns whose merged cells are filled down
_ZIP, _OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# An .xlsx saved with a password is an OLE2 file holding this stream ([MS-OFFCRYPTO]),
# its name written in UTF-16 in the file's directory.
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_HTML = re.compile(rb"<!doctype\s+html|<html|<table", re.I)
_NAMED = 10  # merged ranges named in the note, at most


@dataclass(frozen=True, slots=True)
class _FileRows:
    """A file read into rows, with what the later passes and the result need to know."""

    rows: list[Row]
    text_file: bool  # CSV text: cells right of the header are an unquoted 1,200
    decimal_comma: bool = False
    sheet: str | None = None
    notes: tuple[str, ...] = ()
    filled: dict[tuple[int, str], int] = field(default_factory=dict)  # (row, header) -> from row
    unfilled: tuple[Problem, ...] = ()  # merged ranges that cannot be filled down
    order: dict[str, int] = field(default_factory=dict)  # column header -> cell index
    hidden: tuple[int, ...] = ()  # rows hidden in the workbook

    def explained(self, error: InputError) -> InputError:
        """``error`` with each problem in a filled-down cell saying so, and the merged
        ranges that cannot be filled down among its problems."""
        if not self.filled and not self.unfilled:
            return error
        said = [self._said(p) for p in error.problems]
        return InputError(_tidy([*said, *self.unfilled], self.order))

    def raise_unfilled(self) -> None:
        """Raise the merged ranges that cannot be filled down, if there are any."""
        if self.unfilled:
            raise InputError(self.unfilled)

    def _said(self, problem: Problem) -> Problem:
        """The problem, saying which of its rows (one, or a group's) were filled down."""
        rows = problem.rows or (problem.row or 0,)
        tops: dict[int, list[int]] = {}
        for r in rows:
            if (top := self.filled.get((r, problem.column or ""))) is not None:
                tops.setdefault(top, []).append(r)
        if not tops:
            return problem
        if len(rows) == 1:
            return replace(problem, message=f"{problem.message} (merged cell: filled down "
                                            f"from row {next(iter(tops))})")  # fmt: skip
        said = "; ".join(f"row{'s' * (len(r) > 1)} {row_ranges(r)} filled down from row {top}"
                         for top, r in tops.items())  # fmt: skip
        return replace(problem, message=f"{problem.message} (merged cells: {said})")


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
    """XLSX by content (a zip); an old binary ``.xls`` (OLE2) or a web page is refused."""
    if data.startswith(_OLE) and _ENCRYPTED in data:
        message = (
            "is protected with a password (encrypted), so it cannot be read: open it in "
            "Excel, remove the password (File > Info > Protect Workbook > Encrypt with "
            "Password), save it and try again"
        )
        raise _file_error(file, Reason.UNREADABLE, message)
    if data.startswith(_OLE):
        message = "is an old Excel .xls workbook: open it in Excel and save it as .xlsx or CSV"
        raise _file_error(file, Reason.UNREADABLE, message)
    if _is_html(data):
        named = f" saved with a {suffix} name" if suffix not in ("", ".htm", ".html") else ""
        message = (
            f"is a web page (HTML){named}, not a spreadsheet: "
            "open it in Excel and save it as .xlsx or CSV"
        )
        raise _file_error(file, Reason.UNREADABLE, message)
    return data.startswith(_ZIP)


def _is_html(data: bytes) -> bool:
    """A web page: its first character ``<``, and ``<html``, ``<table`` or
    ``<!DOCTYPE html`` near the start (any case; UTF-8, UTF-16 or Windows-1252).

    >>> _is_html(b" <!DOCTYPE HTML><p>"), _is_html(b"<TABLE>"), _is_html(b"option,<table>")
    (True, True, False)
    """
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", "ignore").encode("utf-8")
    head = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    return head.startswith(b"<") and _HTML.search(head) is not None


def _read_rows(data: bytes, file: str, suffix: str, sheet: str | None) -> _FileRows:
    """The rows of a CSV or XLSX file (``sheet`` of a workbook), and what reading them noted."""
    if _is_workbook(data, suffix, file):
        return _xlsx_rows(data, file, sheet)
    notes = []
    if suffix in (".xlsx", ".xlsm"):
        rows, delimiter = _misnamed_csv(data, file, suffix)
        notes.append(f"{file} is CSV text with an {suffix} name, not a workbook: read it as CSV.")
    else:
        rows, delimiter = _csv_rows(data, file)
    notes += ["A CSV file has no sheets: the sheet asked for was ignored."] * bool(sheet)
    return _FileRows(rows, True, delimiter == ";", notes=tuple(notes))


def _misnamed_csv(data: bytes, file: str, suffix: str) -> tuple[list[Row], str]:
    """CSV text with an .xlsx name, read as CSV when it has a header row; else refused."""
    wrong = f"is not a valid {suffix} workbook"
    try:
        rows, delimiter = _csv_rows(data, file)
    except InputError:
        raise _file_error(file, Reason.UNREADABLE, wrong) from None
    if _find_header(rows) is None:
        message = (
            f"{wrong}, nor CSV text with a header row naming option, line and category: "
            "save it from Excel as .xlsx or CSV"
        )
        raise _file_error(file, Reason.UNREADABLE, message)
    return rows, delimiter


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
    """UTF-16 with its BOM (Excel's "Unicode Text"), UTF-8 with or without BOM, else
    cp1252; NUL bytes (in anything but UTF-16) or undecodable text fail.

    >>> _decode("line £".encode("utf-16"), "f"), _decode(bytes([0xA3]), "f")
    ('line £', '£')
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            message = ("starts as UTF-16 text (Excel's Unicode Text) but is not UTF-16 "
                       "throughout: save it as CSV UTF-8 or .xlsx")  # fmt: skip
            raise _file_error(file, Reason.UNREADABLE, message) from None
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


def _pick_sheet(titles: list[str], sheet: str | None, file: str) -> str:
    """``sheet`` (exactly, else ignoring case and surrounding spaces), by default the first."""
    wanted = [t for t in titles if t == sheet] or [
        t for t in titles if fold_case(t) == fold_case(sheet or "")
    ]
    if sheet is None or wanted:
        return (wanted or titles)[0]
    listed = ", ".join(f"'{t}'" for t in titles)
    raise _file_error(file, Reason.UNKNOWN_SHEET, f"has no sheet '{sheet}'; its sheets: {listed}")


def _xlsx_rows(data: bytes, file: str, sheet: str | None) -> _FileRows:
    """Rows of cell values (not formulas) of one sheet, percentages and merged cells seen to."""
    book = Workbook(data, file)
    title = _pick_sheet(book.titles, sheet, file)
    found = book.sheet(title)
    rows = _keep(found.values)
    count = len(book.titles)
    notes = [f"Read the first of {count} sheets, '{title}'."] * (sheet is None and count > 1)
    if (position := _find_header(rows)) is None:
        _elsewhere(book, title, rows, file)
        return _FileRows(rows, False, sheet=title, notes=tuple(notes))
    header = _read_header(rows, position, Collector(file))
    _as_percent(rows, header, found.percent)
    filled, said, unfilled = _fill_down(rows, header, found.merged, file)
    if said:
        more = f"; and {len(said) - _NAMED} more" if len(said) > _NAMED else ""
        notes.append(f"Filled down merged cells: {'; '.join(said[:_NAMED])}{more}.")
    order = {t: i for i, t in header.titles.items()}
    return _FileRows(
        rows, False, False, title, tuple(notes), filled, tuple(unfilled), order, found.hidden
    )


def _as_percent(rows: list[Row], header: _Header, cells: frozenset[tuple[int, int]]) -> None:
    """Amounts formatted as percentages become the text they show (0.1 is ``10%``), which
    :func:`~options.cell_values._amount` refuses as it does ``10%`` typed as text."""
    amounts = set(header.years) if header.layout == "wide" else {header.fields.get("amount")}
    index = {number: n for n, (number, _) in enumerate(rows)}
    for row, i in cells:
        if row > header.row and i in amounts and (n := index.get(row)) is not None:
            number, values = rows[n]
            value = values[i] if i < len(values) else None
            if isinstance(value, int | float) and not isinstance(value, bool):
                rows[n] = number, (*values[:i], f"{value * 100:.10g}%", *values[i + 1 :])


def _fill_down(
    rows: list[Row], header: _Header, merged: list[Merge], file: str
) -> tuple[dict[tuple[int, str], int], list[str], list[Problem]]:
    """Fill each merged range down the option, line or category column of the data rows;
    any other merged range over a column read there is a problem at its top-left cell.

    Returns the cells filled ((row, header) -> the row filled from), the ranges filled
    for the note, and the problems. Ranges over the header or the rows above it, over
    columns the layout does not read, or with nothing in them, are left alone.
    """
    read = {i: k for k, i in header.fields.items()} | {i: str(y) for i, y in header.years.items()}
    index = {number: n for n, (number, _) in enumerate(rows)}
    filled: dict[tuple[int, str], int] = {}
    said: list[str] = []
    out = Collector(file)
    for top, bottom, first, last in merged:
        if bottom <= header.row or not any(i in read for i in range(first, last + 1)):
            continue
        cells = rows[index[top]][1] if top in index else ()
        value = cells[first] if first < len(cells) else None
        title = header.titles.get(first)
        if _blank(value) or (top == bottom and first == last):
            continue
        if first == last and top > header.row and read.get(first) in FILL_DOWN and title:
            for number in range(top + 1, min(bottom, rows[-1][0]) + 1):
                if (n := index.get(number)) is not None:  # a row blank beside it stays blank
                    cells = rows[n][1] + ("",) * (first + 1 - len(rows[n][1]))
                    rows[n] = number, (*cells[:first], value, *cells[first + 1 :])
                    filled[number, title] = top
            said.append(f"{title} column rows {top}–{bottom} (from row {top})")
        else:
            message = _unfillable(top, bottom, first, last)
            out.add(Reason.MERGED_CELLS, message, row=top, column=title, value=_text(value))
    return filled, said, out.problems


def _unfillable(top: int, bottom: int, first: int, last: int) -> str:
    """What is wrong with a merged range that cannot be filled down, and the fix.

    >>> _unfillable(4, 7, 4, 4)
    'merged cells over rows 4–7 (E4:E7): unmerge them and write a value in each cell'
    >>> _unfillable(5, 5, 0, 7)
    'merged cells over row 5, columns A–H (A5:H5): unmerge them and write a value in each cell'
    """
    a, b = get_column_letter(first + 1), get_column_letter(last + 1)
    where = f"rows {top}–{bottom}" if bottom > top else f"row {top}"
    where += f", columns {a}–{b}" if last > first else ""
    fix = "unmerge them and write a value in each cell"
    return f"merged cells over {where} ({a}{top}:{b}{bottom}): {fix}"


def _elsewhere(book: Workbook, title: str, rows: list[Row], file: str) -> None:
    """When sheet ``title`` has no header row but another sheet has one, raise an error
    naming that sheet and the required columns it lacks, once."""
    other = next((t for t in book.titles if t != title and _has_header(book, t)), None)
    if other is None:
        return
    which = f"the {'first ' * (title == book.titles[0])}sheet '{title}'"
    name = other if re.fullmatch(r"[\w.-]+", other) else f'"{other}"'
    choose = f"the sheet '{other}' has one: choose it (--sheet {name}, or the sheet picker)"
    if not rows:
        raise _file_error(
            file, Reason.EMPTY_FILE, f"{which} is empty, with no header row; {choose}"
        )
    _, best = max(rows[:HEADER_SEARCH], key=lambda r: len({_named(c) for c in r[1]} - {None}))
    lacking = [f"'{n}'" for n in REQUIRED if n not in {_named(c) for c in best}]
    columns = " or ".join([", ".join(lacking[:-1]), lacking[-1]] if len(lacking) > 1 else lacking)
    why = f"no {columns} column in its first {HEADER_SEARCH} rows; {_found(best)}"
    raise _file_error(file, Reason.MISSING_COLUMN, f"{which} has no header row ({why}); {choose}")


def _has_header(book: Workbook, title: str) -> bool:
    try:
        return _find_header(_keep(book.sheet(title).values)) is not None
    except InputError:  # a sheet that cannot be read is not the one to suggest
        return False


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
    return Workbook(data, file).titles
