"""Monte Carlo simulation of NPSV with common random numbers, vectorised.

A cost line's multiplier is the same in all its years, so a draw's NPSV is the
deterministic NPSV plus ``Σ (multiplier - centre) × PV(line)`` minus the PV of
the risks that occur less their expected value (``centre`` is the multiplier
the deterministic NPSV already uses: the expected value of the line's PERT).
Sampling is therefore ``draws × drivers`` and ``draws × risk events``, never
``draws × years``, and with no spreads and no risks every draw equals the
deterministic NPSV exactly.

The variates come from :mod:`appraisal.sampling` with **common random numbers**:
lines that describe the same quantity share one quantile per draw, within and
across options, and a risk with the same name shares its events, so differences
between options, and the chance each is best, measure the options rather than
sampling noise.

Draws are made in fixed-size chunks (bounded memory for a million draws), each
from its own child of the one seeded :class:`numpy.random.Generator`
(``Generator.spawn``), so results depend only on the seed and the number of
draws; chunks run on a small thread pool because numpy releases the GIL.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from appraisal.sampling import (
    LineSpread,
    QuantileTable,
    RiskYears,
    VariateCache,
    make_tables,
    no_risks,
    sample_variates,
)

__all__ = ["LineSpread", "RiskYears", "Simulation", "no_risks", "simulate", "summarise"]

Array = npt.NDArray[np.float64]
Index = npt.NDArray[np.int64]
CHUNK = 25_000
PERCENTILES = np.arange(101)
TIE = 1.0  # £: draws within a pound of each other are a tie


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


# ---------------------------------------------------------------- simulation


def _chunk_npsv(
    rng: np.random.Generator,
    n: int,
    base: Array,
    lines: LineSpread,
    risks: RiskYears,
    tables: tuple[QuantileTable, QuantileTable],
    cache: VariateCache | None = None,
) -> Array:
    """NPSV of ``n`` draws, option-major: shape ``(options, n)``."""
    v = sample_variates(rng, lines, risks, n, tables, cache)
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
    cache: VariateCache | None = None,
) -> Array:
    """NPSV of every draw: shape ``(draws, options)``; ``cache``: draws made before are
    reused (:class:`~appraisal.sampling.VariateCache`), the numbers unchanged."""
    base = np.asarray(base, dtype=float)
    tables = make_tables(lines, risks)
    out = run_chunks(
        draws,
        rng,
        lambda child, n: _chunk_npsv(child, n, base, lines, risks, tables, cache),
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
    cache: VariateCache | None = None,
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
    workers : int, optional
        Threads for the chunks (default up to 4); the result does not depend on it.
    cache : VariateCache, optional
        Reuse draws made before for the same spreads, risks and seed (the same
        numbers, most of the work saved).

    Returns
    -------
    Simulation
        Percentiles, mean and its standard error, probability each option is
        best (ties within £1 split evenly, so they sum to 1), NPC at the chosen
        confidence and the pairwise shares of draws one option beats another.
    """
    npsv = simulate_draws(base, lines, risks, draws=draws, rng=rng, workers=workers, cache=cache)
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
