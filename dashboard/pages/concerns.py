"""Concerns: who raised what, the weights, 0-100 scores with rationale, weighted scores."""

import streamlit as st

from dashboard import state
from dashboard.widgets import apply_panel, chart, heading
from options.edits import apply_concern_edits, concern_table, rationale_table
from options.model import Concern, ConcernStatus
from report import charts
from report.formatting import escape_text
from report.summary import double_count_sentence, overlap_sentence
from report.tables import register_csv

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

for d in results.double_counts:
    st.warning(escape_text(double_count_sentence(results, d)))
for o in (o for o in results.overlaps if o.marked_related):
    st.warning(escape_text(overlap_sentence(results, o)))

chart(charts.fig_concerns(results), charts.concerns_table(results), "concerns")


st.header("Weights and scores")
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
    "date_raised": st.column_config.TextColumn("date raised", help="YYYY-MM-DD"),
    "status": st.column_config.SelectboxColumn(
        "status", options=list(ConcernStatus.values()), required=True
    ),
    "risks": st.column_config.TextColumn(
        "linked risks", help="Risks in the register that cost the same harm, separated by "
        "semicolons: the page warns that the harm may be counted twice.",
    ),
    "residual_share": st.column_config.NumberColumn(
        "residual share", min_value=0.0, max_value=1.0, step=0.05, format="%.2f",
        help="The share of the concern that the linked risks do not already cost (1 = all "
        "of it counts).",
    ),
}  # fmt: skip
scores_table, notes_table = concern_table(s), rationale_table(s)
scores = st.data_editor(
    scores_table,
    key=SCORES,
    num_rows="dynamic",
    column_config=score_config,
    column_order=[
        "title",
        "weight",
        *names,
        "raised_by",
        "date_raised",
        "status",
        "risks",
        "residual_share",
        "id",
    ],
    width="stretch",
    hide_index=False,
)
st.header("Rationale and mitigation")
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

st.header("The register as raised")
st.caption(
    "Grouped by who raised each concern, with its status, evidence and the mitigation "
    "proposed for each option: the view to share with the union side."
)
st.download_button(
    "Download the concerns register (CSV)", register_csv(s), file_name="concerns_register.csv",
    mime="text/csv", key="register_csv",
)  # fmt: skip
by_whom: dict[str, list[Concern]] = {}
for c in s.concerns:
    by_whom.setdefault(c.raised_by or "Not recorded", []).append(c)
for who, raised in by_whom.items():
    heading(f"Raised by {who}", level=3)
    for c in raised:
        when = f", raised {c.date_raised}" if c.date_raised else ""
        st.markdown(
            f"**{escape_text(c.title)}** ({escape_text(c.status.value)}{escape_text(when)}; "
            f"weight {c.weight:g})"
        )
        if c.evidence:
            st.caption(f"Evidence: {escape_text(c.evidence)}")
        if c.risks:
            st.caption(
                f"Costed in NPSV by the risk(s): {escape_text('; '.join(c.risks))} (residual "
                f"share {c.residual_share:.0%})"
            )
        why = dict(c.rationale)
        for oid, text in ((o.id, why[o.id]) for o in s.options if o.id in why):
            mitigation = dict(c.mitigation).get(oid)
            line = f"- {escape_text(names.get(oid, oid))}: {escape_text(text)}"
            if mitigation:
                line += f" *Mitigation:* {escape_text(mitigation)}"
            st.markdown(line)
