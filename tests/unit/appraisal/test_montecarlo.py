"""Monte Carlo: distributions, copula correlation, determinism and summaries.

Expected figures are analytic: PERT moments from the Beta distribution, the
Spearman correlation of a Gaussian copula (6/π) arcsin(ρ/2), and scipy's Beta
quantiles.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from appraisal import montecarlo as mc

A, B = 5 / 3, 13 / 3  # PERT(0.9, 1, 1.5) shape parameters


def _lines(n: int, low: float = 0.9, high: float = 1.5, rho: float = 0.0) -> mc.LineSpread:
    return mc.LineSpread(
        pv=np.full(n, -1e6),
        option=np.zeros(n, dtype=np.int64),
        low=np.full(n, low),
        high=np.full(n, high),
        group=np.full(n, 0 if rho else -1, dtype=np.int64),
        rho=np.full(n, rho),
    )


def _no_risks() -> mc.RiskYears:
    empty = np.array([], dtype=float)
    return mc.RiskYears(np.array([], dtype=np.int64), empty, empty, empty, empty, empty)


def test_pert_sample_moments():
    """PERT(0.9, 1, 1.5) = 0.9 + 0.6 × Beta(α, β) with α = 1 + 4 × 0.1/0.6 = 5/3 and
    β = 1 + 4 × 0.5/0.6 = 13/3: mean (0.9 + 4 + 1.5)/6 = 1.0667, sd 0.6 × √(αβ/(36 × 7))."""
    x = mc.sample_pert(
        np.random.default_rng(3), np.array([0.9]), np.array([1.0]), np.array([1.5]), 200_000
    )[:, 0]
    assert x.mean() == pytest.approx(6.4 / 6, abs=5e-4)
    assert x.std() == pytest.approx(0.6 * math.sqrt(A * B / (36 * 7)), rel=0.01)
    assert x.min() >= 0.9 and x.max() <= 1.5


def test_degenerate_range_is_constant():
    x = mc.sample_pert(
        np.random.default_rng(3), np.array([2.0]), np.array([2.0]), np.array([2.0]), 10
    )
    assert np.all(x == 2.0)


@pytest.mark.parametrize("rho", [0.3, 0.5, 0.9])
def test_copula_gives_the_stated_rank_correlation(rho):
    """Gaussian copula: Spearman's ρ_s = (6/π) arcsin(ρ/2) between any two lines."""
    m = mc.sample_multipliers(np.random.default_rng(11), _lines(3, rho=rho), 100_000)
    spearman = stats.spearmanr(m[:, 0], m[:, 1]).statistic
    assert spearman == pytest.approx(6 / math.pi * math.asin(rho / 2), abs=0.01)


def test_copula_keeps_the_pert_marginal():
    """Each correlated line is still PERT(0.9, 1, 1.5): KS test against scipy's Beta(5/3, 13/3)."""
    m = mc.sample_multipliers(np.random.default_rng(5), _lines(2, rho=0.5), 50_000)
    ks = stats.kstest((m[:, 0] - 0.9) / 0.6, stats.beta(A, B).cdf)
    assert ks.pvalue > 0.001


def test_independent_lines_are_uncorrelated():
    m = mc.sample_multipliers(np.random.default_rng(5), _lines(2), 50_000)
    assert abs(np.corrcoef(m.T)[0, 1]) < 0.02


def test_risk_losses_occur_with_their_probability():
    risks = mc.RiskYears(
        np.array([0]),
        np.array([0.25]),
        np.array([10.0]),
        np.array([20.0]),
        np.array([60.0]),
        np.array([0.5]),
    )
    loss = mc.sample_risk_losses(np.random.default_rng(2), risks, 100_000)[:, 0]
    assert (loss > 0).mean() == pytest.approx(0.25, abs=0.005)
    assert loss.mean() == pytest.approx(0.25 * (10 + 80 + 60) / 6 * 0.5, rel=0.02)


def test_result_does_not_depend_on_thread_count():
    kwargs = {"draws": 60_000, "confidence": 0.8}
    a = mc.simulate(
        [-5e6, -4e6], _lines(4), _no_risks(), rng=np.random.default_rng(9), workers=1, **kwargs
    )
    b = mc.simulate(
        [-5e6, -4e6], _lines(4), _no_risks(), rng=np.random.default_rng(9), workers=4, **kwargs
    )
    assert np.array_equal(a.quantiles, b.quantiles) and np.array_equal(a.mean, b.mean)


def test_npc_at_confidence_is_the_quantile_of_net_present_cost():
    """One line of PV £1m with PERT(0.9, 1, 1.5):
    NPC_c = 1m × (0.9 + 0.6 × Beta⁻¹(c; 5/3, 13/3))."""
    sim = mc.simulate(
        [-1e6], _lines(1), _no_risks(), draws=200_000, rng=np.random.default_rng(1), confidence=0.8
    )
    expected = 1e6 * (0.9 + 0.6 * stats.beta(A, B).ppf(0.8))
    assert sim.npc_at_confidence[0] == pytest.approx(expected, rel=2e-3)
    assert sim.quantiles[20, 0] == pytest.approx(-expected, rel=2e-3)


def test_draws_out_of_range():
    with pytest.raises(ValueError, match="draws"):
        mc.simulate([0.0], _lines(1), _no_risks(), draws=0, rng=np.random.default_rng(1))


def test_summarise_percentiles_and_ties():
    """Hand example: draws of two options; ties split evenly."""
    npsv = np.array([[1.0, 1.0], [2.0, 0.0], [0.0, 2.0], [4.0, 4.0], [3.0, 3.0]])
    s = mc.summarise(npsv, 0.5)
    assert s.prob_best.tolist() == pytest.approx([0.5, 0.5])
    assert s.quantiles[50].tolist() == [2.0, 2.0]
    assert s.mean.tolist() == [2.0, 2.0]
    assert s.npc_at_confidence.tolist() == [-2.0, -2.0]


def test_rng_from_seed_passes_generators_through():
    g = np.random.default_rng(1)
    assert mc.rng_from_seed(g) is g
    assert mc.rng_from_seed(4).random() == np.random.default_rng(4).random()
