"""Real prices: remove general inflation with a GDP-deflator series.

The Green Book appraises in real prices of one base year (5.11); nominal figures
are converted with the GDP deflator, extrapolated beyond the forecast at the
growth rate of its final year (5.12).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt


def deflator_index(
    table: Sequence[tuple[int, float]], years: npt.ArrayLike
) -> tuple[npt.NDArray[np.float64], tuple[str, ...]]:
    """Index value for each calendar year, filling what the table lacks.

    Parameters
    ----------
    table : sequence of (year, index)
        Known values of the deflator, any base (only ratios matter).
    years : array_like of int
        Calendar years wanted.

    Returns
    -------
    index : ndarray
        One value per year.
    notes : tuple of str
        Which years were interpolated (constant growth between the known years
        either side) or extrapolated (at the growth rate of the last known year,
        Green Book 5.12).

    Raises
    ------
    ValueError
        A year before the first in the table, naming it.

    Examples
    --------
    >>> index, notes = deflator_index([(2008, 100.0), (2010, 121.0), (2011, 133.1)], [2009, 2012])
    >>> index.round(2).tolist(), notes
    ([110.0, 146.41], ('interpolated 2009', 'extrapolated 2012 at 10.0% a year'))
    """
    known = dict(table)
    if not known:
        raise ValueError("the deflator series is empty")
    wanted = np.asarray(years, dtype=int).ravel()
    first, last = min(known), max(known)
    early = sorted({int(y) for y in wanted if y < first})
    if early:
        raise ValueError(
            f"the deflator series starts in {first}; no index for {', '.join(map(str, early))}"
        )
    xs = np.array(sorted(known))
    logs = np.log([known[x] for x in xs])
    growth = logs[-1] - logs[-2] if len(xs) > 1 else 0.0
    out = np.where(
        wanted <= last,
        np.exp(np.interp(wanted, xs, logs)),
        np.exp(logs[-1] + growth * (wanted - last)),
    )
    between = sorted({int(y) for y in wanted if y < last and y not in known})
    after = sorted({int(y) for y in wanted if y > last})
    notes = []
    if between:
        notes.append("interpolated " + _years_text(between))
    if after:
        notes.append(f"extrapolated {_years_text(after)} at {np.expm1(growth):.1%} a year")
    return out.reshape(np.shape(years)), tuple(notes)


def _years_text(years: list[int]) -> str:
    return f"{years[0]}-{years[-1]}" if len(years) > 2 else ", ".join(map(str, years))


def real_terms(
    amounts: npt.ArrayLike,
    years: npt.ArrayLike,
    price_base: int,
    table: Sequence[tuple[int, float]],
) -> tuple[npt.NDArray[np.float64], tuple[str, ...]]:
    """Convert nominal amounts to real prices of ``price_base``.

    ``real = nominal × D(price_base) / D(year)``.

    Examples
    --------
    Green Book (2018) Table 1: £1,000 a year nominal, deflator rising 2 % a year.

    >>> table = [(2020 + t, 100 * 1.02**t) for t in range(6)]
    >>> real, _ = real_terms([1000] * 6, range(2020, 2026), 2020, table)
    >>> real.round(0).tolist()
    [1000.0, 980.0, 961.0, 942.0, 924.0, 906.0]
    """
    years = np.asarray(years)
    index, notes = deflator_index(table, np.append(years, price_base))
    return np.asarray(amounts, dtype=float) * index[-1] / index[:-1], notes


def rebase_factor(
    from_base: int, to_base: int, table: Sequence[tuple[int, float]]
) -> tuple[float, tuple[str, ...]]:
    """Multiplier taking real prices of ``from_base`` to real prices of ``to_base``.

    >>> round(rebase_factor(2022, 2008, [(2008, 66.89), (2022, 90.5005)])[0], 4)
    0.7391
    """
    index, notes = deflator_index(table, [from_base, to_base])
    return float(index[1] / index[0]), notes
