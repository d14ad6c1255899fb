"""Writing a scenario as schema-2 JSON: every key, defaults included.

:func:`scenario_to_dict` is the inverse of
:func:`~options.scenario_file.scenario_from_dict`, so that
``scenario_from_dict(scenario_to_dict(s)) == s`` (tested).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from options.model import (
    SCHEMA_VERSION,
    Assumption,
    Change,
    CostLine,
    Decision,
    DeviceGroup,
    Energy,
    LineKey,
    Option,
    Scenario,
    WeightSet,
    Workforce,
)


def scenario_to_dict(s: Scenario) -> dict[str, Any]:
    """The scenario as a schema-2 document (every key written, defaults included).

    A schema-1 money weight not yet priced (``legacy_money_weight``) cannot be
    written as schema 2; :func:`appraisal.appraise.settle` prices it first.
    """
    if s.legacy_money_weight is not None:
        raise ValueError("price the schema-1 money weight (appraisal.appraise.settle) first")
    return {
        "schema": SCHEMA_VERSION,
        "name": s.name,
        "description": s.description,
        "source": s.source,
        "base_year": s.base_year,
        "price_base": s.price_base,
        "parameters": s.parameters.id,
        "discounting": s.discounting,
        "carbon_values": s.carbon_values.value,
        "carbon_series": s.carbon_series.value,
        "carbon_scale": s.carbon_scale,
        "energy": _energy(s.energy),
        "value_per_point": s.value_per_point,
        "options": [_option_dict(o) for o in s.options],
        "costs": [_cost_dict(c) for c in s.costs],
        "uncertainty": {
            c.value: {"low": sp.low, "high": sp.high, "correlation": sp.correlation}
            for c, sp in s.uncertainty
        },
        "settings": {
            "optimism_bias": s.settings.optimism_bias,
            "risk_probability_multiplier": s.settings.risk_probability_multiplier,
            "confidence": s.settings.confidence,
            "draws": s.settings.draws,
            "seed": s.settings.seed,
            "score_spread": s.settings.score_spread,
        },
        "risks": [
            {
                "option": r.option,
                "name": r.name,
                "probability": r.probability,
                "low": r.low,
                "likely": r.likely,
                "high": r.high,
                "years": list(r.years),
                "treatment": r.treatment.value,
                "premium": r.premium,
                "source": r.source,
                "lines": list(r.lines),
            }
            for r in s.risks
        ],
        "concerns": [
            {
                "id": c.id,
                "title": c.title,
                "raised_by": c.raised_by,
                "weight": c.weight,
                "scores": dict(c.scores),
                "rationale": dict(c.rationale),
                "mitigation": dict(c.mitigation),
                "source": c.source,
                "date_raised": c.date_raised,
                "status": c.status.value,
                "evidence": c.evidence,
                "risks": list(c.risks),
                "residual_share": c.residual_share,
                "related": list(c.related),
            }
            for c in s.concerns
        ],
        "deflator": None if s.deflator is None else {str(y): v for y, v in s.deflator},
        "what_ifs": [
            {"name": w.name, "rationale": w.rationale, "changes": [_change(c) for c in w.changes]}
            for w in s.what_ifs
        ],
        "weight_sets": {w.name: _weight_set(w) for w in s.weight_sets},
        "assumptions": [_assumption(a) for a in s.assumptions],
        "decisions": [_decision(d) for d in s.decisions],
    }


def _assumption(a: Assumption) -> dict[str, Any]:
    """An entry of the assumptions register as :mod:`options.json_log` reads it."""
    return {
        "id": a.id,
        "text": a.text,
        "value": a.value,
        "source": a.source,
        "owner": a.owner,
        "quality": a.quality.value,
        "date": a.date,
        "notes": a.notes,
    }


def _decision(d: Decision) -> dict[str, Any]:
    """An entry of the decision log as :mod:`options.json_log` reads it."""
    return {
        "id": d.id,
        "date": d.date,
        "text": d.text,
        "decided_by": d.decided_by,
        "version": d.version,
        "rationale": d.rationale,
        "source": d.source,
    }


def _line_key(key: LineKey) -> dict[str, str]:
    return {"option": key[0], "line": key[1], "category": key[2].value}


def _change(c: Change) -> dict[str, Any]:
    """One what-if change as written: only the keys its kind uses."""
    if c.input is not None:
        out: dict[str, Any] = {"input": c.input}
        if c.multiply is not None:
            out["multiply"] = c.multiply
        if c.has_value:
            out["value"] = c.value
        return out
    if c.line is not None:
        return {"line": _line_key(c.line), "set": {str(y): a for y, a in c.set}}
    if c.add is not None:
        return {"add": _cost_dict(c.add)}
    assert c.remove is not None
    return {"remove": _line_key(c.remove)}


def _weight_set(w: WeightSet) -> dict[str, Any]:
    """A weight set as written: ``value_per_point`` only when the set gives one (null too),
    so a set without it keeps following the scenario's price."""
    out: dict[str, Any] = {"weights": dict(w.weights)}
    if w.has_price:
        out["value_per_point"] = w.value_per_point
    return {**out, "rationale": w.rationale, "source": w.source}


def _option_dict(o: Option) -> dict[str, Any]:
    return {
        "id": o.id,
        "name": o.name,
        "kind": o.kind.value,
        "project_type": o.project_type.value if o.project_type else None,
        "ob_mitigation": o.ob_mitigation,
        "ob_evidence": o.ob_evidence,
        "carbon_tco2e": {str(y): t for y, t in o.carbon_tco2e},
        "irrecoverable_vat": dict(o.irrecoverable_vat),
        "transfers": [
            {
                "name": t.name,
                "year": t.year,
                "amount": t.amount,
                "budget": t.budget,
                "source": t.source,
            }
            for t in o.transfers
        ],
        "devices": [_device(g) for g in o.devices],
        "staff_transferring": o.staff_transferring,
        "workforce": None if o.workforce is None else _workforce(o.workforce),
        "service_years": None if o.service_years is None else list(o.service_years),
        "modules": None if o.modules is None else list(o.modules),
        "aliases": list(o.aliases),
        "description": o.description,
        "source": o.source,
    }


def _device(g: DeviceGroup) -> dict[str, Any]:
    """A device group as written: ``kwh_per_year``, or ``watts`` and ``hours_per_year``."""
    use = (
        {"kwh_per_year": g.kwh_per_year}
        if g.kwh_per_year is not None
        else {"watts": g.watts, "hours_per_year": g.hours_per_year}
    )
    return {"type": g.type, "count": g.count, **use, "first_year": g.years[0],
            "last_year": g.years[1], "source": g.source}  # fmt: skip


def _workforce(w: Workforce) -> dict[str, Any]:
    """A workforce as :mod:`options.json_workforce` reads it (every key written)."""
    client = {"fte": w.client_fte, "salary": w.client_salary}
    if w.client_cost_per_fte is not None:
        client = {"fte": w.client_fte, "cost_per_fte": w.client_cost_per_fte}
    return {
        "in_scope": w.in_scope,
        "in_scope_range": _span(w.in_scope_range),
        "transferring": w.transferring,
        "transferring_range": _span(w.transferring_range),
        "redundant": w.redundant,
        "redeployed": w.redeployed,
        "retained": w.retained,
        "salary": w.salary,
        "price_year": w.price_year,
        "ni_rate": w.ni_rate,
        "ni_threshold": w.ni_threshold,
        "pension_rate": w.pension_rate,
        "fair_deal": w.fair_deal.value,
        "pension_passback_rate": w.pension_passback_rate,
        "pay_protection": {"per_transferee": w.pay_protection, "years": w.pay_protection_years},
        "redundancy_pay": {"per_person": w.redundancy_pay, "year": w.redundancy_year},
        "tupe_costs": {"amount": w.tupe_costs, "year": w.tupe_year},
        "client_function": client
        if w.client_fte or w.client_salary is not None or w.client_cost_per_fte is not None
        else None,
        "years": list(w.years),
        "second_generation_year": w.second_generation_year,
        "risk_probabilities": dict(w.risk_probabilities),
        "source": w.source,
        "why_cost_differs": w.why_cost_differs,
    }


def _span(span: tuple[float, float] | None) -> dict[str, float] | None:
    """A headcount range as ``{"low": …, "high": …}``, None without one."""
    return None if span is None else {"low": span[0], "high": span[1]}


def _energy(e: Energy) -> dict[str, Any]:
    return {
        "emission_factors": {str(y): v for y, v in e.emission_factors},
        "value_per_kwh": {str(y): v for y, v in e.value_per_kwh},
        "price_paid_per_kwh": {str(y): v for y, v in e.price_paid_per_kwh},
        "source": e.source,
    }


def _cost_dict(c: CostLine) -> dict[str, Any]:
    return {
        "option": c.option,
        "line": c.line,
        "category": c.category.value,
        "year": c.year,
        "amount": c.amount,
        "basis": c.basis.value,
        "low": c.low,
        "high": c.high,
        "module": c.module,
        "notes": c.notes,
        "source": c.source,
        "optimism_bias": c.optimism_bias,
        "driver": c.driver,
        "health": c.health,
        "price_year": c.price_year,
    }


def dump_scenario(s: Scenario) -> str:
    """The scenario as pretty JSON text (UTF-8, trailing newline)."""
    return json.dumps(scenario_to_dict(s), indent=2, ensure_ascii=False) + "\n"


def scenario_digest(s: Scenario) -> str:
    """SHA-256 (hex) of the scenario's content: equal for equal scenarios, different
    for any change to what :func:`dump_scenario` writes.

    It hashes the same document written compactly, which Python's JSON encoder writes
    about three times faster than indented text (its C encoder does not indent): the
    dashboard takes the digest of every scenario a slider makes.
    """
    text = json.dumps(scenario_to_dict(s), ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()
