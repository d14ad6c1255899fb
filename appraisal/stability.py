"""Weight and price stability of the leading option, in exact closed form.

The MCDA manual's sensitivity test on weights (DCLG 2009, §6.2.12, as the Hiview
tool draws it) moves one concern's normalised weight share ``w`` from 0 to 1 while
the other concerns keep their proportions. Each option's weighted score is then a
straight line in ``w``::

    S_i(w) = w s_ic + (1 − w) R_i,   R_i = Σ_{j≠c} w_j s_ij / Σ_{j≠c} w_j

so the leader changes only where two lines cross, at
``w* = (R_b − R_a) / ((s_ac − s_bc) + (R_b − R_a))``, and holds on one interval of
shares containing the current one. The overall value ``NPSV_i + λ S_i(w)`` is a line
in ``w`` too, and a line in the price per point ``λ`` for fixed weights (the upper
envelope of :func:`appraisal.mcda.leaders`). Nothing here is sampled: the ranges are
exact, not found on a grid.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from appraisal import mcda

Array = npt.NDArray[np.float64]
Index = npt.NDArray[np.intp]
#: Lines closer than this (points, or points per unit share) are tied or parallel.
TOL = mcda.SCORE_TOL

__all__ = [
    "Holds",
    "PriceRange",
    "WeightRange",
    "crossovers",
    "price_range",
    "score_at",
    "score_lines",
    "value_lines",
    "weight_range",
]


@dataclass(frozen=True, slots=True)
class Holds:
    """Where the leader of one ranking stays top: ``lo <= share <= hi``.

    ``below`` takes over when the share falls under ``lo`` and ``above`` when it
    rises over ``hi`` (option indices); None where the range reaches 0 or 1.
    """

    leader: int
    lo: float
    hi: float
    below: int | None
    above: int | None


@dataclass(frozen=True, slots=True)
class WeightRange:
    """The shares of one concern's weight over which the leaders hold.

    ``overall`` is None when no positive price per point is set: the overall value
    is then NPSV, which the weights do not move.
    """

    concern: int
    share: float  # the concern's current normalised weight
    mcda: Holds
    overall: Holds | None


@dataclass(frozen=True, slots=True)
class PriceRange:
    """The £ a point over which the overall leader holds: ``lo <= λ <= hi`` (``hi`` may be inf)."""

    leader: int
    lam: float  # the current price per point (0 when none is set)
    lo: float
    hi: float
    below: int | None  # leads under lo; None when lo is 0
    above: int | None  # leads over hi; None when hi is inf


def _shares(weights: Array, concern: int) -> tuple[float, Array]:
    """The concern's share and the others' proportions among themselves (equal if all 0)."""
    rest = np.delete(weights, concern)
    total = rest.sum()
    return float(weights[concern]), rest / total if total > 0 else np.full(rest.size, 1 / rest.size)


def score_lines(scores: npt.ArrayLike, weights: npt.ArrayLike, concern: int) -> tuple[Array, Array]:
    """Each option's weighted score as a line in one concern's weight share.

    Parameters
    ----------
    scores : array_like, shape (concerns, options)
        0-100 scores.
    weights : array_like, shape (concerns,)
        Swing weights (any positive scale).
    concern : int
        The concern whose share ``w`` moves; the others keep their proportions.

    Returns
    -------
    intercept, slope : ndarray, shape (options,)
        ``S_i(w) = intercept_i + w × slope_i``: the intercept is ``R_i``, the score on
        the other concerns at their relative weights, and the slope ``s_ic − R_i``.
        With a single concern its share is always 1: the intercept is its score and
        the slope 0. If the other concerns all weigh 0 they share equally.

    References
    ----------
    MCDA manual (DCLG 2009) §6.2.12, sensitivity analysis on the weights.

    Examples
    --------
    Two concerns weighted 60/40, A scores (100, 0) and B (0, 100): on the first
    concern's share, A runs from 0 to 100 and B from 100 to 0.

    >>> intercept, slope = score_lines([[100, 0], [0, 100]], [60, 40], 0)
    >>> intercept.tolist(), slope.tolist()
    ([0.0, 100.0], [100.0, -100.0])
    """
    s, w = np.asarray(scores, dtype=float), mcda.normalise_weights(weights)
    if s.ndim != 2 or s.shape[0] != w.size:
        raise ValueError(f"scores must have shape (concerns, options) with {w.size} concerns")
    if not 0 <= concern < w.size:
        raise ValueError(f"concern must index one of the {w.size} concerns, not {concern}")
    if w.size == 1:
        return s[0].copy(), np.zeros(s.shape[1])
    _, rest = _shares(w, concern)
    intercept = rest @ np.delete(s, concern, axis=0)
    return intercept, s[concern] - intercept


def value_lines(
    npsv: npt.ArrayLike, scores: npt.ArrayLike, weights: npt.ArrayLike, concern: int, lam: float
) -> tuple[Array, Array]:
    """Each option's overall value ``NPSV_i + λ S_i(w)`` as a line in the concern's share (£).

    >>> intercept, slope = value_lines([-10, -20], [[100, 0], [0, 100]], [60, 40], 0, 0.5)
    >>> intercept.tolist(), slope.tolist()   # A: -10 + 0.5 × 100w; B: -20 + 0.5 × 100(1 − w)
    ([-10.0, 30.0], [50.0, -50.0])
    """
    intercept, slope = score_lines(scores, weights, concern)
    return np.asarray(npsv, dtype=float) + lam * intercept, lam * slope


def score_at(intercept: npt.ArrayLike, slope: npt.ArrayLike, share: npt.ArrayLike) -> Array:
    """The lines at each share: shape ``(shares, options)`` (``(options,)`` for one share).

    >>> score_at([0.0, 100.0], [100.0, -100.0], [0.0, 0.25, 1.0]).tolist()
    [[0.0, 100.0], [25.0, 75.0], [100.0, 0.0]]
    """
    a, b, w = (np.asarray(x, dtype=float) for x in (intercept, slope, share))
    return a + w[..., None] * b


def _crossing(a: Array, b: Array, first: Index, second: Index, tol: float) -> Array:
    """Kernel: the share where line ``first`` meets ``second``, nan if parallel or off [0, 1]."""
    gap, turn = a[second] - a[first], b[first] - b[second]
    with np.errstate(divide="ignore", invalid="ignore"):
        w = np.where(np.abs(turn) > tol, gap / np.where(turn == 0, 1.0, turn), np.nan)
    return np.where((w >= 0) & (w <= 1), w, np.nan)


def crossovers(intercept: npt.ArrayLike, slope: npt.ArrayLike, tol: float = TOL) -> pd.DataFrame:
    """Where every pair of lines crosses within shares [0, 1].

    ``w* = (R_b − R_a) / ((s_ac − s_bc) + (R_b − R_a))``: none where the lines are
    parallel (their slopes within ``tol``) or meet outside [0, 1].

    Returns
    -------
    DataFrame
        One row per crossing: ``share``, ``value`` (the lines' common value there),
        ``a`` and ``b`` (option indices, ``a < b``), by share.

    Examples
    --------
    >>> crossovers([0.0, 100.0, 50.0], [100.0, -100.0, 0.0]).to_dict("list")
    {'share': [0.5, 0.5, 0.5], 'value': [50.0, 50.0, 50.0], 'a': [0, 0, 1], 'b': [1, 2, 2]}
    """
    a, b = np.asarray(intercept, dtype=float), np.asarray(slope, dtype=float)
    first, second = np.triu_indices(a.size, 1)
    w = _crossing(a, b, first, second, tol)
    keep = ~np.isnan(w)
    out = pd.DataFrame({"share": w[keep], "value": a[first[keep]] + w[keep] * b[first[keep]],
                        "a": first[keep], "b": second[keep]})  # fmt: skip
    return out.sort_values(["share", "a", "b"], kind="stable").reset_index(drop=True)


def _holds(a: Array, b: Array, leader: int, share: float, tol: float) -> Holds:
    """Kernel: the interval of shares containing ``share`` on which ``leader``'s line is top.

    Against each other line the leader's lead ``A + w B`` is linear: a rival rising
    as the share falls (``B > 0``) bounds it below at ``−A/B``, one rising with the
    share bounds it above. Crossings off [0, 1] and parallel lines bound nothing.
    """
    others = np.delete(np.arange(a.size), leader)
    w = _crossing(a, b, np.full(others.size, leader), others, tol)
    turn = b[leader] - b[others]
    below, above = ~np.isnan(w) & (turn > tol), ~np.isnan(w) & (turn < -tol)
    lo = float(w[below].max()) if below.any() else 0.0
    hi = float(w[above].min()) if above.any() else 1.0
    under = below & (w == lo)  # at lo the steepest of the rivals meeting there is top under it
    over = above & (w == hi)
    return Holds(
        leader=leader,
        lo=min(lo, share),  # rounding must not push the current share out
        hi=max(hi, share),
        below=int(others[under][np.argmax(turn[under])]) if lo > 0 and under.any() else None,
        above=int(others[over][np.argmin(turn[over])]) if hi < 1 and over.any() else None,
    )


def weight_range(
    scores: npt.ArrayLike,
    weights: npt.ArrayLike,
    concern: int,
    *,
    npsv: npt.ArrayLike | None = None,
    lam: float | None = None,
) -> WeightRange:
    """The range of one concern's weight share over which the leading option holds.

    Parameters
    ----------
    scores : array_like, shape (concerns, options)
        0-100 scores.
    weights : array_like, shape (concerns,)
        Current swing weights.
    concern : int
        The concern whose share moves (the others keep their proportions).
    npsv : array_like, shape (options,), optional
        NPSV (£): breaks MCDA ties as :func:`appraisal.mcda.rank` does and, with
        ``lam``, gives the overall value.
    lam : float, optional
        The £ value of a concerns point. None or 0: the overall value is NPSV,
        which no weight moves, so ``overall`` is None.

    Returns
    -------
    WeightRange
        The current share and, for the MCDA score and for the overall value, the
        leader (ranked as :func:`appraisal.mcda.rank` ranks), the interval
        ``[lo, hi] ⊂ [0, 1]`` around the current share on which it stays top (ties
        within 1e-9 hold) and the options that take over past each end. A single
        concern always has the whole weight: the range is [1, 1].

    References
    ----------
    MCDA manual (DCLG 2009) §6.2.12, sensitivity analysis on the weights.

    Examples
    --------
    Two concerns weighted 60/40; A scores (100, 0), B (0, 100). On the first
    concern's share the lines ``100w`` and ``100(1 − w)`` cross at
    ``w* = (b2 − b1)/((a1 − a2) + (b2 − b1)) = 100/200 = 0.5``: A leads from 50% up.

    >>> r = weight_range([[100, 0], [0, 100]], [60, 40], 0)
    >>> r.share, r.mcda
    (0.6, Holds(leader=0, lo=0.5, hi=1.0, below=1, above=None))

    With NPSVs of £-10 and £-20 at £0.5 a point, A's value is ``-10 + 50w`` and B's
    ``30 - 50w``: they cross at ``w = 40/100 = 0.4``.

    >>> weight_range([[100, 0], [0, 100]], [60, 40], 0, npsv=[-10, -20], lam=0.5).overall
    Holds(leader=0, lo=0.4, hi=1.0, below=1, above=None)
    """
    s = np.asarray(scores, dtype=float)
    v = np.zeros(s.shape[-1]) if npsv is None else np.asarray(npsv, dtype=float)
    if v.shape != s.shape[-1:]:
        raise ValueError(f"npsv must have one value per option ({s.shape[-1]})")
    if lam is not None and (lam < 0 or not np.isfinite(lam)):
        raise ValueError(f"lam must be a finite £ >= 0, not {lam}")
    a, b = score_lines(s, weights, concern)
    share = float(mcda.normalise_weights(weights)[concern])
    now = score_at(a, b, share)
    top = int(mcda.rank(now, v).argmin())
    single = s.shape[0] == 1
    holds = Holds(top, 1.0, 1.0, None, None) if single else _holds(a, b, top, share, TOL)
    overall = None
    if lam:
        va, vb = value_lines(v, s, weights, concern, lam)
        best = int(mcda.rank(score_at(va, vb, share), v, now).argmin())
        whole = Holds(best, 1.0, 1.0, None, None)
        overall = whole if single else _holds(va, vb, best, share, lam * TOL)
    return WeightRange(concern=concern, share=share, mcda=holds, overall=overall)


def price_range(npsv: npt.ArrayLike, score: npt.ArrayLike, lam: float | None) -> PriceRange:
    """The range of the price per point over which the current overall leader holds.

    The leader at ``λ`` tops the lines ``NPSV_i + λ × score_i``; along that upper
    envelope (:func:`appraisal.mcda.leaders`) it holds from the breakpoint where it
    takes over to the next one. ``lam`` None is a price of 0 (overall = NPSV).

    References
    ----------
    Green Book (HM Treasury 2022), switching values in sensitivity analysis; MCDA
    manual (DCLG 2009) §6.2.12.

    Examples
    --------
    £1.6m more for 8.2 points switches at £1.6m / 8.2 = £195,122 a point.

    >>> r = price_range([-50.3e6, -51.9e6, -62.6e6], [79.8, 88.0, 55.0], 100_000)
    >>> r.leader, r.lo, round(r.hi), r.below, r.above
    (0, 0.0, 195122, None, 1)
    >>> r = price_range([-50.3e6, -51.9e6, -62.6e6], [79.8, 88.0, 55.0], None)
    >>> r.lam, r.leader
    (0.0, 0)
    """
    v, s = np.asarray(npsv, dtype=float), np.asarray(score, dtype=float)
    lam = 0.0 if lam is None else float(lam)
    if lam < 0 or not np.isfinite(lam):
        raise ValueError(f"lam must be a finite £ >= 0, not {lam}")
    steps = mcda.leaders(v, s)
    starts, who = [p for p, _ in steps], [i for _, i in steps]
    leader = int(mcda.rank(mcda.overall_values(v, s, lam), v, s).argmin())
    k = who.index(leader) if leader in who else int(np.searchsorted(starts, lam, "right")) - 1
    return PriceRange(
        leader=who[k],
        lam=lam,
        lo=starts[k],
        hi=starts[k + 1] if k + 1 < len(steps) else float("inf"),
        below=who[k - 1] if k > 0 else None,
        above=who[k + 1] if k + 1 < len(steps) else None,
    )
