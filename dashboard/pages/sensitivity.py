"""Sensitivity: what would have to change for the board to choose differently.

The tornado and the switching values (Green Book 5.58–5.61), the weight ranges over
which the concerns' leader holds (the MCDA manual's sensitivity on weights), joint
uncertainty over money, weights and scores (SMAA-2), the difference that decides under
common random numbers, costs that move together, and the what-ifs side by side.
"""

from typing import Literal

import numpy as np
import pandas as pd
import streamlit as st

from appraisal import sensitivity, smaa, uncertainty
from appraisal.weight_sets import weight_set_table, weight_set_verdict
from dashboard import state
from dashboard.widgets import chart, html_table
from report import sensitivity as words
from report.charts import sensitivity as tornado_charts
from report.charts import uncertainty as spread_charts
from report.charts import weights as weight_charts
from report.formatting import escape_text, money_m, number, percent

results = state.results()
model = state.sensitivity_model()
names = {o.id: o.name for o in results.options}
ids = list(names)

st.title("Sensitivity")
st.caption(
    "What would have to change for another option to come first. Every figure here is "
    "deterministic (expected values) except the joint uncertainty and the spreads, which "
    "use the sidebar's Monte Carlo draws and seed."
)
if len(ids) < 2:
    st.info("Sensitivity compares options: add a second option to see it.")
    st.stop()

switches = {m: sensitivity.switching_values(model, m) for m in sensitivity.MEASURES}
with st.container(border=True):
    st.markdown("**Nearest switching values**")
    for m, rows in switches.items():
        if m == "overall" and results.preferred.mcda is None:
            continue
        near = sensitivity.nearest(rows)
        if near is None:
            lead = names[rows[0].leader] if rows else ""
            text = (
                f"{lead} stays preferred {words.MEASURE_WORDS[m]} whatever single input "
                "moves within the wide search ranges."
            )
            st.markdown(escape_text(text))
        else:
            st.markdown(escape_text(words.sentence(model, near)))

# --- tornado ------------------------------------------------------------------------------
st.header("Tornado: which inputs move the difference most")
first, second = (ids[sensitivity.leader(model.base, "npsv")],
                 ids[sensitivity.runner_up(model.base, "npsv")])  # fmt: skip
left, right = st.columns(2)
a = str(left.selectbox(
    "Option", ids, index=ids.index(first), format_func=lambda i: names[i], key="sens_a",
    help="The tornado shows this option's NPSV less the other's.",
))  # fmt: skip
others = [i for i in ids if i != a]
b = str(right.selectbox(
    "Compared with", others, index=others.index(second) if second in others else 0,
    format_func=lambda i: names[i], key="sens_b",
))  # fmt: skip
frame = sensitivity.tornado(model, a, b)
chart(
    tornado_charts.fig_tornado(results, frame, a, b),
    tornado_charts.tornado_table(results, frame, a, b),
    "tornado",
)
st.caption(
    "Each input moves alone between the ends of its plausible range: the scenario's "
    "uncertainty bounds where it gives them, else ±50% for a cost multiplier, 0–1 for a "
    "probability or a mitigation, the reduced and standard discount schedules, the "
    "published low and high carbon values."
)

# --- switching values ---------------------------------------------------------------------
st.header("Switching values in words")
measure = "npsv"
if results.preferred.mcda is not None:
    measure = st.radio(
        "For the option preferred", sensitivity.MEASURES, horizontal=True, key="sens_measure",
        format_func=lambda m: {"npsv": "on NPSV", "overall": "overall (NPSV + value of the "
                               "concerns at the price per point)"}[m],
    )  # fmt: skip
inside = st.toggle("Only values inside their plausible range", key="sens_inside")
moves = ("up", "down", "range")
rows = [w for w in switches[measure] if w.direction in moves and (w.plausible or not inside)]
fixed = [w for w in switches[measure] if w.direction not in moves]
table = words.switching_table(model, rows)
st.caption(
    f"{sum(w.direction in ('up', 'down', 'range') for w in switches[measure])} inputs can "
    "change the leader within the wide search ranges (multipliers 0–5×, probabilities "
    "0–1, weights 0–100%, a constant discount rate 0–15%); nearest first. Linear inputs "
    "are solved exactly; the discount rate by root finding to within £1."
)
if rows:
    html_table(table)
else:
    st.info("No input inside its plausible range can change the leader on its own.")
with st.expander(f"Inputs that cannot change the leader on their own ({len(fixed)})"):
    for sw in fixed:
        st.markdown(f"- {escape_text(words.sentence(model, sw))}")

# --- weight stability ---------------------------------------------------------------------
ranges = sensitivity.weight_ranges(model)
if ranges:
    st.header("Weight stability")
    concerns = [c.id for c in model.scenario.concerns]
    titles = {c.id: c.title for c in model.scenario.concerns}
    narrowest = min(range(len(ranges)), key=lambda j: ranges[j].mcda.hi - ranges[j].mcda.lo)
    chosen = str(st.selectbox(
        "Concern", concerns, index=narrowest, format_func=lambda c: titles[c], key="sens_concern",
        help="Its share of the weights moves from 0 to 100%; the others keep their proportions.",
    ))  # fmt: skip
    chosen_range = ranges[concerns.index(chosen)]
    st.markdown(escape_text(words.weight_range_sentence(model, chosen_range)))
    view: Literal["mcda", "overall"] = "overall" if results.value_per_point else "mcda"
    chart(
        weight_charts.fig_weight_stability(results, chosen, view),
        weight_charts.weight_stability_table(results, chosen, view),
        "weight_stability",
    )
    with st.expander("Every concern's range"):
        for wr in ranges:
            st.markdown(f"- {escape_text(words.weight_range_sentence(model, wr))}")
if (price := sensitivity.price_range(model)) is not None:
    st.caption(escape_text(words.price_range_sentence(model, price)))

# --- stakeholder weight sets ---------------------------------------------------------------
if model.scenario.concerns:
    st.header("Stakeholder weight sets")
    sets = weight_set_table(model.scenario, model.base.npsv)
    st.markdown(escape_text(weight_set_verdict(sets)))
    if not model.scenario.weight_sets:
        st.caption(
            "The scenario names no weight sets: add `weight_sets` to its file (for example "
            "management's, the union's and the board's) to compare them here."
        )
    html_table(words.weight_sets_frame(sets))
    with st.expander("Where each set's weights come from"):
        for ws in model.scenario.weight_sets:
            st.markdown(
                f"- **{escape_text(ws.name)}**: {escape_text(ws.rationale or 'no rationale given')}"
                + (f" ({escape_text(ws.source)})" if ws.source else "")
            )

# --- joint uncertainty (SMAA-2) ----------------------------------------------------------
if model.matrix is not None and model.weights is not None:
    st.header("Joint uncertainty: money, weights and scores together")
    left, right = st.columns(2)
    spread = left.slider(
        "Score spread (points)", 0, 50, round(model.scenario.settings.score_spread),
        key="sens_spread",
        help="Each score is drawn from a normal with this standard deviation around its "
        "value, truncated to 0–100 (the scenario's settings.score_spread to start).",
    )  # fmt: skip
    around = right.slider(
        "Weights within ± points of the current shares (0: any weighting)", 0, 50, 0,
        key="sens_weight_band",
        help="0 draws weights uniformly over every possible weighting (Dirichlet(1, …, 1)); "
        "otherwise each concern's share stays within this many percentage points of its "
        "current share.",
    )  # fmt: skip
    bounds = None
    if around:
        now = model.weights
        band = around / 100
        bounds = np.column_stack([np.clip(now - band, 0, 1), np.clip(now + band, 0, 1)])
    draws = state.npsv_draws()
    joint = smaa.smaa(
        draws, model.matrix, model.weights, rng=np.random.default_rng(results.seed),
        lam=results.value_per_point, spread=float(spread), weight_bounds=bounds,
        lam_range=sensitivity.price_draws(model),
    )  # fmt: skip
    how = "uniformly over every possible weighting" if not around else (
        f"within ±{around} points of the current shares")  # fmt: skip
    st.caption(
        f"{joint.draws:,} joint draws (SMAA-2): each pairs one Monte Carlo money draw with "
        f"weights drawn {how}, scores perturbed by the spread, and a value of a concerns "
        "point drawn over its plausible range."
    )
    chart(
        weight_charts.fig_rank_acceptability(results, joint),
        weight_charts.rank_acceptability_table(results, joint),
        "rank_acceptability",
    )
    central = [
        {
            "Option": names[o],
            "Best overall in": percent(joint.prob_best[i], 1),
            "Confidence factor": percent(joint.confidence[i], 0)
            if np.isfinite(joint.confidence[i]) else "—",
            **{
                f"Central weight: {titles_t}": number(100 * joint.central_weights[i, c], 0)
                if np.isfinite(joint.central_weights[i, c]) else "—"
                for c, titles_t in enumerate(results.concerns.drop_duplicates("concern")["title"])
            },
        }
        for i, o in enumerate(ids)
    ]  # fmt: skip
    html_table(pd.DataFrame(central))

# --- the difference that decides -----------------------------------------------------------
st.header("The difference that decides")
draws = state.npsv_draws()
diff = uncertainty.pair_difference(draws, ids.index(a), ids.index(b))
chart(
    spread_charts.fig_pair_difference(results, diff, a, b),
    spread_charts.pair_difference_table(results, diff, a, b),
    "pair_difference",
)
st.caption(
    escape_text(
        f"With common random numbers: {names[a]} does better in {percent(diff.favours_a, 0)} "
        f"of draws and {names[b]} in {percent(diff.favours_b, 0)}; the median difference is "
        f"{money_m(float(diff.quantiles[50]))}."
    )
)

# --- costs that move together ---------------------------------------------------------------
st.header("Costs that move together")
rho = st.slider(
    "Correlation within every cost category (ρ)", 0.0, 0.9, 0.5, 0.1, key="sens_rho",
    help="Lines of a category drawn through a Gaussian copula with this pairwise "
    "correlation; independent draws understate the spread of costs that move together.",
)  # fmt: skip
comparison = state.spread_comparison(float(rho))
chart(
    spread_charts.fig_spread_comparison(results, comparison),
    spread_charts.spread_comparison_table(results, comparison),
    "spread_comparison",
)

# --- what-ifs -------------------------------------------------------------------------------
st.header("What-ifs beside the central case")
cases = state.what_if_frame()
wide = cases.pivot_table(index="case", columns="option", values="npsv", sort=False)
summary = cases.drop_duplicates("case").set_index("case")
what_ifs = [
    {
        "Case": case,
        **{f"{names.get(o, o)} (£m)": wide.loc[case, o] / 1e6 for o in wide.columns},
        "Preferred on NPSV": names.get(summary.loc[case, "preferred_npsv"], ""),
        "Preferred overall": names.get(summary.loc[case, "preferred_overall"], ""),
    }
    for case in wide.index
]  # fmt: skip
html_table(pd.DataFrame(what_ifs))
st.caption("Expected-value NPSV of each option under each what-if of the scenario.")
