"""Monte Carlo: PERT quantile tables, common random numbers, copula, determinism, summaries.

Expected figures are analytic: PERT moments from the Beta distribution, scipy's Beta
quantiles, the Spearman correlation of a Gaussian copula (6/π) arcsin(ρ/2), and hand
examples for ties and pairwise shares.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from appraisal import montecarlo as mc
from appraisal import sampling

A, B = 5 / 3, 13 / 3  # PERT(0.9, 1, 1.5) shape parameters


def _lines(
    n: int,
    low: float = 0.9,
    high: float = 1.5,
    rho: float = 0.0,
    drivers: list[int] | None = None,
    options: list[int] | None = None,
    pv: float = -1e6,
) -> mc.LineSpread:
    driver = np.arange(n) if drivers is None else np.array(drivers)
    count = int(driver.max()) + 1
    return mc.LineSpread(
        pv=np.full(n, pv),
        centre=np.ones(n),
        option=np.zeros(n, dtype=np.int64) if options is None else np.array(options),
        driver=driver.astype(np.int64),
        low=np.full(n, low),
        high=np.full(n, high),
        driver_group=np.full(count, 0 if rho else -1, dtype=np.int64),
        group_rho=np.array([rho]),
    )


def _multipliers(lines: mc.LineSpread, n: int, seed: int = 5) -> np.ndarray:
    tables = sampling.make_tables(lines, mc.no_risks())
    return sampling.sample_variates(
        np.random.default_rng(seed), lines, mc.no_risks(), n, tables
    ).multipliers


def test_pert_table_matches_scipy_beta_quantiles():
    """PERT(0.9, 1, 1.5) = 0.9 + 0.6 × Beta(5/3, 13/3): the tabulated quantile function
    agrees with scipy's Beta ppf to within the grid's interpolation error: under 5e-5 of a
    multiplier (£50 on a £1m line), largest in the steep upper tail."""
    u = np.linspace(0.0, 1.0, 1001)[:, None]
    got = sampling.pert_table([0.9], [1.0], [1.5])(u)[:, 0]
    expected = 0.9 + 0.6 * stats.beta(A, B).ppf(u[:, 0])
    np.testing.assert_allclose(got, expected, atol=5e-5)
    assert np.abs(got - expected)[100:900].max() < 1e-6  # the body is far closer


def test_pert_sample_moments():
    """Mean (0.9 + 4 + 1.5)/6 = 1.0667, sd 0.6 × √(αβ/((α+β)²(α+β+1))) = 0.6 × √(αβ/(36 × 7))."""
    x = _multipliers(_lines(1), 200_000, seed=3)[:, 0]
    assert x.mean() == pytest.approx(6.4 / 6, abs=5e-4)
    assert x.std() == pytest.approx(0.6 * math.sqrt(A * B / (36 * 7)), rel=0.01)
    assert x.min() >= 0.9 and x.max() <= 1.5


def test_risk_impact_table_with_a_mode_inside_the_range():
    """PERT(10, 20, 60): α = 1 + 4 × 10/50 = 1.8, β = 1 + 4 × 40/50 = 4.2; median from
    scipy's Beta(1.8, 4.2)."""
    got = sampling.pert_table([10.0], [20.0], [60.0])(np.array([[0.5]]))[0, 0]
    assert got == pytest.approx(10 + 50 * stats.beta(1.8, 4.2).median(), abs=1e-4)


def test_degenerate_range_is_constant():
    assert np.all(
        sampling.pert_table([2.0], [2.0], [2.0])(np.random.default_rng(1).random((9, 1))) == 2
    )


def test_lines_sharing_a_driver_read_the_same_quantile():
    """Common random numbers: two lines of one driver with different spreads are
    comonotone (rank correlation exactly 1) and each keeps its own PERT."""
    lines = mc.LineSpread(
        pv=np.array([-1e6, -2e6]),
        centre=np.ones(2),
        option=np.array([0, 1]),
        driver=np.array([0, 0]),
        low=np.array([0.9, 0.8]),
        high=np.array([1.5, 1.2]),
        driver_group=np.array([-1]),
        group_rho=np.array([0.0]),
    )
    m = _multipliers(lines, 20_000)
    assert stats.spearmanr(m[:, 0], m[:, 1]).statistic == pytest.approx(1.0)
    assert m[:, 1].mean() == pytest.approx((0.8 + 4 + 1.2) / 6, abs=2e-3)


@pytest.mark.parametrize("rho", [0.3, 0.5, 0.9])
def test_copula_gives_the_stated_rank_correlation(rho):
    """Gaussian copula: Spearman's ρ_s = (6/π) arcsin(ρ/2) between any two drivers."""
    m = _multipliers(_lines(3, rho=rho), 100_000, seed=11)
    spearman = stats.spearmanr(m[:, 0], m[:, 1]).statistic
    assert spearman == pytest.approx(6 / math.pi * math.asin(rho / 2), abs=0.01)


def test_copula_keeps_the_pert_marginal():
    """Each correlated line is still PERT(0.9, 1, 1.5): KS test against scipy's Beta(5/3, 13/3)."""
    m = _multipliers(_lines(2, rho=0.5), 50_000)
    ks = stats.kstest((m[:, 0] - 0.9) / 0.6, stats.beta(A, B).cdf)
    assert ks.pvalue > 0.001


def test_independent_drivers_are_uncorrelated():
    m = _multipliers(_lines(2), 50_000)
    assert abs(np.corrcoef(m.T)[0, 1]) < 0.02


def _risks(probability: list[float], event: list[int], option: list[int]) -> mc.RiskYears:
    n = len(probability)
    return mc.RiskYears(
        option=np.array(option, dtype=np.int64),
        probability=np.array(probability),
        low=np.full(n, 10.0),
        likely=np.full(n, 20.0),
        high=np.full(n, 60.0),
        factor=np.full(n, 0.5),
        event=np.array(event, dtype=np.int64),
    )


def _losses(risks: mc.RiskYears, n: int, seed: int = 2) -> np.ndarray:
    lines = _lines(1)
    tables = sampling.make_tables(lines, risks)
    return sampling.sample_variates(np.random.default_rng(seed), lines, risks, n, tables).losses


def test_risk_losses_occur_with_their_probability():
    """p = 0.25, impact PERT(10, 20, 60) discounted by 0.5: E = 0.25 × 150/6 × 0.5."""
    loss = _losses(_risks([0.25], [0], [0]), 100_000)[:, 0]
    assert (loss > 0).mean() == pytest.approx(0.25, abs=0.005)
    assert loss.mean() == pytest.approx(0.25 * (10 + 80 + 60) / 6 * 0.5, rel=0.02)


def test_a_shared_risk_event_occurs_together_across_options():
    """One event in two options with p = 0.2 and 0.5: it occurs for the second whenever
    it occurs for the first (u < 0.2 implies u < 0.5), with the same impact."""
    loss = _losses(_risks([0.2, 0.5], [0, 0], [0, 1]), 50_000)
    first, second = loss[:, 0] > 0, loss[:, 1] > 0
    assert np.all(second[first])
    assert first.mean() == pytest.approx(0.2, abs=0.01)
    assert second.mean() == pytest.approx(0.5, abs=0.01)
    assert np.array_equal(loss[first, 0], loss[first, 1])


def test_different_events_are_independent():
    loss = _losses(_risks([0.5, 0.5], [0, 1], [0, 1]), 50_000)
    assert abs(np.corrcoef(loss.T > 0)[0, 1]) < 0.02


def test_result_does_not_depend_on_thread_count():
    kwargs = {"draws": 60_000, "confidence": 0.8}
    a = mc.simulate(
        [-5e6, -4e6], _lines(4), mc.no_risks(), rng=np.random.default_rng(9), workers=1, **kwargs
    )
    b = mc.simulate(
        [-5e6, -4e6], _lines(4), mc.no_risks(), rng=np.random.default_rng(9), workers=4, **kwargs
    )
    assert np.array_equal(a.quantiles, b.quantiles) and np.array_equal(a.mean, b.mean)


def test_no_spread_and_no_risks_every_draw_is_the_deterministic_npsv():
    empty = mc.LineSpread(
        *(np.array([]),) * 2, *(np.array([], dtype=np.int64),) * 2, *(np.array([]),) * 2,
        np.array([], dtype=np.int64), np.array([]),
    )  # fmt: skip
    draws = mc.simulate_draws(
        [-3.5, 2.0], empty, mc.no_risks(), draws=10, rng=np.random.default_rng(1)
    )
    assert np.array_equal(draws, np.tile([-3.5, 2.0], (10, 1)))


def test_cheaper_point_estimate_with_the_same_driver_is_best_in_every_draw():
    """Two options identical but for one line's most-likely PV (£1.0m against £0.9m) on
    one driver: every draw scales both by the same multiplier, so the cheaper option is
    best in every draw (probability exactly 1), where independent draws would not be."""
    lines = mc.LineSpread(
        pv=np.array([-1.0e6, -0.9e6]),
        centre=np.ones(2),
        option=np.array([0, 1]),
        driver=np.array([0, 0]),
        low=np.full(2, 0.8),
        high=np.full(2, 1.6),
        driver_group=np.array([-1]),
        group_rho=np.array([0.0]),
    )
    sim = mc.simulate(
        [-1.0e6, -0.9e6], lines, mc.no_risks(), draws=5_000, rng=np.random.default_rng(4)
    )
    assert sim.prob_best.tolist() == [0.0, 1.0]
    assert sim.beats[1, 0] == 1.0


def test_npc_at_confidence_is_the_quantile_of_net_present_cost():
    """One line of PV £1m with PERT(0.9, 1, 1.5):
    NPC_c = 1m × (0.9 + 0.6 × Beta⁻¹(c; 5/3, 13/3))."""
    sim = mc.simulate(
        [-1e6],
        _lines(1),
        mc.no_risks(),
        draws=200_000,
        rng=np.random.default_rng(1),
        confidence=0.8,
    )
    expected = 1e6 * (0.9 + 0.6 * stats.beta(A, B).ppf(0.8))
    assert sim.npc_at_confidence[0] == pytest.approx(expected, rel=2e-3)
    assert sim.quantiles[20, 0] == pytest.approx(-expected, rel=2e-3)


def test_draws_out_of_range():
    with pytest.raises(ValueError, match="draws"):
        mc.simulate([0.0], _lines(1), mc.no_risks(), draws=0, rng=np.random.default_rng(1))


def test_summarise_percentiles_ties_and_standard_error():
    """Hand example: draws of two options; ties split evenly; the standard error of the
    mean is sd / √n with sd the sample standard deviation (ddof 1): sd(1, 2, 0, 4, 3) = √2.5."""
    npsv = np.array([[1.0, 1.0], [2.0, 0.0], [0.0, 2.0], [4.0, 4.0], [3.0, 3.0]])
    s = mc.summarise(npsv, 0.5)
    assert s.prob_best.tolist() == pytest.approx([0.5, 0.5])
    assert s.quantiles[50].tolist() == [2.0, 2.0]
    assert s.mean.tolist() == [2.0, 2.0]
    assert s.npc_at_confidence.tolist() == [-2.0, -2.0]
    assert s.std_error.tolist() == pytest.approx([math.sqrt(2.5 / 5)] * 2)


def test_draws_within_a_pound_are_ties():
    """£0.40 apart is a tie (split evenly); £2 apart is not."""
    s = mc.summarise(np.array([[10.0, 10.4], [10.0, 12.0]]), 0.5)
    assert s.prob_best.tolist() == pytest.approx([0.25, 0.75])
    assert s.beats[1, 0] == pytest.approx(0.75)


def test_offset_moves_the_pairwise_comparison_not_the_npsv_figures():
    """Option 1 is £5 behind in every draw; an offset of +£10 on option 1 (the value of its
    concerns score) makes it beat option 0 in every draw, while prob_best stays on NPSV."""
    npsv = np.array([[10.0, 5.0], [20.0, 15.0]])
    s = mc.summarise(npsv, 0.5, offset=[0.0, 10.0])
    assert s.beats_value[1, 0] == 1.0 and s.beats_value[0, 1] == 0.0
    assert s.beats[0, 1] == 1.0 and s.prob_best.tolist() == [1.0, 0.0]


def test_rng_from_seed_passes_generators_through():
    g = np.random.default_rng(1)
    assert mc.rng_from_seed(g) is g
    assert mc.rng_from_seed(4).random() == np.random.default_rng(4).random()
