"""The rules a cost line must satisfy, whichever loader read it.

A cost line is one amount of one line of one option in one calendar year (DESIGN
"Contracts": the scenario JSON and the cost-file contract). Whether it comes from
a scenario file, a cost file or the dashboard's editor:

- its year runs from the base year to the base year + 1,000 (:func:`horizon`);
- its amount is within ±10^15 (:data:`MAX_AMOUNT`);
- its multipliers satisfy 0 < low ≤ 1 ≤ high ≤ :data:`MAX_MULTIPLIER`;
- its per-line settings (:data:`PER_LINE`) are the same in every year of the line
  (:class:`LineSettings`);
- no two lines share option, line, category and year, for amounts are never
  summed (:class:`Repeats`);
- a nominal line has no ``price_year``, and the deflator covers every year
  rebased (nominal lines, a ``price_year``) and the price base.

The rules are checked here once, for any loader: :func:`line_rules` (a line on its
own, and lines against each other) and :func:`setting_rules` (lines against the
scenario they are appraised in: its base year, price base and deflator). Each
gives :class:`Broken` records that say which line (its index in the sequence
checked), which field, and why, but not where: each loader places them itself (a
JSON path such as ``costs[3].high``, or a spreadsheet row and column header),
from data, never from the text. Whatever passes both, :func:`appraisal.appraise`
accepts. Pure Python, so that the scenario loader does not pull in pandas.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

from options.errors import Reason
from options.model import GDP_DEFLATOR, MAX_HORIZON, Basis, CostLine, YearMap
from options.text import fold_words

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


def settings_of(line: CostLine) -> tuple[object, ...]:
    """The line's :data:`PER_LINE` settings, in that order.

    >>> from options.model import Category
    >>> settings_of(CostLine("A", "Fee", Category.OPEX, 2009, 1.0, low=0.9))
    (0.9, None, True, None, False, None)
    """
    c = line  # written out, not getattr in a loop: 200,000 lines are checked
    return (c.low, c.high, c.optimism_bias, c.driver, c.health, c.price_year)


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

    def differing(self, line: CostLine, name: Hashable = None) -> list[str]:
        """The settings in which ``line`` differs from the first year of its line
        (``name``: its option and line as the loader matches them; default, as written)."""
        values = settings_of(line)
        key = ((line.option, line.line) if name is None else name, line.category)
        first = self._first.setdefault(key, values)
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
class Broken:
    """A rule a cost line breaks: which line, which field, why; not where.

    ``message`` may hold ``{first}``, which the loader fills with where the line
    named by ``first`` (an index, like ``index``) was written: ``row 4`` or ``costs[2]``.
    """

    index: int
    field: str
    reason: Reason
    message: str
    first: int | None = None

    def text(self, place: Callable[[int], str]) -> str:
        """The message, with ``{first}`` as ``place`` writes the first line's place."""
        return self.message.replace("{first}", place(self.first or 0))


def _show(x: float) -> str:
    return f"{x:g}"


def line_rules(
    lines: Sequence[CostLine],
    option_key: Callable[[str], Hashable] = str,
    joined: Sequence[bool] | None = None,
) -> list[Broken]:
    """Every rule a line breaks on its own, or against the lines before it.

    - the amount is finite and within ±10^15;
    - 0 < low ≤ 1 ≤ high ≤ 100 (a multiplier not given is 1);
    - a nominal line has no ``price_year`` (its prices are those of each year);
    - the per-line settings (:data:`PER_LINE`) are the same in every year of a line;
    - no two lines share option, line, category and year (``option_key`` folds the
      option as the loader matches it; lines match ignoring case, spaces and
      punctuation, as risks name them), for amounts are never summed.

    A line whose ``joined`` is False (read with a word in doubt, say an unknown
    category, already reported) meets the rules of a line on its own only.

    >>> from options.model import Category
    >>> fee = CostLine("A", "Fee", Category.OPEX, 2009, 1.0, high=0.0)
    >>> [(b.field, b.message) for b in line_rules([fee, fee])]   # doctest: +NORMALIZE_WHITESPACE
    [('high', 'high multiplier 0 must be at least 1 (and at most 100)'),
     ('high', 'high multiplier 0 must be at least 1 (and at most 100)'),
     ('year', "repeats {first} (option 'A', line 'Fee', opex, 2009): amounts are never summed")]
    """
    out: list[Broken] = []
    repeats, settings = Repeats(), LineSettings()
    for i, c in enumerate(lines):
        if not (math.isfinite(c.amount) and abs(c.amount) <= MAX_AMOUNT):
            message = f"{_show(c.amount)} is beyond ±10^15: check the units and the digits"
            out.append(Broken(i, "amount", Reason.AMOUNT_TOO_LARGE, message))
        if c.low is not None and not 0 < c.low <= 1:
            message = f"low multiplier {_show(c.low)} must be above 0 and at most 1"
            out.append(Broken(i, "low", Reason.OUT_OF_RANGE, message))
        if c.high is not None and not 1 <= c.high <= MAX_MULTIPLIER:
            message = f"high multiplier {_show(c.high)} must be at least 1 (and at most 100)"
            out.append(Broken(i, "high", Reason.OUT_OF_RANGE, message))
        if c.price_year is not None and c.basis is Basis.NOMINAL:
            message = "a nominal line has no single price year: give one or the other"
            out.append(Broken(i, "price_year", Reason.OUT_OF_RANGE, message))
        if joined is not None and not joined[i]:
            continue
        key = (option_key(c.option), fold_words(c.line), c.category, c.year)
        if (first := repeats.of(key)) is not None:
            message = (
                f"repeats {{first}} (option '{c.option}', line '{c.line}', "
                f"{c.category.value}, {c.year}): amounts are never summed"
            )
            out.append(Broken(i, "year", Reason.DUPLICATE_ROW, message, first))
        elif differs := settings.differing(c, key[:2]):
            message = (
                f"{', '.join(differs)} must be the same in every year of line '{c.line}' of "
                f"option '{c.option}' (they apply to the whole line)"
            )
            out.append(Broken(i, differs[0], Reason.OUT_OF_RANGE, message))
    return out


@dataclass(frozen=True, slots=True)
class Setting:
    """What cost lines are appraised against: the base year, and, for real prices,
    the price base and deflator (None: the deflator is not yet known, not checked)."""

    base: int
    price_base: int | None = None
    deflator: YearMap | None = None  # the scenario's own; None with price_base: the shipped one
    carbon: bool = False  # carbon values are rebased to the price base too
    shipped: YearMap = GDP_DEFLATOR  # the GDP deflator of the scenario's parameter vintage

    @property
    def series(self) -> tuple[YearMap, str]:
        if self.deflator:
            return self.deflator, "the scenario's deflator"
        return self.shipped, "the shipped GDP deflator"


def setting_rules(lines: Sequence[CostLine], setting: Setting) -> list[Broken]:
    """Every rule a line breaks against the scenario: its year within the horizon
    (:func:`horizon`), and, once the price base is known, a deflator index for each
    year rebased — nominal lines, a ``price_year`` — since the series is extrapolated
    after its last year (Green Book 5.12) but never before its first.

    >>> from options.model import Category
    >>> old = CostLine("A", "Fee", Category.OPEX, 1990, 1.0, basis=Basis.NOMINAL)
    >>> [b.message for b in setting_rules([old], Setting(1995, 1995))]   # doctest: +ELLIPSIS
    ['year 1990 is before the base year 1995', '1990 is before the shipped GDP deflator, ...']
    """
    out: list[Broken] = []
    first, last = horizon(setting.base)
    deflator_first, which = None, ""
    if setting.price_base is not None:
        series, which = setting.series
        deflator_first = min(y for y, _ in series)
    for i, c in enumerate(lines):
        if c.year < first:
            message = f"year {c.year} is before the base year {setting.base}"
            out.append(Broken(i, "year", Reason.YEAR_BEFORE_BASE, message))
        elif c.year > last:
            message = f"year {c.year} is more than {MAX_HORIZON:,} years after the base year "
            out.append(Broken(i, "year", Reason.YEAR_OUT_OF_RANGE, message + f"{setting.base}"))
        if deflator_first is None:
            continue
        for key, year in (("year", c.year if c.basis is Basis.NOMINAL else None),
                          ("price_year", c.price_year)):  # fmt: skip
            if year is not None and year < deflator_first:
                message = (
                    f"{year} is before {which}, which starts in {deflator_first}: give a "
                    "deflator that covers it, or enter the amount in real prices"
                )
                out.append(Broken(i, key, Reason.DEFLATOR_MISSING_YEAR, message))
    return out


def price_base_uncovered(lines: Sequence[CostLine], setting: Setting) -> str | None:
    """Why the price base is before the deflator when anything is rebased to it
    (nominal lines, a ``price_year``, carbon values), or None."""
    if setting.price_base is None:
        return None
    series, which = setting.series
    first = min(y for y, _ in series)
    rebased = setting.carbon or any(
        c.basis is Basis.NOMINAL or c.price_year is not None for c in lines
    )
    if rebased and setting.price_base < first:
        return f"price base {setting.price_base} is before {which}, which starts in {first}"
    return None
