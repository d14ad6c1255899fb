"""Carbon values by year and the cost of emissions.

Sources: the DESNZ (Nov 2023) Table 3 annual series and the Defra (2007) Shadow Price of
Carbon (Hansard HC 29 Apr 2008); hand calculation otherwise.
"""

from __future__ import annotations

import numpy as np
import pytest

from appraisal.carbon import carbon_cost, carbon_values
from options.model import CarbonSeries, CarbonValues
from options.parameters import current_parameters

CARBON_TABLES = {t.series: t for t in current_parameters().carbon}  # the current vintage's

DESNZ = CarbonSeries.APPRAISAL_2023
SPC = CarbonSeries.SHADOW_PRICE_2007

# DESNZ (Nov 2023) data tables 1-19, Table 3, £/tCO2e in 2022 prices.
# year: (low, central, high)
DESNZ_TABLE3 = {
    2020: (126.60, 253.19, 379.79),
    2021: (128.52, 257.05, 385.57),
    2022: (130.48, 260.96, 391.44),
    2023: (132.47, 264.93, 397.40),
    2024: (134.48, 268.97, 403.45),
    2025: (136.53, 273.06, 409.60),
    2026: (138.61, 277.22, 415.83),
    2027: (140.72, 281.44, 422.17),
    2028: (142.87, 285.73, 428.60),
    2029: (145.04, 290.08, 435.12),
    2030: (147.25, 294.50, 441.75),
    2031: (149.49, 298.98, 448.48),
    2032: (151.77, 303.54, 455.31),
    2033: (154.08, 308.16, 462.24),
    2034: (156.43, 312.85, 469.28),
    2035: (158.81, 317.62, 476.42),
    2036: (161.23, 322.45, 483.68),
    2037: (163.68, 327.36, 491.05),
    2038: (166.17, 332.35, 498.52),
    2039: (168.71, 337.41, 506.12),
    2040: (171.27, 342.55, 513.82),
    2041: (173.84, 347.69, 521.53),
    2042: (176.45, 352.90, 529.35),
    2043: (179.10, 358.20, 537.29),
    2044: (181.78, 363.57, 545.35),
    2045: (184.51, 369.02, 553.53),
    2046: (187.28, 374.56, 561.84),
    2047: (190.09, 380.18, 570.26),
    2048: (192.94, 385.88, 578.82),
    2049: (195.83, 391.67, 587.50),
    2050: (198.77, 397.54, 596.31),
}
YEARS = sorted(DESNZ_TABLE3)


def _values(series: CarbonSeries, which: CarbonValues, years: object) -> np.ndarray:
    return carbon_values(series, which, years)[0]


# ---------------------------------------------------------------- DESNZ appraisal values


def test_desnz_central_series_matches_table3_to_the_cent() -> None:
    """DESNZ Table 3 central column 2020-2050 (e.g. 2020 £253.19,
    2050 £397.54), to the cent."""
    expected = [DESNZ_TABLE3[y][1] for y in YEARS]
    np.testing.assert_allclose(_values(DESNZ, CarbonValues.CENTRAL, YEARS), expected, atol=5e-3)


def test_desnz_2030_low_and_high_to_the_cent() -> None:
    """DESNZ Table 3: 2030 low £147.25, central £294.50, high £441.75
    (0.5 × and 1.5 × central, exact to the cent)."""
    assert float(_values(DESNZ, CarbonValues.LOW, 2030)) == pytest.approx(147.25, abs=5e-3)
    assert float(_values(DESNZ, CarbonValues.CENTRAL, 2030)) == pytest.approx(294.50, abs=5e-3)
    assert float(_values(DESNZ, CarbonValues.HIGH, 2030)) == pytest.approx(441.75, abs=5e-3)


def test_desnz_low_and_high_columns_within_the_tables_rounding() -> None:
    """DESNZ Table 3, low and high columns 2020-2050. Low = 0.5 × central and
    high = 1.5 × central hold exactly in the unrounded series, but every published figure is
    rounded to the cent, so 0.5 × (rounded central) can differ from the rounded low by up to
    0.5 × 0.005 + 0.005 = 0.0075, and the high by 1.5 × 0.005 + 0.005 = 0.0125 (e.g. 2021:
    0.5 × 257.05 = 128.525 but the table prints 128.52)."""
    low = _values(DESNZ, CarbonValues.LOW, YEARS)
    high = _values(DESNZ, CarbonValues.HIGH, YEARS)
    np.testing.assert_allclose(low, [DESNZ_TABLE3[y][0] for y in YEARS], atol=0.0075 + 1e-9)
    np.testing.assert_allclose(high, [DESNZ_TABLE3[y][2] for y in YEARS], atol=0.0125 + 1e-9)


def test_desnz_ratios_and_price_base() -> None:
    """DESNZ Table 3: low and high are 50 % and 150 % of central; values in 2022 prices."""
    central = _values(DESNZ, CarbonValues.CENTRAL, YEARS)
    np.testing.assert_allclose(_values(DESNZ, CarbonValues.LOW, YEARS), 0.5 * central, rtol=1e-15)
    np.testing.assert_allclose(_values(DESNZ, CarbonValues.HIGH, YEARS), 1.5 * central, rtol=1e-15)
    assert CARBON_TABLES[DESNZ].price_base == 2022


def test_desnz_inside_the_range_is_not_extended() -> None:
    """DESIGN.md "Carbon": only years outside a series are extended and said to be."""
    _, source = carbon_values(DESNZ, CarbonValues.CENTRAL, [2020, 2035, 2050])
    assert "extended" not in source
    assert "DESNZ" in source


def test_desnz_extended_after_2050_at_the_average_growth() -> None:
    """DESIGN.md "Carbon": outside the series, extend at its own average
    growth. Hand calculation: g = (397.54 / 253.19) ** (1/30) (2020 -> 2050), so
    2051 = 397.54 g and 2060 = 397.54 g**10."""
    g = (397.54 / 253.19) ** (1 / 30)
    values, source = carbon_values(DESNZ, CarbonValues.CENTRAL, [2051, 2060])
    np.testing.assert_allclose(values, [397.54 * g, 397.54 * g**10], rtol=1e-12)
    assert "extended" in source
    assert f"{g - 1:.2%}" in source  # 1.52 % a year


def test_desnz_extended_back_before_2020_for_a_2008_base() -> None:
    """DESIGN.md "Carbon": for a 2008-base scenario extend the series backward at its own
    growth. Hand calculation: 2019 central = 253.19 / g, 2008 = 253.19 / g**12, with
    g = (397.54 / 253.19) ** (1/30); low 2019 = 0.5 × 253.19 / 1.015152 = £124.71."""
    g = (397.54 / 253.19) ** (1 / 30)
    values, source = carbon_values(DESNZ, CarbonValues.CENTRAL, [2008, 2019])
    np.testing.assert_allclose(values, [253.19 / g**12, 253.19 / g], rtol=1e-12)
    assert "extended" in source
    low = float(_values(DESNZ, CarbonValues.LOW, 2019))
    assert low == pytest.approx(0.5 * 253.19 / g, rel=1e-12)
    assert round(low, 2) == 124.71


def test_average_growth_property() -> None:
    """Hand calculation: (397.54 / 253.19) ** (1/30) − 1 = 1.515 % a year."""
    assert CARBON_TABLES[DESNZ].growth == pytest.approx(
        (397.54 / 253.19) ** (1 / 30) - 1, rel=1e-12
    )


def test_source_names_years_outside_on_both_sides_without_claiming_the_middle() -> None:
    """DESIGN.md "Carbon": the source string says which years were extended. Years 2019 and
    2051 were extended; 2020-2050 were not, so the text must not say "2019-2051"."""
    _, source = carbon_values(DESNZ, CarbonValues.CENTRAL, [2019, 2030, 2051])
    assert "extended" in source
    assert "2019-2051" not in source


# ---------------------------------------------------------------- Shadow Price of Carbon


def test_spc_2008_and_2009() -> None:
    """Hansard HC 29 Apr 2008: £26.50 in 2008 in 2008 prices, rising 2 %
    a year: 2009 = 26.50 × 1.02 = £27.03."""
    values = _values(SPC, CarbonValues.CENTRAL, [2008, 2009])
    np.testing.assert_allclose(values, [26.50, 27.03], rtol=1e-15)
    assert CARBON_TABLES[SPC].price_base == 2008


def test_spc_2050() -> None:
    """ENDS report (Dec 2007): "reaching about £60.80 in 2008 prices by 2050". Hand
    calculation of the published rule: 26.50 × 1.02 ** 42 = £60.877, which is 0.13 % above
    the quoted round figure; asserted exactly against the rule and within 0.2 % of £60.80."""
    value = float(_values(SPC, CarbonValues.CENTRAL, 2050))
    assert value == pytest.approx(26.50 * 1.02**42, rel=1e-12)
    assert value == pytest.approx(60.80, rel=2e-3)


def test_spc_range_minus_10_plus_20_percent() -> None:
    """ENDS report (Dec 2007): range −10 % / +20 %, i.e. £23.85 / £31.80 in 2008; the same
    ratios apply every year (hand: 0.9 × 26.5 × 1.02**10 and 1.2 × ... for 2018)."""
    years = [2008, 2018]
    np.testing.assert_allclose(
        _values(SPC, CarbonValues.LOW, years), [23.85, 0.9 * 26.5 * 1.02**10], rtol=1e-13
    )
    np.testing.assert_allclose(
        _values(SPC, CarbonValues.HIGH, years), [31.80, 1.2 * 26.5 * 1.02**10], rtol=1e-13
    )


def test_spc_extended_at_2_percent_both_ways() -> None:
    """DESIGN.md "Carbon": outside 2008-2050 the SPC grows at its own 2 % a year. Hand:
    2007 = 26.50 / 1.02, 2051 = 26.50 × 1.02 ** 43."""
    values, source = carbon_values(SPC, CarbonValues.CENTRAL, [2007, 2051])
    np.testing.assert_allclose(values, [26.50 / 1.02, 26.50 * 1.02**43], rtol=1e-12)
    assert "extended" in source
    assert "Shadow Price of Carbon" in source


def test_shape_of_years_is_kept() -> None:
    """STYLE.md "Arrays": any shape in, the same shape out (values from DESNZ Table 3)."""
    values = _values(DESNZ, CarbonValues.CENTRAL, [[2020, 2030], [2040, 2050]])
    assert values.shape == (2, 2)
    np.testing.assert_allclose(values, [[253.19, 294.50], [342.55, 397.54]], atol=5e-3)


# ---------------------------------------------------------------- carbon cost


def test_carbon_cost_is_tonnes_times_value() -> None:
    """DESIGN.md "Carbon": tonnes × £/t. Hand: 300 t (the Cabinet Office's Flex claim, CIO 2007) at
    £26.50 = £7,950; 120 t at £27.03 = £3,243.60."""
    got = carbon_cost([300.0, 120.0], [26.50, 27.03])
    np.testing.assert_allclose(got, [7950.0, 3243.6], rtol=1e-14)


def test_carbon_cost_broadcasts_over_options_and_years() -> None:
    """Hand calculation: (options, years) tonnes × (years,) values."""
    got = carbon_cost([[1.0, 2.0], [0.0, -1.0]], [10.0, 20.0])
    np.testing.assert_allclose(got, [[10.0, 40.0], [0.0, -20.0]])


@pytest.mark.parametrize("bad", [float("nan"), float("inf")])
def test_carbon_cost_rejects_non_finite_tonnes(bad: float) -> None:
    """Docstring of carbon_cost: tonnes of CO2e must be finite."""
    with pytest.raises(ValueError, match="finite"):
        carbon_cost([1.0, bad], [26.5, 26.5])
