"""The dashboard's sidebar as data: :class:`Controls`, read from and written to a Scenario.

Every sidebar control goes through here, so the dashboard never builds a Scenario
by hand: :func:`with_controls` returns a new, validated Scenario or raises
:class:`~options.errors.InputError`, and the caller keeps the last valid one.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from options.errors import InputError, Problem, Reason
from options.model import CarbonSeries, CarbonValues, Scenario
from options.parameters import load_parameters


@dataclass(frozen=True, slots=True)
class Controls:
    """The values of the dashboard's sidebar, one field per control."""

    discounting: str | float
    optimism_bias: bool
    ob_mitigation: tuple[tuple[str, float], ...]  # option id -> m, options with a project type
    confidence: float
    risk_multiplier: float
    weights: tuple[tuple[str, float], ...]  # concern id -> swing weight
    value_per_point: float | None  # £ a point of concern score is worth; None: no price
    carbon_values: CarbonValues
    carbon_series: CarbonSeries
    modules: tuple[tuple[str, tuple[str, ...]], ...]  # option id -> modules ticked
    draws: int
    seed: int
    parameters: str  # the id of the Green Book parameter vintage appraised with


def available_modules(s: Scenario) -> dict[str, tuple[str, ...]]:
    """Modules each option's cost lines name, in order of first appearance."""
    out: dict[str, dict[str, None]] = {}
    for c in s.costs:
        if c.module:
            out.setdefault(c.option, {})[c.module] = None
    return {oid: tuple(m) for oid, m in out.items()}


def module_costs(s: Scenario) -> dict[tuple[str, str], float]:
    """(option id, module) -> its average cost a year over the years it is priced (£ real)."""
    totals: dict[tuple[str, str], float] = {}
    years: dict[tuple[str, str], set[int]] = {}
    for c in s.costs:
        if c.module:
            k = (c.option, c.module)
            totals[k] = totals.get(k, 0.0) + c.amount
            years.setdefault(k, set()).add(c.year)
    return {k: total / len(years[k]) for k, total in totals.items()}


def controls_of(s: Scenario) -> Controls:
    """The sidebar's values for a scenario."""
    available = available_modules(s)
    ticked = {
        o.id: tuple(m for m in available[o.id] if o.includes(m))
        for o in s.options
        if o.id in available
    }
    return Controls(
        discounting=s.discounting,
        optimism_bias=s.settings.optimism_bias,
        ob_mitigation=tuple((o.id, o.ob_mitigation) for o in s.options if o.project_type),
        confidence=s.settings.confidence,
        risk_multiplier=s.settings.risk_probability_multiplier,
        weights=tuple((c.id, c.weight) for c in s.concerns),
        value_per_point=s.value_per_point,
        carbon_values=s.carbon_values,
        carbon_series=s.carbon_series,
        modules=tuple(ticked.items()),
        draws=s.settings.draws,
        seed=s.settings.seed,
        parameters=s.parameters.id,
    )


def with_controls(s: Scenario, c: Controls) -> Scenario:
    """The scenario with the sidebar's values; weights that sum to zero are refused.

    Raises
    ------
    InputError
        ``ZERO_WEIGHTS`` when every concern weight is 0 (the MCDA score is then
        undefined), ``NEGATIVE_VALUE`` for a negative price per concerns point; the
        caller keeps the last valid scenario.
    """
    if c.value_per_point is not None and not c.value_per_point >= 0:
        raise InputError(
            [
                Problem(
                    "Value of a concerns point",
                    None,
                    "value_per_point",
                    f"{c.value_per_point:g}",
                    Reason.NEGATIVE_VALUE,
                    "The value of a concerns point is £0 or more (or no value set).",
                )
            ]
        )
    weights = dict(c.weights)
    if s.concerns and sum(weights.get(k.id, k.weight) for k in s.concerns) <= 0:
        raise InputError(
            [
                Problem(
                    "Concern weights",
                    None,
                    "weights",
                    "0",
                    Reason.ZERO_WEIGHTS,
                    "Every concern weight is 0: give at least one a weight above "
                    "0, or the concerns cannot be scored.",
                )
            ]
        )
    mitigation, ticked = dict(c.ob_mitigation), dict(c.modules)
    options = tuple(
        replace(
            o,
            ob_mitigation=mitigation.get(o.id, o.ob_mitigation),
            modules=ticked.get(o.id, o.modules),
        )
        for o in s.options
    )
    concerns = tuple(replace(k, weight=float(weights.get(k.id, k.weight))) for k in s.concerns)
    settings = replace(
        s.settings,
        optimism_bias=c.optimism_bias,
        risk_probability_multiplier=c.risk_multiplier,
        confidence=c.confidence,
        draws=c.draws,
        seed=c.seed,
    )
    return replace(
        s,
        discounting=c.discounting,
        options=options,
        concerns=concerns,
        settings=settings,
        value_per_point=c.value_per_point,
        carbon_values=c.carbon_values,
        carbon_series=c.carbon_series,
        parameters=s.parameters
        if c.parameters == s.parameters.id
        else load_parameters(c.parameters),
    )
