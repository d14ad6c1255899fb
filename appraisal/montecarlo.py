"""Monte Carlo simulation of NPSV with common random numbers, vectorised.

A cost line's multiplier is the same in all its years, so a draw's NPSV is the
deterministic NPSV plus ``Σ (multiplier - centre) × PV(line)`` minus the PV of
the risks that occur less their expected value (``centre`` is the multiplier
the deterministic NPSV already uses: the expected value of the line's PERT).
Sampling is therefore ``draws × drivers`` and ``draws × risk events``, never
``draws × years``, and with no spreads and no risks every draw equals the
deterministic NPSV exactly.

**Common random numbers.** Each *driver* (lines that describe the same quantity,
in one option or several) draws one uniform quantile per draw, and every line
with that driver maps the same quantile through its own PERT(low, 1, high), so
lines that describe the same quantity move together within and across options.
Drivers of a category that carries a correlation ρ are drawn through a Gaussian
copula with that pairwise correlation. A risk with the same name in several
options shares one occurrence uniform and one impact quantile per listed year
(it occurs for option *i* when ``u < p_i``). Differences between options, and
the chance each is best, then measure the options rather than sampling noise
(Green Book 2003 Annex 4 ¶28: a simulation can take account of correlations
between inputs).

Quantiles are read from a table of the PERT quantile function (the inverse
regularised incomplete Beta function, ``scipy.special.betaincinv``) on a fine
uniform grid, built once per simulation and interpolated linearly.

Draws are made in fixed-size chunks (bounded memory for a million draws), each
from its own child of the one seeded :class:`numpy.random.Generator`
(``Generator.spawn``), so results depend only on the seed and the number of
draws; chunks run on a small thread pool because numpy releases the GIL.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import special

from appraisal.risk import pert_mean, pert_shape

Array = npt.NDArray[np.float64]
Index = npt.NDArray[np.int64]
CHUNK = 25_000
PERCENTILES = np.arange(101)
GRID = 4097  # points of each tabulated quantile function
TIE = 1.0  # £: draws within a pound of each other are a tie


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


@dataclass(frozen=True, slots=True)
class Simulation:
    """Summary of the NPSV draws per option."""

    draws: int
    quantiles: Array  # (101, options): NPSV at every whole percentile
    mean: Array
    std_error: Array  # standard error of the mean NPSV
    prob_best: Array
    npc_at_confidence: Array
    beats: Array  # (options, options): share of draws in which i's NPSV beats j's
    beats_value: Array  # the same on NPSV plus each option's offset (its concerns' value)


def rng_from_seed(seed: int | np.random.Generator) -> np.random.Generator:
    """One place turns a seed into a Generator (a Generator passes through)."""
    return seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)


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
) -> Variates:
    """Draw ``n`` draws of every multiplier and risk loss (the sampling itself)."""
    mult = tables[0](driver_uniforms(rng, lines, n), lines.driver) if lines.pv.size else None
    occur, quantile = event_uniforms(rng, risks, n)
    if risks.probability.size:
        hit = occur[:, risks.event] < risks.probability
        impact = tables[1](quantile, risks.event)
        loss = np.where(hit, impact * risks.factor, 0.0)
    else:
        loss = np.zeros((n, 0))
    return Variates(np.zeros((n, 0)) if mult is None else mult, loss)


def make_tables(lines: LineSpread, risks: RiskYears) -> tuple[QuantileTable, QuantileTable]:
    """The quantile tables of a simulation: one variable per line, one per risk-year."""
    return (
        pert_table(lines.low, np.ones(lines.low.size), lines.high),
        pert_table(risks.low, risks.likely, risks.high),
    )


# ---------------------------------------------------------------- simulation


def _chunk_npsv(
    rng: np.random.Generator,
    n: int,
    base: Array,
    lines: LineSpread,
    risks: RiskYears,
    tables: tuple[QuantileTable, QuantileTable],
) -> Array:
    """NPSV of ``n`` draws, option-major: shape ``(options, n)``."""
    v = sample_variates(rng, lines, risks, n, tables)
    npsv = np.repeat(base[:, None], n, axis=1)
    k = base.size
    if lines.pv.size:
        weights = np.zeros((lines.pv.size, k))
        weights[np.arange(lines.pv.size), lines.option] = lines.pv
        npsv += np.einsum("nl,lo->on", v.multipliers - lines.centre, weights)
    if risks.probability.size:
        to_option = np.zeros((risks.probability.size, k))
        to_option[np.arange(risks.probability.size), risks.option] = 1.0
        npsv -= np.einsum("nr,ro->on", v.losses, to_option)
        npsv += (risks.expected @ to_option)[:, None]
    return npsv


def run_chunks(
    draws: int,
    rng: np.random.Generator,
    work: Callable[[np.random.Generator, int], Array | None],
    rows: int,
    workers: int | None = None,
) -> Array:
    """Run ``work(child_rng, n)`` over chunks of at most CHUNK draws: ``(rows, draws)``.

    Each chunk has its own child generator, so the result does not depend on the
    number of threads. ``work`` may return None (the benchmark's sampling floor).
    """
    if not 1 <= draws <= 10_000_000:
        raise ValueError(f"draws must be between 1 and 10,000,000, not {draws}")
    sizes = [min(CHUNK, draws - start) for start in range(0, draws, CHUNK)]
    children = rng.spawn(len(sizes))
    out = np.empty((rows, draws))
    bounds = np.cumsum([0, *sizes])

    def run(i: int) -> None:
        got = work(children[i], sizes[i])
        if got is not None:
            out[:, bounds[i] : bounds[i + 1]] = got

    workers = workers or min(4, os.cpu_count() or 1)
    if workers > 1 and len(sizes) > 1:
        with ThreadPoolExecutor(workers) as pool:
            list(pool.map(run, range(len(sizes))))
    else:
        for i in range(len(sizes)):
            run(i)
    return out


def simulate_draws(
    base: npt.ArrayLike,
    lines: LineSpread,
    risks: RiskYears,
    *,
    draws: int,
    rng: np.random.Generator,
    workers: int | None = None,
) -> Array:
    """NPSV of every draw: shape ``(draws, options)``."""
    base = np.asarray(base, dtype=float)
    tables = make_tables(lines, risks)
    out = run_chunks(
        draws,
        rng,
        lambda child, n: _chunk_npsv(child, n, base, lines, risks, tables),
        base.size,
        workers,
    )
    return out.T


def simulate(
    base: npt.ArrayLike,
    lines: LineSpread,
    risks: RiskYears,
    *,
    draws: int,
    rng: np.random.Generator,
    confidence: float = 0.8,
    offset: npt.ArrayLike | None = None,
    workers: int | None = None,
) -> Simulation:
    """NPSV draws per option, summarised.

    Parameters
    ----------
    base : array_like, shape (options,)
        Deterministic NPSV (expected values: line centres, risks at expected
        value, optimism bias included).
    lines, risks
        The uncertain lines and the retained risk-years.
    draws : int
        Number of draws (1 to 10,000,000).
    rng : numpy.random.Generator
        The one seeded generator; chunk generators are spawned from it.
    confidence : float
        ``c`` for the risk-adjusted net present cost (the c-quantile of NPC).
    offset : array_like, shape (options,), optional
        Added to each option's NPSV when options are compared draw by draw
        (``beats``): the value of its concerns score at a fixed price per point.

    Returns
    -------
    Simulation
        Percentiles, mean and its standard error, probability each option is
        best (ties within £1 split evenly, so they sum to 1), NPC at the chosen
        confidence and the pairwise shares of draws one option beats another.
    """
    npsv = simulate_draws(base, lines, risks, draws=draws, rng=rng, workers=workers)
    return summarise(npsv, confidence, offset)


def summarise(npsv: Array, confidence: float, offset: npt.ArrayLike | None = None) -> Simulation:
    """Percentiles, mean, probability of being best and NPC at confidence ``c``.

    ``npsv`` has shape ``(draws, options)``. Quantiles interpolate linearly between
    order statistics (numpy's default method) from one sort per option; NPC at
    ``c`` is ``-(NPSV quantile at 1 - c)``, the same order statistic. Options
    within £1 of the best in a draw share it evenly, so the probabilities sum to 1;
    ``beats[i, j]`` is the share of draws in which ``i`` beats ``j`` by more than £1
    on NPSV, with ties counted half, and ``beats_value`` the same on NPSV plus
    ``offset``.

    >>> s = summarise(np.array([[1.0, 1.0], [2.0, 0.0], [0.0, 3.0], [5.0, 5.0]]), 0.5)
    >>> s.prob_best.tolist()   # draws 1 and 4 are ties, split evenly
    [0.5, 0.5]
    >>> s.beats.tolist()       # each wins one draw outright and ties two
    [[0.0, 0.5], [0.5, 0.0]]
    """
    by_option = np.sort(npsv.T, axis=1)  # (options, draws), one sort each
    n = by_option.shape[1]

    def quantile(q: Array) -> Array:
        pos = np.asarray(q, dtype=float) * (n - 1)
        lo = np.floor(pos).astype(int)
        hi = np.minimum(lo + 1, n - 1)
        frac = pos - lo
        return by_option[:, lo] + frac * (by_option[:, hi] - by_option[:, lo])

    values = npsv.T
    best = values >= values.max(axis=0) - TIE
    prob_best = (best / best.sum(axis=0)).mean(axis=1)
    beats = _beats(values)
    beats_value = beats if offset is None else _beats(values + np.asarray(offset)[:, None])
    std = values.std(axis=1, ddof=1) if n > 1 else np.zeros(values.shape[0])
    return Simulation(
        draws=n,
        quantiles=quantile(PERCENTILES / 100).T,
        mean=values.mean(axis=1),
        std_error=std / np.sqrt(n),
        prob_best=prob_best,
        npc_at_confidence=-quantile(np.array([1.0 - confidence]))[:, 0],
        beats=beats,
        beats_value=beats_value,
    )


def _beats(values: Array) -> Array:
    """``[i, j]``: share of draws in which ``i`` beats ``j`` by more than £1, ties half."""
    k = values.shape[0]
    beats = np.zeros((k, k))
    for i, j in zip(*np.triu_indices(k, 1), strict=True):  # pairs of options, not draws
        gap = values[i] - values[j]
        beats[i, j] = np.mean((gap > TIE) + 0.5 * (np.abs(gap) <= TIE))
        beats[j, i] = 1.0 - beats[i, j]
    return beats
