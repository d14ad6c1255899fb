"""The header of a cost file: where it is, the fields it names, and the layout.

The header is the first row, among the first :data:`HEADER_SEARCH` non-blank
rows, that names ``option``, ``line`` and ``category`` (case, spaces, hyphens and
underscores ignored). With ``year`` and ``amount`` columns the file is long;
without, it is wide and every other column headed by a year (``2008``,
``FY2008-09``, ``2008/09``, a date) holds that year's amounts. Missing and
repeated columns are problems; columns the layout does not use become notes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from options.cell_values import Row, _Bad, _blank, _text
from options.errors import Collector, InputError, Reason
from options.text import fold

HEADER_SEARCH = 50  # the header is looked for among the first 50 non-blank rows
REQUIRED = ("option", "line", "category")
OPTIONAL = ("basis", "notes", "source", "module", "low", "high", "optimism_bias")
_KNOWN = frozenset((*REQUIRED, "year", "amount", *OPTIONAL))
_FY = re.compile(r"(?:FY\s*)?(\d{4})\s*[-/–]\s*(\d{2}|\d{4})", re.I)
_DATE = re.compile(r"(\d{4})-\d{1,2}-\d{1,2}(?:[ T].*)?|\d{1,2}[/.]\d{1,2}[/.](\d{4})")


@dataclass(frozen=True, slots=True)
class _Header:
    row: int
    layout: str
    fields: dict[str, int]  # field name -> cell index
    years: dict[int, int]  # cell index -> calendar year (wide)
    titles: dict[int, str]  # cell index -> header as written
    notes: tuple[str, ...]


def _field(cell: object) -> str | None:
    """The cost-file field a header cell names (``" No_tes "`` is ``notes``), or None."""
    key = fold(cell) if isinstance(cell, str) else ""
    key = "notes" if key == "note" else key
    return {fold(k): k for k in _KNOWN}.get(key)


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
