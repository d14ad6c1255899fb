"""Years as finance teams write them: ``2008``, ``2008-09``, ``FY2008``, and dates.

One reading serves a wide file's year headers and a long file's year column.
Financial years are read by their first year (``2008-09``, ``2008/09``,
``FY2008`` are 2008). Dates are read day first (``31/03/2009`` is 31 March). A date
marks either the start or the end of its year, and the two differ by one for a
financial year: 31 March 2009 ends 2008-09. So the file's dates are looked at
together (:func:`convention_of`): when every one is a year end (31 March, 5 April,
31 December) they are read as ends, when every one is a year start (1 April,
6 April, 1 January) as starts, and otherwise the user says which (``start`` or
``end``): never shifted silently.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from options.cell_values import _Bad, _text
from options.errors import Reason

START, END = "start", "end"
ENDS = ((31, 3), (5, 4), (31, 12))  # (day, month) that end a financial or calendar year
STARTS = ((1, 4), (6, 4), (1, 1))
_FY = re.compile(r"(?:FY\s*)?(\d{4})\s*[-/–]\s*(\d{2}|\d{4})", re.I)
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?")
_DMY = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")


def date_of(cell: object) -> date | None:
    """The date a cell holds or writes (day first), or None.

    >>> date_of("31/03/2009"), date_of("2009-03-31 00:00:00"), date_of("2009")
    (datetime.date(2009, 3, 31), datetime.date(2009, 3, 31), None)
    """
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    text = _text(cell)
    try:
        if m := _ISO.fullmatch(text):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := _DMY.fullmatch(text):
            return date(int(m[3]), int(m[2]), int(m[1]))
    except ValueError:
        raise _Bad(Reason.NOT_AN_INTEGER_YEAR, f"'{text}' is not a date") from None
    return None


def year_of(cell: object, convention: str = START) -> int | None:
    """The year a cell stands for, or None when it is not year-like.

    >>> [year_of(h) for h in ("2008", "2008.0", "FY2008", "FY 2008-09", "2008/09", 2008)]
    [2008, 2008, 2008, 2008, 2008, 2008]
    >>> year_of("31/03/2009", END), year_of("01/04/2008", START), year_of("Staff")
    (2008, 2008, None)
    """
    if (d := date_of(cell)) is not None:
        return period_year(d, convention)
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return int(cell) if float(cell).is_integer() and 1000 <= cell <= 9999 else None
    text = _text(cell)
    if m := re.fullmatch(r"(?:FY\s*)?(\d{4})(?:\.0+)?", text, re.I):
        return int(m[1])
    if not (m := _FY.fullmatch(text)):
        return None
    first, follows = int(m[1]), f"{int(m[1]) + 1}"[-len(m[2]) :]
    if m[2] != follows:
        message = f"'{text}' looks like a financial year but {m[2]} does not follow {first}"
        raise _Bad(Reason.BAD_YEAR_HEADER, f"{message}: write {first}-{follows[-2:]} or {first}")
    return first


def period_year(d: date, convention: str) -> int:
    """The year a date stands for: its own year if it starts the period, else the year
    of the day after it, less one (31 March 2009 ends 2008-09; 31 December 2008 ends 2008).

    >>> period_year(date(2009, 3, 31), END), period_year(date(2008, 12, 31), END)
    (2008, 2008)
    >>> period_year(date(2008, 4, 1), START)
    2008
    """
    return d.year if convention == START else (d + timedelta(days=1)).year - 1


def convention_of(dates: Iterable[date], given: str | None) -> tuple[str, str | None]:
    """How the file's dates are read, and a note saying so; ValueError when it must be asked.

    >>> convention_of([date(2009, 3, 31), date(2010, 3, 31)], None)[0]
    'end'
    >>> convention_of([date(2008, 1, 1)], None)
    ('start', None)
    """
    found = sorted(set(dates))
    if given is not None:
        note = f"Read the year dates as {given}s of their years, as asked."
        return given, note if found else None
    if not found:
        return START, None
    days = {(d.day, d.month) for d in found}
    if days <= set(ENDS):
        first = found[0]
        return END, (
            f"Read the dates as year ends: every one is 31 March, 5 April or 31 December, so "
            f"{first:%d/%m/%Y} is the year {period_year(first, END)} (a financial year "
            "is read by its first year)."
        )
    if days <= set(STARTS):
        return START, None
    odd = [d for d in found if (d.day, d.month) not in (*ENDS, *STARTS)]
    start = next((d for d in found if (d.day, d.month) in STARTS), None)
    end = next((d for d in found if (d.day, d.month) in ENDS), None)
    if odd:
        which = f"{odd[0]:%d/%m/%Y} neither starts nor ends a year"
    else:
        which = f"{start:%d/%m/%Y} starts a year and {end:%d/%m/%Y} ends one"
    raise ValueError(
        f"the year dates are neither all year ends nor all year starts ({which}); "
        "say whether a date marks the start or the end of its year "
        "(--year-convention start|end)"
    )


def long_year(cell: object, convention: str = START) -> int:
    """A long file's year cell: a calendar year, a financial year or a date.

    >>> long_year("2008"), long_year("2008-09"), long_year(2008.0), long_year("31/03/2009", END)
    (2008, 2008, 2008, 2008)
    """
    text = _text(cell)
    if isinstance(cell, str) and re.fullmatch(r"[+-]?\d+(?:[.,]0*)?", text):
        year = int(re.split(r"[.,]", text)[0])
    elif isinstance(cell, int | float) and not isinstance(cell, bool) and float(cell).is_integer():
        year = int(cell)
    elif (found := year_of(cell, convention)) is not None:
        return found
    else:
        what = "empty" if not text else f"'{text}', not a whole number"
        raise _Bad(
            Reason.NOT_AN_INTEGER_YEAR,
            f"year is {what}: write a year as 2009, 2009-10, FY2009 or a date",
        )
    if not 1 <= year <= 9999:
        raise _Bad(Reason.YEAR_OUT_OF_RANGE, f"{text} is not a calendar year")
    return year


def column_dates(cells: Iterable[object]) -> list[date]:
    """The dates among a long file's year cells (unreadable ones are reported later)."""
    found = []
    for cell in cells:
        try:
            d = date_of(cell)
        except _Bad:
            continue
        if d is not None:
            found.append(d)
    return found


STRAY_GAP = 5  # years beyond the span of the file's other years before one is flagged


def stray_years(years: Iterable[int]) -> dict[int, str]:
    """Each year more than 5 years outside the span of the other years, and why.

    A typo (2108 for 2018) or a stray 2000 would otherwise move money a century or
    reset the base year; it is flagged for the user to confirm, never dropped.

    >>> stray_years([2008, 2009, 2010, 2108])
    {2108: '2108 is 98 years after the other years (2008–2010): a typo?'}
    >>> stray_years([2000, 2008, 2009]), stray_years([2008, 2013])
    ({2000: '2000 is 8 years before the other years (2008–2009): a typo?'}, {})
    """
    found = sorted(set(years))
    stray: dict[int, str] = {}
    for i, year in enumerate(found):
        others = found[:i] + found[i + 1 :]
        if not others:
            continue
        low, high = others[0], others[-1]
        span = f"{low}–{high}" if low != high else f"{low}"
        if year > high + STRAY_GAP:
            stray[year] = f"{year} is {year - high} years after the other years ({span}): a typo?"
        elif year < low - STRAY_GAP:
            stray[year] = f"{year} is {low - year} years before the other years ({span}): a typo?"
    return stray
