"""Energy from devices: kWh, tonnes of CO2e and the resource cost of electricity.

Each option may run groups of devices (desktop PCs, thin clients, …). Their
electricity is worked out once, here, and enters the appraisal twice, as the Green
Book's supplementary guidance on energy and emissions asks:

- **energy used is a real resource cost**, valued at the long-run variable cost of
  electricity (the cost of supplying one more kWh, without the taxes, levies and
  transfers in a retail price). :func:`with_devices` turns it into generated opex
  lines named ``"energy: <device type>"``, so it is discounted, spread, simulated and
  shown like any other cost line;
- **the emissions** (kWh × the marginal emission factor) are added to the option's
  tonnes of CO2e and valued at the carbon values by :mod:`appraisal.carbon`.

Electricity generation is in the traded sector (the EU ETS in 2008, the UK ETS
now), so part of the carbon price is already inside the electricity price; the value
per kWh should be the long-run variable cost net of that cost, as the government's
tables give it, so that carbon is not counted twice. Every result whose devices are
valued carries :data:`TRADED_NOTE`.

Energy lines carry no optimism-bias uplift: they are a quantity of electricity ×
a published value per kWh, an engineering estimate rather than a contract price or
a project cost, and their uncertainty is the device figures' (a what-if on the
counts, power or hours); they take their category's spread like any opex line.

References
----------
HM Treasury (2022) The Green Book, 6.43-6.45 (energy and greenhouse gas emissions).
DESNZ (Nov 2023) Valuation of energy use and greenhouse gas emissions for appraisal,
and its data tables 1-19: electricity emission factors (marginal, kgCO2e/kWh) and the
long-run variable costs of energy supply (£/kWh, real).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import numpy.typing as npt
import pandas as pd

from options.model import Category, CostLine, DeviceGroup, Option, Scenario, YearMap

Array = npt.NDArray[np.float64]
FRAME_COLUMNS = ("option", "type", "year", "count", "kwh", "tco2e", "value", "paid")
TRADED_NOTE = (
    "Energy: electricity is in the traded sector, so part of the carbon price is already "
    "in the electricity price; the value per kWh entered should be the long-run variable "
    "cost net of that, as the DESNZ tables give it, so that carbon is not counted twice."
)


def device_kwh(groups: Sequence[DeviceGroup], years: npt.ArrayLike) -> Array:
    """kWh each device group uses in each calendar year: ``(groups, years)``.

    Parameters
    ----------
    groups : sequence of DeviceGroup
        Each with a count, kWh a year per device and first and last year in service.
    years : array_like of int
        Calendar years (the last axis of the result).

    Returns
    -------
    ndarray
        count × kWh per device in the group's years in service, 0 outside them.

    Examples
    --------
    4,500 desktop PCs at 85 W for 1,760 hours (8 h × 220 days) use
    4,500 × 85 × 1,760 ÷ 1,000 = 673,200 kWh a year; none before 2008.

    >>> pcs = DeviceGroup("desktop PC", 4500, (2008, 2017), watts=85, hours_per_year=1760)
    >>> device_kwh([pcs], [2007, 2008]).round(1).tolist()
    [[0.0, 673200.0]]
    """
    y = np.asarray(years, dtype=int)
    first = np.array([g.years[0] for g in groups], dtype=int)[:, None]
    last = np.array([g.years[1] for g in groups], dtype=int)[:, None]
    per_group = np.array([g.count * g.kwh for g in groups], dtype=float)[:, None]
    return np.where((y >= first) & (y <= last), per_group, 0.0).reshape(len(groups), y.size)


def device_tonnes(kwh: npt.ArrayLike, factors: npt.ArrayLike) -> Array:
    """Tonnes of CO2e from electricity: kWh × kgCO2e per kWh ÷ 1,000.

    Notes
    -----
    Use the marginal emission factor (the generation that a change in use
    displaces), not the grid average (DESNZ data tables 1-19, electricity emission
    factors). Broadcasts: ``factors`` by year on the last axis.

    Examples
    --------
    673,200 kWh × 0.43 kgCO2e/kWh ÷ 1,000 = 289.476 t.

    >>> device_tonnes([673200.0], [0.43]).round(3).tolist()
    [289.476]
    """
    return np.asarray(kwh, dtype=float) * np.asarray(factors, dtype=float) / 1000.0


def energy_cost(kwh: npt.ArrayLike, value_per_kwh: npt.ArrayLike) -> Array:
    """£ of electricity: kWh × £ per kWh (the long-run variable cost, or a price paid).

    Examples
    --------
    673,200 kWh × £0.07 = £47,124.

    >>> energy_cost([673200.0], [0.07]).round(2).tolist()
    [47124.0]
    """
    return np.asarray(kwh, dtype=float) * np.asarray(value_per_kwh, dtype=float)


def year_values(
    table: YearMap, years: npt.ArrayLike, *, before: float | None = None
) -> tuple[Array, tuple[int, ...]]:
    """A series' value in each calendar year, the last one given carried forward.

    Returns the values and the years that took a carried value. A year before the
    first given is a ``ValueError`` naming it (the loader refuses it), unless
    ``before`` gives the value to use there (``nan`` for an optional series).

    Examples
    --------
    >>> values, carried = year_values(((2008, 0.43), (2010, 0.40)), [2008, 2009, 2011])
    >>> values.tolist(), carried
    ([0.43, 0.43, 0.4], (2009, 2011))
    """
    y = np.asarray(years, dtype=int)
    given = np.array([t[0] for t in table], dtype=int)
    values = np.array([t[1] for t in table], dtype=float)
    early = y < given[0] if given.size else np.ones(y.shape, dtype=bool)
    if early.any() and before is None:
        raise ValueError(f"years: no value for {int(y[early][0])}, before the first given")
    at = np.clip(np.searchsorted(given, y, side="right") - 1, 0, max(given.size - 1, 0))
    out = np.where(early, before if before is not None else np.nan, values[at] if given.size else 0)
    carried = tuple(int(v) for v in y[~early & ~np.isin(y, given)])
    return out.astype(float), carried


def _span(years: Sequence[int]) -> str:
    return str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"


def with_devices(s: Scenario) -> tuple[Scenario, tuple[str, ...]]:
    """The scenario with its devices' energy as cost lines and their tonnes added.

    Each option's device groups become opex lines ``"energy: <type>"`` (kWh × the
    value per kWh, £ real in the price base, no optimism bias) and their tonnes
    (kWh × the marginal factor ÷ 1,000) are added, year by year, to the option's
    ``carbon_tco2e``. Returns the scenario and the notes: the traded-sector caveat,
    years that took a carried-forward value, and options that give both typed
    tonnes and devices. A scenario without devices comes back as it is.
    """
    owners = [o for o in s.options if o.devices]
    if not owners:
        return s, ()
    calendar = _calendar(s)
    factors, f_carried = year_values(s.energy.emission_factors, calendar)
    value, v_carried = year_values(s.energy.value_per_kwh, calendar)
    lines: list[CostLine] = []
    options: list[Option] = []
    for o in s.options:
        kwh = device_kwh(o.devices, calendar) if o.devices else np.zeros((0, calendar.size))
        scale = dict(o.generated_scale).get(Category.OPEX.value, 1.0)  # a what-if's opex × k
        lines += _energy_lines(o, kwh, calendar, value * scale, s.energy.source)
        tonnes = device_tonnes(kwh.sum(axis=0), factors) * o.device_tonnes_scale
        options.append(_add_tonnes(o, calendar, tonnes) if o.devices else o)
    used = set(int(y) for y in calendar[device_kwh(_all(s), calendar).sum(axis=0) > 0])
    notes = [TRADED_NOTE]
    for name, carried in (("emission factor", f_carried), ("value per kWh", v_carried)):
        if years := sorted(used & set(carried)):
            notes.append(f"Energy: the {name} for {_span(years)} is carried forward from the "
                         "last year given.")  # fmt: skip
    notes += [
        f"Carbon: {o.name} gives tonnes of CO2e (carbon_tco2e) and devices; the devices' "
        "tonnes are added to them, so the typed tonnes must not include the same devices."
        for o in owners
        if o.carbon_tco2e
    ]
    return replace(s, options=tuple(options), costs=(*s.costs, *lines)), tuple(notes)


def devices_as_lines(s: Scenario) -> Scenario:
    """The scenario with its devices turned into the energy lines and tonnes they give,
    and no devices left (so appraising it again adds nothing): what sensitivity analysis
    varies, where "every option's opex" then includes their energy, and an option's
    emissions can be scaled like typed tonnes.

    >>> from options.examples import load_example
    >>> s = devices_as_lines(load_example())
    >>> any(o.devices for o in s.options), any(c.line.startswith("energy: ") for c in s.costs)
    (False, True)
    """
    if not any(o.devices for o in s.options):
        return s
    flat, _ = with_devices(s)
    return replace(flat, options=tuple(replace(o, devices=()) for o in flat.options))


def _all(s: Scenario) -> list[DeviceGroup]:
    return [g for o in s.options for g in o.devices]


def _calendar(s: Scenario) -> npt.NDArray[np.int64]:
    """Every calendar year from the first device year to the last."""
    groups = _all(s)
    first, last = min(g.years[0] for g in groups), max(g.years[1] for g in groups)
    return np.arange(first, last + 1, dtype=np.int64)


def _energy_lines(
    o: Option, kwh: Array, calendar: npt.NDArray[np.int64], value: Array, source: str
) -> list[CostLine]:
    """One opex line a year for each device group in service, at the value per kWh."""
    out = []
    for g, row in zip(o.devices, kwh, strict=True):
        cited = "; ".join(x for x in (g.source, source) if x)
        for y, k, v in zip(calendar.tolist(), row.tolist(), value.tolist(), strict=True):
            if k > 0:
                note = f"{g.count:,g} × {g.kwh:,.1f} kWh × £{v:g}/kWh (long-run variable cost)"
                out.append(CostLine(o.id, f"energy: {g.type}", Category.OPEX, y, k * v,
                                    notes=note, source=cited,
                                    optimism_bias=False))  # fmt: skip
    return out


def _add_tonnes(o: Option, calendar: npt.NDArray[np.int64], tonnes: Array) -> Option:
    """The option with the devices' tonnes added to its typed ``carbon_tco2e``."""
    total = dict(o.carbon_tco2e)
    for y, t in zip(calendar.tolist(), tonnes.tolist(), strict=True):
        if t > 0:
            total[y] = total.get(y, 0.0) + t
    return replace(o, carbon_tco2e=tuple(sorted(total.items())))


def energy_frame(s: Scenario) -> pd.DataFrame:
    """How the devices' energy was worked out: one row per option, device type and year.

    Columns: ``count`` (devices), ``kwh``, ``tco2e`` (kWh × the marginal factor ÷
    1,000), ``value`` (£ at the long-run variable cost, as appraised) and ``paid``
    (£ at the price paid, the financial view's cash; ``nan`` where no price is given).
    Groups of the same type in one option are added together. Empty without devices.

    Examples
    --------
    >>> from options.model import Energy, OptionKind
    >>> pcs = DeviceGroup("desktop PC", 10, (2008, 2008), kwh_per_year=150.0)
    >>> o = Option("a", "A", OptionKind.IN_HOUSE, devices=(pcs,))
    >>> e = Energy(((2008, 0.5),), ((2008, 0.07),), ((2008, 0.10),))
    >>> row = energy_frame(Scenario("s", 2007, (o,), (), energy=e)).iloc[0]
    >>> [round(float(row[c]), 2) for c in ("count", "kwh", "tco2e", "value", "paid")]
    [10.0, 1500.0, 0.75, 105.0, 150.0]
    """
    if not _all(s):
        return pd.DataFrame(columns=FRAME_COLUMNS)
    calendar = _calendar(s)
    factors, _ = year_values(s.energy.emission_factors, calendar)
    value, _ = year_values(s.energy.value_per_kwh, calendar)
    paid, _ = year_values(s.energy.price_paid_per_kwh, calendar, before=np.nan)
    rows: list[tuple[object, ...]] = []
    for o in s.options:
        kwh = device_kwh(o.devices, calendar) if o.devices else np.zeros((0, calendar.size))
        for g, row in zip(o.devices, kwh, strict=True):
            on = row > 0
            rows += zip([o.id] * int(on.sum()), [g.type] * int(on.sum()),
                        calendar[on].tolist(), [g.count] * int(on.sum()), row[on].tolist(),
                        device_tonnes(row, factors)[on].tolist(),
                        energy_cost(row, value)[on].tolist(),
                        energy_cost(row, paid)[on].tolist(), strict=True)  # fmt: skip
    frame = pd.DataFrame(rows, columns=FRAME_COLUMNS)
    keys = ["option", "type", "year"]
    return frame.groupby(keys, sort=False, as_index=False).sum(min_count=1)
