"""Concerns: who raised what, the weights, 0-100 scores with rationale, weighted scores."""

import streamlit as st

from dashboard import state
from dashboard.widgets import apply_panel, chart
from options.edits import apply_concern_edits, concern_table, rationale_table
from report import charts
from report.formatting import escape_text

SCORES, NOTES = "concern_scores", "concern_notes"

results = state.results()
s = state.scenario()
st.title("Concerns")
st.caption(
    "Each concern is scored 0-100 for every option (0 = not addressed, 100 = fully addressed); "
    "weights are swing weights, normalised to sum to 1. The weights here and the sidebar's "
    "sliders are the same numbers."
)
if not s.concerns:
    st.info("This scenario has no concerns. Load a scenario with concerns on the Data page.")
    st.stop()

chart(charts.fig_concerns(results), charts.concerns_table(results), "concerns")


st.subheader("Weights and scores")
names = {o.id: o.name for o in s.options}
score_config = {
    oid: st.column_config.NumberColumn(name, min_value=0, max_value=100, step=1, format="%d")
    for oid, name in names.items()
}
score_config |= {
    "id": st.column_config.TextColumn("id", required=True),
    "title": st.column_config.TextColumn("concern", required=True, width="large"),
    "raised_by": st.column_config.TextColumn("raised by"),
    "weight": st.column_config.NumberColumn("weight", min_value=0, step=1, format="%g"),
}
scores_table, notes_table = concern_table(s), rationale_table(s)
scores = st.data_editor(
    scores_table,
    key=SCORES,
    num_rows="dynamic",
    column_config=score_config,
    column_order=["title", "weight", *names, "raised_by", "id"],
    width="stretch",
    hide_index=False,
)
st.subheader("Rationale and mitigation")
notes = st.data_editor(
    notes_table,
    key=NOTES,
    disabled=["concern", "option"],
    width="stretch",
    column_config={
        "rationale": st.column_config.TextColumn(width="large"),
        "mitigation": st.column_config.TextColumn(width="large"),
    },
)
apply_panel(
    "Concerns",
    "concerns",
    [(scores_table, scores, SCORES), (notes_table, notes, NOTES)],
    apply_concern_edits,
)

with st.expander("Who raised each concern, and why each option scores as it does"):
    for c in s.concerns:
        st.markdown(f"**{escape_text(c.title)}** — raised by {escape_text(c.raised_by or '—')}")
        for oid, text in c.rationale:
            mitigation = dict(c.mitigation).get(oid)
            line = f"- {escape_text(names.get(oid, oid))}: {escape_text(text)}"
            if mitigation:
                line += f" *Mitigation:* {escape_text(mitigation)}"
            st.markdown(line)
