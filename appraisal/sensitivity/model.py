"""The sensitivity model: a scenario's base case and its re-appraisals with one driver
moved, cached so that the tornado and the switching values share them.

Each *driver* (:mod:`appraisal.drivers`: one input of the what-if grammar, with its
plausible range) is moved alone and the scenario re-appraised. A cost multiplier
changes the estimate and the scenario is re-appraised, so optimism bias follows the
estimate it is a percentage of. Everything here is deterministic (expected values);
Monte Carlo keeps its own rule.

References
----------
HM Treasury, The Green Book (2022) 5.58-5.61 (sensitivity analysis); DCLG, Multi-criteria
analysis: a manual (2009) §6.2.12 (sensitivity of the weights).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import numpy.typing as npt

from appraisal import mcda
from appraisal.appraise import prepare, settle
from appraisal.drivers import Driver, drivers
from appraisal.energy import devices_as_lines
from appraisal.register import counted_matrix
from appraisal.workforce import workforce_as_lines
from options.inputs import apply_input, parse_input
from options.model import Change, Scenario

Array = npt.NDArray[np.float64]
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
