"""Green Book discounting: the declining social-time-preference schedules.

The base year is year index ``t = 0`` and undiscounted; a flow in year ``t`` is
multiplied by ``DF(t)``. Beyond year 30 the rates fall in bands and compound
piecewise: ``DF(t) = DF(30) / 1.03**(t - 30)`` for ``30 < t <= 75``, and so on.

References
----------
HM Treasury, The Green Book (2018) 5.55 and Table 8; SCIM Table 1 (factors to
4 d.p.); DfT TAG "Forthcoming change: Green Book updates" (2026) for the reduced
schedule as a sensitivity test.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

#: Last year index of each band; the final band is open-ended.
BAND_ENDS = (30, 75, 125, 200, 300)


@dataclass(frozen=True, slots=True)
class Schedule:
    """A named declining schedule: one rate per band, with its source."""

    name: str
    rates: tuple[float, float, float, float, float, float]
    source: str


SCHEDULES: dict[str, Schedule] = {
    s.name: s
    for s in (
        Schedule(
            "green-book",
            (0.035, 0.030, 0.025, 0.020, 0.015, 0.010),
            "HM Treasury Green Book (2018) Table 8, standard STPR schedule",
        ),
        Schedule(
            "green-book-health",
            (0.015, 0.0129, 0.0107, 0.0086, 0.0064, 0.0043),
            "HM Treasury Green Book (2018) Table 8, health schedule (risk to health and life)",
        ),
        Schedule(
            "green-book-reduced",
            (0.030, 0.0257, 0.0214, 0.0171, 0.0129, 0.0086),
            "HM Treasury Green Book (2018) Table 8, reduced rate (pure time preference 0); "
            "a sensitivity test beyond 50 years in the February 2026 Green Book",
        ),
    )
}


def _band_years(t: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Years spent in each band up to ``t``: shape ``t.shape + (6,)``."""
    starts = np.array((0, *BAND_ENDS), dtype=float)
    lengths = np.diff(np.append(starts, np.inf))
    return np.clip(t[..., None] - starts, 0.0, lengths)


def discount_factors(
    years: npt.ArrayLike, schedule: str | float = "green-book"
) -> npt.NDArray[np.float64]:
    """Discount factors ``DF(t)`` for year indices ``t >= 0``.

    Parameters
    ----------
    years : array_like of int
        Year index from the base year (``calendar year - base year``), any shape.
    schedule : str or float
        ``"green-book"``, ``"green-book-health"``, ``"green-book-reduced"``, or a
        constant real rate as a fraction (``0.05`` = 5 %; ``0`` allowed).

    Returns
    -------
    ndarray of float
        Same shape as ``years``; ``DF(0) = 1``, non-increasing, in (0, 1].

    Notes
    -----
    ``DF(t) = prod_b (1 + r_b) ** -n_b(t)`` where ``n_b(t)`` is the number of the
    years 1..t that fall in band ``b`` (1-30, 31-75, 76-125, 126-200, 201-300, 301+).

    Examples
    --------
    Green Book (2018) Table 2: £1,000 in year 10 at 3.5 % is worth £709 today.

    >>> discount_factors([0, 1, 31]).round(6)   # 3.5% to year 30, then 3.0%
    array([1.      , 0.966184, 0.345901])
    >>> round(1000 * float(discount_factors(10)), 0)
    709.0
    >>> discount_factors([0, 2], 0.05).round(4)
    array([1.   , 0.907])
    """
    t = np.asarray(years, dtype=float)
    if np.any(t < 0) or not np.all(np.isfinite(t)):
        raise ValueError("years must be finite year indices >= 0 (calendar year - base year)")
    if isinstance(schedule, str):
        if schedule not in SCHEDULES:
            raise ValueError(f"unknown discount schedule {schedule!r}; use {', '.join(SCHEDULES)}")
        log_growth = np.log1p(np.array(SCHEDULES[schedule].rates))
        return np.exp(-(_band_years(t) @ log_growth))
    rate = float(schedule)
    if not 0.0 <= rate <= 1.0:
        raise ValueError(f"a constant discount rate is a fraction in [0, 1], not {rate}")
    return np.exp(-t * np.log1p(rate))


def annuity_factor(life: int, schedule: str | float = "green-book") -> float:
    """Sum of ``DF(t)`` for ``t = 1..life``: the PV of £1 a year for ``life`` years.

    Examples
    --------
    SCIM A4.9: at 3.5 % over 7 years the annuity factor is 6.1145 (EAC factor 0.1635).

    >>> round(annuity_factor(7), 4)
    6.1145
    >>> round(1 / annuity_factor(10), 4)
    0.1202
    """
    if life < 1:
        raise ValueError(f"life must be at least one year, not {life}")
    return float(discount_factors(np.arange(1, life + 1), schedule).sum())
