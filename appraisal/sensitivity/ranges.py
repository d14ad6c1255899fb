"""How far the concern weights and the value of a concerns point can move before the top
rank changes (DCLG, Multi-criteria analysis: a manual (2009) §6.2.12), read from the
sensitivity model (:mod:`appraisal.stability` does the arithmetic)."""

from __future__ import annotations

from appraisal import stability
from appraisal.sensitivity.model import Model


def weight_ranges(model: Model) -> list[stability.WeightRange]:
    """For each concern (with two or more), the share of the weights over which the top
    MCDA rank, and the top overall rank at the price set, hold
    (:func:`appraisal.stability.weight_range`)."""
    if model.matrix is None or model.weights is None or len(model.weights) < 2:
        return []
    lam = model.scenario.value_per_point
    return [
        stability.weight_range(model.matrix, model.weights, j, npsv=model.base.npsv, lam=lam)
        for j in range(len(model.weights))
    ]


def price_range(model: Model) -> stability.PriceRange | None:
    """The £ a concerns point over which the top overall rank holds, or None (no concerns)."""
    if model.base.score is None:
        return None
    return stability.price_range(model.base.npsv, model.base.score, model.scenario.value_per_point)


def price_draws(model: Model) -> tuple[float, float, str]:
    """The range the joint uncertainty draws the value of a point from: the price driver's
    plausible range, log-uniform around a price set, uniform from 0 when none is set."""
    d = next((d for d in model.drivers if d.kind == "price"), None)
    if d is None:
        return 0.0, 0.0, "uniform"
    lam = model.scenario.value_per_point
    return float(d.low), float(d.high), "log" if lam else "uniform"
