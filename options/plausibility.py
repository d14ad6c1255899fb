"""Plausibility checks that warn, not refuse: figures that look like the wrong unit.

A workbook in £k read as £ loads without error and gives a confident, wrong
verdict, the worst thing this tool can do. So does one amount of a line a
thousand times its others (``1.240`` read as 1,240 where ``1,25`` is 1.25). The
first is checked here against the scenario (:func:`scale_warnings`), the second
within the file (:func:`outliers`). Where the file states no unit, its
amounts are compared with what they will sit beside: an option whose mean yearly
gross cost is under 1/200 of the median of the scenario's other options (before
the upload), or, with no scenario, a file whose largest option costs under
£10,000 a year, is flagged. The user must see the warning and accept it.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence

from options.cost_file import CostFile
from options.errors import Problem, Reason
from options.model import CostLine, Scenario
from options.text import fold_words

RATIO = 200  # an option this many times below the median looks like the wrong unit
OUTLIER = 500  # an amount this many times its line's median looks like a slipped digit
FLOOR = 10_000.0  # £ a year: below this, a whole file looks like £k or £m read as £


def yearly_gross(lines: Iterable[CostLine]) -> dict[str, float]:
    """Each option's mean yearly gross cost: its cost amounts (not benefits or residual
    values, not credits) summed, over the number of years it has amounts in. Spellings
    of one option (``In House``, ``in-house``) count as one, under the first.

    >>> from options.model import Category
    >>> lines = [CostLine("a", "x", Category.OPEX, 2008, 100.0),
    ...          CostLine("a", "y", Category.CAPEX, 2009, 300.0),
    ...          CostLine("a", "z", Category.BENEFIT, 2009, 999.0)]
    >>> yearly_gross(lines)
    {'a': 200.0}
    """
    totals: dict[str, float] = {}
    years: dict[str, set[int]] = {}
    first: dict[str, str] = {}
    for c in lines:
        key = first.setdefault(fold_words(c.option), c.option)
        years.setdefault(key, set()).add(c.year)
        if c.category.cost_sign > 0 and c.amount > 0:
            totals[key] = totals.get(key, 0.0) + c.amount
    return {o: totals.get(o, 0.0) / len(y) for o, y in years.items()}


def scale_warnings(costs: CostFile, scenario: Scenario | None = None) -> tuple[Problem, ...]:
    """Warnings that the file's amounts may be in £k or £m, when it states no unit."""
    if costs.unit is not None:
        return ()
    mine = yearly_gross(costs.lines)
    if scenario is not None:
        theirs = [v for v in yearly_gross(scenario.costs).values() if v > 0]
        if not theirs:
            return ()
        median = statistics.median(theirs)
        low = {o: v for o, v in mine.items() if v < median / RATIO}
        return tuple(
            _warn(
                costs,
                f"option '{o}' costs £{v:,.0f} a year on average, under 1/{RATIO} of "
                f"the scenario's median option (£{median:,.0f}); the file states no unit, "
                "so check whether it is in £k or £m",
            )
            for o, v in low.items()
        )
    if mine and max(mine.values()) < FLOOR:
        top = max(mine.values())
        return (
            _warn(costs, f"the largest option costs £{top:,.0f} a year on average, under "
                  f"£{FLOOR:,.0f}; the file states no unit, so check whether it is in £k or £m"),
        )  # fmt: skip
    return ()


def _warn(costs: CostFile, message: str) -> Problem:
    return Problem(costs.file, None, None, None, Reason.LOW_AMOUNTS, message)


def outliers(lines: Sequence[CostLine]) -> list[tuple[int, str]]:
    """(index, why) of each amount at least 500 times the median of its line's other
    non-zero amounts (lines match as options and lines do: ignoring case and punctuation).

    >>> from options.model import Category
    >>> lines = [CostLine("a", "Fee", Category.OPEX, y, x)
    ...          for y, x in zip(range(2008, 2012), (1.25, 1.3, 1240.0, 1.2))]
    >>> [(i, why[:42]) for i, why in outliers(lines)]   # the others' median is 1.25
    [(2, '£1,240 is 992 times the median of the othe')]
    """
    groups: dict[tuple[str, str, str], list[int]] = {}
    for i, c in enumerate(lines):
        if c.amount:
            key = (fold_words(c.option), fold_words(c.line), c.category.value)
            groups.setdefault(key, []).append(i)
    found = []
    for members in groups.values():
        if len(members) < 2 or len(members) > 1_000:  # a line of over 1,000 years is not one
            continue
        sizes = [abs(lines[i].amount) for i in members]
        for n, i in enumerate(members):
            c, median = lines[i], statistics.median(sizes[:n] + sizes[n + 1 :])
            if abs(c.amount) >= OUTLIER * median:
                found.append((i, f"{_pounds(c.amount)} is {abs(c.amount) / median:,.0f} times "
                             f"the median of the other amounts of line '{c.line}' of option "
                             f"'{c.option}' ({_pounds(median)}): "
                             "a misplaced decimal mark or a different unit?"))  # fmt: skip
    return sorted(found)


def _pounds(x: float) -> str:
    """``£1,240`` or ``£1.25``: pence only where the figure is under £100."""
    return f"£{x:,.0f}" if abs(x) >= 100 else f"£{x:,.2f}"
