"""Multi-criteria analysis of the concerns that money does not capture.

Linear additive model of the MCDA manual (DCLG 2009): each option scores 0-100
on each concern (a fixed scale: 0 = not addressed, 100 = fully addressed), swing
weights are normalised to sum to one, and the weighted score is ``Σ w_i s_i``.
Money and concerns are traded at a price: the overall value is NPSV plus the £
value of a concerns point times the score, and the switching price between two
options is the marginal cost per extra point. SCIM's
cost per weighted point (A3.23-A3.24) sets the scores against net present cost
and exposes dominated options.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[np.float64]
#: Scores closer than this are equal: no finite price per point separates them.
SCORE_TOL = 1e-9


def normalise_weights(weights: npt.ArrayLike) -> Array:
    """Swing weights scaled to sum to one.

    >>> normalise_weights([30, 20, 50]).tolist()
    [0.3, 0.2, 0.5]
    """
    w = np.asarray(weights, dtype=float)
    if np.any(w < 0) or not np.all(np.isfinite(w)):
        raise ValueError("weights must be finite and non-negative")
    total = w.sum()
    if total <= 0:
        raise ValueError("the weights add up to zero; give at least one a positive weight")
    return w / total


def _wsm(scores: Array, weights: Array) -> Array:
    """Kernel, no validation: weighted sum over criteria (axis -2)."""
    return np.einsum("...co,c->...o", scores, weights)


def weighted_scores(scores: npt.ArrayLike, weights: npt.ArrayLike) -> Array:
    """MCDA score per option.

    Parameters
    ----------
    scores : array_like, shape (..., concerns, options)
        0-100 scores.
    weights : array_like, shape (concerns,)
        Swing weights (any positive scale).

    Examples
    --------
    A published weighted-scoring template, scores out of 10 and weights
    50/25/15/10 %: O2 scores 5.95 and O4 6.00, so O4 ranks first although both
    display as 6.0.

    >>> s = [[3, 5, 5, 5], [5, 9, 0, 6], [4, 6, 8, 8], [4, 3, 5, 8]]
    >>> (weighted_scores(s, [50, 25, 15, 10]) * 10).round(1).tolist()   # scale 0-10 -> 0-100
    [37.5, 59.5, 42.0, 60.0]
    """
    s = np.asarray(scores, dtype=float)
    if np.any(s < 0) or np.any(s > 100):
        raise ValueError("scores must lie in [0, 100]")
    w = normalise_weights(weights)
    if s.shape[-2] != w.size:
        raise ValueError(f"{s.shape[-2]} concerns scored but {w.size} weights")
    return np.clip(_wsm(s, w), 0.0, 100.0)  # rounding can overshoot 100 by an ulp


def overall_values(
    npsv: npt.ArrayLike, score: npt.ArrayLike | None, value_per_point: float | None
) -> Array:
    """Overall value in £: ``NPSV + λ × MCDA score``; NPSV alone with no price or no concerns.

    ``λ`` (``value_per_point``) is the £ of NPSV one point of weighted concern score
    is worth. Because it is a fixed price, adding or removing an option never
    reorders the others (unlike a money score rescaled from the worst option to
    the best).

    >>> overall_values([-10e6, -12e6], [60.0, 80.0], 50_000).tolist()
    [-7000000.0, -8000000.0]
    >>> overall_values([-10e6, -12e6], [60.0, 80.0], None).tolist()
    [-10000000.0, -12000000.0]
    """
    v = np.asarray(npsv, dtype=float)
    if value_per_point is None or score is None:
        return v
    if value_per_point < 0 or not np.isfinite(value_per_point):
        raise ValueError(f"value_per_point must be a finite £ >= 0, not {value_per_point}")
    return v + value_per_point * np.asarray(score, dtype=float)


def rank(
    overall: npt.ArrayLike, npsv: npt.ArrayLike, score: npt.ArrayLike | None = None
) -> npt.NDArray[np.int64]:
    """Rank 1 = best overall value; ties broken by higher NPSV, then higher MCDA score,
    then list order.

    >>> rank([50.0, 70.0, 50.0], [1.0, 0.0, 2.0]).tolist()
    [3, 1, 2]
    >>> rank([5.0, 5.0], [5.0, 5.0], [40.0, 60.0]).tolist()
    [2, 1]
    """
    o, v = np.asarray(overall, dtype=float), np.asarray(npsv, dtype=float)
    sc = np.zeros(o.size) if score is None else np.asarray(score, dtype=float)
    order = np.lexsort((np.arange(o.size), -sc, -v, -o))
    ranks = np.empty(o.size, dtype=np.int64)
    ranks[order] = np.arange(1, o.size + 1)
    return ranks


def switching_price(npsv_a: float, score_a: float, npsv_b: float, score_b: float) -> float:
    """The £ per point above which option b's overall value passes option a's.

    ``(NPSV_a - NPSV_b) / (score_b - score_a)`` for b scoring higher on the concerns:
    the marginal cost per extra point of choosing b over a.

    >>> round(switching_price(-50.3e6, 79.8, -51.9e6, 88.0))   # £1.6m more for 8.2 points
    195122
    """
    if not score_b > score_a + SCORE_TOL:
        raise ValueError("option b must score higher on the concerns than option a")
    return (npsv_a - npsv_b) / (score_b - score_a)


def leaders(npsv: npt.ArrayLike, score: npt.ArrayLike) -> list[tuple[float, int]]:
    """Where the overall leader changes as the price per point runs from 0 upwards.

    The leader at λ is the top of the lines ``NPSV_i + λ × score_i``; the result
    lists ``(λ from which it leads, option index)`` along that upper envelope, the
    first from 0 (ties at a breakpoint go to the higher score, as they do above
    it; ties at 0 to the higher NPSV, then the higher score, then list order).

    >>> [(round(lam), i) for lam, i in leaders([-50.3e6, -51.9e6, -62.6e6], [79.8, 88.0, 55.0])]
    [(0, 0), (195122, 1)]
    >>> leaders([5.0, 3.0], [10.0, 10.0])   # the same score: one leader for every price
    [(0.0, 0)]
    """
    v, s = np.asarray(npsv, dtype=float), np.asarray(score, dtype=float)
    current = int(rank(v, v, s).argmin())
    out = [(0.0, current)]
    start = 0.0
    while True:
        higher = np.flatnonzero(s > s[current] + SCORE_TOL)
        if not higher.size:
            return out
        cross = (v[current] - v[higher]) / (s[higher] - s[current])  # where each overtakes
        cross = np.maximum(cross, start)
        first = cross.min()
        tied = higher[cross == first]
        nxt = int(tied[np.lexsort((tied, -v[tied], -s[tied]))[0]])  # highest score wins
        start, current = float(first), nxt
        out.append((start, current))


def price_from_weight(money_weight: float, npsv: npt.ArrayLike) -> float | None:
    """The price per point a schema-1 money weight implied: λ = (1 − w)/w × (best − worst)/100.

    Schema 1 scored money 0-100 from the worst NPSV to the best and weighted it
    ``w`` against the concerns' ``1 − w``; dividing that overall score by
    ``100 w / (best − worst)`` gives NPSV + λ × score with this λ, so the file's
    overall ranking is unchanged. ``w = 1`` gives 0; equal NPSVs give None (the
    weight implied no price); ``w = 0`` has no price and is an error.

    >>> price_from_weight(0.6, [-51.9e6, -50.3e6, -75.8e6])   # (0.4/0.6) × £25.5m / 100
    170000.0
    >>> price_from_weight(1.0, [1.0, 2.0]), price_from_weight(0.5, [3.0, 3.0])
    (0.0, None)
    """
    if not 0 < money_weight <= 1:
        raise ValueError("a money weight of 0 prices the concerns alone: set value_per_point")
    v = np.asarray(npsv, dtype=float)
    span = float(v.max() - v.min())
    if span == 0:
        return None
    return (1.0 - money_weight) / money_weight * span / 100.0


def cost_per_point(npc: npt.ArrayLike, score: npt.ArrayLike) -> Array:
    """Net present cost per weighted point (``nan`` where the score is 0).

    Examples
    --------
    SCIM A3.23: P costs £3.0m for 790 points, £3,797 a point.

    >>> cost_per_point([3.0e6, 4.5e6, 4.0e6, 5.0e6], [790, 1010, 1250, 1480]).round(0).tolist()
    [3797.0, 4455.0, 3200.0, 3378.0]
    """
    c, s = np.asarray(npc, dtype=float), np.asarray(score, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return np.where(s != 0, c / np.where(s != 0, s, 1.0), np.nan)


def marginal_cost_per_point(npc: npt.ArrayLike, score: npt.ArrayLike) -> Array:
    """Extra cost per extra point against the cheapest option (lowest NPC).

    ``(NPC_i - NPC_0) / (score_i - score_0)``; ``nan`` for the cheapest option
    itself and where the score is not higher.

    Examples
    --------
    SCIM A3.24: against P, R costs £2,174 and S £2,899 per extra point.

    >>> m = marginal_cost_per_point([3.0e6, 4.5e6, 4.0e6, 5.0e6], [790, 1010, 1250, 1480])
    >>> m.round(0).tolist()
    [nan, 6818.0, 2174.0, 2899.0]
    """
    c, s = np.asarray(npc, dtype=float), np.asarray(score, dtype=float)
    cheapest = int(np.argmin(c))
    gain = s - s[cheapest]
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        out = np.where(gain > 0, (c - c[cheapest]) / np.where(gain > 0, gain, 1.0), np.nan)
    out[cheapest] = np.nan
    return out


def dominated_by(npc: npt.ArrayLike, score: npt.ArrayLike) -> list[int | None]:
    """For each option, the cheapest option that dominates it, or ``None``.

    B dominates A when B's NPC is no higher and its score no lower, one of them
    strictly; among several, the one with the lowest NPC (first in list order on
    a tie). Dominated options are flagged, never dropped.

    Examples
    --------
    SCIM A3.24: Q (£4.5m, 1,010 points) is dominated by R (£4.0m, 1,250 points).

    >>> dominated_by([3.0e6, 4.5e6, 4.0e6, 5.0e6], [790, 1010, 1250, 1480])
    [None, 2, None, None]
    """
    c, s = np.asarray(npc, dtype=float), np.asarray(score, dtype=float)
    better = (c[:, None] <= c[None, :]) & (s[:, None] >= s[None, :])
    strictly = (c[:, None] < c[None, :]) | (s[:, None] > s[None, :])
    dom = better & strictly  # dom[j, i]: j dominates i
    out: list[int | None] = []
    for i in range(c.size):
        candidates = np.flatnonzero(dom[:, i])
        out.append(None if not candidates.size else int(candidates[np.argmin(c[candidates])]))
    return out
