"""The concerns register's checks: the same harm counted twice, and overlapping criteria.

**Double counting.** A concern may describe a harm that a risk in the register already
costs in NPSV (the PCS union's concern about disclosure under the USA Patriot Act, and
a "data-disclosure incident" risk). Linked by the concern's ``risks``, the link is
*active* when any linked risk has a probability above 0 for any option; then the same
harm may be counted twice, once in £ and once in points. The concern's residual share
r (0–1, default 1) scales its normalised weight to the part the risk does not
monetise, so the other concerns keep their value at a fixed price per point; the check
reports the leaders as they are and with r = 0 for that concern.

**Overlapping criteria.** The MCDA manual's linear additive model needs criteria that
are mutually preference independent; two criteria whose scores move together across
every option (each pair of options in the same order on both) and that a user marks as
related are flagged as possibly preference-dependent (double counting of one value).

References
----------
HM Treasury, The Green Book (2022) A1 (non-monetised effects alongside the monetised
ones, without double counting); DCLG, Multi-criteria analysis: a manual (2009) §5.5.4
and §6.2.10 (mutual preference independence, double counting of criteria).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from appraisal import mcda
from options.model import Scenario
from options.text import fold_words

Array = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class DoubleCount:
    """A concern linked to an active risk: who leads with it counted, and without it.

    Leaders are option ids; ``overall_*`` are None when no price per point is set (the
    overall ranking is then NPSV's, which no concern moves).
    """

    concern: str
    title: str
    risks: tuple[str, ...]  # the linked risks that are active, as named in the register
    residual_share: float
    mcda_leader: str
    mcda_leader_without: str
    overall_leader: str | None
    overall_leader_without: str | None


@dataclass(frozen=True, slots=True)
class Overlap:
    """Two concerns whose scores move together across every option."""

    a: str
    b: str
    marked_related: bool  # a user marked them as related: possibly preference-dependent


def counted_matrix(s: Scenario, without: str | None = None) -> Array:
    """Scores that count, (concerns, options): each score × its concern's residual share
    (the concern ``without`` at 0)."""
    rows = []
    for c in s.concerns:
        scores, r = c.scores_map, 0.0 if c.id == without else c.residual_share
        rows.append([r * scores[o] for o in s.option_ids])
    return np.array(rows)


def active_links(s: Scenario) -> dict[str, tuple[str, ...]]:
    """Each concern's linked risks that have a probability above 0 for some option."""
    live: dict[str, str] = {}
    for r in s.risks:
        if r.probability > 0:
            live.setdefault(fold_words(r.name), r.name)
    out = {}
    for c in s.concerns:
        hit = tuple(dict.fromkeys(live[k] for k in map(fold_words, c.risks) if k in live))
        if hit:
            out[c.id] = hit
    return out


def _leaders(s: Scenario, npsv: Array, matrix: Array) -> tuple[str, str | None]:
    score = mcda.weighted_scores(matrix, [c.weight for c in s.concerns])
    ids = s.option_ids
    top = ids[int(mcda.rank(score, npsv).argmin())]
    if s.value_per_point is None:
        return top, None
    overall = mcda.overall_values(npsv, score, s.value_per_point)
    return top, ids[int(mcda.rank(overall, npsv, score).argmin())]


def double_counts(s: Scenario, npsv: npt.ArrayLike) -> list[DoubleCount]:
    """Every concern linked to an active risk, with the leaders with and without it.

    Parameters
    ----------
    s : Scenario
    npsv : array_like, shape (options,)
        Expected-value NPSV, £ (the risks already in it).
    """
    v = np.asarray(npsv, dtype=float)
    links = active_links(s)
    if not links:
        return []
    now = _leaders(s, v, counted_matrix(s))
    out = []
    for c in s.concerns:
        if c.id in links:
            without = _leaders(s, v, counted_matrix(s, without=c.id))
            out.append(DoubleCount(c.id, c.title, links[c.id], c.residual_share, now[0],
                                   without[0], now[1], without[1]))  # fmt: skip
    return out


def comonotone(a: npt.ArrayLike, b: npt.ArrayLike) -> bool:
    """Whether two criteria put every pair of options in the same order (ties allowed).

    >>> comonotone([90, 50, 40], [80, 60, 60]), comonotone([90, 50], [40, 60])
    (True, False)
    """
    x, y = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    dx, dy = x[:, None] - x[None, :], y[:, None] - y[None, :]
    return bool(np.all(dx * dy >= 0)) and bool(np.any(dx != 0))


def overlaps(s: Scenario) -> list[Overlap]:
    """Pairs of concerns whose scores move together across every option; flagged as
    possibly preference-dependent when either marks the other as related."""
    if len(s.concerns) < 2:
        return []
    m = np.array([[c.scores_map[o] for o in s.option_ids] for c in s.concerns])
    order = np.sign(m[:, :, None] - m[:, None, :])  # (concerns, options, options)
    together = (order[:, None] * order[None, :] >= 0).all(axis=(2, 3))
    moves = (order != 0).any(axis=(1, 2))
    out = []
    for i, j in itertools.combinations(range(len(s.concerns)), 2):
        if together[i, j] and moves[i] and moves[j]:
            c, d = s.concerns[i], s.concerns[j]
            out.append(Overlap(c.id, d.id, d.id in c.related or c.id in d.related))
    return out
