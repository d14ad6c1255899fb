"""Costs: the yearly profile of each option and the cost lines, editable in place."""

import streamlit as st

from dashboard import state
from dashboard.widgets import apply_panel, chart, html_table
from options.edits import apply_edits, cost_table
from options.model import Basis, Category
from report import charts
from report.formatting import escape_text
from report.tables import added_frame, energy_table

EDITOR = "cost_editor"

results = state.results()
st.title("Costs")
st.caption(f"£ in real {results.price_base} prices; costs include optimism bias, risk and carbon.")


@st.fragment
def profile() -> None:
    discounted = st.toggle("Discounted (present values)", key="profile_discounted")
    chart(
        charts.fig_profile(results, discounted=discounted),
        charts.profile_table(results, discounted=discounted),
        "profile",
    )


profile()

st.header("What is added above the most-likely estimates")
st.caption(
    "Each figure is the appraisal's expected value, not the most-likely estimate: the skew of "
    "each line's range, optimism bias (counted once per line: what a line's range and the "
    "risks that name it already add is taken off its uplift) and the expected cost of risk."
)
html_table(added_frame(results))
for note in (n for n in results.notes if "may be too wide" in n or "optimism-bias" in n):
    st.warning(escape_text(note))

energy = energy_table(state.shown())
if not energy.empty:
    with st.expander("Energy and carbon from devices: how they were worked out"):
        st.caption(
            'Each option\'s devices × kWh a year give the energy lines ("energy: …", at the '
            "long-run variable cost of electricity: a real resource cost in NPSV) and tonnes of "
            "CO2e (× the marginal emission factor), valued at the carbon values on top. "
            "Electricity is in the traded sector: the value per kWh should exclude the carbon "
            "price already in it, so carbon is not counted twice. The price paid is the cash "
            "the budget sees."
        )
        html_table(energy)

st.header("Cost lines")
st.caption(
    "Edit any cell, add or delete rows, then press **Apply edits**. The edits are checked "
    "by the same rules as an uploaded cost file; if any cell is wrong, nothing is applied "
    "and the problems are listed, while your edits stay in the table to fix."
)


s = state.scenario()
table = cost_table(s)
column_config = {
    "option": st.column_config.SelectboxColumn("option", options=list(s.option_ids), required=True),
    "category": st.column_config.SelectboxColumn(
        "category", options=list(Category.values()), required=True
    ),
    "basis": st.column_config.SelectboxColumn("basis", options=list(Basis.values())),
    "year": st.column_config.NumberColumn("year", format="%d", step=1),
    "amount": st.column_config.NumberColumn("amount (£)", format="localized"),
    "optimism_bias": st.column_config.CheckboxColumn("optimism bias", default=True),
    "price_year": st.column_config.NumberColumn(
        "price year", format="%d", step=1, help="Real amounts in this year's prices, rebased"
    ),
    "health": st.column_config.CheckboxColumn("health", default=False),
}
edited = st.data_editor(
    table,
    key=EDITOR,
    num_rows="dynamic",
    column_config=column_config,
    width="stretch",
    height=420,
    hide_index=False,
)
apply_panel("Cost lines", "costs", [(table, edited, EDITOR)], apply_edits)
