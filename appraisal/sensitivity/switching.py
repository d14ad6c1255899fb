"""Switching values: where each driver, moved alone, makes the leader lose its place.

The **switching value** of a driver is "the value a key input variable would
need to take for a proposed intervention to switch from a recommended option to
another option" (Green Book 2022, 5.60; at a minimum for the preferred option,
5.61). Where the measure is linear in the driver (cost multipliers, impacts,
mitigation, scores, a weight's share, the price per point — checked at three
points) the crossing is a closed form on the two end points, confirmed by one
evaluation; elsewhere (a constant discount rate, a risk whose optimism-bias
allowance it quantifies) it is found by root finding to within £1 of the
measure, inside a wide search range: multipliers 0–5×, probabilities 0–1, shares
0–100%, scores 0–100, a constant discount rate 0–15%.

References
----------
HM Treasury, The Green Book (2022) 5.60-5.61 (switching values); Annex A5 (uncertainty).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import pandas as pd
from scipy import optimize

from appraisal.discounting import first_rate
from appraisal.drivers import Driver
from appraisal.sensitivity.model import MEASURES, Model, leader

T = TypeVar("T")
TOLERANCE = 1.0  # £ of the measure at a switching value found by root finding
_GRID = 11  # points of the scan that brackets a switching value when it is not linear


@dataclass(frozen=True, slots=True)
class Switch:
    """Where a driver makes the leader on a measure lose its place.

    ``direction`` is ``up`` or ``down`` (the driver rises or falls to ``value``),
    ``range`` for a constant discount rate (the leader loses from ``value`` to
    ``value_to``), ``none`` when no value in the search range moves it, and
    ``no effect`` when the measure does not depend on the driver. ``change`` is
    the relative change from the base ((value − base) ÷ base), None when the base
    is 0 or not on the axis; ``distance`` sorts the table (``|change|``, else the
    distance as a share of the plausible range); ``residual`` the challenger less
    the leader at ``value`` (£, within the tolerance).
    """

    driver: Driver
    measure: str
    leader: str
    direction: str
    value: float | None = None
    value_to: float | None = None
    challenger: str | None = None
    change: float | None = None
    plausible: bool | None = None
    method: str = ""
    residual: float | None = None
    distance: float = float("inf")


def _gap(model: Model, d: Driver, x: float | str, measure: str, lead: int) -> tuple[float, int]:
    """The best challenger less the leader at ``x`` (positive: the leader has lost), and who."""
    m = model.at(d, x).measure(measure)
    others = np.delete(np.arange(m.size), lead)
    j = int(others[np.argmax(m[others])])
    return float(m[j] - m[lead]), j


def _depends(model: Model, d: Driver, measure: str) -> bool:
    """Whether the measure can depend on the driver at all."""
    if d.kind in ("share", "score"):
        return measure == "overall" and bool(model.base.price)
    if d.kind == "price":
        return measure == "overall"
    return True


def _linear_crossings(
    model: Model, d: Driver, measure: str, lead: int
) -> list[tuple[float, int]] | None:
    """Closed-form crossings (value, who crosses) when the measure is linear in ``d``,
    else None.

    Linearity is checked at three points: the base and the plausible range's ends.
    """
    assert d.base is not None and d.search is not None
    xs = [float(x) for x in (d.low, d.high) if float(x) != d.base]
    if not xs:
        xs = [d.base + 1.0]
    money = d.kind in ("multiplier", "probability", "mitigation")
    m0 = (model.base if money else model.at(d, d.base)).measure(measure)
    m1 = model.at(d, xs[-1]).measure(measure)
    slope = (m1 - m0) / (xs[-1] - d.base)
    if len(xs) == 2:
        predicted = m0 + slope * (xs[0] - d.base)
        if np.abs(predicted - model.at(d, xs[0]).measure(measure)).max() > TOLERANCE:
            return None
    gap0, dslope = m0 - m0[lead], slope - slope[lead]
    found = []
    for j in np.delete(np.arange(m0.size), lead):
        if dslope[j] != 0:
            x = d.base - gap0[j] / dslope[j]
            if d.search[0] < x < d.search[1] and x != d.base:  # a tie at an edge is no loss
                found.append((float(x), int(j)))
    return found


def _root(model: Model, d: Driver, measure: str, lead: int, a: float, b: float) -> float:
    """The switching value in ``[a, b]``, where the leader's gap changes sign (Brent's method)."""
    return float(optimize.brentq(lambda x: _gap(model, d, x, measure, lead)[0], a, b,
                                 xtol=1e-12, rtol=1e-12, maxiter=200))  # fmt: skip


def _scan(model: Model, d: Driver, measure: str, lead: int) -> list[tuple[float, float]]:
    """Brackets ``(a, b)`` of the search range in which the leader's gap changes sign."""
    assert d.search is not None
    known = [float(x) for x in (d.base, d.low, d.high) if isinstance(x, float | int)]
    grid = np.unique(np.append(np.linspace(*d.search, _GRID), known))  # ends already appraised
    grid = grid[(grid >= d.search[0]) & (grid <= d.search[1])]
    gaps = np.array([_gap(model, d, float(x), measure, lead)[0] for x in grid])
    flips = np.flatnonzero(np.sign(gaps[:-1]) != np.sign(gaps[1:]))
    return [(float(grid[i]), float(grid[i + 1])) for i in flips]


def _switch(
    model: Model, d: Driver, measure: str, lead: int, x: float, method: str, j: int | None = None
) -> Switch:
    """The switching value ``x`` of a driver on a numeric axis, described; ``j`` is the
    option that takes the lead (found a step beyond ``x`` when not given)."""
    base = float(d.base or 0.0)
    if j is None:
        step = (1e-6 if x > base else -1e-6) * max(1.0, abs(x))
        j = _gap(model, d, x + step, measure, lead)[1]
    residual, _ = _gap(model, d, x, measure, lead)
    change = None if base == 0.0 else (x - base) / base
    width = float(d.high) - float(d.low)
    distance = abs(change) if change is not None else abs(x - base) / (width or 1.0)
    inside = bool(float(d.low) <= x <= float(d.high))
    return Switch(d, measure, model.ids[lead], "up" if x > base else "down", x, None,
                  model.ids[j], change, inside, method, residual, distance)  # fmt: skip


def switching_values(
    model: Model, measure: str = "npsv", only: list[Driver] | None = None
) -> list[Switch]:
    """The switching value of every driver for the leader on a measure, nearest first.

    For each driver, the nearest value above and below its base at which another
    option overtakes the leader (a constant discount rate: every range of rates in
    0–15% over which the leader loses), or a row saying no value in the search
    range does, or that the measure does not depend on it.

    Parameters
    ----------
    model : Model
    measure : {"npsv", "overall"}
        NPSV, or overall value (NPSV + the price per point × the concerns score).
    only : list of Driver, optional
        The drivers to search (default every driver).

    Returns
    -------
    list of Switch
        Found switching values first, nearest to the base case first; then the
        drivers that cannot move the leader.
    """
    return nearest_first(switching_values_by_driver(model, measure, only))


def switching_values_by_driver(
    model: Model, measure: str = "npsv", only: list[Driver] | None = None
) -> Iterator[list[Switch]]:
    """The rows of :func:`switching_values` one driver at a time, in the drivers' order.

    Each driver takes a few milliseconds to a few tens of them, so a caller that must
    stay responsive (the dashboard, which stops when a control moves) can stop between
    drivers; :func:`nearest_first` orders what it gathered.
    """
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {', '.join(MEASURES)}, not {measure!r}")
    lead = leader(model.base, measure)
    for d in model.drivers if only is None else only:
        if not _depends(model, d, measure):
            yield [Switch(d, measure, model.ids[lead], "no effect")]
        else:
            yield _driver_switches(model, d, measure, lead)


def nearest_first(by_driver: Iterable[list[Switch]]) -> list[Switch]:
    """Drivers' switching rows as one table: the drivers with a switching value, nearest
    to the base case first (ties in the drivers' order); then those that cannot move the
    leader ("none" or "no effect"), in the drivers' order."""
    found: list[Switch] = []
    held: list[Switch] = []
    for rows in by_driver:
        (found if rows and rows[0].direction not in ("none", "no effect") else held).extend(rows)
    found.sort(key=lambda w: w.distance)
    return found + held


def _driver_switches(model: Model, d: Driver, measure: str, lead: int) -> list[Switch]:
    none = [Switch(d, measure, model.ids[lead], "none")]
    if d.kind == "carbon":
        return [_carbon_switch(model, d, measure, lead, v) for v in (str(d.low), str(d.high))
                if _gap(model, d, v, measure, lead)[0] > TOLERANCE] or none  # fmt: skip
    if d.kind == "rate":
        return _rate_switches(model, d, measure, lead) or none
    base = float(d.base or 0.0)
    crossings = _linear_crossings(model, d, measure, lead) if d.linear_candidate else None
    if crossings is not None:
        out = [_switch(model, d, measure, lead, x, "closed form", j)
               for x, j in _nearest_each_side(crossings, base)]  # fmt: skip
        if all(abs(w.residual or 0.0) <= TOLERANCE for w in out):
            return out or none
    roots = [(_root(model, d, measure, lead, a, b), None)
             for a, b in _scan(model, d, measure, lead)]  # fmt: skip
    out = [_switch(model, d, measure, lead, x, "root finding")
           for x, _ in _nearest_each_side(roots, base)]  # fmt: skip
    return out or none


def _nearest_each_side(xs: Sequence[tuple[float, T]], base: float) -> list[tuple[float, T]]:
    """The crossing nearest ``base`` above it and the one nearest below it."""
    above = [x for x in xs if x[0] > base]
    below = [x for x in xs if x[0] < base]
    return ([min(above)] if above else []) + ([max(below)] if below else [])


def _carbon_switch(model: Model, d: Driver, measure: str, lead: int, series: str) -> Switch:
    _, j = _gap(model, d, series, measure, lead)
    return Switch(d, measure, model.ids[lead], "up" if series == "high" else "down", None, None,
                  model.ids[j], None, True, "published series", None, 0.5)  # fmt: skip


def _rate_switches(model: Model, d: Driver, measure: str, lead: int) -> list[Switch]:
    """The ranges of constant discount rates in 0–15% over which the leader loses.

    A range is inside the plausible range when it reaches the first-band rates of
    the two Green Book schedules (3.0% reduced to 3.5% standard).
    """
    assert d.search is not None
    lo, hi = d.search
    roots = [_root(model, d, measure, lead, a, b) for a, b in _scan(model, d, measure, lead)]
    edges = [lo, *roots, hi]
    vintage = model.scenario.parameters
    reference = first_rate(vintage, model.scenario.discounting)
    plausible = (first_rate(vintage, "green-book-reduced"), first_rate(vintage, "green-book"))
    out = []
    for a, b in itertools.pairwise(edges):
        gap, j = _gap(model, d, (a + b) / 2, measure, lead)
        if gap > 0:
            edge = b if b <= reference else a  # the end nearer the schedule's first band
            residual = _gap(model, d, edge, measure, lead)[0] if edge not in (lo, hi) else None
            distance = 0.0 if a <= reference <= b else min(abs(a - reference), abs(b - reference))
            out.append(Switch(d, measure, model.ids[lead], "range", a, b, model.ids[j], None,
                              a <= plausible[1] and b >= plausible[0], "root finding", residual,
                              distance / (hi - lo)))  # fmt: skip
    return out


def nearest(switches: list[Switch], plausible_only: bool = False) -> Switch | None:
    """The switching value nearest the base case (optionally only inside its plausible range)."""
    for w in switches:
        if w.direction in ("up", "down", "range") and (w.plausible or not plausible_only):
            return w
    return None


def switching_frame(switches: list[Switch]) -> pd.DataFrame:
    """The switching values as a table of numbers (the JSON and the dashboard read it)."""
    rows = [
        {
            "input": w.driver.input,
            "label": w.driver.label,
            "kind": w.driver.kind,
            "measure": w.measure,
            "leader": w.leader,
            "direction": w.direction,
            "base": w.driver.base,
            "value": w.value,
            "value_to": w.value_to,
            "change": w.change,
            "challenger": w.challenger,
            "plausible_low": w.driver.low,
            "plausible_high": w.driver.high,
            "inside_plausible_range": w.plausible,
            "method": w.method or None,
            "residual": w.residual,
        }
        for w in switches
    ]
    return pd.DataFrame(rows)
