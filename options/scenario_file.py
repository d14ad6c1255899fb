"""Scenario JSON (``"schema": 1``): load with every problem collected, dump losslessly.

``scenario_from_dict`` is the one gate every scenario passes (files, the dashboard's
forms, the scenario library): it checks types, vocabularies and ranges, and that
costs, risks and concerns name defined options, then builds a frozen
:class:`~options.model.Scenario`. ``scenario_to_dict`` is its inverse, so
``scenario_from_dict(scenario_to_dict(s)) == s`` (tested).

This module reads each section of the document with the typed reader of
:mod:`options.json_reader`, cost lines by the rules of :mod:`options.cost_rules`,
what-ifs by :mod:`options.json_what_ifs`, stakeholders' weight sets by
:mod:`options.json_weight_sets` and the assumptions register and decision log by
:mod:`options.json_log`.
It also gives :func:`load_scenario`, and re-exports the file reading of
:mod:`options.json_file` and the writer of :mod:`options.scenario_dump`.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from options import (
    json_costs,
    json_energy,
    json_log,
    json_transfers,
    json_weight_sets,
    json_what_ifs,
    json_workforce,
)
from options import json_sections as sections
from options.cost_rules import MAX_AMOUNT, Setting
from options.errors import Collector, Reason
from options.json_file import MAX_FILE_BYTES, parse_json_bytes, read_json_file
from options.json_reader import _number, _Reader
from options.model import (
    DISCOUNT_SCHEDULES,
    SCHEMA_VERSION,
    SCHEMAS,
    CarbonSeries,
    CarbonValues,
    CostLine,
    Option,
    Scenario,
)
from options.parameters import scenario_vintage
from options.scenario_dump import dump_scenario, scenario_digest, scenario_to_dict
from options.schema1 import life_note, service_from_life

__all__ = [
    "MAX_AMOUNT",
    "MAX_FILE_BYTES",
    "dump_scenario",
    "load_scenario",
    "parse_discounting",
    "parse_json_bytes",
    "read_json_file",
    "scenario_digest",
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
    if schema is not None and schema not in SCHEMAS:
        top.bad(
            "schema",
            Reason.UNSUPPORTED_SCHEMA,
            f"schema {schema} is not supported; this version reads schemas 1 and "
            f"{SCHEMA_VERSION} (it writes {SCHEMA_VERSION})",
        )
    base_year = top.integer("base_year", low=1900, high=2200)
    base = base_year if isinstance(base_year, int) else None
    options, lives = sections.options(top, base)
    options = json_energy.with_devices(top, options, base)
    options = json_workforce.with_workforce(top, options, base)
    options = json_transfers.with_transfers(top, options, base)
    ids = {o.id for o in options if isinstance(o.id, str)}  # a missing id: a problem already
    read = json_costs.CostLines(top, ids)
    costs = read.lines
    json_workforce.check_no_typed_lines(top, options, costs)
    options, notes = _converted(options, lives, costs, base)
    risks = sections.risks(top, ids, base)
    json_costs.check_risk_lines(top, risks, costs, json_workforce.generated_names(options))
    price_base = top.integer("price_base", None, low=1900, high=2200)
    deflator = sections.deflator(top)
    vintage = scenario_vintage(top)
    carbon = any(o.carbon_tco2e or o.devices for o in options)
    concerns = sections.concerns(top, ids)
    sections.check_concern_links(top, concerns, risks)
    concern_ids = [c.id for c in concerns if isinstance(c.id, str)]
    if base is not None:
        setting = Setting(base, price_base or base, deflator, carbon, vintage.gdp_deflator)
        read.check_setting(top, setting)
    scenario = Scenario(
        name=top.text("name"),
        base_year=base or 0,
        options=tuple(options),
        costs=tuple(costs),
        price_base=price_base,
        discounting=top.get(
            "discounting",
            parse_discounting,
            "green-book",
            "a schedule name or rate",
            Reason.UNKNOWN_DISCOUNTING,
        ),
        carbon_values=top.enum("carbon_values", CarbonValues, CarbonValues.CENTRAL),
        carbon_series=top.enum("carbon_series", CarbonSeries, vintage.carbon[0].series),
        energy=json_energy.energy(top, options),
        carbon_scale=top.number("carbon_scale", 1.0, low=0, high=100),
        value_per_point=top.number("value_per_point", None, low=0, high=MAX_AMOUNT),
        legacy_money_weight=_legacy_weight(top, schema),
        uncertainty=sections.uncertainty(top),
        settings=sections.settings(top),
        risks=tuple(risks),
        concerns=tuple(concerns),
        deflator=deflator,
        parameters=vintage,
        description=top.text("description", ""),
        source=top.text("source", ""),
        load_notes=tuple(notes),
        what_ifs=tuple(json_what_ifs.what_ifs(top, ids, base)),
        weight_sets=tuple(json_weight_sets.weight_sets(top, concern_ids, schema)),
        assumptions=tuple(json_log.assumptions(top)),
        decisions=tuple(json_log.decisions(top)),
    )
    if not out.problems:
        json_what_ifs.check_what_ifs(top, scenario)
    out.raise_if_any()
    return scenario


def _legacy_weight(top: _Reader, schema: Any) -> float | None:
    """Schema 1's ``money_weight`` (absent: 0.6), to be priced from the file's NPSVs.

    Schema 2 prices concerns with ``value_per_point``; there a money weight is an
    error, as is a weight of 0 (the concerns alone, which have no price).
    """
    if schema != 1:
        if "money_weight" in top.data:
            top.bad("money_weight", Reason.UNKNOWN_VALUE, "money_weight is schema 1's; schema 2 "
                    "prices the concerns with value_per_point (£ per point, or null)")  # fmt: skip
        return None
    if "value_per_point" in top.data:
        top.bad("value_per_point", Reason.UNKNOWN_VALUE,
                'value_per_point is schema 2\'s: write "schema": 2')  # fmt: skip
    weight = top.number("money_weight", 0.6, low=0, high=1)
    if weight == 0:
        top.bad("money_weight", Reason.OUT_OF_RANGE, "money_weight 0 weights the concerns alone, "
                "which have no price: write schema 2 and set value_per_point")  # fmt: skip
        return None
    return weight if isinstance(weight, float) else None


def _converted(
    options: list[Option], lives: dict[str, int], costs: list[CostLine], base: int | None
) -> tuple[list[Option], list[str]]:
    """Options with schema 1's ``life_years`` read as ``service_years``, and the notes."""
    if base is None or not lives:
        return options, []
    out, notes = [], []
    for o in options:
        if o.id in lives:
            span = service_from_life(o.id, lives[o.id], costs, base)
            o = replace(o, service_years=span)
            notes.append(life_note(o.name, lives[o.id], span))
        out.append(o)
    return out, notes


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario JSON file."""
    return scenario_from_dict(read_json_file(path), file=Path(path).name)
