"""The tornado: how far each driver, moved alone across its plausible range, moves the
difference between two options (HM Treasury, The Green Book (2022) 5.58-5.59)."""

from __future__ import annotations

import pandas as pd

from appraisal.drivers import Driver, short_label
from appraisal.sensitivity.model import Model

TORNADO_COLUMNS = ("input", "label", "short", "kind", "low", "high", "at_low", "at_high",
                   "base", "swing", "range_source")  # fmt: skip


def tornado(
    model: Model, a: str, b: str, *, measure: str = "npsv", only: list[Driver] | None = None
) -> pd.DataFrame:
    """How far each driver moves the difference between two options, sorted by swing.

    Parameters
    ----------
    model : Model
        The scenario and its base case.
    a, b : str
        Option ids: the difference is ``a`` less ``b`` (NPSV, or overall value).
    measure : {"npsv", "overall"}
    only : list of Driver, optional
        The drivers to vary (default every driver of the scenario).

    Returns
    -------
    pandas.DataFrame
        One row per driver (``TORNADO_COLUMNS``): the difference at the low and the
        high end of its plausible range, the base difference and the swing
        ``|at_high − at_low|``, largest swing first. A driver the difference does
        not depend on has swing 0.
    """
    ia, ib = model.ids.index(a), model.ids.index(b)
    base = float(model.base.measure(measure)[ia] - model.base.measure(measure)[ib])
    rows = []
    for d in model.drivers if only is None else only:
        ends = [model.at(d, x).measure(measure) for x in (d.low, d.high)]
        lo, hi = (float(m[ia] - m[ib]) for m in ends)
        rows.append((d.input, d.label, short_label(model.scenario, d), d.kind, d.low, d.high,
                     lo, hi, base, abs(hi - lo), d.range_source))  # fmt: skip
    frame = pd.DataFrame(rows, columns=list(TORNADO_COLUMNS))
    return frame.sort_values("swing", ascending=False, kind="stable").reset_index(drop=True)
