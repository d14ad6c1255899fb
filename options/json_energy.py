"""The devices of each option and the scenario's ``energy`` section.

An option may list ``"devices"``: groups of one type (desktop PC, thin client, …),
each with a count, its electricity use (``kwh_per_year``, or ``watts`` and
``hours_per_year``), the first and last calendar year in service and a source. The
top-level ``"energy"`` gives the marginal emission factors (kgCO2e per kWh), the
long-run variable cost of electricity (£ per kWh, real, in the price base) and,
optionally, the price paid (£ per kWh, for the financial view), each by year.

Every problem is recorded at its JSON path (``options[2].devices[0].count``) and
nothing is half-applied: the caller raises one InputError. A year after the last
one a series gives takes its last value (the appraisal notes it); a device year
before the first one given is refused, naming the year.
"""

from __future__ import annotations

from dataclasses import replace

from options.errors import Reason
from options.json_reader import _Reader, _year_map
from options.json_sections import check_year, with_option_key
from options.model import DeviceGroup, Energy, Option, YearMap

HOURS_IN_A_YEAR = 8784  # a leap year: no device is on for longer
SERIES = {
    "emission_factors": "kgCO2e per kWh",
    "value_per_kwh": "£ per kWh",
    "price_paid_per_kwh": "£ per kWh",
}


def with_devices(top: _Reader, options: list[Option], base: int | None) -> list[Option]:
    """The options with their ``devices`` read (one Option per item of ``options``)."""

    def read(r: _Reader, o: Option) -> Option:
        return replace(o, devices=tuple(_group(d, base) for d in r.items("devices")))

    return with_option_key(top, options, "devices", read)


def _group(d: _Reader, base: int | None) -> DeviceGroup:
    """One device group; both or neither of kwh_per_year and watts is a problem."""
    count = d.number("count", low=0, reason=Reason.NEGATIVE_VALUE)
    kwh = d.number("kwh_per_year", None, low=0, reason=Reason.NEGATIVE_VALUE)
    watts = d.number("watts", None, low=0, reason=Reason.NEGATIVE_VALUE)
    hours = d.number("hours_per_year", None, low=0, high=HOURS_IN_A_YEAR)
    given = {k for k in ("kwh_per_year", "watts", "hours_per_year") if d.data.get(k) is not None}
    if "kwh_per_year" in given and given & {"watts", "hours_per_year"}:
        d.bad("kwh_per_year", Reason.UNKNOWN_VALUE, f"{d.path}: give kwh_per_year or watts "
              "and hours_per_year, not both")  # fmt: skip
    elif "kwh_per_year" not in given and len(given) < 2:
        d.bad("kwh_per_year", Reason.MISSING_KEY, f"{d.path}: give kwh_per_year, or watts "
              "and hours_per_year (kWh a year = watts × hours ÷ 1000)", None)  # fmt: skip
    first, last = d.integer("first_year"), d.integer("last_year")
    for key, year in (("first_year", first), ("last_year", last)):
        check_year(d, key, year, base)
    if isinstance(first, int) and isinstance(last, int) and first > last:
        d.bad("last_year", Reason.OUT_OF_RANGE, f"{d.where('last_year')}: {last} is before "
              f"the first year {first}")  # fmt: skip
    return DeviceGroup(
        type=d.text("type"),
        count=count,
        years=(first, last),
        kwh_per_year=kwh,
        watts=watts,
        hours_per_year=hours,
        source=d.text("source", ""),
    )


def energy(top: _Reader, options: list[Option]) -> Energy:
    """The ``energy`` section, checked against the devices that need it.

    Every option with devices needs an emission factor and a value per kWh for its
    first device year or earlier; each series' figures are numbers of 0 or more.
    """
    absent = top.data.get("energy") is None
    r = _Reader(top.out, {} if absent else top.data["energy"], "energy", ("energy",))
    series: dict[str, YearMap] = {}
    unread = set()  # a series that is not an object of numbers: its problem is enough
    for key, unit in SERIES.items():
        table = r.get(key, _year_map, (), f"an object of year: {unit}")
        if table is None:
            unread.add(key)
        series[key] = table or ()
        for year, value in series[key]:
            if value < 0:
                r.bad(key, Reason.NEGATIVE_VALUE, f"{r.where(key)}: the figure for {year} "
                      f"must be 0 or more, not {value:g}", value)  # fmt: skip
    for i, o in enumerate(options):
        for j, g in enumerate(o.devices):
            for key in [k for k in ("emission_factors", "value_per_kwh") if k not in unread]:
                _covers(top, f"options[{i}].devices[{j}]", o, g, key, series[key], absent)
    return Energy(
        emission_factors=series["emission_factors"],
        value_per_kwh=series["value_per_kwh"],
        price_paid_per_kwh=series["price_paid_per_kwh"],
        source=r.text("source", ""),
    )


def _covers(
    top: _Reader, path: str, o: Option, g: DeviceGroup, key: str, table: YearMap, absent: bool
) -> None:
    """A device group's first year has a figure in ``energy.<key>`` (or one before it)."""
    first = g.years[0]
    if not isinstance(first, int) or (table and first >= table[0][0]):
        return
    d = _Reader(top.out, {}, path, tuple(_keys(path)))
    what = f"{path}: option '{o.id}' ({g.type}) uses electricity from {first}"
    if not table:
        none = " (there is no energy section)" if absent else ""
        message = f"{what}, but energy.{key} gives no figures{none}"
    else:
        message = f"{what}, before the first year of energy.{key} ({table[0][0]}); give a figure "
        message += f"for {first} (a value is carried forward, never back)"
    d.bad("first_year", Reason.ENERGY_MISSING_YEAR, message, first)


def _keys(path: str) -> list[str | int]:
    """``options[2].devices[0]`` as the path keys ``["options", 2, "devices", 0]``."""
    out: list[str | int] = []
    for part in path.replace("]", "").split("."):
        name, _, index = part.partition("[")
        out += [name, int(index)]
    return out
