"""``appraise(scenario) -> Results``: the one call every front end makes.

It sequences the method once: real prices, discounting, optimism bias, risk
expected values, carbon, NPSV, EAC, BCR, IRR and payback against the in-house
counterfactual, MCDA and the overall score, and the Monte Carlo simulation.
All figures are £ in real prices of the scenario's price base. The flows come
from :mod:`appraisal.flows`, the result types from :mod:`appraisal.results` and
the cautions from :mod:`appraisal.cautions`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from appraisal import cautions, mcda, metrics, montecarlo
from appraisal.contract import clean
from appraisal.discounting import annuity_factor, discount_factors
from appraisal.flows import (
    by_option,
    carbon_flows,
    cost_lines,
    flows_frame,
    horizon,
    line_spreads,
    risk_flows,
)
from appraisal.optimism_bias import applies_to, project_uplift
from appraisal.results import MonteCarloResult, OptionResult, Preferred, Results
from options.model import Scenario

Array = npt.NDArray[np.float64]
CONCERN_COLUMNS = ("concern", "title", "raised_by", "option", "score", "weight", "contribution")

__all__ = ["Prepared", "Results", "appraise", "prepare"]


@dataclass(frozen=True, eq=False)
class Prepared:
    """The deterministic appraisal and the Monte Carlo inputs of a scenario."""

    df: Array  # discount factors by year index
    parts: dict[str, Array]  # PVs by option: costs, benefits, ob, risk, carbon
    value: Array  # NPSV by option
    net: Array  # (options, years) net yearly flows, £ real, undiscounted
    uplift: Array  # optimism-bias uplift by option
    lines: montecarlo.LineSpread
    risks: montecarlo.RiskYears
    flows: pd.DataFrame
    register: pd.DataFrame  # the risk register with expected values
    concerns: pd.DataFrame
    notes: tuple[str, ...]
    sources: tuple[str, ...]


def prepare(s: Scenario) -> Prepared:
    """Everything but the simulation: real prices, discounting, OB, risk EV, carbon, NPSV."""
    notes: list[str] = []
    k, years = len(s.options), horizon(s)
    df = discount_factors(np.arange(years), s.discounting)
    lines = cost_lines(s, years, notes)
    pv_line = metrics.present_value(lines.flows, df)
    benefit = np.array([c.is_benefit for c in lines.category], dtype=bool)
    cost_flows = by_option(lines.option[~benefit], lines.flows[~benefit], k)
    benefit_flows = by_option(lines.option[benefit], lines.flows[benefit], k)
    on = s.settings.optimism_bias
    uplift = np.array(
        [project_uplift(o.project_type, o.ob_mitigation) if on else 0.0 for o in s.options]
    )
    ob_mask = (
        np.array(
            [
                c in applies_to(s.options[i].project_type)
                for i, c in zip(lines.option, lines.category, strict=True)
            ],
            dtype=bool,
        )
        & ~lines.ob_exempt
    )
    ob_flows = uplift[:, None] * by_option(lines.option[ob_mask], lines.flows[ob_mask], k)
    risk_yearly, risk_years, register = risk_flows(s, df)
    carbon_yearly, carbon_notes = carbon_flows(s, years)
    flows = {
        "costs": cost_flows,
        "benefits": benefit_flows,
        "ob": ob_flows,
        "risk": risk_yearly,
        "carbon": carbon_yearly,
    }
    parts = {name: metrics.present_value(f, df) for name, f in flows.items()}
    value = metrics.npsv(
        parts["benefits"], parts["costs"], parts["ob"], parts["risk"], parts["carbon"]
    )
    notes += cautions.method_notes(s, value, uplift, lines)
    return Prepared(
        df=df,
        parts=parts,
        value=value,
        net=benefit_flows - cost_flows - ob_flows - risk_yearly - carbon_yearly,
        uplift=uplift,
        lines=line_spreads(s, lines, pv_line, np.ones(pv_line.size)),
        risks=risk_years,
        flows=flows_frame(s, df, lines, ob_flows, risk_yearly, carbon_yearly),
        register=register,
        concerns=_concern_frame(s),
        notes=tuple(dict.fromkeys(notes)),
        sources=carbon_notes,
    )


def appraise(scenario: Scenario, *, draws: int | None = None, seed: int | None = None) -> Results:
    """Appraise every option of a validated scenario.

    Parameters
    ----------
    scenario : Scenario
        Validated by ``options`` (the loaders) — this function trusts it.
    draws, seed : int, optional
        Monte Carlo draws and seed; default the scenario's ``settings``.

    Returns
    -------
    Results
        Per-option figures, the preferred options, yearly flows and notes.
    """
    s = scenario
    draws = s.settings.draws if draws is None else draws
    seed = s.settings.seed if seed is None else seed
    p = prepare(s)
    sim = montecarlo.simulate(
        p.value,
        p.lines,
        p.risks,
        draws=draws,
        rng=montecarlo.rng_from_seed(seed),
        confidence=s.settings.confidence,
    )
    return _assemble(s, draws, seed, p, sim)


def _lives(s: Scenario, net: Array) -> list[int]:
    lives = []
    for i, o in enumerate(s.options):
        active = np.flatnonzero(net[i] != 0)
        lives.append(o.life_years or (int(active[-1]) + 1 if active.size else 1))
    return lives


def _assemble(
    s: Scenario, draws: int, seed: int, p: Prepared, sim: montecarlo.Simulation
) -> Results:
    df, parts, value, net, uplift = p.df, p.parts, p.value, p.net, p.uplift
    periods = cautions.period_notes(s)
    ids = s.option_ids
    npc = -value
    lives = _lives(s, net)
    eac = [
        float(metrics.equivalent_annual_cost(npc[i], annuity_factor(n, s.discounting)))
        for i, n in enumerate(lives)
    ]
    cf = s.counterfactual
    cf_i = ids.index(cf) if cf else None
    score = _mcda_scores(s)
    money = mcda.money_scores(value)
    overall = mcda.overall_scores(money, score, s.money_weight)
    ranks = mcda.rank(overall, value)
    qualifiers = periods + cautions.ranking_notes(s, value, score, overall)
    nan = np.full(len(ids), np.nan)
    per_point = mcda.cost_per_point(npc, score) if score is not None else nan
    marginal = mcda.marginal_cost_per_point(npc, score) if score is not None else nan
    dominated = mcda.dominated_by(npc, score) if score is not None else [None] * len(ids)
    bcr = metrics.bcr(
        parts["benefits"], parts["costs"] + parts["ob"] + parts["risk"] + parts["carbon"]
    )
    options = []
    for i, o in enumerate(s.options):
        inc = net[i] - net[cf_i] if cf_i is not None and i != cf_i else None
        payback = metrics.discounted_payback(inc, df) if inc is not None else None
        q = sim.quantiles[:, i]
        options.append(
            OptionResult(
                id=o.id,
                name=o.name,
                kind=o.kind,
                pv_costs=float(parts["costs"][i]),
                pv_benefits=float(parts["benefits"][i]),
                optimism_bias=float(parts["ob"][i]),
                risk=float(parts["risk"][i]),
                carbon_cost=float(parts["carbon"][i]),
                npsv=float(value[i]),
                npc=float(npc[i]),
                eac=eac[i],
                life_years=lives[i],
                cost_per_point=clean(float(per_point[i])),
                marginal_cost_per_point=clean(float(marginal[i])),
                dominated_by=_id_or_none(ids, dominated[i]),
                mcda_score=None if score is None else float(score[i]),
                money_score=float(money[i]),
                overall_score=float(overall[i]),
                rank=int(ranks[i]),
                bcr=clean(float(bcr[i])),
                irr=clean(metrics.irr(inc)) if inc is not None else None,
                payback_year=None if payback is None else s.base_year + payback,
                npsv_vs_counterfactual=None if cf_i is None else float(value[i] - value[cf_i]),
                npc_at_confidence=float(sim.npc_at_confidence[i]),
                ob_uplift=float(uplift[i]),
                monte_carlo=MonteCarloResult(
                    sim.draws,
                    float(q[10]),
                    float(q[50]),
                    float(q[90]),
                    float(sim.mean[i]),
                    float(sim.prob_best[i]),
                    tuple(float(x) for x in q),
                ),
            )
        )
    preferred = Preferred(
        npsv=ids[int(np.argmax(value))],
        mcda=None if score is None else ids[int(np.argmax(score))],
        overall=ids[int(np.argmin(ranks))],
    )
    return Results(
        scenario=s.name,
        base_year=s.base_year,
        price_base=s.prices,
        discounting=s.discounting,
        options=tuple(options),
        preferred=preferred,
        draws=draws,
        seed=seed,
        confidence=s.settings.confidence,
        money_weight=s.money_weight,
        years=tuple(range(s.base_year, s.base_year + df.size)),
        flows=p.flows,
        risks=p.register,
        counterfactual=cf,
        concerns=p.concerns,
        notes=p.notes + qualifiers,
        cautions=qualifiers,
        sources=p.sources,
    )


def _id_or_none(ids: tuple[str, ...], index: int | None) -> str | None:
    return None if index is None else ids[index]


def _mcda_scores(s: Scenario) -> Array | None:
    if not s.concerns:
        return None
    matrix = np.array([[c.scores_map[oid] for oid in s.option_ids] for c in s.concerns])
    return mcda.weighted_scores(matrix, [c.weight for c in s.concerns])


def _concern_frame(s: Scenario) -> pd.DataFrame:
    """Each concern's normalised weight, each option's score and weighted contribution."""
    if not s.concerns:
        return pd.DataFrame(columns=CONCERN_COLUMNS)
    weights = mcda.normalise_weights([c.weight for c in s.concerns])
    rows = [
        (c.id, c.title, c.raised_by, oid, c.scores_map[oid], w, w * c.scores_map[oid])
        for c, w in zip(s.concerns, weights, strict=True)
        for oid in s.option_ids
    ]
    return pd.DataFrame(rows, columns=CONCERN_COLUMNS)
