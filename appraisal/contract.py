"""The JSON contract of the command line: Results as plain, JSON-ready values.

Keys are the contract's, always present and in its order; ``nan`` and ``inf``
become null, so the document is a pure function of the inputs, draws and seed.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from appraisal.results import Closeness, OptionResult, Results


def clean(x: float | None) -> float | None:
    """``None`` for a missing or non-finite figure, else the float.

    >>> clean(float("nan")), clean(2), clean(None)
    (None, 2.0, None)
    """
    return None if x is None or not math.isfinite(x) else float(x)


def option_dict(o: OptionResult, *, quantiles: bool = False) -> dict[str, object]:
    """One option's fields in contract order (Monte Carlo nested)."""
    mc: dict[str, object] = {
        "draws": o.monte_carlo.draws,
        "p10": o.monte_carlo.p10,
        "p50": o.monte_carlo.p50,
        "p90": o.monte_carlo.p90,
        "mean": o.monte_carlo.mean,
        "prob_best": o.monte_carlo.prob_best,
        "std_error": o.monte_carlo.std_error,
    }
    if quantiles:
        mc["quantiles"] = list(o.monte_carlo.quantiles)
    return {
        "id": o.id,
        "name": o.name,
        "pv_costs": o.pv_costs,
        "pv_benefits": o.pv_benefits,
        "optimism_bias": o.optimism_bias,
        "risk": o.risk,
        "carbon_cost": o.carbon_cost,
        "npsv": o.npsv,
        "eac": o.eac,
        "cost_per_point": clean(o.cost_per_point),
        "marginal_cost_per_point": clean(o.marginal_cost_per_point),
        "dominated_by": o.dominated_by,
        "mcda_score": clean(o.mcda_score),
        "overall_value": o.overall_value,
        "rank": o.rank,
        "monte_carlo": mc,
        "kind": o.kind.value,
        "npc": o.npc,
        "npc_at_confidence": o.npc_at_confidence,
        "npsv_vs_counterfactual": clean(o.npsv_vs_counterfactual),
        "bcr": clean(o.bcr),
        "irr": clean(o.irr),
        "payback_year": o.payback_year,
        "switching_prices": dict(o.switching_prices),
        "life_years": o.life_years,
        "service_years": list(o.service_years),
        "ob_uplift": o.ob_uplift,
        "npsv_most_likely": o.npsv_most_likely,
        "added_above_most_likely": {
            "spread": o.added_above_most_likely.spread,
            "optimism_bias": o.added_above_most_likely.optimism_bias,
            "risk": o.added_above_most_likely.risk,
        },
        "npc_p50": o.monte_carlo.npc(50),
        "npc_p80": o.monte_carlo.npc(80),
        "npc_p90": o.monte_carlo.npc(90),
    }


def flat(d: dict[str, object]) -> dict[str, object]:
    """Nested objects flattened one level: ``monte_carlo.p10`` becomes ``monte_carlo_p10``;
    a span of years becomes ``first-last`` and the switching prices ``id=£; …``.

    >>> flat({"id": "a", "monte_carlo": {"p10": 1.0}})
    {'id': 'a', 'monte_carlo_p10': 1.0}
    """
    out: dict[str, object] = {}
    for key, value in d.items():
        if key == "switching_prices":  # keyed by option id, which differs between options
            out[key] = "; ".join(f"{k}={v:.2f}" for k, v in value.items())  # type: ignore[attr-defined]
        elif isinstance(value, dict):
            out.update({f"{key}_{k}": v for k, v in value.items()})
        elif isinstance(value, list):  # a span of years: "2008-2017"
            out[key] = "-".join(map(str, value))
        else:
            out[key] = value
    return out


def results_dict(r: Results) -> dict[str, object]:
    """The whole document: scenario, settings, preferred options, options, notes."""
    return {
        "scenario": r.scenario,
        "base_year": r.base_year,
        "price_base": r.price_base,
        "discounting": r.discounting,
        "parameters": r.parameters,
        "parameters_title": r.parameters_title,
        "preferred": {
            "npsv": r.preferred.npsv,
            "mcda": r.preferred.mcda,
            "overall": r.preferred.overall,
        },
        "options": [option_dict(o, quantiles=True) for o in r.options],
        "draws": r.draws,
        "seed": r.seed,
        "confidence": r.confidence,
        "value_per_point": r.value_per_point,
        "overall_leaders": [{"from_value_per_point": lam, "option": oid} for lam, oid in r.leaders],
        "too_close_to_call": {
            "npsv": _closeness(r.closeness_npsv),
            "overall": _closeness(r.closeness_overall),
        },
        "counterfactual": r.counterfactual,
        "version": r.version,
        "notes": list(r.notes),
        "sources": list(r.sources),
        "double_counts": [
            {
                "concern": d.concern,
                "risks": list(d.risks),
                "residual_share": d.residual_share,
                "mcda_leader": d.mcda_leader,
                "mcda_leader_without": d.mcda_leader_without,
                "overall_leader": d.overall_leader,
                "overall_leader_without": d.overall_leader_without,
            }
            for d in r.double_counts
        ],
        "overlapping_concerns": [
            {"a": o.a, "b": o.b, "marked_related": o.marked_related} for o in r.overlaps
        ],
    }


def _closeness(c: Closeness | None) -> dict[str, object] | None:
    if c is None:
        return None
    return {
        "leader": c.leader,
        "runner_up": c.runner_up,
        "margin": c.margin,
        "runner_up_share": c.runner_up_share,
        "too_close": c.too_close,
    }


def what_if_dict(name: str, rationale: str, r: Results) -> dict[str, object]:
    """One what-if beside the central case: its preferred options and each option's figures."""
    return {
        "name": name,
        "rationale": rationale,
        "preferred": {
            "npsv": r.preferred.npsv,
            "mcda": r.preferred.mcda,
            "overall": r.preferred.overall,
        },
        "options": [
            {"id": o.id, "npsv": o.npsv, "overall_value": o.overall_value} for o in r.options
        ],
    }


def vintage_dict(r: Results) -> dict[str, object]:
    """The central case under another parameter vintage: its id and title, preferred
    options and each option's NPSV and rank (the CLI's ``recorded_parameters``)."""
    return {
        "id": r.parameters,
        "title": r.parameters_title,
        "preferred": {
            "npsv": r.preferred.npsv,
            "mcda": r.preferred.mcda,
            "overall": r.preferred.overall,
        },
        "options": [{"id": o.id, "npsv": o.npsv, "rank": o.rank} for o in r.options],
    }
