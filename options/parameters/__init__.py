"""The Green Book parameter vintages shipped with the project, and their loader.

Each ``<id>.json`` beside this file is one vintage (:class:`~options.parameters_model.
Parameters`): the discount schedules, the optimism-bias table, the carbon values and
the GDP deflator that an analyst had at one date, with their sources. Two ship:

- ``green-book-2003``: what an appraisal made in 2007-08 used: the 2003 Green Book's
  3.5 % declining schedule (Annex 6 Table 6.1), the 2003 optimism-bias guidance (Mott
  MacDonald 2002) and Defra's Shadow Price of Carbon (December 2007);
- ``green-book-2022`` (:data:`CURRENT`, the default): today's, with the reduced-rate
  schedule as a sensitivity test and DESNZ's carbon values (2023).

A scenario records the vintage it is appraised with (its ``"parameters"`` key, read by
:func:`scenario_vintage`); a dataset that breaks a rule is refused with every problem,
each naming the file and the field.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from options.errors import Collector, InputError, Problem, Reason
from options.json_file import read_json_file
from options.json_reader import _integer, _number, _Reader, _text, _year_map
from options.model import DISCOUNT_SCHEDULES, CarbonSeries, Category, ProjectType, YearMap
from options.parameters_model import STANDARD, Bounds, CarbonTable, Parameters, Schedule

__all__ = [
    "CURRENT",
    "VINTAGE_DIR",
    "available_vintages",
    "current_parameters",
    "load_parameters",
    "parameters_from_dict",
    "scenario_vintage",
    "unknown_message",
    "vintage_titles",
]

VINTAGE_DIR = Path(__file__).parent
CURRENT = "green-book-2022"  # what a scenario that records no vintage is appraised with
_DATE = re.compile(r"\d{4}-\d{2}(-\d{2})?$")


def available_vintages() -> tuple[str, ...]:
    """The ids of the shipped vintages, oldest first.

    >>> available_vintages()
    ('green-book-2003', 'green-book-2022')
    """
    return tuple(sorted(p.stem for p in VINTAGE_DIR.glob("*.json")))


@cache
def load_parameters(vintage_id: str) -> Parameters:
    """A shipped vintage, read and checked once (the same object on every call).

    Raises
    ------
    InputError
        ``UNKNOWN_VALUE`` for an id that is not shipped (the message lists those that
        are), or every problem of a dataset that breaks a rule.

    Examples
    --------
    >>> p = load_parameters("green-book-2003")
    >>> p.schedule("green-book").rates[:2], p.carbon[0].series.value
    ((0.035, 0.03), 'shadow-price-2007')
    >>> try:
    ...     load_parameters("green-book-1998")
    ... except InputError as exc:
    ...     print(exc.problems[0].message)
    unknown Green Book parameters 'green-book-1998'; use green-book-2003 or green-book-2022
    """
    if vintage_id not in available_vintages():
        raise InputError([_unknown(vintage_id)])
    path = VINTAGE_DIR / f"{vintage_id}.json"
    return parameters_from_dict(read_json_file(path), file=path.name, vintage_id=vintage_id)


def current_parameters() -> Parameters:
    """The current vintage (:data:`CURRENT`): every scenario's default."""
    return load_parameters(CURRENT)


def vintage_titles() -> dict[str, str]:
    """Each shipped vintage's id and title, oldest first (for help texts and pickers)."""
    return {v: load_parameters(v).title for v in available_vintages()}


def unknown_message(vintage_id: object) -> str:
    """What to say about an id that is not a shipped vintage: the ones that are."""
    return f"unknown Green Book parameters {vintage_id!r}; use {' or '.join(available_vintages())}"


def _unknown(vintage_id: str) -> Problem:
    message = unknown_message(vintage_id)
    return Problem("parameters", None, "parameters", vintage_id, Reason.UNKNOWN_VALUE, message)


def scenario_vintage(top: _Reader) -> Parameters:
    """The vintage a scenario document records (its ``"parameters"`` id, default
    :data:`CURRENT`); an unknown id is recorded as a problem and the current one used."""
    raw = top.get("parameters", _text, CURRENT, "the id of a Green Book parameter vintage")
    if raw in available_vintages():
        return load_parameters(raw)
    if raw is not None:
        top.bad("parameters", Reason.UNKNOWN_VALUE, unknown_message(raw))
    return current_parameters()


def parameters_from_dict(data: Any, *, file: str, vintage_id: str | None = None) -> Parameters:
    """Check a parsed vintage dataset and build :class:`Parameters`.

    Parameters
    ----------
    data : object
        The parsed JSON document.
    file : str
        Its file name, for the problems.
    vintage_id : str, optional
        The id it must carry (its file name's stem).

    Raises
    ------
    InputError
        Every problem found, each naming the file and the field (a JSON path such as
        ``discounting.schedules[0].rates``).
    """
    out = Collector(file)
    top = _Reader(out, data, "")
    vintage = top.text("id")
    if vintage_id is not None and vintage not in (None, vintage_id):
        top.bad("id", Reason.UNKNOWN_VALUE, f"id must be {vintage_id!r}, the file's name")
    published = top.text("published")
    if isinstance(published, str) and not _DATE.match(published):
        top.bad("published", Reason.WRONG_TYPE, "published must be a date, YYYY-MM or YYYY-MM-DD")
    optimism, optimism_source = _optimism_bias(top.child("optimism_bias"))
    deflator = top.child("gdp_deflator")
    parameters = Parameters(
        id=vintage,
        title=top.text("title"),
        published=published,
        sources=top.get("sources", _texts, what="a list of texts") or (),
        schedules=_schedules(top.child("discounting")),
        optimism_bias=optimism,
        optimism_bias_source=optimism_source,
        carbon=tuple(_carbon(r) for r in top.items("carbon_values", required=True)),
        gdp_deflator=_deflator(deflator),
        gdp_deflator_source=deflator.text("source"),
    )
    _check_unique(top, parameters)
    out.raise_if_any()
    return parameters


def _texts(raw: Any) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(t, str) and t.strip() for t in raw):
        raise TypeError("expected a list of non-empty texts")
    return tuple(t.strip() for t in raw)


def _band_ends(raw: Any) -> tuple[int, ...]:
    """Last year index of every band but the open-ended last: whole years, rising."""
    if not isinstance(raw, list):
        raise TypeError("expected a list of whole years")
    ends = tuple(_integer(x) for x in raw)
    if any(b <= a for a, b in zip((0, *ends), ends, strict=False)):
        raise ValueError("each band must end after the one before, the first after year 0")
    return ends


def _schedules(r: _Reader) -> tuple[Schedule, ...]:
    """The vintage's discount schedules (one rate per band), the standard one among them."""
    ends = r.get("band_ends", _band_ends, what="a list of whole years") or ()
    out = []
    for s in r.items("schedules", required=True):
        name = s.get("name", _text, what="a schedule name")
        if name is not None and name not in DISCOUNT_SCHEDULES:
            s.bad("name", Reason.UNKNOWN_DISCOUNTING,
                  f"{s.where('name')} must be one of {', '.join(DISCOUNT_SCHEDULES)}")  # fmt: skip
        rates = s.get("rates", _rates, what="a list of rates") or ()
        if ends and rates and len(rates) != len(ends) + 1:
            s.bad("rates", Reason.OUT_OF_RANGE,
                  f"{s.where('rates')} needs {len(ends) + 1} rates, one per band")  # fmt: skip
        out.append(Schedule(name, rates, s.text("source"), ends))
    if r.data and STANDARD not in [s.name for s in out]:
        r.bad("schedules", Reason.MISSING_KEY, f"{r.where('schedules')} must include {STANDARD}")
    return tuple(out)


def _rates(raw: Any) -> tuple[float, ...]:
    if not isinstance(raw, list) or not raw:
        raise TypeError("expected a list of rates")
    rates = tuple(_number(x) for x in raw)
    if any(not 0 <= x < 1 for x in rates):
        raise ValueError("each rate is a fraction from 0 to below 1 (0.035 = 3.5%)")
    return rates


def _optimism_bias(r: _Reader) -> tuple[tuple[tuple[ProjectType, Bounds], ...], str]:
    """Every project type's bounds (fractions) and the categories they apply to."""
    types = r.child("project_types")
    found = []
    for key in types.data:
        t = types.child(key)
        try:
            kind = ProjectType.from_text(key)
        except ValueError as exc:
            types.bad(key, Reason.UNKNOWN_VALUE, f"{types.where(key)}: {exc}", key)
            continue
        found.append((kind, _bounds(t)))
    missing = [p.value for p in ProjectType if p not in {k for k, _ in found}]
    if r.data and missing:
        r.bad("project_types", Reason.MISSING_KEY, f"{r.where('project_types')} lacks "
              f"{', '.join(missing)}", None)  # fmt: skip
    order = list(ProjectType)
    return tuple(sorted(found, key=lambda kb: order.index(kb[0]))), r.text("source")


def _bounds(t: _Reader) -> Bounds:
    upper = t.number("upper", low=0, high=10)
    lower = t.number("lower", low=0, high=10)
    if isinstance(upper, float) and isinstance(lower, float) and lower > upper:
        t.bad("lower", Reason.OUT_OF_RANGE, f"{t.where('lower')} must not exceed the upper bound")
    return Bounds(
        upper,
        lower,
        frozenset(t.get("applies_to", _categories, what="a list of cost categories") or ()),
        t.number("works_duration_upper", None, low=0, high=10),
        t.number("works_duration_lower", None, low=0, high=10),
    )


def _categories(raw: Any) -> tuple[Category, ...]:
    if not isinstance(raw, list) or not raw:
        raise TypeError("expected a non-empty list of cost categories")
    return tuple(Category.from_text(c) for c in raw)


def _carbon(r: _Reader) -> CarbonTable:
    """One carbon series: central values by year (a table, or a value and a real growth
    rate), low and high as ratios of central, its price base and source."""
    years, central = _central(r)
    low, high = r.number("low_ratio", low=0, high=1), r.number("high_ratio", low=1, high=10)
    return CarbonTable(
        r.enum("series", CarbonSeries),
        years,
        central,
        low,
        high,
        r.integer("price_base", low=1900, high=2200),
        r.text("source"),
    )


def _central(r: _Reader) -> tuple[tuple[int, ...], tuple[float, ...]]:
    """Central £/tCO2e by calendar year, every year from the first to the last given."""
    if ("central" in r.data) == ("central_rule" in r.data):
        r.bad("central", Reason.MISSING_KEY, f"{r.where('central')} or central_rule (one of them)")
        return (), ()
    if "central_rule" in r.data:
        rule = r.child("central_rule")
        first = rule.integer("first_year", low=1900, high=2200)
        last = rule.integer("last_year", low=1900, high=2200)
        value = rule.number("value", low=0)
        growth = rule.number("real_growth", low=-0.5, high=0.5)
        if None in (first, last, value, growth) or last <= first:
            rule.bad("last_year", Reason.OUT_OF_RANGE, f"{rule.where('last_year')} must be "
                     "after first_year")  # fmt: skip
            return (), ()
        years = tuple(range(first, last + 1))
        return years, tuple(value * (1 + growth) ** (y - first) for y in years)
    table = r.get("central", _year_map, what="an object of year: £ a tonne") or ()
    years = tuple(y for y, _ in table)
    if len(years) < 2 or years != tuple(range(years[0], years[-1] + 1)):
        message = f"{r.where('central')} needs every year from its first to its last (two or more)"
        r.bad("central", Reason.DEFLATOR_MISSING_YEAR, message)
    elif any(v <= 0 for _, v in table):
        r.bad("central", Reason.OUT_OF_RANGE, f"{r.where('central')}: values must be positive")
    return years, tuple(v for _, v in table)


def _deflator(r: _Reader) -> YearMap:
    table = r.get("index", _year_map, what="an object of year: index") or ()
    if r.data.get("index") == {}:
        r.bad("index", Reason.MISSING_KEY, f"{r.where('index')} needs at least one year")
    if any(v <= 0 for _, v in table):
        r.bad("index", Reason.OUT_OF_RANGE, f"{r.where('index')}: every index must be positive")
    return tuple(table)


def _check_unique(top: _Reader, p: Parameters) -> None:
    """No schedule or carbon series given twice."""
    for key, names in (("discounting", p.schedule_names), ("carbon_values", p.carbon_series)):
        doubled = sorted({str(n) for n in names if names.count(n) > 1})
        if doubled:
            top.bad(key, Reason.DUPLICATE_ID, f"{key} names {', '.join(doubled)} more than once")
