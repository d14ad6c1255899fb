"""What is random in an appraisal, and how it is drawn: common random numbers.

The uncertain cost lines (:class:`LineSpread`) and the retained risk-years
(:class:`RiskYears`), and the variates a simulation draws from them. Each *driver*
(lines that describe the same quantity, in one option or several) draws one
uniform quantile per draw, and every line with that driver maps the same quantile
through its own PERT(low, 1, high); drivers of a category with a correlation ρ are
drawn through a Gaussian copula. A risk with the same name in several options
shares one occurrence uniform and one impact quantile per listed year (it occurs
for option *i* when ``u < p_i``). Green Book 2003 Annex 4 ¶28: a simulation can
take account of correlations between inputs.

Quantiles are read from a table of the PERT quantile function (the inverse
regularised incomplete Beta function, ``scipy.special.betaincinv``) on a fine
uniform grid, computed once per shape and interpolated linearly.
"""

from __future__ import annotations

import functools
import hashlib
import threading
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import special

from appraisal.risk import pert_mean, pert_shape

Array = npt.NDArray[np.float64]
Index = npt.NDArray[np.int64]
GRID = 4097  # points of each tabulated quantile function


@dataclass(frozen=True, slots=True)
class LineSpread:
    """Uncertain cost lines: PERT(low, 1, high) multipliers on signed PVs.

    ``pv`` is each line's most-likely contribution to NPSV (negative for costs),
    ``centre`` the multiplier the deterministic NPSV already uses (its expected
    value), ``option`` its option index and ``driver`` its driver index.
    ``driver_group`` gives each driver's copula group (-1 = independent) and
    ``group_rho`` each group's pairwise correlation.
    """

    pv: Array
    centre: Array
    option: Index
    driver: Index
    low: Array
    high: Array
    driver_group: Index
    group_rho: Array
    flows: Array | None = None  # signed yearly flows (lines, years), for reference models

    @property
    def drivers(self) -> int:
        return int(self.driver_group.size)


@dataclass(frozen=True, slots=True)
class RiskYears:
    """Retained risks, one entry per listed year, impacts already discounted.

    ``event`` indexes the shared random event: entries with the same risk name
    (folded) and year, in any option, share one occurrence and impact draw.
    """

    option: Index
    probability: Array
    low: Array
    likely: Array
    high: Array
    factor: Array  # discount factor of the year
    event: Index

    @property
    def events(self) -> int:
        return int(self.event.max()) + 1 if self.event.size else 0

    @property
    def expected(self) -> Array:
        """Discounted expected loss of each entry: ``p × PERT mean × DF``."""
        return self.probability * pert_mean(self.low, self.likely, self.high) * self.factor


def no_risks() -> RiskYears:
    """An empty register."""
    empty, none = np.array([], dtype=float), np.array([], dtype=np.int64)
    return RiskYears(none, empty, empty, empty, empty, empty, none)


# ---------------------------------------------------------------- quantile tables


@dataclass(frozen=True, slots=True)
class QuantileTable:
    """PERT quantile functions of several variables, tabulated on one uniform grid.

    ``table[row]`` holds the standardised Beta quantiles at ``k / (GRID - 1)``;
    variable ``j`` reads row ``row[j]`` and is scaled to ``low[j] + span[j] × q``.
    """

    table: Array  # (rows, GRID)
    row: Index
    low: Array
    span: Array

    def __call__(self, u: Array, columns: Index | None = None) -> Array:
        """Quantiles at uniforms ``u`` by linear interpolation: ``(n, variables)``.

        ``u`` has one column per variable, or, with ``columns``, variable ``j``
        reads column ``columns[j]`` of ``u`` (lines that share a driver read one
        column).
        """
        pos = u * (GRID - 1)
        k = np.minimum(pos.astype(np.int64), GRID - 2)
        frac = pos - k
        if columns is not None:
            k, frac = k[:, columns], frac[:, columns]
        flat = k + (self.row * GRID)[None, :]
        t = self.table.ravel()
        lo = t[flat]
        return self.low + self.span * (lo + frac * (t[flat + 1] - lo))


def pert_table(low: npt.ArrayLike, mode: npt.ArrayLike, high: npt.ArrayLike) -> QuantileTable:
    """Tabulate PERT(low, mode, high) quantile functions, one row per distinct shape.

    >>> t = pert_table([0.9], [1.0], [1.5])
    >>> t(np.array([[0.0], [1.0]])).ravel().tolist()   # the ends of the range
    [0.9, 1.5]
    """
    low, mode, high = (np.atleast_1d(np.asarray(x, dtype=float)) for x in (low, mode, high))
    alpha, beta = pert_shape(low, mode, high)
    shapes, row = np.unique(
        np.round(np.stack([alpha, beta], axis=1), 12), axis=0, return_inverse=True
    )
    table = np.array([_beta_quantiles(float(a), float(b)) for a, b in shapes]).reshape(-1, GRID)
    return QuantileTable(table, row.ravel().astype(np.int64), low, high - low)


@functools.lru_cache(maxsize=4096)
def _beta_quantiles(alpha: float, beta: float) -> Array:
    """Beta(α, β) quantiles on the uniform grid, computed once per shape (read-only)."""
    q = special.betaincinv(alpha, beta, np.linspace(0.0, 1.0, GRID))
    q.flags.writeable = False
    return q


# ---------------------------------------------------------------- variates


def driver_uniforms(rng: np.random.Generator, lines: LineSpread, n: int) -> Array:
    """One uniform quantile per driver per draw: shape ``(n, drivers)``.

    Independent drivers are uniform; the drivers of a copula group share a common
    normal factor with pairwise correlation ρ and are mapped back through the
    normal CDF, so each stays uniform (Gaussian copula).
    """
    u = rng.random((n, lines.drivers))
    for g in np.unique(lines.driver_group[lines.driver_group >= 0]):
        cols = np.flatnonzero(lines.driver_group == g)
        rho = float(lines.group_rho[g])
        z = np.sqrt(rho) * rng.standard_normal((n, 1))
        z = z + np.sqrt(1.0 - rho) * rng.standard_normal((n, cols.size))
        u[:, cols] = special.ndtr(z)
    return u


def event_uniforms(rng: np.random.Generator, risks: RiskYears, n: int) -> tuple[Array, Array]:
    """Occurrence and impact uniforms per shared risk event: two ``(n, events)`` arrays."""
    return rng.random((n, risks.events)), rng.random((n, risks.events))


@dataclass(frozen=True, slots=True)
class Variates:
    """Everything random in ``n`` draws: line multipliers and discounted risk losses."""

    multipliers: Array  # (n, lines)
    losses: Array  # (n, risk-years)


def sample_variates(
    rng: np.random.Generator,
    lines: LineSpread,
    risks: RiskYears,
    n: int,
    tables: tuple[QuantileTable, QuantileTable],
    cache: VariateCache | None = None,
) -> Variates:
    """Draw ``n`` draws of every multiplier and risk loss (the sampling itself).

    With a ``cache``, draws already made from a generator in the same state for the
    same spreads and risks are taken from it rather than drawn again (see
    :class:`VariateCache`): the same numbers either way.
    """
    key = cache.key(rng, lines, risks, n) if cache is not None else None
    drawn = cache.get(key) if cache is not None and key is not None else None
    if drawn is None:
        drawn = _draw(rng, lines, risks, n, tables)
        if cache is not None and key is not None:
            cache.put(key, drawn)
    mult, hit, impact = drawn
    if hit is None or impact is None:
        loss = np.zeros((n, 0))
    else:
        loss = np.where(hit, impact * risks.factor, 0.0)
    return Variates(np.zeros((n, 0)) if mult is None else mult, loss)


Drawn = tuple[Array | None, npt.NDArray[np.bool_] | None, Array | None]


def _draw(
    rng: np.random.Generator,
    lines: LineSpread,
    risks: RiskYears,
    n: int,
    tables: tuple[QuantileTable, QuantileTable],
) -> Drawn:
    """The random part of :func:`sample_variates`: line multipliers, and whether each
    risk-year occurs and its undiscounted impact (None where there is nothing to draw)."""
    mult = tables[0](driver_uniforms(rng, lines, n), lines.driver) if lines.pv.size else None
    occur, quantile = event_uniforms(rng, risks, n)
    if not risks.probability.size:
        return mult, None, None
    return mult, occur[:, risks.event] < risks.probability, tables[1](quantile, risks.event)


class VariateCache:
    """Draws made before, kept for the next simulation that would make them again.

    Common random numbers make the variates depend on the generator's state, the
    number of draws, the lines' drivers, copula groups and PERT ranges, and the risks'
    events, probabilities and PERT ranges, and on nothing else: not on discounting,
    costs or prices, which only scale them (the loss of a risk-year is its impact times
    its discount factor, applied afresh each time). So a dashboard that re-appraises a
    scenario after a discount rate, a price or a cost changes can reuse the draws,
    which are most of a simulation's work, and get the same numbers.

    Bounded by the number of values kept (``budget``) and of draws kept (``entries``);
    the oldest go first, and a single draw larger than the budget is not kept. Safe
    to share between threads.
    """

    def __init__(self, budget: int = 4_000_000, entries: int = 32) -> None:
        self.budget, self.entries = budget, entries
        self._kept: dict[bytes, tuple[Drawn, int]] = {}
        self._size = 0  # values kept
        self._lock = threading.Lock()

    @staticmethod
    def key(rng: np.random.Generator, lines: LineSpread, risks: RiskYears, n: int) -> bytes:
        """What the draws depend on, as a digest."""
        h = hashlib.blake2b(repr((n, rng.bit_generator.state)).encode(), digest_size=20)
        for a in (lines.driver, lines.low, lines.high, lines.driver_group, lines.group_rho,
                  risks.event, risks.probability, risks.low, risks.likely, risks.high):  # fmt: skip
            h.update(repr((a.dtype.str, a.shape)).encode())
            h.update(np.ascontiguousarray(a).tobytes())
        return h.digest()

    def get(self, key: bytes) -> Drawn | None:
        with self._lock:
            found = self._kept.pop(key, None)
            if found is None:
                return None
            self._kept[key] = found  # now the newest
            return found[0]

    def put(self, key: bytes, drawn: Drawn) -> None:
        size = sum(a.size for a in drawn if a is not None)
        if size > self.budget:
            return
        for a in drawn:
            if a is not None:
                a.flags.writeable = False  # shared: nobody may change them
        with self._lock:
            if (old := self._kept.pop(key, None)) is not None:
                self._size -= old[1]
            self._kept[key] = (drawn, size)
            self._size += size
            while self._size > self.budget or len(self._kept) > self.entries:
                self._size -= self._kept.pop(next(iter(self._kept)))[1]


def make_tables(lines: LineSpread, risks: RiskYears) -> tuple[QuantileTable, QuantileTable]:
    """The quantile tables of a simulation: one variable per line, one per risk-year."""
    return (
        pert_table(lines.low, np.ones(lines.low.size), lines.high),
        pert_table(risks.low, risks.likely, risks.high),
    )
