"""Weight and price stability: exact ranges over which the leader holds.

Sources: the linear additive model of the MCDA manual (DCLG 2009) and its
sensitivity test on one weight (§6.2.12), solved by hand below.

Moving concern ``c``'s share to ``w`` with the other weights in proportion gives
each option the line ``S(w) = w s_c + (1 − w) R``. For two criteria ``R`` is the
score on the other criterion, so two options A = (a1, a2) and B = (b1, b2), with
``a1, b1`` their scores on ``c``, meet where ``w a1 + (1 − w) a2 = w b1 + (1 − w) b2``,
that is ``w (a1 − b1) = (1 − w)(b2 − a2)``, so ``w* = (b2 − a2)/((a1 − b1) + (b2 − a2))``.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from appraisal.stability import (
    Holds,
    crossovers,
    price_range,
    score_at,
    score_lines,
    value_lines,
    weight_range,
)

FAST = settings(max_examples=150, deadline=None)

# Columns are options A, B (and C); rows the two criteria.
A, B, C = (80, 20), (30, 60), (50, 50)
TWO = np.array([A, B]).T
THREE = np.array([A, B, C]).T


def test_two_options_two_criteria_by_hand():
    """A = (80, 20), B = (30, 60), weights 50/50: A 50 and B 45, so A leads.

    On criterion 1: ``w* = (60 − 20)/((80 − 30) + (60 − 20)) = 40/90 = 4/9``; A's line
    rises (20 + 60w) and B's falls (60 − 30w), so A holds from 4/9 to 1 and B takes
    over below. On criterion 2 (A 20, B 60 on it) the mirror: ``w* = (30 − 80)/((20 −
    60) + (30 − 80)) = 5/9 = 1 − 4/9``, A holds from 0 to 5/9 and B takes over above.
    """
    r = weight_range(TWO, [50, 50], 0)
    assert r.share == 0.5
    assert r.mcda.leader == 0
    assert r.mcda.lo == pytest.approx(4 / 9, abs=1e-12)
    assert (r.mcda.hi, r.mcda.below, r.mcda.above) == (1.0, 1, None)
    assert r.overall is None  # no price per point: overall = NPSV, which weights do not move
    other = weight_range(TWO, [50, 50], 1).mcda
    assert (other.lo, other.below, other.above) == (0.0, None, 1)
    assert other.hi == pytest.approx(5 / 9, abs=1e-12)


def test_overall_range_by_hand():
    """NPSV A −100, B −90 at λ = 1 a point: A's value is −100 + 20 + 60w = −80 + 60w and
    B's −90 + 60 − 30w = −30 − 30w. At w = ½, A −50 and B −45: B leads, until
    −80 + 60w = −30 − 30w at w = 50/90 = 5/9, where A takes over."""
    r = weight_range(TWO, [50, 50], 0, npsv=[-100, -90], lam=1.0)
    assert r.mcda.leader == 0
    assert r.overall is not None
    assert (r.overall.leader, r.overall.lo, r.overall.below, r.overall.above) == (1, 0.0, None, 0)
    assert r.overall.hi == pytest.approx(5 / 9, abs=1e-12)
    assert weight_range(TWO, [50, 50], 0, npsv=[-100, -90], lam=0.0).overall is None


def test_lines_by_hand():
    """Criterion 1 at a share w: A = 20 + 60w, B = 60 − 30w, C = 50 (flat); the value
    lines at λ = 2 with NPSV (−100, −90, 0) are −100 + 40 + 120w, −90 + 120 − 60w, 100."""
    intercept, slope = score_lines(THREE, [60, 40], 0)
    assert intercept.tolist() == [20.0, 60.0, 50.0]
    assert slope.tolist() == [60.0, -30.0, 0.0]
    v0, v1 = value_lines([-100, -90, 0], THREE, [60, 40], 0, 2.0)
    assert v0.tolist() == [-60.0, 30.0, 100.0]
    assert v1.tolist() == [120.0, -60.0, 0.0]
    assert score_at(intercept, slope, 0.6).tolist() == pytest.approx([56.0, 42.0, 50.0])


def test_three_options_the_nearest_crossing_binds():
    """Weights 60/40: A 56, B 42, C 50, so A leads. A meets B at 4/9 (above) and C
    (flat at 50) where 20 + 60w = 50, w = ½: the nearer crossing under 0.6 binds, so A
    holds on [½, 1] and C takes over. B meets C where 60 − 30w = 50, w = ⅓."""
    r = weight_range(THREE, [60, 40], 0).mcda
    assert r == Holds(leader=0, lo=0.5, hi=1.0, below=2, above=None)
    got = crossovers(*score_lines(THREE, [60, 40], 0))
    assert got["share"].tolist() == pytest.approx([1 / 3, 4 / 9, 0.5])
    assert got["value"].tolist() == pytest.approx([50.0, 420 / 9, 50.0])  # 80·4/9 + 20·5/9
    assert list(zip(got["a"], got["b"], strict=True)) == [(1, 2), (0, 1), (0, 2)]


def test_a_leader_that_never_changes_holds_on_the_whole_range():
    """A = (90, 90) beats B = (10, 20) at every weight: no crossing in [0, 1]."""
    r = weight_range(np.array([(90, 90), (10, 20)]).T, [3, 1], 0).mcda
    assert r == Holds(leader=0, lo=0.0, hi=1.0, below=None, above=None)
    assert crossovers(*score_lines(np.array([(90, 90), (10, 20)]).T, [3, 1], 0)).empty


def test_a_single_concern_always_has_the_whole_weight():
    r = weight_range([[70, 40]], [5], 0, npsv=[0, 100], lam=1.0)
    assert r.share == 1.0
    assert r.mcda == Holds(leader=0, lo=1.0, hi=1.0, below=None, above=None)
    assert r.overall == Holds(leader=1, lo=1.0, hi=1.0, below=None, above=None)  # 140 vs 70
    assert crossovers(*score_lines([[70, 40]], [5], 0)).empty


def test_parallel_lines_and_ties_hold():
    """Identical options tie everywhere: the first (list order, as ``mcda.rank``) holds."""
    r = weight_range(np.array([(40, 60), (40, 60)]).T, [1, 1], 0).mcda
    assert r == Holds(leader=0, lo=0.0, hi=1.0, below=None, above=None)


def test_price_range_by_hand():
    """NPSV (0, −10), scores (50, 60): B's 10 more points cost £10, so it leads above
    £10/10 = £1 a point."""
    low = price_range([0.0, -10.0], [50.0, 60.0], 0.5)
    assert (low.leader, low.lo, low.hi, low.below, low.above) == (0, 0.0, 1.0, None, 1)
    high = price_range([0.0, -10.0], [50.0, 60.0], 2.0)
    assert (high.leader, high.lo, high.hi, high.below, high.above) == (1, 1.0, math.inf, 0, None)
    assert price_range([0.0, -10.0], [50.0, 60.0], None).leader == 0


@pytest.mark.parametrize(
    ("kwargs", "word"),
    [({"concern": 2}, "concern"), ({"lam": -1.0, "npsv": [0, 0]}, "lam"),
     ({"npsv": [0, 0, 0]}, "npsv")],
)  # fmt: skip
def test_bad_arguments_are_named(kwargs, word):
    with pytest.raises(ValueError, match=word):
        weight_range(TWO, [1, 1], **{"concern": 0, **kwargs})


def _direct(scores, weights, concern, w, npsv, lam):
    """Scores (or values) at share ``w`` from the weight vector itself, not the lines."""
    rest = np.delete(np.asarray(weights, dtype=float), concern)
    vector = np.insert((1 - w) * rest / rest.sum(), concern, w)
    return np.asarray(npsv, dtype=float) + lam * (vector @ scores)


@st.composite
def problems(draw):
    m, k = draw(st.integers(2, 4)), draw(st.integers(2, 4))
    scores = np.array(draw(st.lists(st.integers(0, 100), min_size=m * k, max_size=m * k)))
    weights = draw(st.lists(st.integers(1, 10), min_size=m, max_size=m))
    npsv = draw(st.lists(st.integers(-1000, 1000), min_size=k, max_size=k))
    return scores.reshape(m, k), weights, draw(st.integers(0, m - 1)), npsv


@FAST
@given(problems(), st.sampled_from([None, 0.5, 3.0]))
def test_the_leader_holds_inside_and_loses_just_outside(problem, lam):
    """Inside [lo, hi] the leader is top within 1e-9; 1e-6 outside (within [0, 1]) another
    option is strictly better and the named one is top there. Integer scores and
    weights make any non-zero slope difference at least 1/30, so 1e-6 outside the
    leader is behind by more than rounding."""
    scores, weights, c, npsv = problem
    r = weight_range(scores, weights, c, npsv=npsv, lam=lam)
    for holds, price in ((r.mcda, 1.0), (r.overall, lam)):
        if holds is None:
            continue
        base = np.zeros(len(npsv)) if holds is r.mcda else npsv
        assert holds.lo <= r.share <= holds.hi
        for w in np.linspace(holds.lo, holds.hi, 7)[1:-1]:
            at = _direct(scores, weights, c, w, base, price)
            assert at[holds.leader] >= at.max() - 1e-9
        for edge, taker, step in ((holds.lo, holds.below, -1e-6), (holds.hi, holds.above, 1e-6)):
            if 0 < edge < 1:
                at = _direct(scores, weights, c, edge + step, base, price)
                assert at.max() > at[holds.leader]
                assert taker is not None
                assert at[taker] == pytest.approx(at.max(), abs=1e-9)
            else:
                assert taker is None


def test_three_concerns_the_others_keep_their_proportions() -> None:
    """Hand calculation with three concerns (option 0 scores 100, 0, 50; option 1 0, 100,
    50) weighted 30/20/50: option 0 leads, 55 against 45. Moving the first concern's share
    w, the others share 1 − w as 2:5, so option 0 − option 1 = 100 w − (200/7)(1 − w) ≥ 0
    for w ≥ 2/9 exactly; moving the third's, the others share 3:2 and the difference is
    20 (1 − w) ≥ 0 for every w, so option 0 holds on [0, 1]."""
    scores = [[100.0, 0.0], [0.0, 100.0], [50.0, 50.0]]
    first = weight_range(scores, [30, 20, 50], 0).mcda
    assert (first.leader, first.hi, first.below) == (0, 1.0, 1)
    assert first.lo == pytest.approx(2 / 9, abs=1e-12)
    third = weight_range(scores, [30, 20, 50], 2).mcda
    assert (third.lo, third.hi) == (0.0, 1.0)
