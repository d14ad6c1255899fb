"""MCDA: swing weights, weighted scores, money as a criterion, ranking, cost per point.

Sources: the weighted-scoring template and SCIM A3.23-A3.24, the linear
additive model of the MCDA manual (DCLG 2009), the
rules in DESIGN.md "Concerns (MCDA)", and hand calculation.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from appraisal.mcda import (
    SCORE_TOL,
    cost_per_point,
    dominated_by,
    leaders,
    marginal_cost_per_point,
    normalise_weights,
    overall_values,
    price_from_weight,
    rank,
    switching_price,
    weighted_scores,
)

FAST = settings(max_examples=60, deadline=None)

# Weighted-scoring template (a published CBA template): weights 50/25/15/10 %; scores out of
# 10, one row per criterion, one column per option O1..O4
# (O1 3,5,4,4; O2 5,9,6,3; O3 5,0,8,5; O4 5,6,8,8).
EX14_WEIGHTS = [50, 25, 15, 10]
EX14_SCORES_OUT_OF_10 = np.array([[3, 5, 5, 5], [5, 9, 0, 6], [4, 6, 8, 8], [4, 3, 5, 8]])

# SCIM A3.23-A3.24: options P, Q, R, S.
EX13_NPC = [3.0e6, 4.5e6, 4.0e6, 5.0e6]
EX13_SCORE = [790.0, 1010.0, 1250.0, 1480.0]


# ---------------------------------------------------------------- weights


def test_normalise_weights_by_hand() -> None:
    """MCDA manual (DCLG 2009): weights normalised to sum to 1. Hand: 50/25/15/10
    out of 100 -> 0.5/0.25/0.15/0.1; 1/1/2 -> 0.25/0.25/0.5."""
    np.testing.assert_allclose(normalise_weights(EX14_WEIGHTS), [0.5, 0.25, 0.15, 0.1])
    np.testing.assert_allclose(normalise_weights([1, 1, 2]), [0.25, 0.25, 0.5])
    assert normalise_weights([0, 7]).tolist() == [0.0, 1.0]


@pytest.mark.parametrize("weights", [[0, 0, 0], [0.0]])
def test_all_zero_weights_are_an_error(weights: list[float]) -> None:
    """STYLE.md "Degenerate cases": zero total weight -> a clear ValueError."""
    with pytest.raises(ValueError, match="add up to zero"):
        normalise_weights(weights)


@pytest.mark.parametrize("weights", [[10, -5], [1, float("nan")], [1, float("inf")]])
def test_negative_or_non_finite_weights_are_an_error(weights: list[float]) -> None:
    """A swing weight is a finite, non-negative value (MCDA manual, DCLG 2009)."""
    with pytest.raises(ValueError, match="finite and non-negative"):
        normalise_weights(weights)


@FAST
@given(
    st.lists(
        st.floats(min_value=0.0, max_value=1e6, allow_nan=False), min_size=1, max_size=12
    ).filter(lambda w: sum(w) > 0)
)
def test_normalised_weights_sum_to_one_and_are_non_negative(weights: list[float]) -> None:
    """STYLE.md "Tests": weights normalise to 1 and stay non-negative."""
    w = normalise_weights(weights)
    assert np.all(w >= 0)
    assert float(w.sum()) == pytest.approx(1.0, abs=1e-12)


# ---------------------------------------------------------------- weighted scores


def test_example_14_weighted_scores() -> None:
    """Weighted-scoring template: weighted scores 3.75 / 5.95 / 4.20 / 6.00 out of 10
    (e.g. O2 = 0.5·5 + 0.25·9 + 0.15·6 + 0.1·3). Scores are scaled ×10 to the 0-100 scale
    and the results /10; the published template shows 3.8 / 6.0 / 4.2 / 6.0."""
    got = weighted_scores(EX14_SCORES_OUT_OF_10 * 10, EX14_WEIGHTS) / 10
    np.testing.assert_allclose(got, [3.75, 5.95, 4.20, 6.00], atol=1e-12)
    assert np.round(got, 1).tolist() == [3.8, 6.0, 4.2, 6.0]  # the template's display (ex.14)


def test_example_14_o4_ranks_above_o2() -> None:
    """Weighted-scoring template: the display tie (6.0 and 6.0) hides O4 (6.00) > O2 (5.95);
    ranks by hand: O4 1st, O2 2nd, O3 3rd (4.20), O1 4th (3.75)."""
    scores = weighted_scores(EX14_SCORES_OUT_OF_10 * 10, EX14_WEIGHTS)
    assert rank(scores, np.zeros(4)).tolist() == [4, 2, 3, 1]


def test_weighted_scores_with_leading_dimensions() -> None:
    """STYLE.md "Arrays": (draws, concerns, options) works the same as (concerns, options).
    Hand calculation: weights 0.5/0.5 on [[0, 100], [100, 100]] -> [50, 100]."""
    s = np.array([[[0, 100], [100, 100]], [[100, 0], [0, 0]]])
    np.testing.assert_allclose(weighted_scores(s, [1, 1]), [[50, 100], [50, 0]])


@pytest.mark.parametrize("bad", [-1.0, 100.5])
def test_scores_outside_0_100_are_an_error(bad: float) -> None:
    """DESIGN.md "Concerns": a 0-100 score for every option."""
    with pytest.raises(ValueError, match=r"scores must lie in \[0, 100\]"):
        weighted_scores([[50.0, bad]], [1.0])


def test_scores_and_weights_must_match() -> None:
    """A weight per concern: two concerns scored but three weights is an error."""
    with pytest.raises(ValueError, match="2 concerns scored but 3 weights"):
        weighted_scores([[10, 20], [30, 40]], [1, 1, 1])


def test_weighted_scores_reject_zero_weights() -> None:
    """STYLE.md "Degenerate cases": zero total weight -> ValueError."""
    with pytest.raises(ValueError, match="add up to zero"):
        weighted_scores([[10, 20]], [0])


@st.composite
def score_matrices(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    concerns = draw(st.integers(1, 6))
    options = draw(st.integers(1, 6))
    scores = draw(
        hnp.arrays(np.float64, (concerns, options), elements=st.floats(0.0, 100.0, allow_nan=False))
    )
    weights = draw(
        hnp.arrays(np.float64, concerns, elements=st.floats(0.0, 1e3, allow_nan=False)).filter(
            lambda w: w.sum() > 0
        )
    )
    return scores, weights


@FAST
@given(score_matrices())
def test_weighted_scores_stay_within_0_100(case: tuple[np.ndarray, np.ndarray]) -> None:
    """STYLE.md "Tests": a weighted average of 0-100 scores stays in [0, 100] (up to float
    rounding of the normalised weights, 1e-9)."""
    scores, weights = case
    got = weighted_scores(scores, weights)
    assert np.all(got >= -1e-9)
    assert np.all(got <= 100 + 1e-9)
    assert np.all(got >= scores.min(axis=0) - 1e-9)  # never below the option's worst score
    assert np.all(got <= scores.max(axis=0) + 1e-9)  # nor above its best


def test_perfect_scores_give_at_most_100() -> None:
    """DESIGN.md "Concerns": scores are on a fixed 0-100 scale, so an option scoring 100 on
    every concern scores exactly 100 (hand: Σ w_i × 100 with Σ w_i = 1); found by the
    property test below."""
    got = weighted_scores([[100.0], [100.0]], [2.5, 332.40625])
    assert float(got[0]) <= 100.0


@FAST
@given(case=score_matrices(), data=st.data())
def test_adding_a_worse_option_never_changes_the_leader(
    case: tuple[np.ndarray, np.ndarray], data: st.DataObject
) -> None:
    """STYLE.md "Tests" (scikit-criteria's rank-stability check): an option scoring no
    better than the leader on every concern cannot overtake it (Σ w s' <= Σ w s for w >= 0)."""
    scores, weights = case
    before = weighted_scores(scores, weights)
    leader = int(np.argmax(before))
    shrink = data.draw(
        hnp.arrays(np.float64, scores.shape[0], elements=st.floats(0.0, 1.0, allow_nan=False))
    )
    worse = scores[:, leader] * shrink
    after = weighted_scores(np.column_stack([scores, worse]), weights)
    assert int(np.argmax(after)) == leader
    ranks = rank(after, np.zeros(after.size))
    assert ranks[leader] == rank(before, np.zeros(before.size))[leader]


# ---------------------------------------------------------------- money and concerns at a price


def test_overall_value_by_hand() -> None:
    """Overall value = NPSV + λ × score. Hand with λ = £50,000 a point: −£10m + 60 × 50k =
    −£7m; −£12m + 80 × 50k = −£8m."""
    got = overall_values([-10e6, -12e6], [60.0, 80.0], 50_000)
    np.testing.assert_allclose(got, [-7e6, -8e6], rtol=1e-15)


def test_overall_value_is_npsv_without_a_price_or_concerns() -> None:
    assert overall_values([-1.0, -2.0], [60.0, 80.0], None).tolist() == [-1.0, -2.0]
    assert overall_values([-1.0, -2.0], None, 50_000).tolist() == [-1.0, -2.0]


def test_a_negative_price_is_an_error() -> None:
    with pytest.raises(ValueError, match="value_per_point"):
        overall_values([0.0], [1.0], -1.0)


def test_two_options_flip_just_either_side_of_their_switching_price() -> None:
    """Hand: A has NPSV −£10m and 60 points, B −£11m and 80 points. B overtakes A when
    λ × 20 > £1m, i.e. at λ = £50,000 a point: at £49,999 A leads, at £50,001 B."""
    npsv, score = [-10e6, -11e6], [60.0, 80.0]
    assert switching_price(-10e6, 60.0, -11e6, 80.0) == pytest.approx(50_000)
    assert rank(overall_values(npsv, score, 49_999), npsv, score).tolist() == [1, 2]
    assert rank(overall_values(npsv, score, 50_001), npsv, score).tolist() == [2, 1]


def test_switching_price_needs_a_higher_score() -> None:
    with pytest.raises(ValueError, match="score higher"):
        switching_price(0.0, 60.0, -1.0, 60.0)


def test_leaders_along_the_upper_envelope() -> None:
    """Hand: A (NPSV −10, score 60), B (−11, 80), C (−13, 90), D (−12, 70) in £m. From 0, A
    leads; B passes A at 1/20 = £50k a point; C passes B at 2/10 = £200k; D never leads
    (it passes A at £200k, after B has)."""
    got = leaders([-10e6, -11e6, -13e6, -12e6], [60.0, 80.0, 90.0, 70.0])
    assert [i for _, i in got] == [0, 1, 2]
    assert [lam for lam, _ in got] == pytest.approx([0.0, 50_000, 200_000])


def test_leaders_tie_at_zero_goes_to_the_higher_npsv_then_score() -> None:
    """Equal NPSV: the higher score leads from £0 a point (any positive price favours it)."""
    assert leaders([-5.0, -5.0], [40.0, 60.0]) == [(0.0, 1)]


@FAST
@given(
    npsv=st.lists(st.floats(-1e8, 1e8), min_size=2, max_size=6),
    data=st.data(),
)
def test_leaders_match_a_dense_grid_of_prices(npsv: list[float], data: st.DataObject) -> None:
    """At any λ between breakpoints, the listed leader has the highest overall value
    (scores within SCORE_TOL count as equal, so a rival may lead by up to λ × SCORE_TOL)."""
    score = data.draw(st.lists(st.floats(0, 100), min_size=len(npsv), max_size=len(npsv)))
    steps = leaders(npsv, score)
    ends = [lam for lam, _ in steps[1:]] + [max(2 * (steps[-1][0] + 1), 1e9)]
    for (lam, i), end in zip(steps, ends, strict=True):
        mid = (lam + end) / 2
        value = overall_values(npsv, score, mid)
        slack = 1e-6 * max(1.0, abs(value.max())) + mid * SCORE_TOL
        assert value[i] >= value.max() - slack


def test_scores_closer_than_the_tolerance_have_one_leader() -> None:
    """Scores 1e-10 apart are equal to leaders(): the higher NPSV leads at every price,
    though at £5e8 a point the other's overall value is ahead by 0.05 (5e8 × 1e-10)."""
    assert leaders([1e-12, 0.0], [0.0, 1e-10]) == [(0.0, 0)]


def test_schema_1_weight_converts_to_the_price_it_implied() -> None:
    """Hand: w = 0.6 and NPSVs −£51.9m, −£50.3m, −£75.8m (span £25.5m): λ = (0.4 / 0.6) ×
    25.5m / 100 = £170,000 a point; w = 1 gives 0; equal NPSVs give none."""
    assert price_from_weight(0.6, [-51.9e6, -50.3e6, -75.8e6]) == pytest.approx(170_000)
    assert price_from_weight(1.0, [1.0, 2.0]) == 0.0
    assert price_from_weight(0.4, [3.0, 3.0]) is None
    with pytest.raises(ValueError, match="value_per_point"):
        price_from_weight(0.0, [1.0, 2.0])


@FAST
@given(
    npsv=st.lists(st.floats(-1e8, 1e8), min_size=2, max_size=6, unique=True),
    w=st.floats(0.05, 1.0),
    data=st.data(),
)
def test_converted_price_keeps_the_schema_1_ranking(
    npsv: list[float], w: float, data: st.DataObject
) -> None:
    """Schema 1's overall score w × money + (1 − w) × score (money 0-100 from the worst
    NPSV to the best) orders the options as NPSV + λ × score with the converted λ."""
    score = data.draw(st.lists(st.floats(0, 100), min_size=len(npsv), max_size=len(npsv)))
    v = np.array(npsv)
    lam = price_from_weight(w, v)
    assert lam is not None
    money = 100 * (v - v.min()) / (v.max() - v.min())
    old = w * money + (1 - w) * np.array(score)
    new = overall_values(v, score, lam)
    # the same affine map: new = (span / (100 w)) × old + min(NPSV)
    np.testing.assert_allclose(
        new, (v.max() - v.min()) / (100 * w) * old + v.min(), rtol=1e-9, atol=1e-3
    )


# ---------------------------------------------------------------- rank


def test_rank_ties_broken_by_npsv_then_order() -> None:
    """DESIGN.md: ranked by overall value, ties broken by higher NPSV, then option order.
    Hand: overall 50 / 70 / 50 / 50 with NPSV 1 / 0 / 2 / 1 -> option 2 first (70), then the
    50s by NPSV: option 3 (2), then options 1 and 4 (both 1) in list order."""
    assert rank([50.0, 70.0, 50.0, 50.0], [1.0, 0.0, 2.0, 1.0]).tolist() == [3, 1, 2, 4]


def test_rank_full_tie_keeps_list_order() -> None:
    """DESIGN.md: equal score and NPSV -> option order."""
    assert rank([10.0, 10.0, 10.0], [0.0, 0.0, 0.0]).tolist() == [1, 2, 3]


# ---------------------------------------------------------------- cost per point (SCIM)


def test_example_13_cost_per_weighted_point() -> None:
    """SCIM A3.23: NPC / weighted score = P £3,797, Q £4,455,
    R £3,200, S £3,378 a point (to the pound)."""
    got = cost_per_point(EX13_NPC, EX13_SCORE)
    assert np.round(got).astype(int).tolist() == [3797, 4455, 3200, 3378]


def test_cost_per_point_is_nan_for_a_zero_score() -> None:
    """DESIGN.md: cost per point is null when the score is 0."""
    got = cost_per_point([1e6, 2e6], [0.0, 50.0])
    assert math.isnan(got[0])
    assert got[1] == 40_000.0


def test_example_13_marginal_cost_against_p() -> None:
    """SCIM A3.24: against the cheapest, P, R costs £1.0m more for
    460 more points = £2,174 a point and S £2.0m for 690 = £2,899; Q £1.5m for 220 = £6,818
    (hand); P itself has none."""
    got = marginal_cost_per_point(EX13_NPC, EX13_SCORE)
    assert math.isnan(got[0])
    np.testing.assert_allclose(got[1:], [1.5e6 / 220, 1e6 / 460, 2e6 / 690], rtol=1e-12)
    assert np.round(got[1:]).astype(int).tolist() == [6818, 2174, 2899]


def test_marginal_cost_is_nan_where_the_score_is_not_higher() -> None:
    """DESIGN.md: null for the cheapest option and where the score is not higher. Hand:
    cheapest option 0 scores 50; option 1 scores 40 (lower), option 2 50 (equal)."""
    got = marginal_cost_per_point([1.0, 2.0, 3.0], [50.0, 40.0, 50.0])
    assert all(math.isnan(x) for x in got)


def test_example_13_q_is_dominated_by_r() -> None:
    """SCIM A3.24: Q (£4.5m, 1,010 points) is dominated by R
    (£4.0m, 1,250 points): dominated_by gives R's index, 2, for Q and None for the rest."""
    assert dominated_by(EX13_NPC, EX13_SCORE) == [None, 2, None, None]


def test_dominated_by_names_the_cheapest_dominating_option() -> None:
    """DESIGN.md: dominated_by holds the cheapest dominating option (first in order on a
    tie). Hand: option 0 (£10, 10 points) is dominated by 1 (£8, 10), 2 (£6, 20) and
    3 (£6, 30); the cheapest are 2 and 3 at £6, so the first, 2. Option 2 is dominated by 3
    (same cost, more points)."""
    assert dominated_by([10.0, 8.0, 6.0, 6.0], [10.0, 10.0, 20.0, 30.0]) == [2, 2, 3, None]


def test_identical_options_do_not_dominate_each_other() -> None:
    """DESIGN.md: domination needs one of NPC or score to be strictly better."""
    assert dominated_by([5.0, 5.0], [40.0, 40.0]) == [None, None]
