"""What is added above the most-likely estimates: spread skew, risk, optimism bias.

The Green Book appraises expected values, not most-likely ones (GB 2003 5.66;
SCIM 2.6.8). A cost line's ``amount`` is its most-likely estimate; where it has a
PERT spread (its own ``low``/``high`` multipliers or its category's) its expected
value is ``amount × (low + 4 + high) / 6``. Optimism bias is then counted once per
line: what a line's spread skew and the risks that name it already add is netted
from its uplift, down to the project type's lower bound
(:func:`appraisal.optimism_bias.netted_uplift`).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from appraisal.flows import Lines
from appraisal.optimism_bias import netted_uplift
from appraisal.risk import pert_mean
from options.model import Scenario
from options.text import fold_words

Array = npt.NDArray[np.float64]


def expected_multiplier(low: npt.ArrayLike, high: npt.ArrayLike) -> Array:
    """Mean of PERT(low, 1, high): ``(low + 4 + high) / 6`` (1 with no spread).

    A £1m line with spread 0.9 / 1.5 is expected to cost £1,066,667.

    >>> round(1e6 * float(expected_multiplier(0.9, 1.5)))
    1066667
    """
    low = np.asarray(low, dtype=float)
    return pert_mean(low, np.ones_like(low), high)


def risk_shares(s: Scenario, lines: Lines, pv_ml: Array, risk_pv: Array) -> Array:
    """PV of the risks that name each line in ``"lines"``, shared by most-likely PV.

    A risk that names several lines of its option is shared between them in
    proportion to their most-likely PVs; one that names none adds to no line.

    Parameters
    ----------
    pv_ml : ndarray, shape (lines,)
        Each line's most-likely PV.
    risk_pv : ndarray, shape (risks,)
        Each risk's PV of expected value (after the probability multiplier; a
        transferred risk counts its premium), in scenario order.
    """
    share = np.zeros(pv_ml.size)
    ids = s.option_ids
    names = np.array([fold_words(n) for n in lines.name])
    for r, pv in zip(s.risks, risk_pv, strict=True):
        wanted = {fold_words(n) for n in r.lines}
        named = (lines.option == ids.index(r.option)) & np.isin(names, list(wanted))
        total = pv_ml[named].sum()
        if wanted and total != 0:
            share[named] += pv * pv_ml[named] / total
    return share


def quantified_share(centre: Array, pv_ml: Array, risk: Array) -> Array:
    """``q`` of each line: its spread's skew plus its risks, as a share of its most-likely PV.

    >>> quantified_share(np.array([6.4 / 6]), np.array([1e6]), np.array([1e5])).round(6)
    array([0.166667])
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        return (centre - 1.0) + np.where(pv_ml != 0, risk / np.where(pv_ml != 0, pv_ml, 1), 0.0)


def line_uplifts(s: Scenario, lines: Lines, q: Array) -> Array:
    """Each line's optimism-bias uplift as a fraction of its most-likely PV.

    Zero for lines of an option with no project type, lines of a category its
    type does not cover, lines marked ``"optimism_bias": false`` and, with the
    scenario's ``settings.optimism_bias`` off, every line.
    """
    out = np.zeros(q.size)
    if not s.settings.optimism_bias:
        return out
    for i, o in enumerate(s.options):
        if o.project_type is None:
            continue
        b = s.parameters.bounds(o.project_type)
        covered = np.array([c in b.applies_to for c in lines.category], dtype=bool)
        mask = (lines.option == i) & covered & ~lines.ob_exempt
        out[mask] = netted_uplift(b.upper, b.lower, o.ob_mitigation, q[mask])
    return out
