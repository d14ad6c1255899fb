"""Value-for-money measures: PV, NPSV, EAC, BCR, IRR and discounted payback.

Arrays put years on the last axis, so one function serves the deterministic
``(options, years)`` case and any leading dimensions.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import numpy_financial as npf

Array = npt.NDArray[np.float64]


def _present_value(flows: Array, factors: Array) -> Array:
    """Kernel, no validation: sum over the last (year) axis."""
    return (flows * factors).sum(axis=-1)


def present_value(flows: npt.ArrayLike, factors: npt.ArrayLike) -> Array:
    """Present value: ``Σ_t flow_t × DF(t)`` over the last axis.

    Parameters
    ----------
    flows : array_like, shape (..., years)
        £ real, year 0 first.
    factors : array_like, shape (years,)
        Discount factors from :func:`appraisal.discounting.discount_factors`.

    Examples
    --------
    Green Book (2003) Box 15: an IT system costing £1m now saves £150k a year for
    ten years; at 3.5 % its NPV is about £247,000.

    >>> from appraisal.discounting import discount_factors
    >>> flows = [-1_000_000] + [150_000] * 10
    >>> round(float(present_value(flows, discount_factors(range(11)))))
    247491
    """
    f, d = np.asarray(flows, dtype=float), np.asarray(factors, dtype=float)
    if f.shape[-1:] != d.shape:
        raise ValueError(f"flows have {f.shape[-1:]} years but factors {d.shape}")
    return _present_value(f, d)


def npsv(
    pv_benefits: npt.ArrayLike,
    pv_costs: npt.ArrayLike,
    optimism_bias: npt.ArrayLike = 0.0,
    risk: npt.ArrayLike = 0.0,
    carbon: npt.ArrayLike = 0.0,
) -> Array:
    """Net present social value: ``PVB - PVC - OB - risk EV - carbon``, all PVs.

    >>> float(npsv(8e6, 10e6, 0.5e6, 0.2e6, 0.1e6))
    -2800000.0
    """
    parts = np.broadcast_arrays(
        *(np.asarray(x, dtype=float) for x in (pv_benefits, pv_costs, optimism_bias, risk, carbon))
    )
    b, c, ob, r, co2 = parts
    return b - c - ob - r - co2


def equivalent_annual_cost(npc: npt.ArrayLike, annuity: npt.ArrayLike) -> Array:
    """EAC: net present cost spread evenly over the life, ``NPC / Σ_{t=1..L} DF(t)``.

    Examples
    --------
    SCIM A4.9: boilers with NPC £2,000 (7 years) and £2,500 (10 years) at 3.5 %.

    >>> from appraisal.discounting import annuity_factor
    >>> boilers = ((2000, 7), (2500, 10))
    >>> [round(float(equivalent_annual_cost(c, annuity_factor(n)))) for c, n in boilers]
    [327, 301]
    """
    a = np.asarray(annuity, dtype=float)
    if np.any(a <= 0):
        raise ValueError("the annuity factor must be positive")
    return np.asarray(npc, dtype=float) / a


def bcr(pv_benefits: npt.ArrayLike, pv_costs: npt.ArrayLike) -> Array:
    """Benefit-cost ratio ``PVB / PVC``; ``nan`` where PVC or PVB is zero.

    With no benefits there is no ratio to report (a residual value reduces PV
    costs; it is not a benefit). The Green Book (2025 review) does not endorse
    BCR thresholds; it is reported beside NPSV, never instead of it.

    >>> bcr(8e6, 10e6).item()
    0.8
    >>> bcr(0.0, 10e6).item()
    nan
    """
    b, c = np.asarray(pv_benefits, dtype=float), np.asarray(pv_costs, dtype=float)
    ok = (c != 0) & (b != 0)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return np.where(ok, b / np.where(ok, c, 1.0), np.nan)


def irr(incremental_flows: npt.ArrayLike) -> float:
    """Internal rate of return of an option's flows minus the counterfactual's.

    Uses :func:`numpy_financial.irr`, and only for a conventional investment
    profile: net costs first, then net savings, with exactly one change of sign.
    Otherwise it returns ``nan``: with no sign change no rate makes the flows
    sum to zero; with several there can be several rates; and when savings come
    first (a "borrowing" profile) the rate is a cost of finance, where a higher
    figure is worse, so reporting it as a return would mislead.

    Examples
    --------
    >>> round(irr([-1_000_000] + [150_000] * 10), 4)
    0.0814
    >>> irr([100.0, 50.0]), irr([100.0, -150.0]), irr([-100.0, 250.0, -154.0])
    (nan, nan, nan)
    """
    f = np.asarray(incremental_flows, dtype=float)
    signs = np.sign(f[f != 0])
    if signs.size < 2 or signs[0] > 0 or np.count_nonzero(np.diff(signs)) != 1:
        return float("nan")
    return float(npf.irr(f))


def discounted_payback(incremental_flows: npt.ArrayLike, factors: npt.ArrayLike) -> int | None:
    """Year index from which the cumulative discounted incremental flow stays >= 0.

    Returns ``None`` when it is negative at the end of the period (never pays
    back), and when it is never negative: an option that never costs more than
    the counterfactual before it saves has nothing to pay back.

    Examples
    --------
    >>> from appraisal.discounting import discount_factors
    >>> discounted_payback([-1_000_000] + [150_000] * 10, discount_factors(range(11)))
    8
    >>> discounted_payback([-100.0, 10.0], [1.0, 0.9]) is None
    True
    >>> discounted_payback([5.0, 10.0], [1.0, 0.9]) is None   # nothing to pay back
    True
    """
    flows, df = np.asarray(incremental_flows, dtype=float), np.asarray(factors, dtype=float)
    if flows.ndim != 1 or flows.shape != df.shape:
        raise ValueError("incremental flows and factors must be 1-D arrays of the same length")
    cumulative = np.cumsum(flows * df)
    tol = 1e-9 * max(1.0, float(np.abs(cumulative).max(initial=0.0)))
    negative = np.flatnonzero(cumulative < -tol)
    if not negative.size or negative[-1] == cumulative.size - 1:
        return None
    return int(negative[-1]) + 1
