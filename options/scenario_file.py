"""Scenario JSON (``"schema": 1``): load with every problem collected, dump losslessly.

``scenario_from_dict`` is the one gate every scenario passes (files, the dashboard's
forms, the scenario library): it checks types, vocabularies and ranges, and that
costs, risks and concerns name defined options, then builds a frozen
:class:`~options.model.Scenario`. ``scenario_to_dict`` is its inverse, so
``scenario_from_dict(scenario_to_dict(s)) == s`` (tested).

This module reads each section of the document with the typed reader of
:mod:`options.json_reader`, cost lines by the rules of :mod:`options.cost_rules`.
It also gives :func:`load_scenario`, and re-exports the file reading of
:mod:`options.json_file` and the writer of :mod:`options.scenario_dump`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from options.cost_rules import (
    MAX_AMOUNT,
    MAX_MULTIPLIER,
    LineSettings,
    Repeats,
    multipliers_in_order,
    settings_of,
    year_outside,
)
from options.errors import Collector, Reason
from options.json_file import MAX_FILE_BYTES, parse_json_bytes, read_json_file
from options.json_reader import (
    _boolean,
    _modules,
    _number,
    _Reader,
    _text_map,
    _year_like_scores,
    _year_map,
    _years,
)
from options.model import (
    DISCOUNT_SCHEDULES,
    MAX_HORIZON,
    SCHEMA_VERSION,
    Basis,
    CarbonSeries,
    CarbonValues,
    Category,
    Concern,
    CostLine,
    Option,
    OptionKind,
    ProjectType,
    Risk,
    Scenario,
    Settings,
    Spread,
    Treatment,
)
from options.scenario_dump import dump_scenario, scenario_to_dict

__all__ = [
    "MAX_AMOUNT",
    "MAX_FILE_BYTES",
    "dump_scenario",
    "load_scenario",
    "parse_discounting",
    "parse_json_bytes",
    "read_json_file",
    "scenario_from_dict",
    "scenario_to_dict",
]


def parse_discounting(raw: Any) -> str | float:
    """A schedule name or a constant rate (a fraction in [0, 1]); ValueError otherwise.

    >>> parse_discounting(" Green-Book "), parse_discounting("0.05")
    ('green-book', 0.05)
    """
    if isinstance(raw, str):
        name = raw.strip().lower()
        if name in DISCOUNT_SCHEDULES:
            return name
        try:
            raw = float(name)
        except ValueError:
            raise ValueError(
                f"unknown schedule {raw!r}; use {', '.join(DISCOUNT_SCHEDULES)}"
                " or a rate such as 0.05"
            ) from None
    rate = _number(raw)
    if not 0 <= rate <= 1:
        raise ValueError("a constant rate is a fraction between 0 and 1 (0.05 = 5%)")
    return rate


def scenario_from_dict(data: Any, *, file: str = "scenario") -> Scenario:
    """Validate a parsed scenario document and build a :class:`Scenario`.

    Raises
    ------
    InputError
        Every problem found, each located by a JSON path in ``column``.
    """
    out = Collector(file)
    top = _Reader(out, data, "")
    if not top.data:
        out.raise_if_any()
    schema = top.integer("schema")
    if schema is not None and schema != SCHEMA_VERSION:
        top.bad(
            "schema",
            Reason.UNSUPPORTED_SCHEMA,
            f"schema {schema} is not supported; this version reads schema {SCHEMA_VERSION}",
        )
    base_year = top.integer("base_year", low=1900, high=2200)
    base = base_year if isinstance(base_year, int) else None
    options = _options(top, base)
    ids = {o.id for o in options}
    costs = _costs(top, ids, base)
    scenario = Scenario(
        name=top.text("name"),
        base_year=base or 0,
        options=tuple(options),
        costs=tuple(costs),
        price_base=top.integer("price_base", None, low=1900, high=2200),
        discounting=top.get(
            "discounting",
            parse_discounting,
            "green-book",
            "a schedule name or rate",
            Reason.UNKNOWN_DISCOUNTING,
        ),
        carbon_values=top.enum("carbon_values", CarbonValues, CarbonValues.CENTRAL),
        carbon_series=top.enum("carbon_series", CarbonSeries, CarbonSeries.APPRAISAL_2023),
        money_weight=top.number("money_weight", 0.6, low=0, high=1),
        uncertainty=_uncertainty(top),
        settings=_settings(top),
        risks=tuple(_risks(top, ids, base)),
        concerns=tuple(_concerns(top, ids)),
        deflator=_deflator(top),
        description=top.text("description", ""),
        source=top.text("source", ""),
    )
    out.raise_if_any()
    return scenario


def _check_year(r: _Reader, key: str, year: Any, base: int | None) -> None:
    """A year of a cost line, a risk or a carbon profile falls within the horizon."""
    if not isinstance(year, int) or base is None:
        return
    if (reason := year_outside(year, base)) is Reason.YEAR_BEFORE_BASE:
        r.bad(key, reason, f"{r.where(key)}: {year} is before the base year {base}", year)
    elif reason is Reason.YEAR_OUT_OF_RANGE:
        message = f"{r.where(key)}: {year} is more than {MAX_HORIZON} years after the base year"
        r.bad(key, reason, message, year)


def _options(top: _Reader, base: int | None) -> list[Option]:
    readers = top.items("options", required=True)
    if "options" in top.data and isinstance(top.data["options"], list) and not readers:
        top.bad("options", Reason.NO_OPTIONS, "options: the scenario needs at least one option")
    options, seen = [], set()
    for r in readers:
        oid = r.text("id")
        if oid in seen:
            r.bad("id", Reason.DUPLICATE_ID, f"{r.where('id')}: option id {oid!r} is used twice")
        seen.add(oid)
        carbon = r.get("carbon_tco2e", _year_map, (), "an object of year: tonnes")
        for year, _ in carbon or ():
            _check_year(r, "carbon_tco2e", year, base)
        modules = r.get("modules", _modules, None, "a list of module names")
        options.append(
            Option(
                id=oid,
                name=r.text("name"),
                kind=r.enum("kind", OptionKind),
                project_type=r.enum("project_type", ProjectType, None),
                ob_mitigation=r.number("ob_mitigation", 0.0, low=0, high=1),
                ob_evidence=r.text("ob_evidence", ""),
                carbon_tco2e=carbon or (),
                staff_transferring=r.integer("staff_transferring", 0, low=0, high=1_000_000),
                life_years=r.integer("life_years", None, low=1, high=MAX_HORIZON + 1),
                modules=modules,
                description=r.text("description", ""),
                source=r.text("source", ""),
            )
        )
    return options


def _known_option(r: _Reader, ids: set[str], key: str = "option") -> Any:
    oid = r.text(key)
    if oid is not None and ids and oid not in ids:
        r.bad(
            key,
            Reason.UNKNOWN_OPTION,
            f"{r.where(key)}: option {oid!r} is not defined; defined: {', '.join(sorted(ids))}",
        )
    return oid


def _multiplier(r: _Reader, key: str) -> Any:
    return r.number(key, None, low=0, high=MAX_MULTIPLIER)


def _costs(top: _Reader, ids: set[str], base: int | None) -> list[CostLine]:
    lines: list[CostLine] = []
    repeats, paths, settings = Repeats(), list[str](), LineSettings()
    for r in top.items("costs", required=True):
        year = r.integer("year")
        _check_year(r, "year", year, base)
        line = CostLine(
            option=_known_option(r, ids),
            line=r.text("line"),
            category=r.enum("category", Category),
            year=year,
            amount=r.number(
                "amount", low=-MAX_AMOUNT, high=MAX_AMOUNT, reason=Reason.AMOUNT_TOO_LARGE
            ),
            basis=r.enum("basis", Basis, Basis.REAL),
            low=_multiplier(r, "low"),
            high=_multiplier(r, "high"),
            module=r.text("module", None),
            notes=r.text("notes", ""),
            source=r.text("source", ""),
            optimism_bias=r.get("optimism_bias", _boolean, True, "true or false"),
        )
        if not multipliers_in_order(line.low, line.high):
            r.bad(
                "low",
                Reason.OUT_OF_RANGE,
                f"{r.where('low')}/high must satisfy low <= 1 <= high",
                f"{line.low}/{line.high}",
            )
        paths.append(r.path)
        if (first := repeats.of((line.option, line.line, line.category, line.year))) is not None:
            message = f"{r.path}: same option, line, category and year as {paths[first]}"
            r.bad("year", Reason.DUPLICATE_ROW, message, year)
        if differs := settings.differing(line):
            r.bad(
                differs[0],
                Reason.OUT_OF_RANGE,
                f"{r.path}: {', '.join(differs)} must be the same in every year of line "
                f"'{line.line}' of option '{line.option}' (they apply to the whole line)",
                settings_of(line),
            )
        lines.append(line)
    return lines


def _uncertainty(top: _Reader) -> tuple[tuple[Category, Spread], ...]:
    raw = top.data.get("uncertainty") or {}
    if not isinstance(raw, Mapping):
        top.bad(
            "uncertainty", Reason.WRONG_TYPE, "uncertainty should be an object keyed by category"
        )
        return ()
    spreads = []
    for key, value in raw.items():
        r = _Reader(top.out, value, f"uncertainty.{key}")
        try:
            category = Category.from_text(key)
        except ValueError as exc:
            top.bad("uncertainty", Reason.UNKNOWN_CATEGORY, f"uncertainty: {exc}", key)
            continue
        low, high = r.number("low", low=0, high=1), r.number("high", low=1, high=100)
        rho = r.number("correlation", 0.0, low=0, high=0.9)
        if None not in (low, high, rho):
            spreads.append((category, Spread(low, high, rho)))
    return tuple(sorted(spreads, key=lambda s: list(Category).index(s[0])))


def _settings(top: _Reader) -> Settings:
    r = _Reader(top.out, top.data.get("settings") or {}, "settings")
    return Settings(
        optimism_bias=r.get("optimism_bias", _boolean, True, "true or false"),
        risk_probability_multiplier=r.number("risk_probability_multiplier", 1.0, low=0, high=10),
        confidence=r.number("confidence", 0.8, low=0.01, high=0.99),
        draws=r.integer("draws", 10_000, low=1, high=10_000_000),
        seed=r.integer("seed", 1, low=0, high=2**63 - 1),
    )


def _risks(top: _Reader, ids: set[str], base: int | None) -> list[Risk]:
    risks = []
    for r in top.items("risks"):
        probability = r.number("probability", low=0, high=1, reason=Reason.PROBABILITY_OUT_OF_RANGE)
        low, likely, high = (r.number(k, low=-1e15, high=1e15) for k in ("low", "likely", "high"))
        if None not in (low, likely, high) and not low <= likely <= high:
            r.bad(
                "likely",
                Reason.IMPACT_ORDER,
                f"{r.path}: impacts must satisfy low <= likely <= high",
                f"{low}/{likely}/{high}",
            )
        years = r.get("years", _years, what="a list of years")
        for year in years or ():
            _check_year(r, "years", year, base)
        risks.append(
            Risk(
                option=_known_option(r, ids),
                name=r.text("name"),
                probability=probability,
                low=low,
                likely=likely,
                high=high,
                years=years or (),
                treatment=r.enum("treatment", Treatment, Treatment.RETAINED),
                premium=r.number("premium", 0.0, low=-1e15, high=1e15),
                source=r.text("source", ""),
            )
        )
    return risks


def _concerns(top: _Reader, ids: set[str]) -> list[Concern]:
    concerns, weights = [], []
    readers = top.items("concerns")
    for r in readers:
        weight = r.number("weight", low=0, reason=Reason.NEGATIVE_WEIGHT)
        weights.append(weight)
        scores = r.get("scores", _year_like_scores, what="an object of option id: score")
        for oid, score in scores or ():
            if ids and oid not in ids:
                r.bad(
                    "scores",
                    Reason.UNKNOWN_OPTION,
                    f"{r.where('scores')}: option {oid!r} is not defined",
                    oid,
                )
            elif not 0 <= score <= 100:
                r.bad(
                    f"scores.{oid}",
                    Reason.SCORE_OUT_OF_RANGE,
                    f"{r.where(f'scores.{oid}')}: scores run from 0 to 100, not {score:g}",
                    score,
                )
        missing = sorted(ids - {oid for oid, _ in scores or ()})
        if scores is not None and missing:
            r.bad(
                "scores",
                Reason.MISSING_SCORE,
                f"{r.where('scores')}: no score for {', '.join(missing)}",
                None,
            )
        concerns.append(
            Concern(
                id=r.text("id"),
                title=r.text("title"),
                raised_by=r.text("raised_by", ""),
                weight=weight,
                scores=scores or (),
                rationale=r.get("rationale", _text_map, (), "an object"),
                mitigation=r.get("mitigation", _text_map, (), "an object"),
                source=r.text("source", ""),
            )
        )
    if weights and None not in weights and sum(weights) == 0:
        top.bad(
            "concerns",
            Reason.ZERO_WEIGHTS,
            "concerns: the weights add up to zero; give at least one concern a positive weight",
            None,
        )
    return concerns


def _deflator(top: _Reader) -> tuple[tuple[int, float], ...] | None:
    table = top.get("deflator", _year_map, None, "an object of year: index")
    for year, index in table or ():
        if index <= 0:
            top.bad(
                "deflator",
                Reason.OUT_OF_RANGE,
                f"deflator: the index for {year} must be positive",
                index,
            )
    return table


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario JSON file."""
    return scenario_from_dict(read_json_file(path), file=Path(path).name)
