"""Carbon: tonnes of CO2e valued at the published appraisal values.

Two series: DESNZ's appraisal values (2023 update; one series for all emissions
since the 2021 review) and Defra's Shadow Price of Carbon (December 2007), the
values an appraisal in 2007-08 used. Years outside a series are extended at the
series' own average growth rate, and the source string says so. The series are
figures of a parameter vintage (:class:`~options.parameters_model.Parameters`): the
2007-08 vintage offers the Shadow Price of Carbon only, today's both (DESNZ's its own).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from options.model import CarbonSeries, CarbonValues, default_parameters
from options.parameters_model import CarbonTable, Parameters

__all__ = ["CarbonTable", "carbon_cost", "carbon_table_in", "carbon_values"]


def carbon_table_in(
    parameters: Parameters, series: CarbonSeries
) -> tuple[CarbonTable, tuple[str, ...]]:
    """The carbon series a scenario names, in a vintage; the vintage's own series, with
    a note, when it does not offer that one (DESNZ's 2023 values were not published in
    2007-08).

    Examples
    --------
    >>> from options.parameters import load_parameters
    >>> table, notes = carbon_table_in(load_parameters("green-book-2003"),
    ...                                CarbonSeries.APPRAISAL_2023)
    >>> table.series.value, notes[0][:62]
    ('shadow-price-2007', 'The green-book-2003 parameters have no appraisal-2023 carbon v')
    """
    found = parameters.carbon_table(series)
    if found is not None:
        return found, ()
    own = parameters.carbon[0]
    note = (
        f"The {parameters.id} parameters have no {series.value} carbon values, so their own "
        f"series, {own.series.value}, is used."
    )
    return own, (note,)


def carbon_values(
    series: CarbonSeries | CarbonTable,
    which: CarbonValues,
    years: npt.ArrayLike,
    parameters: Parameters | None = None,
) -> tuple[npt.NDArray[np.float64], str]:
    """£ per tonne CO2e in each calendar year, in the series' own price base.

    Returns the values and a source string that names any years extended outside
    the published range. ``series`` is a table, or a series' name in ``parameters``
    (default: the current vintage).

    Examples
    --------
    The Shadow Price of Carbon: £26.50 in 2008 rising 2 % a year in real terms, so
    26.50 × 1.02 = £27.03 in 2009 (2008 prices).

    >>> spc = CarbonSeries.SHADOW_PRICE_2007
    >>> values, _ = carbon_values(spc, CarbonValues.CENTRAL, [2008, 2009])
    >>> values.round(2).tolist()
    [26.5, 27.03]
    >>> values, source = carbon_values(CarbonSeries.APPRAISAL_2023, CarbonValues.LOW, [2019, 2020])
    >>> values.round(2).tolist(), "extended" in source
    ([124.71, 126.6], True)
    """
    table = _table(series, parameters)
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


def _table(series: CarbonSeries | CarbonTable, parameters: Parameters | None) -> CarbonTable:
    """A table as it is, or a series' table in a vintage (default: the current one)."""
    if isinstance(series, CarbonTable):
        return series
    vintage = default_parameters() if parameters is None else parameters
    found = vintage.carbon_table(series)
    if found is None:
        raise ValueError(f"the {vintage.id} parameters have no {series.value} carbon values")
    return found


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
