"""SMAA-2 rank acceptability, central weights and confidence factors.

Sources: the definitions of Lahdelma and Salminen (2001), SMAA-2, Operations
Research 49(3); analytic answers worked out in each test's docstring (uniform
weights on the simplex, uniform and log-uniform prices), with tolerances of about
four standard errors of a share estimated from the stated number of draws; and a
plain loop over draws (:func:`reference_loop`) written here independently of the
module's ranking.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from appraisal import smaa as smaa_module
from appraisal.appraise import prepare, settle
from appraisal.montecarlo import rng_from_seed, simulate_draws
from appraisal.smaa import lam_range_for, smaa
from options.examples import load_example

FAST = settings(max_examples=40, deadline=None)
N = 20_000
TOL = 0.015  # > 4 sd of a share from 20,000 draws (sd ≤ 0.0036)
AB = [[100, 0], [0, 50]]  # A scores (100, 0), B (0, 50)


def rng(seed: int = 7) -> np.random.Generator:
    return np.random.default_rng(seed)


def reference_loop(npsv_draws, scores, weights, *, seed, **kwargs):
    """SMAA-2 by the definitions, one draw at a time, on the module's own variates.

    Ranks sort ``(−value, −NPSV, −score, index)`` with Python's ``sorted``: best
    overall value, then NPSV, then score, then option order.
    """
    v, s, bounds, lam_range = smaa_module._checked(
        npsv_draws, scores, weights, kwargs.get("lam"), kwargs.get("spread", 10.0),
        kwargs.get("weight_bounds"), kwargs.get("lam_range"),
    )  # fmt: skip
    x = smaa_module._variates(rng(seed), len(v), s, kwargs.get("spread", 10.0), bounds, lam_range)
    n, k = v.shape

    def order(d, w):
        score = [sum(w[c] * x.scores[d][c][i] for c in range(len(w))) for i in range(k)]
        value = [v[d][i] + x.lam[d] * score[i] for i in range(k)]
        return sorted(range(k), key=lambda i: (-value[i], -v[d][i], -score[i], i))

    accept, wins = np.zeros((k, k)), np.zeros((k, s.shape[0]))
    for d in range(n):
        ranked = order(d, x.weights[d])
        for r, i in enumerate(ranked):
            accept[i, r] += 1 / n
        wins[ranked[0]] += x.weights[d]
    first = accept[:, 0] * n
    central = np.full((k, s.shape[0]), np.nan)
    confidence = np.full(k, np.nan)
    for i in range(k):
        if first[i] > 0.5:
            central[i] = wins[i] / round(first[i])
            confidence[i] = sum(order(d, central[i])[0] == i for d in range(n)) / n
    return accept, central, confidence


def test_two_concerns_uniform_weights_analytic():
    """Equal NPSVs, exact scores. Weights (w, 1 − w) with w ~ U(0, 1) (Dirichlet(1, 1)).
    A = 100 w beats B = 50 (1 − w) when w > 1/3: b_A¹ = 2/3, b_B¹ = 1/3. Central weights:
    E[w | w > 1/3] = 2/3, so A's is (2/3, 1/3); E[w | w < 1/3] = 1/6, so B's (1/6, 5/6).
    At (2/3, 1/3) A scores 66.7 and B 16.7; at (1/6, 5/6) A 16.7 and B 41.7: each
    option's confidence factor is 1."""
    r = smaa(np.zeros((N, 2)), AB, [1, 1], rng=rng(), lam=1.0, spread=0.0)
    assert r.prob_best == pytest.approx([2 / 3, 1 / 3], abs=TOL)
    assert r.acceptability[:, 1] == pytest.approx([1 / 3, 2 / 3], abs=TOL)
    np.testing.assert_allclose(r.central_weights, [[2 / 3, 1 / 3], [1 / 6, 5 / 6]], atol=TOL)
    assert r.confidence.tolist() == [1.0, 1.0]
    assert r.draws == N


def test_weight_bounds_analytic():
    """Bounds w₁ ∈ [0.2, 0.4] (so w₂ = 1 − w₁ ∈ [0.6, 0.8]): w₁ ~ U(0.2, 0.4), and A
    beats B when w₁ > 1/3, with probability (0.4 − 1/3)/0.2 = 1/3; A's central w₁ is
    the mean of U(1/3, 0.4), 11/30 (≈ 0.367), B's of U(0.2, 1/3), 4/15."""
    bounds = [[0.2, 0.4], [0.6, 0.8]]
    r = smaa(np.zeros((N, 2)), AB, [1, 1], rng=rng(), lam=1.0, spread=0.0, weight_bounds=bounds)
    assert r.prob_best == pytest.approx([1 / 3, 2 / 3], abs=TOL)
    assert r.central_weights[:, 0] == pytest.approx([11 / 30, 4 / 15], abs=TOL / 3)


def test_weights_drawn_within_bounds_sum_to_one():
    bounds = np.array([[0.5, 0.7], [0.1, 0.3], [0.0, 0.4]])
    w = smaa_module._weights(rng(), 5_000, 3, bounds)
    assert w.shape == (5_000, 3)
    assert np.all(w >= bounds[:, 0] - 1e-12)
    assert np.all(w <= bounds[:, 1] + 1e-12)
    assert w.sum(axis=1) == pytest.approx(np.ones(5_000))
    r = smaa(np.zeros((2_000, 3)), [[90, 10, 50], [10, 90, 50], [50, 50, 40]], [1, 1, 1],
             rng=rng(), lam=1.0, weight_bounds=bounds)  # fmt: skip
    c = r.central_weights[~np.isnan(r.central_weights).any(axis=1)]
    assert np.all((c >= bounds[:, 0] - 1e-12) & (c <= bounds[:, 1] + 1e-12))


def test_price_drawn_uniformly_up_to_twice_the_switching_price():
    """One concern; NPSV A £0 and B −£10; scores A 0 and B 100. B's 100 more points cost
    £10: the switching price is £0.10 a point, so λ ~ U(0, 0.20) and B leads when
    λ > 0.10: half the draws."""
    npsv = np.tile([0.0, -10.0], (N, 1))
    assert lam_range_for([0.0, -10.0], [0.0, 100.0], None) == (0.0, pytest.approx(0.2), "uniform")
    r = smaa(npsv, [[0, 100]], [1], rng=rng(), spread=0.0)
    assert r.prob_best == pytest.approx([0.5, 0.5], abs=TOL)


def test_a_scenario_price_is_drawn_log_uniformly():
    """λ0 = £0.05: λ log-uniform on [0.05/3, 0.15], so P(λ > 0.10) =
    ln(0.15/0.10)/ln(9) = ln 1.5/ln 9 = 0.1845 (the same set-up as above)."""
    npsv = np.tile([0.0, -10.0], (N, 1))
    r = smaa(npsv, [[0, 100]], [1], rng=rng(), lam=0.05, spread=0.0)
    assert r.lam_range == (pytest.approx(0.05 / 3), pytest.approx(0.15), "log")
    assert r.prob_best[1] == pytest.approx(math.log(1.5) / math.log(9), abs=TOL)


def test_an_option_dominated_on_every_concern_is_never_first():
    """Equal money in every draw; C scores below A on every concern, so whatever the
    weights C's overall value is below A's."""
    scores = [[80, 40, 70], [30, 90, 20], [60, 50, 55]]
    r = smaa(np.zeros((3_000, 3)), scores, [1, 1, 1], rng=rng(), lam=1.0, spread=0.0)
    assert r.prob_best[2] == 0.0
    assert np.isnan(r.central_weights[2]).all()
    assert np.isnan(r.confidence[2])


def test_one_concern_ranks_by_its_score():
    """A single concern has all the weight: with equal money the ranks are the scores'."""
    r = smaa(np.zeros((500, 3)), [[30, 90, 60]], [4], rng=rng(), lam=1.0, spread=0.0)
    assert r.acceptability.tolist() == [[0, 0, 1], [1, 0, 0], [0, 1, 0]]
    assert r.central_weights[1].tolist() == [1.0]  # B, the only one ever first


def test_no_concerns_ranks_the_money_draws():
    """Option 0 has the higher NPSV in draws 2, 3 and 5 of five: 3/5 first."""
    draws = [[1, 2], [3, 0], [5, 4], [0, 1], [7, 1]]
    r = smaa(draws, np.empty((0, 2)), [], rng=rng())
    assert r.acceptability.tolist() == [[0.6, 0.4], [0.4, 0.6]]
    assert r.central_weights.shape == (2, 0)
    assert r.confidence.tolist() == [0.6, 0.4]


@st.composite
def problems(draw):
    m, k = draw(st.integers(1, 3)), draw(st.integers(2, 4))
    flat = draw(st.lists(st.integers(0, 100), min_size=m * k, max_size=m * k))
    npsv = draw(st.lists(st.integers(-50, 50), min_size=k, max_size=k))
    return np.reshape(flat, (m, k)), np.ones(m), np.array(npsv, dtype=float)


@FAST
@given(problems(), st.sampled_from([0.0, 10.0]), st.integers(0, 2**32 - 1))
def test_acceptabilities_are_shares_and_central_weights_lie_in_the_simplex(problem, spread, seed):
    scores, weights, npsv = problem
    noise = np.random.default_rng(seed).normal(0, 5, (200, npsv.size))
    r = smaa(npsv + noise, scores, weights, rng=rng(seed), lam=0.5, spread=spread)
    assert r.acceptability.sum(axis=0) == pytest.approx(np.ones(npsv.size))
    assert r.acceptability.sum(axis=1) == pytest.approx(np.ones(npsv.size))
    won = r.prob_best > 0
    assert np.isnan(r.central_weights[~won]).all()
    assert r.central_weights[won].sum(axis=1) == pytest.approx(np.ones(won.sum()))
    assert np.all(r.central_weights[won] >= 0)
    assert np.all((r.confidence[won] >= 0) & (r.confidence[won] <= 1))


def test_same_seed_same_figures_and_another_seed_differs():
    npsv = np.random.default_rng(0).normal(0, 5, (1_000, 3))
    args = (npsv, [[80, 40, 70], [30, 90, 20]], [2, 1])
    one, two = smaa(*args, rng=rng(3), lam=0.2), smaa(*args, rng=rng(3), lam=0.2)
    other = smaa(*args, rng=rng(4), lam=0.2)
    assert np.array_equal(one.acceptability, two.acceptability)
    assert np.array_equal(one.central_weights, two.central_weights, equal_nan=True)
    assert not np.array_equal(one.acceptability, other.acceptability)


@pytest.mark.parametrize("spread", [-0.1, 50.5])
def test_spread_outside_0_to_50_is_refused(spread):
    with pytest.raises(ValueError, match="spread"):
        smaa(np.zeros((5, 2)), AB, [1, 1], rng=rng(), spread=spread)


def test_bounds_that_cannot_add_up_to_one_are_refused():
    with pytest.raises(ValueError, match="weight_bounds"):
        smaa(np.zeros((5, 2)), AB, [1, 1], rng=rng(), weight_bounds=[[0.6, 0.9], [0.6, 0.9]])


@pytest.mark.parametrize(
    "kwargs",
    [{"lam": 0.3}, {"spread": 0.0}, {"weight_bounds": [[0.1, 0.5], [0.2, 0.6], [0.1, 0.7]]}],
)
def test_vectorised_equals_the_per_draw_loops(kwargs):
    """The module's vectorised ranking, its per-draw reference and this file's loop agree."""
    npsv = np.random.default_rng(1).normal([0, 1, 2], 3, (300, 3))
    args = (npsv, [[80, 40, 70], [30, 90, 20], [50, 50, 60]], [3, 2, 1])
    fast = smaa(*args, rng=rng(), **kwargs)
    slow = smaa_module._smaa_per_draw(*args, rng=rng(), **kwargs)
    accept, central, confidence = reference_loop(*args, seed=7, **kwargs)
    for other in (slow.acceptability, accept):
        assert fast.acceptability == pytest.approx(other, abs=1e-12)
    for other in (slow.central_weights, central):
        np.testing.assert_allclose(fast.central_weights, other, rtol=1e-12)
    for other in (slow.confidence, confidence):
        np.testing.assert_array_equal(fast.confidence, other)


def test_runs_on_the_examples_common_random_number_draws():
    """Monte Carlo NPSV draws of the built-in example feed SMAA-2 directly."""
    s = settle(load_example())
    p = prepare(s)
    draws = simulate_draws(p.value, p.lines, p.risks, draws=2_000, rng=rng_from_seed(1))
    c = p.concerns
    scores = c.pivot(index="concern", columns="option", values="score")
    scores = scores.loc[c["concern"].unique(), list(s.option_ids)].to_numpy()
    r = smaa(draws, scores, c.groupby("concern", sort=False)["weight"].first(), rng=rng())
    assert r.acceptability.shape == (4, 4)
    assert r.acceptability.sum(axis=1) == pytest.approx(np.ones(4))
