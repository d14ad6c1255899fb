"""Green Book discount schedules, factors and annuity factors.

Expected figures come from the published tables (GB 2018 Tables 2 and 8, SCIM Table 1 and
A4.9-A4.11) or from hand
calculation with the band rates; never from the module's own output.
"""

from __future__ import annotations

import math

import numpy as np
import numpy_financial as npf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from appraisal.discounting import annuity_factor, discount_factors
from appraisal.metrics import present_value
from options.parameters import current_parameters

SCHEDULES = current_parameters().schedule_names  # the current vintage's three schedules

FAST = settings(max_examples=60, deadline=None)

# GB 2018 Table 2: PV of £1,000 in year t at 3.5 %, rounded to the pound.
GB2018_TABLE2 = (1000, 966, 934, 902, 871, 842, 814, 786, 759, 734, 709)

# SCIM Table 1, standard schedule, to 4 d.p.
SCIM_TABLE1 = {
    1: 0.9662,
    10: 0.7089,
    20: 0.5026,
    30: 0.3563,
    40: 0.2651,
    50: 0.1973,
    60: 0.1468,
    75: 0.0942,
    80: 0.0833,
    90: 0.0651,
    100: 0.0508,
    125: 0.0274,
    150: 0.0167,
    200: 0.0062,
    250: 0.0029,
    300: 0.0014,
    350: 0.0009,
    400: 0.0005,
    500: 0.0002,
}


def _piecewise(t: int, rates: tuple[float, ...]) -> float:
    """Hand calculation of the piecewise rule, band by band."""
    ends = (30, 75, 125, 200, 300, math.inf)
    df, start = 1.0, 0
    for end, rate in zip(ends, rates, strict=True):
        years = max(0, min(t, end) - start)
        df /= (1.0 + rate) ** years
        start = end
    return df


# ---------------------------------------------------------------- published tables


def test_gb2018_table2_pv_of_1000_at_3_5_percent() -> None:
    """GB 2018 Table 2: £1,000 in years 0..10 at 3.5 %, to the pound."""
    pv = 1000 * discount_factors(range(11))
    assert np.round(pv).astype(int).tolist() == list(GB2018_TABLE2)


@pytest.mark.parametrize(("year", "published"), sorted(SCIM_TABLE1.items()))
def test_scim_table1_standard_schedule_to_4dp(year: int, published: float) -> None:
    """SCIM Table 1: standard schedule factors to 4 d.p."""
    assert float(discount_factors(year)) == pytest.approx(published, abs=5e-5)


def test_year_zero_is_undiscounted_for_every_schedule() -> None:
    """GB 2018 5.55: the base year t = 0 has factor 1."""
    for name in SCHEDULES:
        assert float(discount_factors(0, name)) == 1.0


def test_flat_3_5_percent_would_not_match_scim_at_year_75() -> None:
    """SCIM Table 1 prints 0.0942 at year 75, which only the piecewise rule gives.

    Hand calculation: a flat 3.5 % gives 1.035**-75 = 0.07577 (0.0758 to 4 d.p.;
    the research note's 0.0759 is a slip that does not change its point).
    """
    flat = 1.035**-75
    assert flat == pytest.approx(0.0758, abs=5e-5)
    assert float(discount_factors(75)) == pytest.approx(0.0942, abs=5e-5)
    assert float(discount_factors(75)) != pytest.approx(flat, abs=1e-3)


# ---------------------------------------------------------------- the piecewise rule


def test_piecewise_rule_at_band_boundaries_standard() -> None:
    """DESIGN.md "The method": DF(31) = DF(30)/1.03 and DF(76) = DF(75)/1.025.

    Hand calculation: DF(30) = 1.035**-30, DF(75) = DF(30) × 1.03**-45.
    """
    df = discount_factors([30, 31, 75, 76, 125, 126, 200, 201, 300, 301])
    df30 = 1.035**-30
    df75 = df30 * 1.03**-45
    df125 = df75 * 1.025**-50
    df200 = df125 * 1.02**-75
    df300 = df200 * 1.015**-100
    expected = [
        df30,
        df30 / 1.03,
        df75,
        df75 / 1.025,
        df125,
        df125 / 1.02,
        df200,
        df200 / 1.015,
        df300,
        df300 / 1.01,
    ]
    np.testing.assert_allclose(df, expected, rtol=1e-12)


def test_health_schedule_by_hand() -> None:
    """GB 2018 Table 8 health rates: 1.5 % to 30, then 1.29 %, 1.07 % ...

    Hand calculation: DF(30) = 1.015**-30; DF(31) = DF(30)/1.0129; DF(75) = DF(30)/1.0129**45;
    DF(76) = DF(75)/1.0107.
    """
    df30 = 1.015**-30
    df75 = df30 / 1.0129**45
    got = discount_factors([1, 30, 31, 75, 76], "green-book-health")
    np.testing.assert_allclose(
        got, [1 / 1.015, df30, df30 / 1.0129, df75, df75 / 1.0107], rtol=1e-12
    )


def test_reduced_schedule_by_hand() -> None:
    """GB 2018 Table 8 reduced rates: 3.00 % to 30, then 2.57 %, 2.14 % ...

    Hand calculation: DF(30) = 1.03**-30, DF(31) = DF(30)/1.0257, DF(76) = DF(75)/1.0214.
    """
    df30 = 1.03**-30
    df75 = df30 / 1.0257**45
    got = discount_factors([30, 31, 75, 76], "green-book-reduced")
    np.testing.assert_allclose(got, [df30, df30 / 1.0257, df75, df75 / 1.0214], rtol=1e-12)


@pytest.mark.parametrize(
    ("name", "rates"),
    [
        ("green-book", (0.035, 0.030, 0.025, 0.020, 0.015, 0.010)),
        ("green-book-health", (0.015, 0.0129, 0.0107, 0.0086, 0.0064, 0.0043)),
        ("green-book-reduced", (0.030, 0.0257, 0.0214, 0.0171, 0.0129, 0.0086)),
    ],
)
def test_every_band_of_every_schedule_matches_a_hand_loop(
    name: str, rates: tuple[float, ...]
) -> None:
    """GB 2018 Table 8 (all three columns), compounded band by band in a plain loop."""
    years = [0, 1, 29, 30, 31, 50, 75, 76, 100, 125, 126, 200, 201, 300, 301, 500, 1000]
    expected = [_piecewise(t, rates) for t in years]
    np.testing.assert_allclose(discount_factors(years, name), expected, rtol=1e-11)


def test_years_up_to_1000_work() -> None:
    """DESIGN.md: years run to base year + 1,000. Hand calculation of DF(1000) band by band:
    1.035**-30 × 1.03**-45 × 1.025**-50 × 1.02**-75 × 1.015**-100 × 1.01**-700."""
    expected = 1.035**-30 * 1.03**-45 * 1.025**-50 * 1.02**-75 * 1.015**-100 * 1.01**-700
    got = float(discount_factors(1000))
    assert got > 0
    assert got == pytest.approx(expected, rel=1e-11)
    assert discount_factors(np.arange(1001)).shape == (1001,)


def test_any_shape_of_years_is_kept() -> None:
    """STYLE.md "Arrays": functions accept leading dimensions; DF(t) = 1.035**-t by hand."""
    years = np.array([[0, 1], [2, 3]])
    got = discount_factors(years)
    assert got.shape == (2, 2)
    np.testing.assert_allclose(got, 1.035 ** -years.astype(float), rtol=1e-12)


# ---------------------------------------------------------------- constant rates


@pytest.mark.parametrize("rate", [0.0, 0.01, 0.035, 0.05, 0.1, 0.5, 1.0])
def test_constant_rate_parity_with_numpy_financial_npv(rate: float) -> None:
    """numpy-financial: npf.npv(r, flows) discounts the first flow at t = 0, the Green
    Book convention."""
    flows = [-1_000_000.0, 150_000.0, 250_000.0, -40_000.0, 300_000.0, 125_000.0, 90_000.0]
    factors = discount_factors(range(len(flows)), rate)
    assert float(present_value(flows, factors)) == pytest.approx(npf.npv(rate, flows), rel=1e-12)


def test_constant_rate_zero_gives_all_ones() -> None:
    """Hand calculation: (1 + 0)**-t = 1 for every t."""
    np.testing.assert_array_equal(discount_factors(np.arange(1001), 0.0), np.ones(1001))


def test_constant_rate_by_hand() -> None:
    """Hand calculation: 1.05**-2 = 0.907029."""
    assert float(discount_factors(2, 0.05)) == pytest.approx(1.05**-2, rel=1e-14)


# ---------------------------------------------------------------- annuity factors


@pytest.mark.parametrize(("life", "exact"), [(7, 6.1145), (10, 8.3166), (20, 14.2124)])
def test_annuity_factor_exact_at_3_5_percent(life: int, exact: float) -> None:
    """Hand calculation of SCIM A4.9-A4.11's factors: Σ_{t=1..L} 1.035**-t = 6.1145 (7 years),
    8.3166 (10), 14.2124 (20).

    SCIM A4.11 and NI DoF Table 3 publish 6.1162 / 8.3206 / 14.2339, slightly above the
    exact value; the exact figure is asserted here.
    """
    by_hand = sum(1.035**-t for t in range(1, life + 1))
    assert annuity_factor(life) == pytest.approx(by_hand, rel=1e-12)
    assert annuity_factor(life) == pytest.approx(exact, abs=5e-5)


def test_scim_published_20_year_annuity_is_not_exact() -> None:
    """SCIM A4.11: SCIM's 14.2339 is 0.15 % above the exact 14.2124, so PV of
    £10,000 a year for years 1-20 is £142,124, not the published £142,339."""
    assert round(10_000 * annuity_factor(20)) == 142_124
    assert annuity_factor(20) != pytest.approx(14.2339, abs=5e-4)


def test_deferred_annuity_scim_a4_11() -> None:
    """SCIM A4.11: £75 a year for 15 years from year 7. Hand calculation:
    75 × Σ_{t=7..21} 1.035**-t = 75 × 11.5174 × 1.035**-6 = £702.71 (SCIM prints £704
    from its slightly high factor 11.5281)."""
    got = 75 * annuity_factor(15) * float(discount_factors(6))
    assert got == pytest.approx(75 * sum(1.035**-t for t in range(7, 22)), rel=1e-12)
    assert got == pytest.approx(702.71, abs=0.005)


def test_eac_factor_7_years_matches_scim() -> None:
    """SCIM A4.9: EAC factor at 3.5 % over 7 years = 0.1635."""
    assert 1 / annuity_factor(7) == pytest.approx(0.1635, abs=5e-5)


def test_eac_factor_10_years_exact() -> None:
    """Hand calculation: 1 / Σ_{t=1..10} 1.035**-t = 1 / 8.31661 = 0.12024.

    SCIM A4.9 prints 0.1203, which is not the exact factor rounded to 4 d.p. (0.1202);
    SCIM A4.9-A4.10 recomputes 0.12024.
    """
    assert 1 / annuity_factor(10) == pytest.approx(0.12024, abs=5e-6)


def test_annuity_factor_with_a_constant_rate() -> None:
    """Hand calculation: at 5 % over 3 years, 1/1.05 + 1/1.05**2 + 1/1.05**3 = 2.723248."""
    assert annuity_factor(3, 0.05) == pytest.approx(2.723248, abs=5e-7)


def test_annuity_factor_rejects_a_life_below_one() -> None:
    """Degenerate case: an annuity needs at least one year (docstring of annuity_factor)."""
    with pytest.raises(ValueError, match="at least one year"):
        annuity_factor(0)


# ---------------------------------------------------------------- errors and labels


@pytest.mark.parametrize("years", [-1, [0, 1, -2], [np.nan], [np.inf]])
def test_negative_or_non_finite_years_are_rejected(years: object) -> None:
    """DESIGN.md: years before the base year are an input error."""
    with pytest.raises(ValueError, match="years"):
        discount_factors(years)


def test_unknown_schedule_name_is_rejected() -> None:
    """Only the three published schedules are named."""
    with pytest.raises(ValueError, match="unknown discount schedule 'green-book-2026'"):
        discount_factors([0, 1], "green-book-2026")


@pytest.mark.parametrize("rate", [-0.01, 1.01, 5.0, float("nan")])
def test_constant_rate_outside_0_1_is_rejected(rate: float) -> None:
    """DESIGN.md: a constant rate is a fraction (0.05 = 5 %); outside [0, 1] is an input error."""
    with pytest.raises(ValueError, match="fraction in"):
        discount_factors([0, 1], rate)


# ---------------------------------------------------------------- properties


schedules = st.one_of(
    st.sampled_from(sorted(SCHEDULES)),
    st.floats(min_value=0.0, max_value=1.0, allow_nan=False),
)


@FAST
@given(schedule=schedules, years=st.lists(st.integers(0, 1000), min_size=1, max_size=40))
def test_factors_lie_in_0_1_and_never_rise(schedule: str | float, years: list[int]) -> None:
    """STYLE.md "Tests": discount factors lie in (0, 1] and never rise with t."""
    t = np.sort(np.asarray(years))
    df = discount_factors(t, schedule)
    assert np.all(df > 0)
    assert np.all(df <= 1)
    assert np.all(np.diff(df) <= 0)


finite_flows = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False)


@FAST
@given(
    data=st.data(),
    n=st.integers(1, 30),
    a=st.floats(-1e3, 1e3, allow_nan=False),
    b=st.floats(-1e3, 1e3, allow_nan=False),
    schedule=schedules,
)
def test_present_value_is_linear_in_flows(
    data: st.DataObject, n: int, a: float, b: float, schedule: str | float
) -> None:
    """STYLE.md "Tests": PV(a·x + b·y) = a·PV(x) + b·PV(y) (a sum of products is linear)."""
    x = np.array(data.draw(st.lists(finite_flows, min_size=n, max_size=n)))
    y = np.array(data.draw(st.lists(finite_flows, min_size=n, max_size=n)))
    df = discount_factors(np.arange(n), schedule)
    lhs = float(present_value(a * x + b * y, df))
    rhs = a * float(present_value(x, df)) + b * float(present_value(y, df))
    scale = (abs(a) * np.abs(x).sum() + abs(b) * np.abs(y).sum()) or 1.0
    assert lhs == pytest.approx(rhs, abs=1e-9 * scale)
