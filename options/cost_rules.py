"""The rules a cost line must satisfy, whichever loader read it.

A cost line is one amount of one line of one option in one calendar year (DESIGN
"Contracts": the scenario JSON and the cost-file contract). Whether it comes from
a scenario file, a cost file or the dashboard's editor:

- its year runs from the base year to the base year + 1,000 (:func:`horizon`);
- its amount is within ±10^15 (:data:`MAX_AMOUNT`);
- its multipliers satisfy low ≤ 1 ≤ high (:func:`multipliers_in_order`), high at
  most :data:`MAX_MULTIPLIER`;
- its per-line settings (:data:`PER_LINE`) are the same in every year of the line
  (:class:`LineSettings`);
- no two lines share option, line, category and year, for amounts are never
  summed (:class:`Repeats`, and :func:`report_repeats` for a cost file's rows).

Each loader reports a broken rule in its own words at its own place (a JSON path,
or a spreadsheet row and column header), carried as data. Pure Python, so that
the scenario loader does not pull in pandas.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass

from options.errors import Collector, Reason
from options.model import MAX_HORIZON, CostLine

MAX_AMOUNT = 1e15  # £, either sign
MAX_MULTIPLIER = 100.0  # the highest high multiplier
PER_LINE = ("low", "high", "optimism_bias", "driver", "health", "price_year")  # whole-line settings


def horizon(base: int) -> tuple[int, int]:
    """The first and last year a cost line may fall in, given the base year.

    >>> horizon(2008)
    (2008, 3008)
    """
    return base, base + MAX_HORIZON


def year_outside(year: int, base: int) -> Reason | None:
    """Why ``year`` is outside the :func:`horizon`, or None when it is inside.

    >>> year_outside(2007, 2008).value, year_outside(2008, 2008), year_outside(3009, 2008).value
    ('year_before_base', None, 'year_out_of_range')
    """
    first, last = horizon(base)
    if year < first:
        return Reason.YEAR_BEFORE_BASE
    return Reason.YEAR_OUT_OF_RANGE if year > last else None


def multipliers_in_order(low: float | None, high: float | None) -> bool:
    """Whether 0 < low ≤ 1 ≤ high, a multiplier not given standing for 1.

    >>> multipliers_in_order(0.9, 1.2), multipliers_in_order(None, 0.8)
    (True, False)
    >>> multipliers_in_order(None, 0.0), multipliers_in_order(0.0, None)   # never "0 means 1"
    (False, False)
    """
    low, high = (1.0 if low is None else low), (1.0 if high is None else high)
    return 0 < low <= 1 <= high


def settings_of(line: CostLine) -> tuple[object, ...]:
    """The line's :data:`PER_LINE` settings, in that order."""
    return tuple(getattr(line, k) for k in PER_LINE)


class LineSettings:
    """The per-line settings of each line, as the first year read of it gave them.

    A line's multipliers and optimism-bias flag apply to the whole line, so every
    year of it must give the same ones (else one row would silently change all).

    >>> from options.model import Category
    >>> first = LineSettings()
    >>> first.differing(CostLine("A", "Fee", Category.OPEX, 2009, 1.0, low=0.9))
    []
    >>> first.differing(CostLine("A", "Fee", Category.OPEX, 2010, 1.0, optimism_bias=False))
    ['low', 'optimism_bias']
    >>> first.differing(CostLine("A", "Fee", Category.OPEX, 2011, 1.0, low=0.9, health=True))
    ['health']
    """

    def __init__(self) -> None:
        self._first: dict[tuple[object, ...], tuple[object, ...]] = {}

    def differing(self, line: CostLine) -> list[str]:
        """The settings in which ``line`` differs from the first year of its line."""
        values = settings_of(line)
        first = self._first.setdefault((line.option, line.line, line.category), values)
        return [k for k, a, b in zip(PER_LINE, first, values, strict=True) if a != b]


class Repeats:
    """The keys of the cost lines seen so far, to find a line given twice.

    Amounts are never summed: a second line with the same (option, line, category,
    year) is an error that names the first. Keys are numbered in the order given,
    so the caller keeps where each was written (a row, a JSON path).

    >>> seen = Repeats()
    >>> [seen.of(key) for key in ("a", "b", "a", "a")]
    [None, None, 0, 0]
    """

    def __init__(self) -> None:
        self._first: dict[Hashable, int] = {}
        self._given = 0

    def of(self, key: Hashable) -> int | None:
        """The number of the first key equal to ``key`` if one was given before, else None."""
        number, self._given = self._given, self._given + 1
        first = self._first.setdefault(key, number)
        return None if first == number else first


@dataclass(frozen=True, slots=True)
class Written:
    """A cost-file line as written: its year cell's column header and text, option, line."""

    column: str
    year: str
    option: str
    line: str


def report_repeats(
    out: Collector,
    lines: Iterable[tuple[Hashable, int | None]],
    written: Callable[[int], Written],
) -> None:
    """DUPLICATE_ROW at each cost-file line whose key an earlier line had.

    ``lines`` gives each line's key and spreadsheet row, in file order; ``written(n)``
    gives the ``n``-th line as written (asked for repeats only). The problem stands
    at the repeat's year cell and names the first row.
    """
    seen, rows = Repeats(), list[int | None]()
    for n, (key, row) in enumerate(lines):
        rows.append(row)
        if (first := seen.of(key)) is not None:
            w = written(n)
            message = f"repeats row {rows[first]} (option '{w.option}', line '{w.line}', {w.year})"
            message += ": amounts are never summed"
            out.add(Reason.DUPLICATE_ROW, message, row=row, column=w.column, value=w.year)
