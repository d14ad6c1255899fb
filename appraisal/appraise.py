"""``appraise(scenario) -> Results``: the one call every front end makes.

It sequences the method once: real prices, discounting, optimism bias, risk
expected values, carbon, NPSV, EAC, BCR, IRR and payback against the in-house
counterfactual, MCDA and the overall score, and the Monte Carlo simulation.
All figures are £ in real prices of the scenario's price base.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import pandas as pd

from appraisal import __version__, mcda, metrics, montecarlo
from appraisal.carbon import CARBON_TABLES, carbon_values
from appraisal.discounting import annuity_factor, discount_factors
from appraisal.optimism_bias import applies_to, project_uplift
from appraisal.prices import real_terms, rebase_factor
from appraisal.risk import adjusted_probability, risk_expected_value
from options.model import GDP_DEFLATOR, Basis, Category, OptionKind, Scenario, Treatment

Array = npt.NDArray[np.float64]
COMPONENTS = (*(c.value for c in Category), "optimism_bias", "risk", "carbon")
RISK_COLUMNS = ("option", "risk", "treatment", "probability", "probability_used", "low", "likely",
                "high", "years", "ev_per_year", "pv", "source")  # fmt: skip
CONCERN_COLUMNS = ("concern", "title", "raised_by", "option", "score", "weight", "contribution")


@dataclass(frozen=True, slots=True)
class MonteCarloResult:
    """NPSV uncertainty of one option (£)."""

    draws: int
    p10: float
    p50: float
    p90: float
    mean: float
    prob_best: float
    quantiles: tuple[float, ...]  # NPSV at percentiles 0..100


@dataclass(frozen=True, slots=True)
class OptionResult:
    """Every figure for one option; money in £ real prices of the price base."""

    id: str
    name: str
    kind: OptionKind
    pv_costs: float
    pv_benefits: float
    optimism_bias: float
    risk: float
    carbon_cost: float
    npsv: float
    npc: float
    eac: float
    life_years: int
    cost_per_point: float | None
    marginal_cost_per_point: float | None
    dominated_by: str | None
    mcda_score: float | None
    money_score: float
    overall_score: float
    rank: int
    bcr: float | None
    irr: float | None
    payback_year: int | None
    npsv_vs_counterfactual: float | None
    npc_at_confidence: float
    ob_uplift: float
    monte_carlo: MonteCarloResult


@dataclass(frozen=True, slots=True)
class Preferred:
    npsv: str
    mcda: str | None
    overall: str


@dataclass(frozen=True, eq=False)
class Results:
    """The appraisal of a scenario: typed per-option results plus tidy frames."""

    scenario: str
    base_year: int
    price_base: int
    discounting: str | float
    options: tuple[OptionResult, ...]
    preferred: Preferred
    draws: int
    seed: int
    confidence: float
    money_weight: float
    years: tuple[int, ...]
    flows: pd.DataFrame = field(repr=False)  # option, year, component, amount, discounted
    risks: pd.DataFrame = field(repr=False, default_factory=lambda: pd.DataFrame())  # register
    concerns: pd.DataFrame = field(repr=False, default_factory=lambda: pd.DataFrame())
    notes: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    counterfactual: str | None = None  # the in-house (business-as-usual) option's id
    cautions: tuple[str, ...] = ()  # the notes that qualify the ranking itself (also in notes)
    version: str = __version__

    def option(self, option_id: str) -> OptionResult:
        return next(o for o in self.options if o.id == option_id)

    def frame(self) -> pd.DataFrame:
        """One row per option, the JSON fields as columns (Monte Carlo flattened)."""
        rows = [self.flat_option(o) for o in self.options]
        return pd.DataFrame(rows).set_index("id", drop=False)

    @staticmethod
    def flat_option(o: OptionResult) -> dict[str, object]:
        """One option's JSON fields in contract order, Monte Carlo flattened, nulls as None."""
        return _flat(_option_dict(o))

    def to_dict(self) -> dict[str, object]:
        """The JSON contract of DESIGN.md (nan and inf become null)."""
        return {
            "scenario": self.scenario,
            "base_year": self.base_year,
            "price_base": self.price_base,
            "discounting": self.discounting,
            "preferred": {
                "npsv": self.preferred.npsv,
                "mcda": self.preferred.mcda,
                "overall": self.preferred.overall,
            },
            "options": [_option_dict(o, quantiles=True) for o in self.options],
            "draws": self.draws,
            "seed": self.seed,
            "confidence": self.confidence,
            "money_weight": self.money_weight,
            "counterfactual": self.counterfactual,
            "version": self.version,
            "notes": list(self.notes),
            "sources": list(self.sources),
        }


def _clean(x: float | None) -> float | None:
    return None if x is None or not math.isfinite(x) else float(x)


def _option_dict(o: OptionResult, *, quantiles: bool = False) -> dict[str, object]:
    mc: dict[str, object] = {
        "draws": o.monte_carlo.draws,
        "p10": o.monte_carlo.p10,
        "p50": o.monte_carlo.p50,
        "p90": o.monte_carlo.p90,
        "mean": o.monte_carlo.mean,
        "prob_best": o.monte_carlo.prob_best,
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
        "cost_per_point": _clean(o.cost_per_point),
        "marginal_cost_per_point": _clean(o.marginal_cost_per_point),
        "dominated_by": o.dominated_by,
        "mcda_score": _clean(o.mcda_score),
        "overall_score": o.overall_score,
        "rank": o.rank,
        "monte_carlo": mc,
        "kind": o.kind.value,
        "npc": o.npc,
        "npc_at_confidence": o.npc_at_confidence,
        "npsv_vs_counterfactual": _clean(o.npsv_vs_counterfactual),
        "bcr": _clean(o.bcr),
        "irr": _clean(o.irr),
        "payback_year": o.payback_year,
        "money_score": o.money_score,
        "life_years": o.life_years,
        "ob_uplift": o.ob_uplift,
    }


def _flat(d: dict[str, object]) -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in d.items():
        if isinstance(value, dict):
            out.update({f"{key}_{k}": v for k, v in value.items()})
        else:
            out[key] = value
    return out


# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Lines:
    """Cost lines grouped as (option, line, category), flows by year index."""

    option: npt.NDArray[np.int64]
    category: tuple[Category, ...]
    flows: Array  # (lines, years), £ real, positive amounts
    low: tuple[float | None, ...]
    high: tuple[float | None, ...]
    ob_exempt: npt.NDArray[np.bool_]  # a row of the line said "optimism_bias": false


def _cost_lines(s: Scenario, years: int, notes: list[str]) -> _Lines:
    index = {oid: i for i, oid in enumerate(s.option_ids)}
    included = [c for c in s.costs if s.option(c.option).includes(c.module)]
    amounts = np.array([c.amount for c in included], dtype=float)
    nominal = np.array([c.basis is Basis.NOMINAL for c in included], dtype=bool)
    if nominal.any():
        yrs = np.array([c.year for c in included])[nominal]
        amounts[nominal], deflator_notes = real_terms(
            amounts[nominal], yrs, s.prices, s.deflator or GDP_DEFLATOR
        )
        notes.extend(f"GDP deflator: {n}" for n in deflator_notes)
    keys: dict[tuple[str, str, Category], int] = {}
    low: list[float | None] = []
    high: list[float | None] = []
    exempt: list[bool] = []
    for c in included:
        k = (c.option, c.line, c.category)
        if k not in keys:
            keys[k] = len(keys)
            low.append(None)
            high.append(None)
            exempt.append(False)
        j = keys[k]
        low[j] = c.low if low[j] is None else low[j]
        high[j] = c.high if high[j] is None else high[j]
        exempt[j] = exempt[j] or not c.optimism_bias
    flows = np.zeros((len(keys), years))
    rows = np.array([keys[(c.option, c.line, c.category)] for c in included], dtype=int)
    cols = np.array([c.year - s.base_year for c in included], dtype=int)
    np.add.at(flows, (rows, cols), amounts)
    return _Lines(
        option=np.array([index[k[0]] for k in keys], dtype=np.int64),
        category=tuple(k[2] for k in keys),
        flows=flows,
        low=tuple(low),
        high=tuple(high),
        ob_exempt=np.array(exempt, dtype=bool),
    )


def _horizon(s: Scenario) -> int:
    last = [c.year for c in s.costs]
    last += [y for r in s.risks for y in r.years]
    last += [y for o in s.options for y, _ in o.carbon_tco2e]
    return max([s.base_year, *last]) - s.base_year + 1


def _by_option(rows: npt.NDArray[np.int64], values: Array, k: int) -> Array:
    """Sum rows (lines or risk-years) into options: ``(k, ...)``."""
    out = np.zeros((k, *values.shape[1:]))
    np.add.at(out, rows, values)
    return out


def _risk_flows(s: Scenario, df: Array) -> tuple[Array, montecarlo.RiskYears, pd.DataFrame]:
    """Yearly expected risk cost by option, the retained risk-years, and the register."""
    k, years = len(s.options), df.size
    index = {oid: i for i, oid in enumerate(s.option_ids)}
    flows = np.zeros((k, years))
    retained, register = [], []
    for r in s.risks:
        p = float(adjusted_probability(r.probability, s.settings.risk_probability_multiplier))
        transferred = r.treatment is Treatment.TRANSFERRED
        ev = float(
            risk_expected_value(
                p, r.low, r.likely, r.high, transferred=transferred, premium=r.premium
            )
        )
        t = np.array(r.years) - s.base_year
        np.add.at(flows[index[r.option]], t, ev)
        if not transferred:
            retained += [(index[r.option], p, r.low, r.likely, r.high, df[i]) for i in t]
        register.append(
            {
                "option": r.option,
                "risk": r.name,
                "treatment": r.treatment.value,
                "probability": r.probability,
                "probability_used": p,
                "low": r.low,
                "likely": r.likely,
                "high": r.high,
                "years": ", ".join(map(str, r.years)),
                "ev_per_year": ev,
                "pv": float(ev * df[t].sum()),
                "source": r.source,
            }
        )
    cols = list(zip(*retained, strict=True)) if retained else [()] * 6
    risk_years = montecarlo.RiskYears(
        option=np.array(cols[0], dtype=np.int64),
        **{
            name: np.array(col, dtype=float)
            for name, col in zip(
                ("probability", "low", "likely", "high", "factor"), cols[1:], strict=True
            )
        },
    )
    return flows, risk_years, pd.DataFrame(register, columns=RISK_COLUMNS)


def _carbon_flows(s: Scenario, years: int) -> tuple[Array, tuple[str, ...]]:
    flows = np.zeros((len(s.options), years))
    pairs = [(i, y, t) for i, o in enumerate(s.options) for y, t in o.carbon_tco2e]
    if not pairs:
        return flows, ()
    rows, yrs, tonnes = (np.array(x) for x in zip(*pairs, strict=True))
    values, source = carbon_values(s.carbon_series, s.carbon_values, yrs)
    factor, notes = rebase_factor(
        CARBON_TABLES[s.carbon_series].price_base, s.prices, s.deflator or GDP_DEFLATOR
    )
    np.add.at(flows, (rows, yrs - s.base_year), tonnes * values * factor)
    table = CARBON_TABLES[s.carbon_series]
    rebased = f"rebased from {table.price_base} to {s.prices} prices with the GDP deflator"
    return flows, (f"Carbon: {source}; {rebased}", *(f"GDP deflator: {n}" for n in notes))


def _line_spreads(s: Scenario, lines: _Lines, pv: Array) -> montecarlo.LineSpread:
    spreads = s.uncertainty_map
    chosen = []
    for j, cat in enumerate(lines.category):
        spread = spreads.get(cat)
        lo = lines.low[j] if lines.low[j] is not None else (spread.low if spread else None)
        hi = lines.high[j] if lines.high[j] is not None else (spread.high if spread else None)
        lo, hi = (1.0 if lo is None else lo), (1.0 if hi is None else hi)
        if (lo, hi) != (1.0, 1.0) and pv[j] != 0:
            rho = spread.correlation if spread else 0.0
            group = list(Category).index(cat) if rho > 0 else -1
            sign = 1.0 if cat.is_benefit else -1.0
            chosen.append((sign * pv[j], lines.option[j], lo, hi, group, rho, j))
    cols = list(zip(*chosen, strict=True)) if chosen else [()] * 7
    picked = np.array(cols[6], dtype=int)
    signs = np.where([c.is_benefit for c in lines.category], 1.0, -1.0)[:, None]
    return montecarlo.LineSpread(
        pv=np.array(cols[0], dtype=float),
        option=np.array(cols[1], dtype=np.int64),
        low=np.array(cols[2], dtype=float),
        high=np.array(cols[3], dtype=float),
        group=np.array(cols[4], dtype=np.int64),
        rho=np.array(cols[5], dtype=float),
        flows=(signs * lines.flows)[picked],
    )


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
    k, years = len(s.options), _horizon(s)
    df = discount_factors(np.arange(years), s.discounting)
    lines = _cost_lines(s, years, notes)
    pv_line = metrics.present_value(lines.flows, df)
    benefit = np.array([c.is_benefit for c in lines.category], dtype=bool)
    cost_flows = _by_option(lines.option[~benefit], lines.flows[~benefit], k)
    benefit_flows = _by_option(lines.option[benefit], lines.flows[benefit], k)
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
    ob_flows = uplift[:, None] * _by_option(lines.option[ob_mask], lines.flows[ob_mask], k)
    risk_flows, risk_years, register = _risk_flows(s, df)
    carbon_flows, carbon_notes = _carbon_flows(s, years)
    flows = {
        "costs": cost_flows,
        "benefits": benefit_flows,
        "ob": ob_flows,
        "risk": risk_flows,
        "carbon": carbon_flows,
    }
    parts = {name: metrics.present_value(f, df) for name, f in flows.items()}
    value = metrics.npsv(
        parts["benefits"], parts["costs"], parts["ob"], parts["risk"], parts["carbon"]
    )
    notes += _method_notes(s, value, uplift, lines)
    return Prepared(
        df=df,
        parts=parts,
        value=value,
        net=benefit_flows - cost_flows - ob_flows - risk_flows - carbon_flows,
        uplift=uplift,
        lines=_line_spreads(s, lines, pv_line),
        risks=risk_years,
        flows=_flows_frame(s, df, lines, ob_flows, risk_flows, carbon_flows),
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
    periods = _period_notes(s)
    ids = s.option_ids
    npc = -value
    lives = _lives(s, net)
    eac = [float(npc[i] / annuity_factor(n, s.discounting)) for i, n in enumerate(lives)]
    cf = s.counterfactual
    cf_i = ids.index(cf) if cf else None
    score = _mcda_scores(s)
    money = mcda.money_scores(value)
    overall = mcda.overall_scores(money, score, s.money_weight)
    ranks = mcda.rank(overall, value)
    cautions = periods + _ranking_notes(s, value, score, overall)
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
                cost_per_point=_clean(float(per_point[i])),
                marginal_cost_per_point=_clean(float(marginal[i])),
                dominated_by=_id_or_none(ids, dominated[i]),
                mcda_score=None if score is None else float(score[i]),
                money_score=float(money[i]),
                overall_score=float(overall[i]),
                rank=int(ranks[i]),
                bcr=_clean(float(bcr[i])),
                irr=_clean(metrics.irr(inc)) if inc is not None else None,
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
        notes=p.notes + cautions,
        cautions=cautions,
        sources=p.sources,
    )


def _id_or_none(ids: tuple[str, ...], index: int | None) -> str | None:
    return None if index is None else ids[index]


def _mcda_scores(s: Scenario) -> Array | None:
    if not s.concerns:
        return None
    matrix = np.array([[c.scores_map[oid] for oid in s.option_ids] for c in s.concerns])
    return mcda.weighted_scores(matrix, [c.weight for c in s.concerns])


def _period_notes(s: Scenario) -> tuple[str, ...]:
    """Options appraised over different periods cannot be compared fairly."""
    spans: dict[str, tuple[int, int]] = {}
    for c in s.costs:
        a, b = spans.get(c.option, (c.year, c.year))
        spans[c.option] = (min(a, c.year), max(b, c.year))
    if len(set(spans.values())) <= 1:
        return ()
    text = "; ".join(f"{s.option(oid).name} {a}-{b}" for oid, (a, b) in spans.items())
    return (
        f"The options' cost lines cover different periods ({text}). The Green Book compares "
        "options over the same period: extend the shorter ones (re-procurement, exit or "
        "continuation) before relying on the ranking.",
    )


def _ranking_notes(
    s: Scenario, value: Array, score: Array | None, overall: Array
) -> tuple[str, ...]:
    """Warn when the overall score disagrees with NPSV or cannot separate the top two."""
    if score is None or len(value) < 2:
        return ()
    names = [o.name for o in s.options]
    notes = []
    first, second = np.argsort(-overall, kind="stable")[:2]
    best = int(np.argmax(value))
    if int(first) != best:
        notes.append(
            f"The overall score ranks {names[first]} first, but {names[best]} has the highest "
            "NPSV; the Green Book keeps the choice among shortlisted options on NPSV, with the "
            "concerns presented beside it."
        )
    gap = overall[first] - overall[second]
    if gap < 2.0:
        worst = names[int(np.argmin(value))]
        notes.append(
            f"{names[first]} and {names[second]} are {gap:.1f} points apart on the overall "
            "score: too close to call. The money score's scale runs from the worst option "
            f"({worst}) to the best, so a change to the worst option can reorder them."
        )
    return tuple(notes)


def _method_notes(s: Scenario, value: Array, uplift: Array, lines: _Lines) -> list[str]:
    notes = []
    npc = -value
    if len(value) > 1 and value.max() - value.min() < 0.01 * np.abs(npc).max():
        notes.append(
            "The options' NPSVs differ by less than 1% of the largest net present cost; the "
            "money score stretches that small gap to the full 0-100 scale, so read the overall "
            "score with care and lead with NPSV."
        )
    spreads = s.uncertainty_map
    for i, o in enumerate(s.options):
        cats = applies_to(o.project_type)
        skewed = any(
            (sp := spreads.get(c)) is not None and sp.high - 1 > 1 - sp.low
            for c in cats
            if c in lines.category
        )
        if uplift[i] > 0.10 and skewed:
            notes.append(
                f"{o.name}: carries a {uplift[i]:.0%} optimism-bias uplift and right-skewed cost "
                "spreads on the same lines; when spreads and risks are quantified in detail, "
                "reduce optimism bias through mitigation rather than count optimism twice."
            )
    return notes


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


def _flows_frame(
    s: Scenario, df: Array, lines: _Lines, ob: Array, risk: Array, carbon: Array
) -> pd.DataFrame:
    """Tidy yearly flows: option, year, component, amount (£ real), discounted."""
    k = len(s.options)
    blocks = {
        c.value: _by_option(
            lines.option[[x is c for x in lines.category]],
            lines.flows[[x is c for x in lines.category]],
            k,
        )
        for c in Category
    }
    blocks.update(optimism_bias=ob, risk=risk, carbon=carbon)
    stacked = np.stack([blocks[c] for c in COMPONENTS])  # (components, options, years)
    codes = np.indices(stacked.shape).reshape(3, -1)  # component, option, year of each cell
    return pd.DataFrame(
        {
            "option": pd.Categorical.from_codes(codes[1], categories=pd.Index(s.option_ids)),
            "year": codes[2] + s.base_year,
            "component": pd.Categorical.from_codes(codes[0], categories=pd.Index(COMPONENTS)),
            "amount": stacked.ravel(),
            "discounted": (stacked * df).ravel(),
        }
    )
