"""``appraise(scenario) -> Results``: the one call every front end makes.

It sequences the method once: real prices, discounting, optimism bias, risk
expected values, carbon, NPSV, EAC, BCR, IRR and payback against the in-house
counterfactual, MCDA and the overall score, and the Monte Carlo simulation.
All figures are £ in real prices of the scenario's price base. The flows come
from :mod:`appraisal.flows`, the result types from :mod:`appraisal.results` and
the cautions from :mod:`appraisal.cautions`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt
import pandas as pd

from appraisal import cautions, mcda, metrics, montecarlo
from appraisal.added import expected_multiplier, line_uplifts, quantified_share, risk_shares
from appraisal.contract import clean
from appraisal.discounting import discount_factors, schedule_in
from appraisal.energy import with_devices
from appraisal.flows import (
    by_option,
    carbon_flows,
    cost_lines,
    flows_frame,
    horizon,
    line_spreads,
    risk_flows,
)
from appraisal.optimism_bias import project_uplift
from appraisal.register import counted_matrix, double_counts, overlaps
from appraisal.results import (
    Added,
    Closeness,
    MonteCarloResult,
    OptionResult,
    Preferred,
    Results,
)
from appraisal.sampling import VariateCache
from appraisal.workforce import with_workforce
from options.model import Category, Scenario
from options.parameters_model import Parameters

Array = npt.NDArray[np.float64]
CONCERN_COLUMNS = ("concern", "title", "raised_by", "option", "score", "weight", "contribution",
                   "residual_share")  # fmt: skip

__all__ = ["Prepared", "Results", "appraise", "prepare"]
_NO_FRAME = pd.DataFrame()  # never mutated: what ``prepare(frames=False)`` leaves out
_NO_CONCERNS = pd.DataFrame(columns=CONCERN_COLUMNS)


@dataclass(frozen=True, eq=False)
class Prepared:
    """The deterministic appraisal and the Monte Carlo inputs of a scenario."""

    df: Array  # discount factors by year index
    parts: dict[str, Array]  # PVs by option: costs, benefits, ob, risk, carbon
    value: Array  # NPSV by option (expected values)
    most_likely: Array  # NPSV with every line at its most-likely amount
    added: dict[str, Array]  # added above the most-likely estimates: spread, ob, risk
    net: Array  # (options, years) net yearly flows, £ real, undiscounted
    net_discounted: Array  # the same, discounted (health lines with the health schedule)
    active: npt.NDArray[np.bool_]  # (options, years): a year with any flow
    uplift: Array  # optimism-bias allowance by option, before netting
    ob_capital: Array  # (options, years): the optimism bias on capital (capex) lines
    lines: montecarlo.LineSpread
    risks: montecarlo.RiskYears
    flows: pd.DataFrame
    register: pd.DataFrame  # the risk register with expected values
    concerns: pd.DataFrame
    notes: tuple[str, ...]
    sources: tuple[str, ...]


def prepare(s: Scenario, *, frames: bool = True) -> Prepared:
    """Everything but the simulation: real prices, expected values, discounting,
    optimism bias counted once per line, risk EV, carbon and NPSV.

    ``frames=False`` leaves out the tidy flows and concerns frames (empty), for callers
    that re-appraise many times and read only the figures (sensitivity analysis).
    The options' devices are first turned into energy cost lines and tonnes
    (:func:`appraisal.energy.with_devices`), and their workforces into staff cost
    lines and TUPE risks (:func:`appraisal.workforce.with_workforce`), so every
    caller sees them.
    """
    s, energy_notes = with_devices(s)
    s, workforce_notes = with_workforce(s)
    notes: list[str] = [*energy_notes, *workforce_notes]
    k, years = len(s.options), horizon(s)
    t = np.arange(years)
    schedule, swapped = schedule_in(s.parameters, s.discounting)
    df = discount_factors(t, schedule)
    lines = cost_lines(s, years, notes)
    health, swapped_health = schedule_in(s.parameters, s.discounting, health=True)
    line_df = np.where(lines.health[:, None], discount_factors(t, health), df)
    notes += [*swapped, *(swapped_health if lines.health.any() else ())]
    pv_ml = (lines.flows * line_df).sum(axis=1)
    centre = expected_multiplier(lines.low, lines.high)
    risk_yearly, risk_years, register, risk_pv = risk_flows(s, df, frame=frames)
    shares = risk_shares(s, lines, pv_ml, risk_pv)
    q = quantified_share(centre, pv_ml, shares)
    uplift = line_uplifts(s, lines, q)
    carbon_yearly, carbon_notes = carbon_flows(s, years, notes)
    expected = centre[:, None] * lines.flows
    benefit = np.array([c is Category.BENEFIT for c in lines.category], dtype=bool)
    by_line = {
        "costs": lines.cost_sign[:, None] * expected,
        "benefits": benefit[:, None] * expected,
        "ob": uplift[:, None] * lines.flows,
    }
    yearly = {name: by_option(lines.option, f, k) for name, f in by_line.items()}
    yearly |= {"risk": risk_yearly, "carbon": carbon_yearly}
    discounted = {name: by_option(lines.option, f * line_df, k) for name, f in by_line.items()}
    discounted |= {"risk": risk_yearly * df, "carbon": carbon_yearly * df}
    parts = {name: d.sum(axis=1) for name, d in discounted.items()}
    value = metrics.npsv(
        parts["benefits"], parts["costs"], parts["ob"], parts["risk"], parts["carbon"]
    )
    most_likely = (
        value
        + (
            by_option(
                lines.option, ((benefit - lines.cost_sign) * (pv_ml - centre * pv_ml))[:, None], k
            )
        ).ravel()
    )
    notes += cautions.optimism_notes(s, lines, q)
    notes += cautions.discounting_notes(s)
    on = s.settings.optimism_bias
    return Prepared(
        df=df,
        parts=parts,
        value=value,
        most_likely=most_likely,
        added={"spread": most_likely - value, "optimism_bias": parts["ob"], "risk": parts["risk"]},
        net=_net(yearly),
        net_discounted=_net(discounted),
        active=np.any([f != 0 for f in yearly.values()], axis=0),
        ob_capital=by_option(
            lines.option,
            by_line["ob"] * np.array([c is Category.CAPEX for c in lines.category])[:, None],
            k,
        ),
        uplift=np.array(
            [
                project_uplift(o.project_type, o.ob_mitigation, s.parameters) if on else 0.0
                for o in s.options
            ]
        ),
        lines=line_spreads(s, lines, pv_ml, centre),
        risks=risk_years,
        flows=flows_frame(
            s,
            df,
            lines,
            (expected, expected * line_df),
            {"optimism_bias": yearly["ob"], "risk": risk_yearly, "carbon": carbon_yearly},
        )
        if frames
        else _NO_FRAME,
        register=register,
        concerns=_concern_frame(s) if frames else _NO_CONCERNS,
        notes=tuple(dict.fromkeys(notes)),
        sources=carbon_notes + _energy_source(s),
    )


def _energy_source(s: Scenario) -> tuple[str, ...]:
    """The energy figures' source, when some option's devices use them."""
    if not any(o.devices for o in s.options) or not s.energy.source:
        return ()
    return (f"Energy: {s.energy.source}",)


def _net(parts: dict[str, Array]) -> Array:
    """Benefits less costs, optimism bias, risk and carbon, year by year."""
    return parts["benefits"] - parts["costs"] - parts["ob"] - parts["risk"] - parts["carbon"]


def settle(scenario: Scenario) -> Scenario:
    """A schema-1 scenario's money weight priced once, as ``value_per_point``.

    λ = (1 − w)/w × (best − worst NPSV)/100 from the expected-value NPSVs of the
    file's own options under its own settings: the price its weight implied, so its
    overall ranking is unchanged (:func:`appraisal.mcda.price_from_weight`). Front
    ends call this as they load a file, before any cost-file merge or override;
    then the price is fixed. A scenario with no legacy weight comes back as is.
    """
    w = scenario.legacy_money_weight
    if w is None:
        return scenario
    s = replace(scenario, legacy_money_weight=None)
    price = mcda.price_from_weight(w, prepare(s).value) if s.concerns else None
    why = "the price it implied, so the file's overall ranking is unchanged"
    if not s.concerns:
        why = "there are no concerns to price"
    elif price is None:
        why = "the options' NPSVs are equal, so it implied no price"
    text = "none" if price is None else f"£{price:,.0f} a concerns point"
    note = (
        f"Schema 1's money weight {w:.0%} became value_per_point {text} ((1 − w) ÷ w × "
        f"(best − worst NPSV) ÷ 100: {why}); it is now fixed."
    )
    return replace(s, value_per_point=price, load_notes=(*s.load_notes, note))


def _concern_value(s: Scenario) -> Array | None:
    """Each option's concerns score valued at the scenario's price per point, or None."""
    score = _mcda_scores(s)
    if score is None or s.value_per_point is None:
        return None
    return s.value_per_point * score


def appraise(
    scenario: Scenario,
    *,
    draws: int | None = None,
    seed: int | None = None,
    parameters: Parameters | None = None,
    variates: VariateCache | None = None,
) -> Results:
    """Appraise every option of a validated scenario.

    Parameters
    ----------
    scenario : Scenario
        Validated by ``options`` (the loaders) — this function trusts it.
    draws, seed : int, optional
        Monte Carlo draws and seed; default the scenario's ``settings``.
    parameters : Parameters, optional
        The Green Book parameter vintage to appraise with (discount schedules,
        optimism-bias table, carbon values, GDP deflator); default the one the
        scenario records (``scenario.parameters``, the current vintage unless it
        names another). A schema-1 money weight is priced under the scenario's own.
    variates : VariateCache, optional
        Monte Carlo draws made before for the same spreads, risks, draws and seed are
        reused from it (the same results; see :class:`~appraisal.sampling.VariateCache`).

    Returns
    -------
    Results
        Per-option figures, the preferred options, yearly flows and notes; its
        ``parameters`` names the vintage used.
    """
    s = settle(scenario)
    if parameters is not None:
        s = replace(s, parameters=parameters)
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
        offset=_concern_value(s),
        cache=variates,
    )
    return _assemble(s, draws, seed, p, sim)


def service_span(s: Scenario, i: int, active: npt.NDArray[np.bool_]) -> tuple[int, int]:
    """First and last year index of an option's service, for EAC.

    ``service_years`` when the option gives them; otherwise every year from its
    first to its last flow (so a cost paid as service starts is matched by that
    year's factor: an annuity due when service starts in the base year).
    """
    o = s.options[i]
    if o.service_years is not None:
        return o.service_years[0] - s.base_year, o.service_years[1] - s.base_year
    years = np.flatnonzero(active[i])
    return (int(years[0]), int(years[-1])) if years.size else (0, 0)


def _assemble(
    s: Scenario, draws: int, seed: int, p: Prepared, sim: montecarlo.Simulation
) -> Results:
    df, parts, value, uplift = p.df, p.parts, p.value, p.uplift
    periods = cautions.period_notes(s)
    ids = s.option_ids
    npc = -value
    spans = [service_span(s, i, p.active) for i in range(len(ids))]
    eac = [
        float(metrics.equivalent_annual_cost(npc[i], df[a : b + 1].sum()))
        for i, (a, b) in enumerate(spans)
    ]
    cf = s.counterfactual
    cf_i = ids.index(cf) if cf else None
    score = _mcda_scores(s)
    overall = mcda.overall_values(value, score, s.value_per_point)
    ranks = mcda.rank(overall, value, score)
    npsv_order = mcda.rank(value, value, score)
    close = (
        _closeness(ids, npsv_order, value, sim.beats, s.settings.confidence),
        _closeness(ids, ranks, overall, sim.beats_value, s.settings.confidence),
    )
    qualifiers = periods + cautions.ranking_notes(s, value, overall, close)
    best = int(npsv_order.argmin())
    switching = [
        ()
        if score is None or not score[i] > score[best] + mcda.SCORE_TOL
        else ((ids[best], mcda.switching_price(value[best], score[best], value[i], score[i])),)
        for i in range(len(ids))
    ]
    nan = np.full(len(ids), np.nan)
    per_point = mcda.cost_per_point(npc, score) if score is not None else nan
    marginal = mcda.marginal_cost_per_point(npc, score) if score is not None else nan
    dominated = mcda.dominated_by(npc, score) if score is not None else [None] * len(ids)
    bcr = metrics.bcr(
        parts["benefits"], parts["costs"] + parts["ob"] + parts["risk"] + parts["carbon"]
    )
    options = []
    for i, o in enumerate(s.options):
        inc, payback = None, None
        if cf_i is not None and i != cf_i:
            inc = p.net[i] - p.net[cf_i]
            gained = p.net_discounted[i] - p.net_discounted[cf_i]
            payback = metrics.discounted_payback(gained, np.ones(gained.size))
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
                life_years=spans[i][1] - spans[i][0] + 1,
                service_years=(s.base_year + spans[i][0], s.base_year + spans[i][1]),
                npsv_most_likely=float(p.most_likely[i]),
                added_above_most_likely=Added(
                    float(p.added["spread"][i]),
                    float(p.added["optimism_bias"][i]),
                    float(p.added["risk"][i]),
                ),
                cost_per_point=clean(float(per_point[i])),
                marginal_cost_per_point=clean(float(marginal[i])),
                dominated_by=_id_or_none(ids, dominated[i]),
                mcda_score=None if score is None else float(score[i]),
                overall_value=float(overall[i]),
                switching_prices=tuple((k, float(v)) for k, v in switching[i]),
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
                    float(sim.std_error[i]),
                ),
            )
        )
    preferred = Preferred(
        npsv=ids[best],
        mcda=None if score is None else ids[int(mcda.rank(score, value).argmin())],
        overall=ids[int(np.argmin(ranks))],
    )
    return Results(
        scenario=s.name,
        base_year=s.base_year,
        price_base=s.prices,
        discounting=s.discounting,
        parameters=s.parameters.id,
        parameters_title=s.parameters.label,
        options=tuple(options),
        preferred=preferred,
        draws=draws,
        seed=seed,
        confidence=s.settings.confidence,
        value_per_point=s.value_per_point,
        years=tuple(range(s.base_year, s.base_year + df.size)),
        flows=p.flows,
        risks=p.register,
        counterfactual=cf,
        concerns=p.concerns,
        notes=s.load_notes + p.notes + qualifiers,
        cautions=qualifiers,
        sources=p.sources,
        leaders=()
        if score is None
        else tuple((lam, ids[i]) for lam, i in mcda.leaders(value, score)),
        closeness_npsv=close[0],
        closeness_overall=close[1],
        double_counts=tuple(double_counts(s, value)),
        overlaps=tuple(overlaps(s)),
    )


def _closeness(
    ids: tuple[str, ...],
    ranks: npt.NDArray[np.int64],
    measure: Array,
    beats: Array,
    confidence: float,
) -> Closeness | None:
    """The leader of a ranking against its runner-up, over the draws (DESIGN's rule)."""
    if len(ids) < 2:
        return None
    first, second = (int(i) for i in np.argsort(ranks)[:2])
    share = float(beats[second, first])
    return Closeness(
        ids[first], ids[second], float(measure[first] - measure[second]), share,
        share > 1.0 - confidence,
    )  # fmt: skip


def _id_or_none(ids: tuple[str, ...], index: int | None) -> str | None:
    return None if index is None else ids[index]


def _mcda_scores(s: Scenario) -> Array | None:
    if not s.concerns:
        return None
    return mcda.weighted_scores(counted_matrix(s), [c.weight for c in s.concerns])


def _concern_frame(s: Scenario) -> pd.DataFrame:
    """Each concern's normalised weight, each option's score, the residual share that
    counts and the weighted contribution (weight × score × residual share)."""
    if not s.concerns:
        return pd.DataFrame(columns=CONCERN_COLUMNS)
    weights = mcda.normalise_weights([c.weight for c in s.concerns])
    rows = [
        (c.id, c.title, c.raised_by, oid, x, w, w * c.residual_share * x, c.residual_share)
        for c, w in zip(s.concerns, weights, strict=True)
        for oid, x in ((o, c.scores_map[o]) for o in s.option_ids)
    ]
    return pd.DataFrame(rows, columns=CONCERN_COLUMNS)
