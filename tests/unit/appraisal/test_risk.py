"""Risk: PERT means and shapes, expected values, retained vs transferred.

Sources: GB 2003 Box 13 and 5.66 (expected values), the PERT formulas in the module docstring
(mean (a + 4m + b)/6, α = 1 + 4(m − a)/(b − a), β = 1 + 4(b − m)/(b − a)) worked by hand,
and a seeded Monte Carlo check with a stated tolerance.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from appraisal.risk import (
    adjusted_probability,
    pert_mean,
    pert_shape,
    risk_expected_value,
)

# ---------------------------------------------------------------- PERT mean and shape


@pytest.mark.parametrize(
    ("low", "likely", "high", "mean"),
    [
        (100.0, 200.0, 600.0, 250.0),  # (100 + 800 + 600) / 6 = 1500 / 6
        (0.0, 0.0, 60.0, 10.0),  # (0 + 0 + 60) / 6
        (100_000.0, 250_000.0, 900_000.0, 2_000_000.0 / 6),  # (1e5 + 1e6 + 9e5) / 6
        (5.0, 5.0, 5.0, 5.0),  # degenerate: a point
    ],
)
def test_pert_mean_by_hand(low: float, likely: float, high: float, mean: float) -> None:
    """Hand calculation: PERT mean = (low + 4 × likely + high) / 6."""
    assert float(pert_mean(low, likely, high)) == pytest.approx(mean, rel=1e-14)


def test_pert_mean_is_vectorised() -> None:
    """Hand calculation element by element: 250 and 10 (cases above)."""
    got = pert_mean([100.0, 0.0], [200.0, 0.0], [600.0, 60.0])
    np.testing.assert_allclose(got, [250.0, 10.0], rtol=1e-14)


@pytest.mark.parametrize(
    ("low", "likely", "high"), [(2.0, 1.0, 3.0), (1.0, 4.0, 3.0), ([0.0, 2.0], [1.0, 1.0], 3.0)]
)
def test_pert_mean_rejects_unordered_points(low: object, likely: object, high: object) -> None:
    """DESIGN.md "Risk": low / most likely / high impact; PERT needs low <= likely <= high."""
    with pytest.raises(ValueError, match="low <= likely <= high"):
        pert_mean(low, likely, high)


@pytest.mark.parametrize(
    ("low", "likely", "high", "alpha", "beta"),
    [
        (0.9, 1.0, 1.3, 2.0, 4.0),  # α = 1 + 4·0.1/0.4, β = 1 + 4·0.3/0.4
        (100_000.0, 250_000.0, 900_000.0, 1.75, 4.25),  # 1 + 4·150/800, 1 + 4·650/800
        (0.0, 5.0, 10.0, 3.0, 3.0),  # symmetric: 1 + 4·5/10 both
        (0.0, 0.0, 1.0, 1.0, 5.0),  # mode at the low end
    ],
)
def test_pert_shape_by_hand(
    low: float, likely: float, high: float, alpha: float, beta: float
) -> None:
    """Hand calculation: α = 1 + 4 (likely − low)/(high − low) and
    β = 1 + 4 (high − likely)/(high − low)."""
    a, b = pert_shape(low, likely, high)
    assert float(a) == pytest.approx(alpha, rel=1e-12)
    assert float(b) == pytest.approx(beta, rel=1e-12)


def test_pert_shape_mean_equals_pert_mean() -> None:
    """Analytic check: a Beta(α, β) on [low, high] has mean low + (high − low) α/(α + β);
    with α + β = 6 this is (low + 4 likely + high)/6, the PERT mean."""
    low, likely, high = 100_000.0, 250_000.0, 900_000.0
    a, b = pert_shape(low, likely, high)
    assert float(a + b) == pytest.approx(6.0, rel=1e-14)
    beta_mean = low + (high - low) * float(a / (a + b))
    assert beta_mean == pytest.approx(float(pert_mean(low, likely, high)), rel=1e-12)


def test_pert_shape_degenerate_range() -> None:
    """Docstring of pert_shape: low == high gets α = β = 1 (scaled by a zero span)."""
    a, b = pert_shape(5.0, 5.0, 5.0)
    assert (float(a), float(b)) == (1.0, 1.0)


@pytest.mark.parametrize(("low", "likely", "high"), [(1.0, 0.5, 2.0), (1.3, 1.0, 0.9)])
def test_pert_shape_rejects_unordered_points(low: float, likely: float, high: float) -> None:
    """STYLE.md "Functions": the public function checks its domain and raises ValueError;
    a PERT needs low <= likely <= high (module docstring), as pert_mean enforces."""
    with pytest.raises(ValueError, match="low <= likely <= high"):
        pert_shape(low, likely, high)


def test_monte_carlo_mean_of_scaled_beta_draws_is_the_pert_mean() -> None:
    """Seeded Monte Carlo: 400,000 draws of low + (high − low) · Beta(α, β) have a mean
    within 5 standard errors of (low + 4 likely + high)/6. The PERT variance is
    (mean − low)(high − mean)/7 (α + β = 6), so for £100k / £250k / £900k the standard
    deviation is £137,437 and the standard error ≈ £217; tolerance 5 SE ≈ £1,087."""
    rng = np.random.default_rng(20071001)
    low, likely, high = 100_000.0, 250_000.0, 900_000.0
    a, b = pert_shape(low, likely, high)
    n = 400_000
    draws = low + (high - low) * rng.beta(float(a), float(b), n)
    mean = float(pert_mean(low, likely, high))
    se = math.sqrt((mean - low) * (high - mean) / 7) / math.sqrt(n)
    assert abs(draws.mean() - mean) < 5 * se
    assert draws.min() >= low
    assert draws.max() <= high


def test_monte_carlo_mean_of_a_cost_multiplier() -> None:
    """Seeded Monte Carlo on a DESIGN.md multiplier spread (0.9, mode 1.0, 1.3): the PERT
    mean is (0.9 + 4 + 1.3)/6 = 1.0333; SD = sqrt(0.1333 × 0.2667 / 7) = 0.0713, so with
    400,000 draws 5 SE ≈ 0.00056."""
    rng = np.random.default_rng(7)
    a, b = pert_shape(0.9, 1.0, 1.3)
    n = 400_000
    draws = 0.9 + 0.4 * rng.beta(float(a), float(b), n)
    mean = 6.2 / 6
    se = math.sqrt((mean - 0.9) * (1.3 - mean) / 7) / math.sqrt(n)
    assert abs(draws.mean() - mean) < 5 * se


# ---------------------------------------------------------------- expected values


def test_retained_risk_is_probability_times_pert_mean() -> None:
    """DESIGN.md "Risk": EV = p × PERT mean. Hand: 0.3 × (1e5 + 4 × 2.5e5 + 9e5)/6 = £100,000."""
    assert float(risk_expected_value(0.3, 100_000, 250_000, 900_000)) == pytest.approx(
        100_000.0, rel=1e-12
    )


def test_transferred_risk_costs_only_its_premium() -> None:
    """DESIGN.md "Risk" / PV PSC Technical Note: a transferred risk costs the public sector its
    price premium only (here £20,000), whatever its probability and impacts."""
    got = risk_expected_value(0.3, 1e5, 2.5e5, 9e5, transferred=True, premium=20_000)
    assert float(got) == 20_000.0


def test_transferred_risk_default_premium_is_zero() -> None:
    """DESIGN.md "Risk": the premium defaults to 0."""
    assert float(risk_expected_value(0.9, 1e5, 2e5, 3e5, transferred=True)) == 0.0


def test_register_mixes_retained_and_transferred() -> None:
    """Hand calculation for a two-risk register: retained 0.5 × (0 + 4 × 30 + 60)/6 = 15;
    transferred with premium 7 -> 7."""
    got = risk_expected_value(
        [0.5, 0.5], [0.0, 0.0], [30.0, 30.0], [60.0, 60.0], transferred=[False, True], premium=7.0
    )
    np.testing.assert_allclose(got, [15.0, 7.0], rtol=1e-14)


@pytest.mark.parametrize("p", [-0.1, 1.1])
def test_probability_outside_0_1_is_rejected(p: float) -> None:
    """A probability lies in [0, 1]."""
    with pytest.raises(ValueError, match="probabilities must lie in"):
        risk_expected_value(p, 1.0, 2.0, 3.0)


def test_certain_and_impossible_risks() -> None:
    """Hand calculation: p = 1 costs the whole PERT mean (2), p = 0 nothing."""
    np.testing.assert_allclose(risk_expected_value([1.0, 0.0], 1.0, 2.0, 3.0), [2.0, 0.0])


def test_adjusted_probability_caps_at_one() -> None:
    """DESIGN.md settings: each probability becomes min(1, k × p). Hand: k = 2 on
    0.3, 0.6, 0.45 -> 0.6, 1 (capped), 0.9."""
    got = adjusted_probability([0.3, 0.6, 0.45], 2.0)
    np.testing.assert_allclose(got, [0.6, 1.0, 0.9], rtol=1e-14)


def test_adjusted_probability_multiplier_one_and_zero() -> None:
    """Hand calculation: k = 1 leaves p; k = 0 removes every risk."""
    np.testing.assert_array_equal(adjusted_probability([0.3, 1.0]), [0.3, 1.0])
    np.testing.assert_array_equal(adjusted_probability([0.3, 1.0], 0.0), [0.0, 0.0])


def test_adjusted_probability_rejects_a_negative_multiplier() -> None:
    """A negative multiplier would make probabilities negative."""
    with pytest.raises(ValueError, match="multiplier must be >= 0"):
        adjusted_probability([0.3], -1.0)
