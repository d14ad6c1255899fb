"""Costs: the yearly profile of each option and the cost lines, editable in place."""

import streamlit as st

from dashboard import state
from dashboard.widgets import chart, problems
from options.edits import apply_edits, cost_table
from options.errors import InputError
from options.model import Basis, Category
from report import charts

EDITOR = "cost_editor"
PENDING = "cost_edit_problems"

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

st.subheader("Cost lines")
st.caption(
    "Edit any cell, add or delete rows, then press **Apply edits**. The edits are checked "
    "by the same rules as an uploaded cost file; if any cell is wrong, nothing is applied "
    "and the problems are listed, while your edits stay in the table to fix."
)


def _apply() -> None:
    edited = st.session_state[f"{EDITOR}_value"]
    try:
        new = apply_edits(state.scenario(), edited)
    except InputError as exc:
        st.session_state[PENDING] = exc
        return
    st.session_state.pop(PENDING, None)
    state.replace_scenario(new, notice="Cost lines applied.")
    st.session_state.pop(EDITOR, None)


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
}
edited = st.data_editor(
    table, key=EDITOR, num_rows="dynamic", column_config=column_config, width="stretch", height=420
)
st.session_state[f"{EDITOR}_value"] = edited
changed = not edited.equals(table)
st.button(
    "Apply edits",
    type="primary",
    on_click=_apply,
    disabled=not changed and PENDING not in st.session_state,
    key="apply_costs",
)
if PENDING in st.session_state:
    problems(st.session_state[PENDING], what="Cost lines")
elif changed:
    st.info(
        "You have edits that are not applied yet: the figures still use the last applied "
        "cost lines."
    )
