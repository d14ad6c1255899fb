"""Value-for-money measures: PV, NPSV, EAC, BCR, IRR and discounted payback.

Sources: GB 2003 Box 15, SCIM A4.9, GB 2018 Box 12, numpy-financial, and hand calculation.
"""

from __future__ import annotations

import math

import numpy as np
import numpy_financial as npf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from appraisal.discounting import annuity_factor, discount_factors
from appraisal.metrics import (
    bcr,
    discounted_payback,
    equivalent_annual_cost,
    irr,
    npsv,
    present_value,
)

BOX15 = [-1_000_000.0, *[150_000.0] * 10]  # GB 2003 Box 15: £1m now, £150k a year, years 1-10
BOX15_LOW = [-1_000_000.0, *[100_000.0] * 10]  # the same with 10 staff: £100k a year


# ---------------------------------------------------------------- present value / NPV


def test_gb2003_box15_it_system_npv() -> None:
    """GB 2003 Box 15: NPV ≈ £247,000 (published to the thousand);
    exact £247,490.80 = numpy_financial.npv(0.035, [-1e6] + [150000] * 10)."""
    got = float(present_value(BOX15, discount_factors(range(11))))
    assert round(got, -3) == 247_000
    assert got == pytest.approx(npf.npv(0.035, BOX15), rel=1e-12)
    assert got == pytest.approx(247_490.80, abs=0.005)


def test_gb2003_box15_sensitivity_with_100k_savings() -> None:
    """GB 2003 Box 15: with £100k a year NPV ≈ −£168,000; exact
    −£168,339 (hand: −1e6 + 100,000 × 8.31661 annuity factor)."""
    got = float(present_value(BOX15_LOW, discount_factors(range(11))))
    assert round(got, -3) == -168_000
    assert got == pytest.approx(npf.npv(0.035, BOX15_LOW), rel=1e-12)
    assert round(got) == -168_339


def test_present_value_accepts_leading_dimensions() -> None:
    """STYLE.md "Arrays": (draws, options, years) is the same code as (years,). Hand: each
    row's PV equals numpy_financial.npv on that row."""
    flows = np.array([[BOX15, BOX15_LOW], [BOX15_LOW, BOX15]])
    got = present_value(flows, discount_factors(range(11)))
    expected = [[npf.npv(0.035, r) for r in pair] for pair in flows]
    assert got.shape == (2, 2)
    np.testing.assert_allclose(got, expected, rtol=1e-12)


def test_present_value_rejects_mismatched_years() -> None:
    """STYLE.md "Functions": the public function checks shapes and raises ValueError."""
    with pytest.raises(ValueError, match="years but factors"):
        present_value([1.0, 2.0, 3.0], [1.0, 0.9])


# ---------------------------------------------------------------- NPSV


def test_npsv_formula_by_hand() -> None:
    """DESIGN.md "The method": NPSV = PVB − PVC − OB − risk EV − carbon. Hand calculation:
    12.0m − 7.0m − 1.5m − 0.4m − 0.1m = £3.0m."""
    assert float(npsv(12e6, 7e6, 1.5e6, 0.4e6, 0.1e6)) == pytest.approx(3.0e6, abs=1e-6)


def test_npsv_defaults_and_broadcasting() -> None:
    """DESIGN.md: OB, risk and carbon default to nothing; hand calculation per option:
    [8 − 10, 5 − 2 − 1] = [−2, 2] (£m), with one OB figure for both."""
    assert float(npsv(8e6, 10e6)) == -2e6
    got = npsv([8e6, 5e6], [10e6, 2e6], optimism_bias=[0.0, 1e6])
    np.testing.assert_allclose(got, [-2e6, 2e6])


positive = st.floats(min_value=0.0, max_value=1e10, allow_nan=False)


@settings(max_examples=80, deadline=None)
@given(
    parts=st.tuples(positive, positive, positive, positive, positive),
    k=st.floats(min_value=1e-3, max_value=1e3, allow_nan=False),
)
def test_scaling_every_cost_and_benefit_scales_npsv(
    parts: tuple[float, float, float, float, float], k: float
) -> None:
    """STYLE.md "Tests": scaling all costs (PVC, OB, risk, carbon) and benefits by k > 0
    scales NPSV by k (NPSV is linear and homogeneous)."""
    scaled = float(npsv(*(k * x for x in parts)))
    assert scaled == pytest.approx(k * float(npsv(*parts)), abs=1e-9 * k * sum(parts) + 1e-12)


# ---------------------------------------------------------------- EAC


@pytest.mark.parametrize(("npc", "life", "published"), [(2000, 7, 327), (2500, 10, 301)])
def test_eac_scim_a4_9_boilers(npc: float, life: int, published: int) -> None:
    """SCIM A4.9-A4.10: boiler X £2,000 over 7 years -> EAC £327;
    boiler Y £2,500 over 10 years -> £301 (exact £327.09 / £300.60), so Y is preferred."""
    got = float(equivalent_annual_cost(npc, annuity_factor(life)))
    assert round(got) == published
    assert got == pytest.approx(npc / sum(1.035**-t for t in range(1, life + 1)), rel=1e-12)


def test_eac_is_vectorised() -> None:
    """Hand calculation: EAC = NPC / annuity element by element (2000/6.1145, 2500/8.3166)."""
    got = equivalent_annual_cost([2000.0, 2500.0], [annuity_factor(7), annuity_factor(10)])
    np.testing.assert_allclose(got, [327.09, 300.60], atol=0.005)


@pytest.mark.parametrize("annuity", [0.0, -1.0])
def test_eac_rejects_a_non_positive_annuity(annuity: float) -> None:
    """Degenerate case: an annuity factor is a sum of positive factors, so must be > 0."""
    with pytest.raises(ValueError, match="annuity factor must be positive"):
        equivalent_annual_cost(1000.0, annuity)


# ---------------------------------------------------------------- BCR


def test_bcr_gb2018_box12() -> None:
    """GB 2018 Box 12: PVB £8m / PVC £10m gives BCR 0.8."""
    assert bcr(8e6, 10e6).item() == pytest.approx(0.8, rel=1e-15)


def test_bcr_box12_switching_value() -> None:
    """GB 2018 Box 12 (derived): BCR = 1 needs +£2.0m of PVB, i.e. PVB £10m."""
    assert bcr(8e6 + 2e6, 10e6).item() == 1.0


def test_bcr_is_nan_where_costs_are_zero() -> None:
    """Docstring of bcr: nan where PVC is zero (a ratio with no denominator)."""
    got = bcr([8e6, 1.0], [0.0, 4.0])
    assert math.isnan(got[0])
    assert got[1] == 0.25


# ---------------------------------------------------------------- IRR


def test_irr_box15_matches_numpy_financial() -> None:
    """numpy-financial: npf.irr on the GB 2003 Box 15 flows (8.14 %), and the NPV at that
    rate is zero (definition of IRR)."""
    got = irr(BOX15)
    assert got == pytest.approx(npf.irr(BOX15), rel=1e-12)
    assert round(got, 4) == 0.0814
    assert npf.npv(got, BOX15) == pytest.approx(0.0, abs=1e-4)


def test_irr_of_a_two_year_project_by_hand() -> None:
    """Hand calculation: −100 now, +110 next year has IRR 10 % (110 / 100 − 1)."""
    assert irr([-100.0, 110.0]) == pytest.approx(0.10, rel=1e-12)


@pytest.mark.parametrize("flows", [[100.0, 50.0], [-100.0, -5.0], [0.0, 0.0, 0.0], [0.0, 5.0]])
def test_irr_is_nan_without_a_sign_change(flows: list[float]) -> None:
    """STYLE.md "Degenerate cases": IRR with no sign change -> nan."""
    assert math.isnan(irr(flows))


# ---------------------------------------------------------------- discounted payback


def test_discounted_payback_box15() -> None:
    """Hand calculation on GB 2003 Box 15: cumulative discounted flow at t = 7 is
    −1e6 + 150,000 × 6.1145 = −£82,818; at t = 8 it is −1e6 + 150,000 × 6.8740 = +£31,093,
    and it stays positive, so payback is year 8."""
    assert discounted_payback(BOX15, discount_factors(range(11))) == 8


def test_discounted_payback_never() -> None:
    """Hand calculation on the £100k variant: −1e6 + 100,000 × 8.3166 < 0 at year 10, so
    it never pays back within the period -> None."""
    assert discounted_payback(BOX15_LOW, discount_factors(range(11))) is None


def test_discounted_payback_waits_until_it_stays_non_negative() -> None:
    """Hand calculation with factors 1: cumulative −100, +100, −50, +50 turns positive in
    year 1, falls back in year 2 (an exit cost) and stays positive from year 3."""
    assert discounted_payback([-100.0, 200.0, -150.0, 100.0], [1.0, 1.0, 1.0, 1.0]) == 3


def test_discounted_payback_with_nothing_to_pay_back_is_none() -> None:
    """An option ahead of the counterfactual from the start never costs more before it
    saves, so there is nothing to pay back: null, not "year 0"."""
    assert discounted_payback([10.0, 5.0, 0.0], [1.0, 0.9, 0.8]) is None


def test_discounted_payback_breaking_exactly_even() -> None:
    """Hand calculation: −100 × 1 + 125 × 0.8 = 0, which counts as paid back (>= 0)."""
    assert discounted_payback([-100.0, 125.0], [1.0, 0.8]) == 1
