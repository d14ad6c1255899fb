"""Real prices with a GDP-deflator series: deflating, interpolating, extrapolating, rebasing.

Sources: GB 2018 Table 1 and 5.11-5.12 the HMT GDP
deflator (Dec 2025 QNA, 2024 = 100), and hand calculation.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from appraisal.prices import deflator_index, real_terms, rebase_factor
from options.model import GDP_DEFLATOR

GB2018_TABLE1 = [1000, 980, 961, 942, 924, 906]  # GB 2018 Table 1, to the pound


def test_gb2018_table1_nominal_to_real_at_2_percent() -> None:
    """GB 2018 Table 1: £1,000 nominal a year, deflator rising 2 %
    a year, is worth 1,000, 980, 961, 942, 924, 906 in base-year prices (to the pound)."""
    table = [(2020 + t, 100 * 1.02**t) for t in range(6)]
    real, notes = real_terms([1000] * 6, range(2020, 2026), 2020, table)
    assert np.round(real).astype(int).tolist() == GB2018_TABLE1
    np.testing.assert_allclose(real, [1000 / 1.02**t for t in range(6)], rtol=1e-12)
    assert notes == ()


def test_real_terms_formula_by_hand_with_the_shipped_deflator() -> None:
    """DESIGN.md "Prices": real = nominal × D(price base) / D(year). Hand calculation with
    HMT deflator values: £1m nominal in 2009, in 2008 prices = 1e6 × 66.8900 / 68.2170."""
    real, notes = real_terms([1_000_000.0], [2009], 2008, GDP_DEFLATOR)
    assert float(real[0]) == pytest.approx(1e6 * 66.89 / 68.2170, rel=1e-12)
    assert notes == ()


def test_known_years_come_back_unchanged_with_no_notes() -> None:
    """HMT deflator values: a known year is its table value, with nothing to note."""
    index, notes = deflator_index(GDP_DEFLATOR, [2007, 2008, 2022, 2024])
    np.testing.assert_allclose(index, [64.7322, 66.89, 90.5005, 100.0], rtol=1e-12)
    assert notes == ()


def test_interpolation_between_known_years_is_geometric() -> None:
    """Docstring of deflator_index: constant growth between the known years either side.

    Hand calculation with HMT deflator values: 2015 is halfway from 2010 (69.1217) to
    2020 (85.2137), so D(2015) = sqrt(69.1217 × 85.2137), and every year in the gap grows by
    (85.2137 / 69.1217) ** (1/10).
    """
    years = list(range(2010, 2021))
    index, notes = deflator_index(GDP_DEFLATOR, years)
    assert float(index[5]) == pytest.approx(math.sqrt(69.1217 * 85.2137), rel=1e-12)
    step = (85.2137 / 69.1217) ** 0.1
    np.testing.assert_allclose(index[1:] / index[:-1], step, rtol=1e-12)
    assert notes == ("interpolated 2011-2019",)


def test_interpolation_names_one_or_two_years_individually() -> None:
    """Docstring example of deflator_index: two interpolated years are listed by name."""
    _, notes = deflator_index(GDP_DEFLATOR, [2011, 2013])
    assert notes == ("interpolated 2011, 2013",)


def test_extrapolation_at_the_last_growth_rate_with_a_note() -> None:
    """GB 2018 5.12: beyond the series, extrapolate at the growth rate of
    its final year. Hand calculation: g = 100 / 96.2507 (2023 -> 2024), D(2025) = 100 g,
    D(2027) = 100 g**3; g - 1 = 3.8953 %, printed as 3.9 %."""
    g = 100.0 / 96.2507
    index, notes = deflator_index(GDP_DEFLATOR, [2025, 2027])
    np.testing.assert_allclose(index, [100 * g, 100 * g**3], rtol=1e-12)
    assert notes == ("extrapolated 2025, 2027 at 3.9% a year",)


def test_docstring_example_interpolated_and_extrapolated_together() -> None:
    """Hand calculation: 100 -> 121 over two years is 10 % a year, so D(2009) = 110; the last
    step 121 -> 133.1 is also 10 %, so D(2012) = 133.1 × 1.1 = 146.41."""
    index, notes = deflator_index([(2008, 100.0), (2010, 121.0), (2011, 133.1)], [2009, 2012])
    np.testing.assert_allclose(index, [110.0, 146.41], rtol=1e-12)
    assert notes == ("interpolated 2009", "extrapolated 2012 at 10.0% a year")


def test_single_year_table_extrapolates_flat() -> None:
    """Degenerate case: one known value gives no growth rate, so later years hold it
    (growth 0 % by construction)."""
    index, notes = deflator_index([(2008, 80.0)], [2008, 2010])
    np.testing.assert_allclose(index, [80.0, 80.0])
    assert notes == ("extrapolated 2010 at 0.0% a year",)


def test_shape_of_years_is_kept() -> None:
    """STYLE.md "Arrays": the output has the shape of the years asked for."""
    index, _ = deflator_index(GDP_DEFLATOR, [[2008, 2009], [2022, 2024]])
    assert index.shape == (2, 2)
    assert float(index[1, 1]) == pytest.approx(100.0, rel=1e-12)


def test_year_before_the_series_is_an_error_naming_it() -> None:
    """DESIGN.md "Prices": a year before the series is an error naming it."""
    with pytest.raises(ValueError, match=r"starts in 2007; no index for 2005, 2006"):
        deflator_index(GDP_DEFLATOR, [2006, 2008, 2005])


def test_price_base_before_the_series_is_an_error_naming_it() -> None:
    """DESIGN.md "Prices": the price base year needs an index too."""
    with pytest.raises(ValueError, match="2001"):
        real_terms([1.0], [2008], 2001, GDP_DEFLATOR)


def test_empty_series_is_an_error() -> None:
    """Degenerate case: no deflator values at all."""
    with pytest.raises(ValueError, match="empty"):
        deflator_index([], [2008])


def test_rebase_2022_prices_to_2008_with_the_shipped_deflator() -> None:
    """HMT GDP deflator (2024 = 100): 2008 = 66.8900, 2022 = 90.5005,
    so £1 in 2022 prices is £66.89 / 90.5005 = £0.73911 in 2008 prices."""
    factor, notes = rebase_factor(2022, 2008, GDP_DEFLATOR)
    assert factor == pytest.approx(66.89 / 90.5005, rel=1e-12)
    assert notes == ()


def test_rebase_round_trip_is_one() -> None:
    """Hand calculation: (a / b) × (b / a) = 1."""
    there, _ = rebase_factor(2008, 2022, GDP_DEFLATOR)
    back, _ = rebase_factor(2022, 2008, GDP_DEFLATOR)
    assert there * back == pytest.approx(1.0, rel=1e-14)


def test_rebase_to_an_interpolated_year_notes_it() -> None:
    """Hand calculation: D(2015) = sqrt(69.1217 × 85.2137) (geometric midpoint of 2010 and
    2020), so 2022 -> 2015 prices multiplies by D(2015) / 90.5005."""
    factor, notes = rebase_factor(2022, 2015, GDP_DEFLATOR)
    assert factor == pytest.approx(math.sqrt(69.1217 * 85.2137) / 90.5005, rel=1e-12)
    assert notes == ("interpolated 2015",)
