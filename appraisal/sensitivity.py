"""Sensitivity analysis: the tornado, the switching values, the what-ifs side by side.

Each *driver* (:mod:`appraisal.drivers`: one input of the what-if grammar, with its
plausible range) is moved alone and the scenario re-appraised.

A cost multiplier changes the estimate and the scenario is re-appraised, so
optimism bias follows the estimate it is a percentage of. Everything here is
deterministic (expected values); Monte Carlo keeps its own rule.

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
HM Treasury, The Green Book (2022) 5.58–5.61 (sensitivity analysis and switching
values); Annex A5 (uncertainty). DCLG, Multi-criteria analysis: a manual (2009)
§6.2.12 (sensitivity of the weights).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TypeVar

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import optimize

from appraisal import mcda, stability
from appraisal.appraise import prepare, settle
from appraisal.discounting import first_rate
from appraisal.drivers import (
    Driver,
    drivers,
    short_label,
)
from appraisal.energy import devices_as_lines
from appraisal.register import counted_matrix
from appraisal.workforce import workforce_as_lines
from options.inputs import apply_input, apply_what_if, parse_input
from options.model import Change, Scenario

Array = npt.NDArray[np.float64]
T = TypeVar("T")
TOLERANCE = 1.0  # £ of the measure at a switching value found by root finding
_GRID = 11  # points of the scan that brackets a switching value when it is not linear
TORNADO_COLUMNS = ("input", "label", "short", "kind", "low", "high", "at_low", "at_high",
                   "base", "swing", "range_source")  # fmt: skip
MEASURES = ("npsv", "overall")


@dataclass(frozen=True, slots=True)
class Point:
    """What the options are worth with one driver moved: NPSV and concerns score."""

    npsv: Array
    score: Array | None
    price: float | None  # £ a concerns point (None: not set)

    def measure(self, which: str) -> Array:
        """NPSV, or overall value = NPSV + price × score (the NPSV with no price)."""
        if which == "npsv" or self.score is None or self.price is None:
            return self.npsv
        return self.npsv + self.price * self.score


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


@dataclass(eq=False)
class Model:
    """A scenario ready for sensitivity analysis: its base case and a cache of re-appraisals.

    Each re-appraisal is the deterministic method of :func:`appraisal.appraise.prepare`
    (expected values, optimism bias following the estimate, risk, carbon), cached
    by (input, value) so the tornado and the switching values share them. The NPSVs of
    the re-appraisals are kept in ``npsv_cache``, which models of scenarios with the
    same :func:`money_part` may share (a moved concern weight re-appraises nothing).
    """

    scenario: Scenario
    base: Point = field(init=False)
    matrix: Array | None = field(init=False)  # (concerns, options) scores
    weights: Array | None = field(init=False)  # normalised
    evaluations: int = 0  # re-appraisals made (the deterministic method, not Monte Carlo)
    drivers: list[Driver] = field(init=False, repr=False)
    inputs: Scenario = field(init=False, repr=False)
    npsv_cache: dict[tuple[str, float | str], Array] = field(default_factory=dict, repr=False)
    _cache: dict[tuple[str, float | str], Point] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.inputs = settle(self.scenario)  # with its devices and workforce as inputs
        s = self.scenario = workforce_as_lines(devices_as_lines(self.inputs))
        self.matrix, self.weights = concern_arrays(s)
        self.base = base_point(s)
        self.drivers = drivers(self.inputs, self.base.npsv, flat=s)

    @staticmethod
    def _score(matrix: Array, weights: Array | None) -> Array:
        return np.asarray(weights) @ matrix

    @property
    def ids(self) -> tuple[str, ...]:
        return self.scenario.option_ids

    def name(self, option_id: str) -> str:
        return self.scenario.option(option_id).name

    def at(self, d: Driver, x: float | str) -> Point:
        """The options' NPSV and scores with driver ``d`` at ``x``."""
        key = (d.input, x if isinstance(x, str) else float(x))
        if key not in self._cache:
            self._cache[key] = self._evaluate(d, x)
        return self._cache[key]

    def _evaluate(self, d: Driver, x: float | str) -> Point:
        b = self.base
        if d.kind == "price":
            return replace(b, price=float(x))
        if d.kind in ("share", "score"):
            assert self.matrix is not None and self.weights is not None
            if d.kind == "share":
                return replace(b, score=self._score(self.matrix, share_weights(
                    self.weights, _concern_index(self.scenario, d.input), float(x))))  # fmt: skip
            matrix = self.matrix.copy()
            iid = parse_input(d.input)
            j = _concern_index(self.scenario, d.input)
            residual = self.scenario.concerns[j].residual_share
            matrix[j, self.ids.index(iid.option or "")] = float(x) * residual
            return replace(b, score=self._score(matrix, self.weights))
        key = (d.input, x if isinstance(x, str) else float(x))
        if key not in self.npsv_cache:
            self.evaluations += 1
            if d.kind == "multiplier":
                change = Change(input=d.input, multiply=float(x))
            else:
                change = Change(input=d.input, value=x, has_value=True)
            # a workforce input moves the workforce, which the flat scenario no longer has
            source = self.inputs if d.input.startswith("workforce:") else self.scenario
            moved = apply_input(source, parse_input(d.input), change)
            self.npsv_cache[key] = prepare(moved, frames=False).value
        return replace(b, npsv=self.npsv_cache[key])


def money_part(s: Scenario) -> Scenario:
    """What the NPSVs of a scenario depend on: it without its concerns, price per point,
    weight sets, what-ifs and Monte Carlo settings (a key for sharing re-appraisals)."""
    settings = replace(s.settings, draws=1, seed=0, confidence=0.5)
    return replace(
        s, name="", concerns=(), value_per_point=None, weight_sets=(), what_ifs=(),
        settings=settings,
    )  # fmt: skip


def concern_arrays(s: Scenario) -> tuple[Array | None, Array | None]:
    """The scores (concerns, options) and the normalised weights, or (None, None)."""
    if not s.concerns:
        return None, None
    return counted_matrix(s), mcda.normalise_weights([c.weight for c in s.concerns])


def base_point(s: Scenario) -> Point:
    """A scenario's NPSV (expected values) and concerns score, with its price per point."""
    matrix, weights = concern_arrays(s)
    score = None if matrix is None else np.asarray(weights) @ matrix
    return Point(prepare(s, frames=False).value, score, s.value_per_point)


def share_weights(weights: npt.ArrayLike, index: int, share: float) -> Array:
    """Normalised weights with one concern's share set and the others keeping proportions.

    The MCDA manual's weight sensitivity (DCLG 2009, §6.2.12): as one weight moves
    from 0 to 1 the others shrink or grow together, so their ratios hold.

    >>> share_weights([0.5, 0.3, 0.2], 0, 0.8).round(3).tolist()
    [0.8, 0.12, 0.08]
    >>> share_weights([1.0, 0.0], 0, 0.25).tolist()   # the rest had no weight: shared equally
    [0.25, 0.75]
    """
    w = np.asarray(weights, dtype=float)
    rest = np.delete(w, index)
    total = rest.sum()
    rest = rest / total if total > 0 else np.full(rest.size, 1.0 / max(rest.size, 1))
    return np.insert((1.0 - share) * rest, index, share)


def _concern_index(s: Scenario, input_id: str) -> int:
    concern = parse_input(input_id).concern
    return [c.id for c in s.concerns].index(concern or "")


def leader(point: Point, measure: str) -> int:
    """The option first on a measure (ties by higher NPSV, higher score, then order)."""
    return int(mcda.rank(point.measure(measure), point.npsv, point.score).argmin())


def runner_up(point: Point, measure: str) -> int:
    """The option second on a measure."""
    return int(np.argsort(mcda.rank(point.measure(measure), point.npsv, point.score))[1])


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


# ---------------------------------------------------------------- switching values


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


def what_if_frame(s: Scenario) -> pd.DataFrame:
    """Every what-if beside the central case: each option's NPSV, concerns score and
    overall value (expected values; Monte Carlo keeps its own rule), and the preferred
    option on NPSV and overall under each.

    Returns
    -------
    pandas.DataFrame
        One row per case and option: ``case`` ("Central case" first), ``rationale``,
        ``option``, ``npsv``, ``mcda_score`` (None with no concerns), ``overall_value``,
        ``preferred_npsv``, ``preferred_overall`` (option ids).
    """
    s = settle(s)
    rows = []
    for name, rationale, case in [("Central case", "", s)] + [
        (w.name, w.rationale, apply_what_if(s, w)) for w in s.what_ifs
    ]:
        point = base_point(case)
        overall = point.measure("overall")
        best = (case.option_ids[leader(point, "npsv")], case.option_ids[leader(point, "overall")])
        for i, o in enumerate(case.options):
            score = None if point.score is None else float(point.score[i])
            rows.append((name, rationale, o.id, float(point.npsv[i]), score, float(overall[i]),
                         *best))  # fmt: skip
    columns = ["case", "rationale", "option", "npsv", "mcda_score", "overall_value",
               "preferred_npsv", "preferred_overall"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


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
