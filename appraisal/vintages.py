"""One scenario appraised under two Green Book parameter vintages, side by side.

A scenario records the vintage it was appraised with; re-appraising it with another
(today's figures for a 2007 decision, say) shows what the change of parameters alone
does: the same inputs, the other vintage's discount schedules, optimism-bias table,
carbon values and GDP deflator.
"""

from __future__ import annotations

import pandas as pd

from appraisal.appraise import appraise
from appraisal.results import Results
from options.model import Scenario
from options.parameters_model import Parameters

__all__ = ["MEASURES", "compare", "side_by_side"]

MEASURES = ("npsv", "rank", "preferred")  # per vintage, in this order


def side_by_side(a: Results, b: Results) -> pd.DataFrame:
    """Two appraisals of the same options, one row per option.

    Columns are a two-level index: for each vintage (its id), ``npsv`` (£ real),
    ``rank`` (the overall rank, 1 = first) and ``preferred`` (the option preferred
    overall, which is the NPSV leader when no price per concerns point is set); then
    ``("change", "npsv")``, the second NPSV less the first.

    Raises
    ------
    ValueError
        When the two appraisals are of different options, or of the same vintage.
    """
    ids = [o.id for o in a.options]
    if ids != [o.id for o in b.options] or a.parameters == b.parameters:
        raise ValueError("side_by_side needs the same options under two different vintages")
    columns: dict[tuple[str, str], list[object]] = {("", "name"): [o.name for o in a.options]}
    for r in (a, b):
        columns[(r.parameters, "npsv")] = [o.npsv for o in r.options]
        columns[(r.parameters, "rank")] = [o.rank for o in r.options]
        columns[(r.parameters, "preferred")] = [o.id == r.preferred.overall for o in r.options]
    columns[("change", "npsv")] = [
        y.npsv - x.npsv for x, y in zip(a.options, b.options, strict=True)
    ]
    frame = pd.DataFrame(columns, index=pd.Index(ids, name="option"))
    frame.columns = pd.MultiIndex.from_tuples(columns)
    return frame


def compare(
    scenario: Scenario,
    a: Parameters,
    b: Parameters,
    *,
    draws: int = 1,
    seed: int | None = None,
) -> pd.DataFrame:
    """Appraise ``scenario`` under vintages ``a`` and ``b`` and set the results side by side.

    Parameters
    ----------
    scenario : Scenario
        A validated scenario; its own vintage is neither used nor changed.
    a, b : Parameters
        The two vintages (typically the scenario's own first).
    draws, seed : int, optional
        Monte Carlo draws for each appraisal (default 1: the figures compared are the
        deterministic NPSVs and ranks, which do not depend on the draws).

    Returns
    -------
    DataFrame
        :func:`side_by_side` of the two appraisals.

    Examples
    --------
    A scenario with carbon and no named series: the 2007-08 vintage values its tonnes
    at the Shadow Price of Carbon (£26.50 a tonne in 2008), today's at DESNZ's (£253.19
    in 2020, extended back at its own growth rate), so the NPSV falls by the difference.

    >>> from options.model import CostLine, Category, Option, OptionKind
    >>> from options.parameters import load_parameters
    >>> s = Scenario("One option", 2008, (Option("a", "A", OptionKind.IN_HOUSE,
    ...     carbon_tco2e=((2008, 100.0),)),), (CostLine("a", "Run", Category.OPEX, 2008, 1e6),))
    >>> t = compare(s, load_parameters("green-book-2003"), load_parameters("green-book-2022"))
    >>> round(t.loc["a", ("green-book-2003", "npsv")])   # 1m + 100 t × £26.50
    -1002650
    >>> bool(t.loc["a", ("change", "npsv")] < -10_000)
    True
    """
    first = appraise(scenario, draws=draws, seed=seed, parameters=a)
    second = appraise(scenario, draws=draws, seed=seed, parameters=b)
    return side_by_side(first, second)
