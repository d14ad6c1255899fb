"""Green Book discounting: the declining social-time-preference schedules.

The base year is year index ``t = 0`` and undiscounted; a flow in year ``t`` is
multiplied by ``DF(t)``. Beyond year 30 the rates fall in bands and compound
piecewise: ``DF(t) = DF(30) / 1.03**(t - 30)`` for ``30 < t <= 75``, and so on.

The schedules themselves are figures of a parameter vintage
(:class:`~options.parameters_model.Parameters`): a name such as ``"green-book"`` is
looked up in the scenario's vintage, and a vintage that lacks one (the 2003 Green Book
has neither the health nor the reduced schedule) lends its standard schedule, with a note.

References
----------
HM Treasury, The Green Book (2018) 5.55 and Table 8; The Green Book (2003) Annex 6
Table 6.1; SCIM Table 1 (factors to 4 d.p.); DfT TAG "Forthcoming change: Green Book
updates" (2026) for the reduced schedule as a sensitivity test.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from options.model import default_parameters
from options.parameters_model import HEALTH, STANDARD, Parameters, Schedule

__all__ = ["Schedule", "annuity_factor", "discount_factors", "first_rate", "schedule_in"]


def _band_years(t: npt.NDArray[np.float64], ends: tuple[int, ...]) -> npt.NDArray[np.float64]:
    """Years spent in each band up to ``t``: shape ``t.shape + (len(ends) + 1,)``."""
    starts = np.array((0, *ends), dtype=float)
    lengths = np.diff(np.append(starts, np.inf))
    return np.clip(t[..., None] - starts, 0.0, lengths)


def schedule_in(
    parameters: Parameters, discounting: str | float, *, health: bool = False
) -> tuple[Schedule | float, tuple[str, ...]]:
    """The schedule a scenario's ``discounting`` names in a vintage, and a note when the
    vintage has none of that name and its standard schedule stands in.

    ``health=True`` asks for the health schedule (lines marked ``"health": true``). A
    constant rate comes back as it is.

    Examples
    --------
    The 2003 Green Book has one schedule (Annex 6 Table 6.1): the reduced rate came with
    the July 2008 supplementary guidance, the separate health rate later still.

    >>> from options.parameters import load_parameters
    >>> old = load_parameters("green-book-2003")
    >>> schedule, notes = schedule_in(old, "green-book-reduced")
    >>> schedule.name, notes[0][:60]
    ('green-book', 'The green-book-2003 parameters have no green-book-reduced sc')
    >>> schedule_in(old, 0.05)
    (0.05, ())
    """
    name = HEALTH if health else discounting
    if not isinstance(name, str):
        return float(name), ()
    found = parameters.schedule(name)
    if found is not None:
        return found, ()
    standard = parameters.schedule(STANDARD)
    assert standard is not None  # every vintage has it (checked as it loads)
    use = "health lines are" if health else "the scenario is"
    note = (
        f"The {parameters.id} parameters have no {name} schedule, so {use} discounted with "
        f"their standard one ({', '.join(f'{r:.1%}' for r in standard.rates[:2])}, …): "
        f"{standard.source}."
    )
    return standard, (note,)


def first_rate(parameters: Parameters, discounting: str | float) -> float:
    """The rate of a schedule's first band in a vintage (the constant rate as it is).

    >>> from options.parameters import load_parameters
    >>> first_rate(load_parameters("green-book-2022"), "green-book-reduced")
    0.03
    """
    schedule, _ = schedule_in(parameters, discounting)
    return schedule if isinstance(schedule, float) else schedule.rates[0]


def discount_factors(
    years: npt.ArrayLike,
    schedule: str | float | Schedule = STANDARD,
    parameters: Parameters | None = None,
) -> npt.NDArray[np.float64]:
    """Discount factors ``DF(t)`` for year indices ``t >= 0``.

    Parameters
    ----------
    years : array_like of int
        Year index from the base year (``calendar year - base year``), any shape.
    schedule : Schedule, str or float
        A declining schedule; or its name in ``parameters`` (``"green-book"``,
        ``"green-book-health"``, ``"green-book-reduced"``); or a constant real rate
        as a fraction (``0.05`` = 5 %; ``0`` allowed).
    parameters : Parameters, optional
        The vintage a name is looked up in (default: the current one).

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

    The 2003 Green Book's schedule (Annex 6 Table 6.1), given as a value:

    >>> gb2003 = Schedule("green-book", (0.035, 0.030, 0.025, 0.020, 0.015, 0.010),
    ...                   "Green Book (2003) Annex 6 Table 6.1", (30, 75, 125, 200, 300))
    >>> round(float(discount_factors(31, gb2003)), 6)   # 1/1.035**30/1.03
    0.345901
    """
    t = np.asarray(years, dtype=float)
    if np.any(t < 0) or not np.all(np.isfinite(t)):
        raise ValueError("years must be finite year indices >= 0 (calendar year - base year)")
    if isinstance(schedule, str):
        vintage = default_parameters() if parameters is None else parameters
        found = vintage.schedule(schedule)
        if found is None:
            raise ValueError(
                f"unknown discount schedule {schedule!r}; the {vintage.id} parameters have "
                f"{', '.join(vintage.schedule_names)}"
            )
        schedule = found
    if isinstance(schedule, Schedule):
        log_growth = np.log1p(np.array(schedule.rates))
        return np.exp(-(_band_years(t, schedule.ends) @ log_growth))
    rate = float(schedule)
    if not 0.0 <= rate <= 1.0:
        raise ValueError(f"a constant discount rate is a fraction in [0, 1], not {rate}")
    return np.exp(-t * np.log1p(rate))


def annuity_factor(
    life: int, schedule: str | float | Schedule = STANDARD, parameters: Parameters | None = None
) -> float:
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
    return float(discount_factors(np.arange(1, life + 1), schedule, parameters).sum())
