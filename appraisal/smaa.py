"""SMAA-2: how often each option takes each rank when costs, weights, scores and price vary.

Stochastic multicriteria acceptability analysis (Lahdelma and Salminen 2001) asks,
instead of "which option is best at these weights?", "in what share of all
plausible weights, scores and prices is each option best, second, …?". Each joint
draw pairs one Monte Carlo NPSV draw (common random numbers, from
:func:`appraisal.montecarlo.simulate_draws`) with a weight vector drawn uniformly
from the simplex (Dirichlet(1, …, 1): nothing known about the weights) or from the
part of it within given bounds, the 0-100 scores perturbed by a normal of sd
``spread`` points and clipped to 0-100, and a price per point ``λ``. The overall
value is ``NPSV + λ × Σ w_c s_c``, ranked as :func:`appraisal.mcda.rank` ranks.

Everything is drawn first, as arrays of shape ``(draws, …)``; the ranking is then one
vectorised sort, so the only Python loops are over options (the confidence factors)
and over rejection rounds of bounded weights. :func:`_smaa_per_draw` ranks the same
variates one draw at a time: the per-draw reference the benchmark compares against.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from appraisal import mcda

Array = npt.NDArray[np.float64]
Index = npt.NDArray[np.int64]
LamRange = tuple[float, float, str]  # (lo, hi, "log" | "uniform")
#: Candidates drawn per round of rejection (at least), and rounds before giving up.
BATCH, ROUNDS = 10_000, 50

__all__ = ["LamRange", "Smaa", "lam_range_for", "smaa"]


@dataclass(frozen=True, slots=True)
class Smaa:
    """Rank acceptabilities, central weights and confidence factors (SMAA-2).

    Options are in the order of the NPSV draws' columns, concerns in the order of
    the scores' rows.
    """

    acceptability: Array  # (options, ranks): share of draws in which option i has rank r + 1
    central_weights: Array  # (options, concerns): mean weights where i is first; nan if never
    confidence: Array  # (options,): share first at its central weights; nan if never first
    draws: int
    lam_range: LamRange  # the range λ was drawn from

    @property
    def prob_best(self) -> Array:
        """First-rank acceptability: the share of joint draws in which each option is best."""
        return self.acceptability[:, 0]


@dataclass(frozen=True, slots=True)
class _Variates:
    """One joint draw per row: weights (draws, concerns), scores (draws, concerns, options), λ."""

    weights: Array
    scores: Array
    lam: Array


def lam_range_for(npsv: npt.ArrayLike, score: npt.ArrayLike | None, lam0: float | None) -> LamRange:
    """The range the value of a concerns point is drawn from.

    A scenario price ``λ0`` is known to within a factor of three either way:
    log-uniform on ``[λ0/3, 3 λ0]``. With no price, uniform from 0 to twice the
    largest price at which the overall leader changes (the breakpoints of
    :func:`appraisal.mcda.leaders`, each a :func:`appraisal.mcda.switching_price`), so
    every leader on the envelope has room; with no such price, or ``λ0 = 0``, λ is 0.

    Examples
    --------
    £1.6m more for 8.2 points: the leader switches at £195,122 a point.

    >>> lo, hi, kind = lam_range_for([-50.3e6, -51.9e6, -62.6e6], [79.8, 88.0, 55.0], None)
    >>> lo, round(hi), kind
    (0.0, 390244, 'uniform')

    A dominant option (higher NPSV and score) never gives way: λ is 0. A price of £30,000 a point:

    >>> lam_range_for([1.0, 0.0], [50.0, 40.0], None), lam_range_for([0.0], [1.0], 30_000.0)
    ((0.0, 0.0, 'uniform'), (10000.0, 90000.0, 'log'))
    """
    if lam0 is not None:
        if lam0 < 0 or not np.isfinite(lam0):
            raise ValueError(f"lam must be a finite £ >= 0, not {lam0}")
        return (lam0 / 3, 3 * lam0, "log") if lam0 > 0 else (0.0, 0.0, "uniform")
    if score is None or np.size(score) == 0:
        return (0.0, 0.0, "uniform")
    top = max(p for p, _ in mcda.leaders(npsv, score))
    return (0.0, 2 * top, "uniform")


def _lam(u: Array, lam_range: LamRange) -> Array:
    """λ per draw from uniform variates ``u``: log-uniform or uniform on [lo, hi]."""
    lo, hi, kind = lam_range
    return lo * (hi / lo) ** u if kind == "log" else lo + (hi - lo) * u


def _bounded_weights(rng: np.random.Generator, n: int, bounds: Array) -> Array:
    """``n`` weight vectors uniform on the simplex within ``bounds`` (concerns, 2).

    ``w = lo + (1 − Σ lo) v`` with ``v`` Dirichlet(1, …, 1) is uniform on the part of
    the simplex above the lower bounds (an affine map keeps uniformity); candidates
    over an upper bound are rejected, in vectorised rounds.
    """
    lo, hi = bounds[:, 0], bounds[:, 1]
    kept, tried, have = [], 0, 0
    for _ in range(ROUNDS):
        rate = have / tried if have else 1 / BATCH
        size = max(BATCH, int(1.2 * (n - have) / rate))
        w = lo + (1 - lo.sum()) * rng.dirichlet(np.ones(lo.size), size=min(size, 100 * BATCH))
        ok = w[np.all(w <= hi + 1e-12, axis=1)]
        kept.append(ok)
        tried, have = tried + len(w), have + len(ok)
        if have >= n:
            return np.concatenate(kept)[:n]
    raise ValueError(f"weight_bounds leave too little room: {have} of {tried} draws fell inside")


def _weights(rng: np.random.Generator, n: int, m: int, bounds: Array | None) -> Array:
    """Weight vectors, one per draw: Dirichlet(1, …, 1), or uniform within bounds."""
    if m == 0:
        return np.empty((n, 0))
    return rng.dirichlet(np.ones(m), size=n) if bounds is None else _bounded_weights(rng, n, bounds)


def _variates(
    rng: np.random.Generator,
    n: int,
    scores: Array,
    spread: float,
    bounds: Array | None,
    lam_range: LamRange,
) -> _Variates:
    """Every draw's λ, perturbed scores and weights, in that order from ``rng``."""
    lam = _lam(rng.random(n), lam_range)
    noisy = np.clip(scores + spread * rng.standard_normal((n, *scores.shape)), 0.0, 100.0)
    return _Variates(weights=_weights(rng, n, scores.shape[0], bounds), scores=noisy, lam=lam)


def _ranks(value: Array, npsv: Array, score: Array) -> Index:
    """Kernel: rank of each option in each draw (rows), as :func:`appraisal.mcda.rank`.

    >>> _ranks(np.array([[50.0, 70.0, 50.0]]), np.array([[1.0, 0.0, 2.0]]), np.zeros((1, 3)))
    array([[3, 1, 2]])
    """
    k = value.shape[-1]
    order = np.lexsort((np.broadcast_to(np.arange(k), value.shape), -score, -npsv, -value), axis=-1)
    ranks = np.empty(value.shape, dtype=np.int64)
    np.put_along_axis(ranks, order, np.broadcast_to(np.arange(1, k + 1), value.shape), axis=-1)
    return ranks


def _acceptability(ranks: Index) -> Array:
    """``[i, r]``: share of rows in which option ``i`` has rank ``r + 1``."""
    n, k = ranks.shape
    cells = np.arange(k) * k + ranks - 1
    return np.bincount(cells.ravel(), minlength=k * k).reshape(k, k) / n


def _central(first: Index, weights: Array, k: int) -> Array:
    """Mean weight vector of the draws each option wins; nan rows where it wins none."""
    won = first[:, None] == np.arange(k)
    count = won.sum(axis=0)
    total = won.T.astype(float) @ weights
    return np.where(count[:, None] > 0, total / np.maximum(count, 1)[:, None], np.nan)


def _confidence(npsv: Array, v: _Variates, central: Array) -> Array:
    """Share of draws each option wins with the weights fixed at its central weights."""
    out = np.full(central.shape[0], np.nan)
    for i in np.flatnonzero(~np.isnan(central).any(axis=1)):  # options, not draws
        score = np.einsum("c,nco->no", central[i], v.scores)
        value = npsv + v.lam[:, None] * score
        out[i] = np.mean(_ranks(value, npsv, score)[:, i] == 1)
    return out


def _checked(
    npsv_draws: npt.ArrayLike,
    scores: npt.ArrayLike,
    weights: npt.ArrayLike,
    lam: float | None,
    spread: float,
    weight_bounds: npt.ArrayLike | None,
    lam_range: LamRange | None,
) -> tuple[Array, Array, Array | None, LamRange]:
    """The validated draws, scores (concerns, options), bounds and λ range."""
    v = np.asarray(npsv_draws, dtype=float)
    if v.ndim != 2 or not v.size or not np.all(np.isfinite(v)):
        raise ValueError("npsv_draws must be finite, shape (draws, options)")
    s = np.asarray(scores, dtype=float).reshape(-1, v.shape[1])
    w = np.asarray(weights, dtype=float).reshape(-1)
    if s.shape[0] != w.size:
        raise ValueError(f"{s.shape[0]} concerns scored but {w.size} weights")
    if np.any(s < 0) or np.any(s > 100):
        raise ValueError("scores must lie in [0, 100]")
    if not 0 <= spread <= 50:
        raise ValueError(f"spread must be between 0 and 50 points, not {spread}")
    b = None if weight_bounds is None else _checked_bounds(weight_bounds, s.shape[0])
    if lam_range is None:
        score = mcda.weighted_scores(s, w) if w.size else None
        lam_range = lam_range_for(v.mean(axis=0), score, lam)
    lo, hi, kind = lam_range
    if (
        not (0 <= lo <= hi < np.inf)
        or kind not in ("log", "uniform")
        or (kind == "log" and lo <= 0)
    ):
        raise ValueError(f"lam_range must be (lo, hi, 'log' | 'uniform') with 0 <= lo <= hi "
                         f"and lo > 0 for 'log', not {lam_range}")  # fmt: skip
    return v, s, b, (float(lo), float(hi), kind)


def _checked_bounds(weight_bounds: npt.ArrayLike, m: int) -> Array:
    b = np.asarray(weight_bounds, dtype=float)
    if b.shape != (m, 2) or np.any(b < 0) or np.any(b > 1) or np.any(b[:, 0] > b[:, 1]):
        raise ValueError(f"weight_bounds must be {m} pairs of shares 0 <= lo <= hi <= 1")
    if b[:, 0].sum() > 1 or b[:, 1].sum() < 1:
        raise ValueError("weight_bounds must allow shares adding up to 1: Σ lo <= 1 <= Σ hi")
    return b


def smaa(
    npsv_draws: npt.ArrayLike,
    scores: npt.ArrayLike,
    weights: npt.ArrayLike,
    *,
    rng: np.random.Generator,
    lam: float | None = None,
    spread: float = 10.0,
    weight_bounds: npt.ArrayLike | None = None,
    lam_range: LamRange | None = None,
) -> Smaa:
    """Rank acceptability, central weights and confidence factors of every option (SMAA-2).

    Parameters
    ----------
    npsv_draws : array_like, shape (draws, options)
        Monte Carlo NPSV draws (£), taken with common random numbers.
    scores : array_like, shape (concerns, options)
        0-100 scores; empty (no concerns) ranks the money draws alone.
    weights : array_like, shape (concerns,)
        The current swing weights (they set the default ``lam_range``).
    rng : numpy.random.Generator
        The seeded generator; same seed, same figures.
    lam : float, optional
        The scenario's £ value of a concerns point, ``λ0``.
    spread : float
        Sd of the normal noise on each score, in points (0 to 50; 0: exact scores).
    weight_bounds : array_like, shape (concerns, 2), optional
        Lower and upper bounds on each normalised weight; None: anywhere on the simplex.
    lam_range : (lo, hi, "log" | "uniform"), optional
        Where λ is drawn from; default :func:`lam_range_for` on the mean NPSV draw.

    Returns
    -------
    Smaa
        ``acceptability[i, r]`` (the rank-acceptability index ``b_i^{r+1}``),
        ``central_weights`` and ``confidence`` (the confidence factor: the share of
        draws option ``i`` wins with the weights fixed at its central weights).

    Notes
    -----
    Ranks per draw follow :func:`appraisal.mcda.rank`: overall value, then NPSV, then
    the weighted score, then option order. Memory is ``draws × concerns × options``.

    References
    ----------
    Lahdelma, R. and Salminen, P. (2001) SMAA-2: Stochastic multicriteria
    acceptability analysis for group decision making, Operations Research 49(3),
    444-454. Tervonen, T. and Figueira, J. R. (2008) A survey on stochastic
    multicriteria acceptability analysis methods, J. Multi-Crit. Decis. Anal. 15.

    Examples
    --------
    Equal NPSVs; A scores (100, 0) and B (0, 50) on two concerns. With weights
    ``(w, 1 − w)``, ``w`` uniform on [0, 1], A wins when ``100 w > 50 (1 − w)``, that
    is ``w > 1/3``: two draws in three. A's central weight on the first concern is
    the mean of ``w`` over (1/3, 1), 2/3; B's over (0, 1/3), 1/6.

    >>> r = smaa(np.zeros((20_000, 2)), [[100, 0], [0, 50]], [1, 1], rng=np.random.default_rng(1),
    ...          lam=1.0, spread=0.0)
    >>> bool(np.allclose(r.prob_best, [2 / 3, 1 / 3], atol=0.01))
    True
    >>> bool(np.allclose(r.central_weights[:, 0], [2 / 3, 1 / 6], atol=0.01))
    True
    >>> r.confidence.tolist()   # at (2/3, 1/3) A scores 66.7 to 16.7; at (1/6, 5/6) B wins
    [1.0, 1.0]
    """
    v, s, bounds, lam_range = _checked(
        npsv_draws, scores, weights, lam, spread, weight_bounds, lam_range
    )
    x = _variates(rng, v.shape[0], s, spread, bounds, lam_range)
    score = np.einsum("nc,nco->no", x.weights, x.scores)
    ranks = _ranks(v + x.lam[:, None] * score, v, score)
    central = _central(np.argmin(ranks, axis=1), x.weights, v.shape[1])
    return Smaa(_acceptability(ranks), central, _confidence(v, x, central), v.shape[0], lam_range)


def _smaa_per_draw(
    npsv_draws: npt.ArrayLike,
    scores: npt.ArrayLike,
    weights: npt.ArrayLike,
    *,
    rng: np.random.Generator,
    lam: float | None = None,
    spread: float = 10.0,
    weight_bounds: npt.ArrayLike | None = None,
    lam_range: LamRange | None = None,
) -> Smaa:
    """:func:`smaa` one draw at a time: the per-draw reference the benchmark compares against.

    The same variates from the same ``rng``, ranked by :func:`appraisal.mcda.rank` in a
    Python loop over draws, so it gives :func:`smaa`'s figures for the same seed.
    """
    v, s, bounds, lam_range = _checked(
        npsv_draws, scores, weights, lam, spread, weight_bounds, lam_range
    )
    x = _variates(rng, v.shape[0], s, spread, bounds, lam_range)
    n, k = v.shape
    counts, wins = np.zeros((k, k)), np.zeros((k, s.shape[0]))
    for d in range(n):
        score = np.einsum("c,co->o", x.weights[d], x.scores[d])
        r = mcda.rank(v[d] + x.lam[d] * score, v[d], score)
        counts[np.arange(k), r - 1] += 1
        wins[int(r.argmin())] += x.weights[d]
    first = counts[:, 0]
    central = np.where(first[:, None] > 0, wins / np.maximum(first, 1)[:, None], np.nan)
    confidence = np.full(k, np.nan)
    for i in np.flatnonzero(first > 0):
        hits = 0
        for d in range(n):
            score = np.einsum("c,co->o", central[i], x.scores[d])
            hits += mcda.rank(v[d] + x.lam[d] * score, v[d], score)[i] == 1
        confidence[i] = hits / n
    return Smaa(counts / n, central, confidence, n, lam_range)
