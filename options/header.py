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
from datetime import date

from openpyxl.utils import get_column_letter

from options.cell_values import Row, _Bad, _blank, _text
from options.errors import Collector, InputError, Reason
from options.synonyms import Unit, header_synonym, split_unit, title_units
from options.text import fold
from options.years import START, column_dates, year_of

HEADER_SEARCH = 50  # the header is looked for among the first 50 non-blank rows
REQUIRED = ("option", "line", "category")
OPTIONAL = ("basis", "notes", "source", "module", "low", "high", "optimism_bias", "unit")
_KNOWN = frozenset((*REQUIRED, "year", "amount", *OPTIONAL))


@dataclass(frozen=True, slots=True)
class _Header:
    row: int
    layout: str
    fields: dict[str, int]  # field name -> cell index
    years: dict[int, int]  # cell index -> calendar year (wide)
    titles: dict[int, str]  # cell index -> header as written
    notes: tuple[str, ...]
    unit: Unit | None = None  # the unit the file states (header, title rows or argument)
    unit_where: str = ""  # where it is stated: "the header 'Amount (£k)'", "the unit given"


_FIELDS = {fold(k): k for k in _KNOWN}


def _field(cell: object) -> str | None:
    """The cost-file field a header cell names (``" No_tes "`` is ``notes``; ``Amount (£k)``
    is ``amount``, with a unit), or None. Synonyms are :func:`_synonym`'s.

    >>> _field(" No_tes "), _field("amount (£k)"), _field("Description")
    ('notes', 'amount', None)
    """
    if not isinstance(cell, str):
        return None
    key = fold(cell)
    key = "notes" if key == "note" else key
    if key in _FIELDS:
        return _FIELDS[key]
    head, unit = split_unit(cell)
    return "amount" if unit is not None and fold(head) in ("amount", "value", "cost") else None


def _synonym(cell: object) -> str | None:
    """The field a whole header names by a synonym (``Line item`` is ``line``), or None."""
    if not isinstance(cell, str):
        return None
    return header_synonym(cell) or header_synonym(split_unit(cell)[0])


def _named(cell: object) -> str | None:
    return _field(cell) or _synonym(cell)


_YEARISH = re.compile(
    r"(?<!\d)(?:1[89]|2[01])\d{2}(?!\d)|(?<!\d)\d{2}\s*[-/–]\s*\d{2}(?!\d)|\byear\s*\d{1,2}\b",
    re.I,
)
_NOT_A_YEAR = re.compile(r"total|npv|net present|%|percent", re.I)


def year_like(title: str) -> bool:
    """Whether a header that is not a year this reader knows still looks like one
    (``FY14-15``, ``2011-12 Forecast``, ``09/10``, ``Year 1``); totals and NPVs do not.

    >>> [year_like(t) for t in ("FY14-15", "2011 Actual", "09/10", "Year 1", "Notes")]
    [True, True, True, True, False]
    >>> year_like("Total 2008-13"), year_like("NPV 2008")
    (False, False)
    """
    return bool(_YEARISH.search(title)) and not _NOT_A_YEAR.search(title)


def unread_years(h: _Header) -> dict[int, str]:
    """A wide header's columns that look like years but are not read as years."""
    if h.layout != "wide":
        return {}
    used = {*h.fields.values(), *h.years}
    return {i: t for i, t in h.titles.items() if i not in used and _unknown_year(t)}


def _unknown_year(title: str) -> bool:
    """A title that looks like a year but is none this reader knows (a repeated year
    column, or a financial year whose years do not follow, is reported already)."""
    try:
        return _wide_year(title) is None and year_like(title)
    except _Bad:
        return False


def _find_header(rows: Sequence[Row]) -> int | None:
    """Position of the first row naming every required column (or a synonym of it),
    among the first 50."""
    for position, (_, cells) in enumerate(rows[:HEADER_SEARCH]):
        if set(REQUIRED) <= {_named(c) for c in cells}:
            return position
    return None


def _found(cells: Iterable[object]) -> str:
    return "found " + (", ".join(f"'{_text(c)}'" for c in cells if not _blank(c)) or "nothing")


def _missing(rows: Sequence[Row], file: str) -> InputError:
    """MISSING_COLUMN for each required name absent from the likeliest header row."""
    _, best = max(rows[:HEADER_SEARCH], key=lambda r: len({_named(c) for c in r[1]} - {None}))
    need = "option, line, category, then year and amount, or one column per year"
    out = Collector(file)
    for name in (n for n in REQUIRED if n not in {_named(c) for c in best}):
        message = f"no '{name}' column in the first {HEADER_SEARCH} rows (a cost file needs {need})"
        out.add(Reason.MISSING_COLUMN, f"{message}; {_found(best)}")
    return InputError(out.problems)


def _slots(
    row: Row,
    titles: dict[int, str],
    layout: str,
    out: Collector,
    notes: list[str],
    convention: str = START,
) -> dict[str | int, int]:
    """Field name or year -> cell index for each header cell used; duplicates reported.

    Standard names first; then synonyms, for the fields no standard name gave (the
    standard name wins when both are present), each said in a note.
    """
    number, cells = row
    slots: dict[str | int, int] = {}
    for i, title in titles.items():
        try:
            slot = _field(cells[i]) or (
                _wide_year(cells[i], convention) if layout == "wide" else None
            )
        except _Bad as bad:
            out.add(bad.reason, bad.message, row=number, column=title, value=title)
            continue
        if slot in slots:
            first = f"'{titles[slots[slot]]}' (column {get_column_letter(slots[slot] + 1)})"
            message = (
                f"'{title}' (column {get_column_letter(i + 1)}) repeats {first}: delete or "
                "rename one (the first is read meanwhile)"
            )
            out.add(Reason.DUPLICATE_COLUMN, message, row=number, column=title, value=title)
        elif slot is not None:
            slots[slot] = i
    for i, title in titles.items():
        synonym = _synonym(cells[i]) if i not in slots.values() else None
        if synonym is not None and synonym not in slots:
            slots[synonym] = i
            notes.append(f"Read the column '{title}' as {synonym}.")
    return slots


def _wide_year(cell: object, convention: str = START) -> int | None:
    """A wide header's year, ignoring a unit suffix (``2008-09 £000``).

    >>> _wide_year("2008-09 £000"), _wide_year("31/03/2009", "end"), _wide_year("Notes")
    (2008, 2008, None)
    """
    if isinstance(cell, str):
        return year_of(split_unit(cell)[0], convention)
    return year_of(cell, convention)


def header_dates(row: Row, layout: str) -> list[date]:
    """The dates among a wide header's cells (none for a long file)."""
    if layout != "wide":
        return []
    return column_dates(split_unit(c)[0] if isinstance(c, str) else c for c in row[1])


def _units(
    rows: list[Row], position: int, titles: dict[int, str], out: Collector, given: Unit | None
) -> tuple[Unit | None, str]:
    """The one unit the file states, and where: the amount or year headers' suffixes, the
    rows above the header, or the caller's ``given`` unit; different statements are
    an error naming each."""
    number = rows[position][0]
    said: dict[Unit, str] = {}
    for title in titles.values():
        if (unit := split_unit(title)[1]) is not None and (_field(title) or _wide_year(title)):
            said.setdefault(unit, f"the header '{title}'")
    for row, cells in rows[:position]:
        text = ", ".join(_text(c) for c in cells if not _blank(c))
        for unit in title_units(text):
            said.setdefault(unit, f"row {row} ('{text[:60]}')")
    if given is not None:
        said = {given: "the unit you gave", **{u: w for u, w in said.items() if u != given}}
    if len(said) > 1:
        listed = "; ".join(f"{u.label} in {where}" for u, where in said.items())
        message = f"the file states more than one unit ({listed}): say which one, or edit the file"
        out.add(Reason.UNIT_CONFLICT, message, row=number)
        return None, ""
    return next(iter(said.items()), (None, ""))


def _read_header(
    rows: list[Row],
    position: int,
    out: Collector,
    unit: Unit | None = None,
    convention: str = START,
) -> _Header:
    """Fields, year columns, layout, unit and notes of the header row at ``position``."""
    number, cells = rows[position]
    titles = {i: _text(c) for i, c in enumerate(cells) if not _blank(c)}
    layout = "long" if {"year", "amount"} & {_named(c) for c in cells} else "wide"
    notes: list[str] = []
    slots = _slots(rows[position], titles, layout, out, notes, convention)
    fields = {k: i for k, i in slots.items() if isinstance(k, str)}
    years = {i: k for k, i in slots.items() if isinstance(k, int)}
    for n in [n for n in ("year", "amount") if n not in fields] if layout == "long" else ():
        out.add(Reason.MISSING_COLUMN, f"no '{n}' column: {_found(cells)}", row=number)
    if layout == "wide" and not years and not out:
        message = f"no year and amount columns, nor year columns such as 2008: {_found(cells)}"
        if odd := [t for t in titles.values() if year_like(t) and not _named(t)]:
            message += f" ('{odd[0]}' looks like a year: write it as 2008-09, 2008 or FY2008)"
        out.add(Reason.MISSING_COLUMN, message, row=number)
    unknown = ", ".join(f"'{t}'" for i, t in titles.items() if i not in slots.values())
    if position:
        notes.append(f"Ignored {position} row(s) above the header, which is row {number}.")
    if unknown:
        notes.append(f"Ignored column(s) that a {layout} cost file does not use: {unknown}.")
    stated, where = _units(rows, position, titles, out, unit)
    if stated is not None:
        times = "" if stated.factor == 1 else f" (× {stated.factor:,.0f})"
        notes.append(f"Amounts are in {stated.label}{times}, as {where} says.")
    elif "unit" not in fields:
        notes.append("No unit stated: amounts read as £.")
    else:
        notes.append(f"Each row's amounts are in the unit its '{titles[fields['unit']]}' cell "
                     "states; a blank one is read as £.")  # fmt: skip
    return _Header(number, layout, fields, years, titles, tuple(notes), stated, where)
