"""Concerns: who raised what, the weights, 0-100 scores with rationale, weighted scores."""

import streamlit as st

from dashboard import state
from dashboard.widgets import chart, problems
from options.edits import apply_concern_edits, concern_table, rationale_table
from options.errors import InputError
from report import charts
from report.formatting import escape_text

SCORES, NOTES, PENDING = "concern_scores", "concern_notes", "concern_edit_problems"

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


def _apply() -> None:
    try:
        new = apply_concern_edits(
            state.scenario(),
            st.session_state[f"{SCORES}_value"],
            st.session_state[f"{NOTES}_value"],
        )
    except InputError as exc:
        st.session_state[PENDING] = exc
        return
    for key in (PENDING, SCORES, NOTES):
        st.session_state.pop(key, None)
    state.replace_scenario(new, notice="Concerns applied.")


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
    scores_table, key=SCORES, num_rows="dynamic", column_config=score_config, width="stretch"
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
st.session_state[f"{SCORES}_value"], st.session_state[f"{NOTES}_value"] = scores, notes
changed = not (scores.equals(scores_table) and notes.equals(notes_table))
st.button(
    "Apply edits",
    type="primary",
    on_click=_apply,
    key="apply_concerns",
    disabled=not changed and PENDING not in st.session_state,
)
if PENDING in st.session_state:
    problems(st.session_state[PENDING], what="Concerns")
elif changed:
    st.info(
        "You have edits that are not applied yet: the figures still use the last applied concerns."
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
