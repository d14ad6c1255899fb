"""Carbon: tonnes of CO2e valued at the published appraisal values.

Two series: DESNZ's appraisal values (2023 update; one series for all emissions
since the 2021 review) and Defra's Shadow Price of Carbon (December 2007), the
values an appraisal in 2007-08 used. Years outside a series are extended at the
series' own average growth rate, and the source string says so.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from options.model import CarbonSeries, CarbonValues

_DESNZ_CENTRAL = (
    253.19, 257.05, 260.96, 264.93, 268.97, 273.06, 277.22, 281.44, 285.73, 290.08,
    294.50, 298.98, 303.54, 308.16, 312.85, 317.62, 322.45, 327.36, 332.35, 337.41,
    342.55, 347.69, 352.90, 358.20, 363.57, 369.02, 374.56, 380.18, 385.88, 391.67,
    397.54,
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class CarbonTable:
    """A published series of £/tCO2e by calendar year, in one price base."""

    series: CarbonSeries
    years: tuple[int, ...]
    central: tuple[float, ...]
    low_ratio: float  # low = low_ratio × central
    high_ratio: float
    price_base: int
    source: str

    @property
    def growth(self) -> float:
        """Average annual growth of the central series over its published years."""
        span = self.years[-1] - self.years[0]
        return float((self.central[-1] / self.central[0]) ** (1.0 / span) - 1.0)


CARBON_TABLES: dict[CarbonSeries, CarbonTable] = {
    CarbonSeries.APPRAISAL_2023: CarbonTable(
        CarbonSeries.APPRAISAL_2023,
        tuple(range(2020, 2051)),
        _DESNZ_CENTRAL,
        0.5,
        1.5,
        2022,
        "DESNZ (Nov 2023) Valuation of energy use and greenhouse gas emissions for appraisal, "
        "data tables 1-19, Table 3: £/tCO2e in 2022 prices, 2020-2050 (low 50%, high 150% of "
        "central)",
    ),
    CarbonSeries.SHADOW_PRICE_2007: CarbonTable(
        CarbonSeries.SHADOW_PRICE_2007,
        tuple(range(2008, 2051)),
        tuple(26.50 * 1.02 ** (y - 2008) for y in range(2008, 2051)),
        0.9,
        1.2,
        2008,
        "Defra (Dec 2007) Shadow Price of Carbon: £26.50/tCO2e in 2008 in 2008 prices, rising "
        "2% a year in real terms (Hansard HC 29 Apr 2008); range -10%/+20%",
    ),
}


def carbon_values(
    series: CarbonSeries, which: CarbonValues, years: npt.ArrayLike
) -> tuple[npt.NDArray[np.float64], str]:
    """£ per tonne CO2e in each calendar year, in the series' own price base.

    Returns the values and a source string that names any years extended outside
    the published range.

    Examples
    --------
    >>> spc = CarbonSeries.SHADOW_PRICE_2007
    >>> values, _ = carbon_values(spc, CarbonValues.CENTRAL, [2008, 2009])
    >>> values.round(2).tolist()
    [26.5, 27.03]
    >>> values, source = carbon_values(CarbonSeries.APPRAISAL_2023, CarbonValues.LOW, [2019, 2020])
    >>> values.round(2).tolist(), "extended" in source
    ([124.71, 126.6], True)
    """
    table = CARBON_TABLES[series]
    y = np.asarray(years, dtype=int)
    first, last = table.years[0], table.years[-1]
    central = np.asarray(table.central)
    inside = central[np.clip(y - first, 0, len(central) - 1)]
    g = np.log1p(table.growth)
    extended = np.where(
        y < first, central[0] * np.exp(g * (y - first)), central[-1] * np.exp(g * (y - last))
    )
    value = np.where((y >= first) & (y <= last), inside, extended)
    ratio = {
        CarbonValues.LOW: table.low_ratio,
        CarbonValues.CENTRAL: 1.0,
        CarbonValues.HIGH: table.high_ratio,
    }[which]
    source = f"{table.source}; {which.value} values"
    before = sorted({int(v) for v in y.ravel() if v < first})
    after = sorted({int(v) for v in y.ravel() if v > last})
    spans = [_span(x) for x in (before, after) if x]
    if spans:
        source += (
            f"; {' and '.join(spans)} outside the published {first}-{last} range "
            f"extended at the series' average growth of {table.growth:.2%} a year"
        )
    return value * ratio, source


def _span(years: list[int]) -> str:
    return f"year {years[0]}" if len(years) == 1 else f"years {years[0]}-{years[-1]}"


def carbon_cost(tonnes: npt.ArrayLike, values: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """Cost of emissions: tonnes × £ per tonne, element by element.

    >>> carbon_cost([300.0], [26.5]).tolist()
    [7950.0]
    """
    t = np.asarray(tonnes, dtype=float)
    if np.any(~np.isfinite(t)):
        raise ValueError("tonnes of CO2e must be finite")
    return t * np.asarray(values, dtype=float)
