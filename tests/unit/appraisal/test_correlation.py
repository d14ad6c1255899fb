"""Correlated costs: a category's ρ reaches the draws, and costs that move together widen
the range.

Expected figures are analytic: the Spearman correlation of a bivariate normal,
ρ_s = (6/π) arcsin(ρ/2) (Pearson 1907; Kruskal 1958, "Ordinal measures of association",
JASA 53, 814-861), which a Gaussian copula keeps because ranks are unchanged by the
monotone map to PERT; scipy's Beta quantiles for PERT(0.9, 1, 1.5) = 0.9 + 0.6 ×
Beta(5/3, 13/3); and the quantiles of a sum of comonotone variables, the sum of their
quantiles.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import numpy as np
import pytest
from scipy import stats

from appraisal import montecarlo as mc
from appraisal import sampling
from appraisal.appraise import prepare
from appraisal.uncertainty import (
    correlated_spreads,
    every_category_correlated,
    independent,
    npsv_draws,
    spread_comparison,
)
from options.model import Category, Scenario
from options.scenario_file import scenario_from_dict

A, B = 5 / 3, 13 / 3  # PERT(0.9, 1, 1.5) shape parameters
N = 20_000
PVS = (1_000_000, 2_000_000, 1_500_000, 500_000)  # four opex lines, base year only


@pytest.fixture
def four_lines(make_document: Callable[..., dict[str, Any]]) -> Callable[..., Scenario]:
    """``four_lines(rho)``: one option with four differently named opex lines (four
    drivers) in the base year, so each line's PV is its amount; opex PERT(0.9, 1, 1.5)
    with correlation ρ."""

    def make(rho: float) -> Scenario:
        doc = make_document(
            options=[{"id": "a", "name": "A", "kind": "in-house"}],
            costs=[_line(i, pv) for i, pv in enumerate(PVS)],
            uncertainty={"opex": {"low": 0.9, "high": 1.5, "correlation": rho}},
        )
        return scenario_from_dict(doc)

    return make


def _line(i: int, pv: float) -> dict[str, Any]:
    return {"option": "a", "line": f"Line {i}", "category": "opex", "year": 2008, "amount": pv}


def _multipliers(lines: mc.LineSpread, seed: int) -> np.ndarray:
    tables = sampling.make_tables(lines, mc.no_risks())
    return sampling.sample_variates(
        np.random.default_rng(seed), lines, mc.no_risks(), N, tables
    ).multipliers


def _width(npsv: np.ndarray) -> float:
    """P90 − P10 of one option's NPSV draws."""
    p10, p90 = np.percentile(npsv, [10, 90])
    return float(p90 - p10)


@pytest.mark.parametrize("rho", [0.3, 0.6, 0.9])
def test_a_categorys_correlation_gives_the_gaussian_copula_rank_correlation(four_lines, rho):
    """The scenario's opex ρ puts the four drivers in one copula group, and two drivers'
    multipliers have Spearman ρ_s = (6/π) arcsin(ρ/2): 0.2876, 0.5819, 0.8854.

    Tolerance 4/√n = 0.028 at n = 20,000: the standard error of a sample Spearman
    coefficient is at most about 1/√(n − 1) (its value under independence), so this is
    four standard errors."""
    lines = prepare(four_lines(rho)).lines
    assert lines.drivers == 4 and set(lines.driver_group.tolist()) == {1}  # opex's group
    assert lines.group_rho[1] == rho
    m = _multipliers(lines, seed=21)
    expected = 6 / math.pi * math.asin(rho / 2)
    for i, j in ((0, 1), (2, 3)):
        assert stats.spearmanr(m[:, i], m[:, j]).statistic == pytest.approx(
            expected, abs=4 / math.sqrt(N)
        )


def test_at_rho_zero_the_copula_draws_are_distributed_as_independent_ones(four_lines):
    """A copula group with ρ = 0 (which the engine never builds: ρ = 0 stays independent,
    so its seeded output is unchanged) draws each multiplier as PERT(0.9, 1, 1.5) and
    their sum as independent drivers do: two-sample Kolmogorov–Smirnov, p > 0.01."""
    lines = prepare(four_lines(0.0)).lines
    assert set(lines.driver_group.tolist()) == {-1}
    copula = replace(lines, driver_group=np.zeros(4, dtype=np.int64), group_rho=np.zeros(1))
    a, b = _multipliers(lines, seed=3), _multipliers(copula, seed=3)
    assert stats.ks_2samp(a[:, 0], b[:, 0]).pvalue > 0.01
    assert stats.ks_2samp(a @ PVS, b @ PVS).pvalue > 0.01  # the joint law, through the sum
    assert stats.kstest((b[:, 1] - 0.9) / 0.6, stats.beta(A, B).cdf).pvalue > 0.01


def test_costs_that_move_together_have_a_wider_npsv_range(four_lines):
    """Four opex lines of one option, £5m in all: P90 − P10 of NPSV is wider at ρ = 0.6
    than drawn independently, and at ρ = 1 (the lines move as one) it is £5m × 0.6 ×
    (Beta⁻¹(0.9) − Beta⁻¹(0.1)) with Beta(5/3, 13/3): the quantiles of a comonotone sum
    add up. Drawn independently it is narrower than that, and wider than one line's."""
    s = four_lines(0.6)
    rng = np.random.default_rng
    entered = npsv_draws(s, draws=N, rng=rng(7))[:, 0]
    alone = npsv_draws(s, draws=N, rng=rng(7), lines=independent(prepare(s).lines))[:, 0]
    as_one = correlated_spreads(four_lines(0.0), 1.0)  # opex's own ρ would be kept
    together = npsv_draws(s, draws=N, rng=rng(7), lines=as_one)[:, 0]
    unit = 0.6 * (stats.beta(A, B).ppf(0.9) - stats.beta(A, B).ppf(0.1))
    assert _width(together) == pytest.approx(sum(PVS) * unit, rel=0.02)
    assert max(PVS) * unit < _width(alone) < _width(entered) < _width(together)


def test_at_rho_zero_correlated_and_independent_cases_are_equal_by_construction(four_lines):
    """ρ = 0 on every category builds no copula group, so every draw equals the
    independent one with the same seed (common random numbers), not merely in law."""
    s = four_lines(0.0)
    t = spread_comparison(s, draws=2_000, seed=4, rho=0.0)
    rows = t.set_index("case")
    assert rows.loc["independent", "quantiles"] == rows.loc["ρ = 0 on every category", "quantiles"]
    assert rows.loc["as entered", "quantiles"] == rows.loc["independent", "quantiles"]


def test_spread_comparison_columns_and_npc_are_negated_npsv(four_lines):
    """NPC at P80 is −NPSV at P20 (a higher P is a more pessimistic cost); P50s and the
    quantile tuple agree with the percentile columns. Opex's own ρ = 0.6 is kept in the
    "ρ = 0.9 on every category" case, so it equals the case as entered."""
    t = spread_comparison(four_lines(0.6), draws=5_000, seed=2, rho=0.9)
    assert list(t["case"]) == ["as entered", "independent", "ρ = 0.9 on every category"]
    for _, row in t.iterrows():
        q = np.asarray(row["quantiles"])
        assert q.size == 101 and np.all(np.diff(q) >= 0)
        assert (row["p10"], row["p50"], row["p90"]) == (q[10], q[50], q[90])
        assert (row["npc_p50"], row["npc_p80"], row["npc_p90"]) == (-q[50], -q[20], -q[10])
    width = (t["p90"] - t["p10"]).tolist()
    assert width[1] < width[0] == width[2]


def test_every_category_correlated_keeps_explicit_correlations(make_scenario):
    """A category's own ρ stays; a category with no spread gets (1, 1), no spread."""
    s = make_scenario(uncertainty={"opex": {"low": 0.9, "high": 1.2, "correlation": 0.2},
                                   "capex": {"low": 0.9, "high": 1.4}})  # fmt: skip
    spreads = every_category_correlated(s, 0.7).uncertainty_map
    assert spreads[Category.OPEX].correlation == 0.2
    assert spreads[Category.CAPEX].correlation == 0.7
    assert (spreads[Category.EXIT].low, spreads[Category.EXIT].high) == (1.0, 1.0)
    assert prepare(every_category_correlated(s, 0.7)).value.tolist() == prepare(s).value.tolist()
    with pytest.raises(ValueError, match="rho"):
        every_category_correlated(s, 1.5)
