"""Risks: the register (editable), each risk's expected value, and the Monte Carlo view."""

import streamlit as st

from dashboard import state
from dashboard.widgets import apply_panel, chart
from options.edits import apply_risk_edits, risk_table
from options.model import Treatment
from report import charts
from report.formatting import escape_text, money_m, percent

EDITOR = "risk_editor"

results = state.results()
st.title("Risks")
st.caption(
    "A retained risk costs its probability × PERT mean impact in each year listed; a "
    "transferred risk costs only the supplier's premium. Probabilities shown are after the "
    "sidebar's multiplier."
)

best = max(results.options, key=lambda o: o.monte_carlo.prob_best)
cols = st.columns(len(results.options))
for col, o in zip(cols, results.options, strict=True):
    with col:
        st.markdown(f"**{escape_text(o.name)}**")
        st.metric(
            f"NPC at {percent(results.confidence, 0)} confidence",
            money_m(o.npc_at_confidence),
            help="Risk-adjusted net present cost: the cost the Monte Carlo draws stay under "
            "with this confidence.",
        )
        st.caption(f"Best in {percent(o.monte_carlo.prob_best, 0)} of draws")

chart(charts.fig_risk_ev(results), charts.risk_ev_table(results), "risk_ev")
chart(charts.fig_s_curves(results), charts.s_curves_table(results), "s_curves")
chart(charts.fig_prob_best(results), charts.prob_best_table(results), "prob_best")

st.header("Risk register")
st.caption(
    "Edit probability, impacts (£ low / most likely / high), years (e.g. 2009, 2010), "
    "treatment and premium, or add and delete risks; then press **Apply edits**."
)


s = state.scenario()
table = risk_table(s)
money = st.column_config.NumberColumn(format="localized", min_value=0)
config = {
    "option": st.column_config.SelectboxColumn("option", options=list(s.option_ids), required=True),
    "probability": st.column_config.NumberColumn(
        "probability", min_value=0.0, max_value=1.0, step=0.01, format="%.2f"
    ),
    "low": money,
    "likely": money,
    "high": money,
    "premium": money,
    "treatment": st.column_config.SelectboxColumn(
        "treatment", options=list(Treatment.values()), required=True
    ),
    "years": st.column_config.TextColumn("years", help="Calendar years, separated by commas"),
    "lines": st.column_config.TextColumn(
        "lines", help="The cost lines of its option this risk quantifies, separated by semicolons"
    ),
}
edited = st.data_editor(
    table, key=EDITOR, num_rows="dynamic", column_config=config, width="stretch", hide_index=False
)
apply_panel("Risk register", "risks", [(table, edited, EDITOR)], apply_risk_edits)
st.caption(f"Most likely best in the simulation: {escape_text(best.name)}.")
