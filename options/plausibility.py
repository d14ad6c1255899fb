"""Plausibility checks that warn, not refuse: figures that look like the wrong unit.

A workbook in £k read as £ loads without error and gives a confident, wrong
verdict, the worst thing this tool can do. Where the file states no unit, its
amounts are compared with what they will sit beside: an option whose mean yearly
gross cost is under 1/200 of the median of the scenario's other options (before
the upload), or, with no scenario, a file whose largest option costs under
£10,000 a year, is flagged. The user must see the warning and accept it.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable

from options.cost_file import CostFile
from options.errors import Problem, Reason
from options.model import CostLine, Scenario

RATIO = 200  # an option this many times below the median looks like the wrong unit
FLOOR = 10_000.0  # £ a year: below this, a whole file looks like £k or £m read as £


def yearly_gross(lines: Iterable[CostLine]) -> dict[str, float]:
    """Each option's mean yearly gross cost: its cost amounts (not benefits or residual
    values, not credits) summed, over the number of years it has amounts in.

    >>> from options.model import Category
    >>> lines = [CostLine("a", "x", Category.OPEX, 2008, 100.0),
    ...          CostLine("a", "y", Category.CAPEX, 2009, 300.0),
    ...          CostLine("a", "z", Category.BENEFIT, 2009, 999.0)]
    >>> yearly_gross(lines)
    {'a': 200.0}
    """
    totals: dict[str, float] = {}
    years: dict[str, set[int]] = {}
    for c in lines:
        years.setdefault(c.option, set()).add(c.year)
        if c.category.cost_sign > 0 and c.amount > 0:
            totals[c.option] = totals.get(c.option, 0.0) + c.amount
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
