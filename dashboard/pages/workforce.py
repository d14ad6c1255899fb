"""Workforce: staff in scope, who transfer under TUPE, what the department still pays."""

import streamlit as st

from appraisal.workforce import redundancy_payments, workforce_frame
from dashboard import state
from dashboard.widgets import heading, html_table, problems
from options.edits import apply_workforce_edit
from options.errors import InputError
from options.workforce_inputs import KEEPS_STAFF, bounds, scope_top
from report.formatting import escape_text, money_m

results = state.results()
s = state.scenario()
st.title("Workforce")
st.caption(
    "Staff in scope (FTE) = transferring + redundant + redeployed + retained. In-house, the "
    "staff cost lines come from these inputs; in an outsourced option the supplier's charge "
    "already pays the transferring staff, so the department pays only what stays with it: "
    "the retained client function, TUPE consultation, HR and legal costs, any pension cost "
    "passed back and pay protection. Redundancy pay is a transfer: in the financial case "
    "(Affordability), never in NPSV (Green Book 6.9)."
)
staffed = [o for o in s.options if o.workforce is not None]
if not staffed:
    st.info("No option of this scenario has workforce inputs (the `workforce` key of an option).")
    st.stop()


def apply(option_id: str) -> None:
    """Callback: the sliders' values, checked and appraised before they take over."""
    fields = {"pension_rate": float(st.session_state[f"wf_pension:{option_id}"]) / 100}
    for field in ("in_scope", "transferring"):
        if (value := st.session_state.get(f"wf_{field}:{option_id}")) is not None:
            fields[field] = float(value)
    try:
        new = apply_workforce_edit(state.scenario(), option_id, **fields)
    except InputError as exc:
        st.session_state[f"wf_problem:{option_id}"] = exc
        return
    st.session_state.pop(f"wf_problem:{option_id}", None)
    state.switch_scenario(new, source="the workforce inputs", notice="Workforce inputs applied.")


def _span(span: tuple[float, float] | None) -> str:
    return "" if span is None else f" (range {span[0]:g}–{span[1]:g})"


by_id = {o.id: o for o in results.options}
st.header("Staff by option")
cols = st.columns(len(staffed))
for col, o in zip(cols, staffed, strict=True):
    w = o.workforce
    assert w is not None
    with col:
        heading(o.name, level=3)
        stays = w.retained + w.redeployed + w.client_fte
        st.metric("Staff in scope now", f"{w.in_scope:g} FTE")
        st.metric("With the department after", f"{stays:g} FTE",
                  help="Retained and redeployed staff and the client function.")  # fmt: skip
        st.caption(
            f"In scope {w.in_scope:g} FTE{_span(w.in_scope_range)}; transferring under TUPE "
            f"{w.transferring:g} FTE{_span(w.transferring_range)}; redundant {w.redundant:g}; "
            f"redeployed {w.redeployed:g}; retained {w.retained:g}."
        )
        st.metric("NPSV", money_m(by_id[o.id].npsv))
        if o.kind in KEEPS_STAFF:
            top = max(2 * w.in_scope, scope_top(w), 1.0)
            st.slider("Staff in scope (FTE)", 0.0, float(top), float(w.in_scope), 1.0,
                      key=f"wf_in_scope:{o.id}", format="%.0f",
                      help="All of them stay: the retained staff follow.")  # fmt: skip
        elif (most := bounds(o, "transferring")[1] or 0.0) > 0:
            st.slider("Staff transferring (FTE)", 0.0, float(most), float(w.transferring), 1.0,
                      key=f"wf_transferring:{o.id}", format="%.0f",
                      help="The rest of the staff in scope are redeployed; above the staff "
                      "in scope now, the scope grows up to its range's high end.")  # fmt: skip
        st.slider("Employer pension rate (%)", 0.0, 50.0, round(100 * w.pension_rate, 1), 0.1,
                  key=f"wf_pension:{o.id}")  # fmt: skip
        st.button("Apply", key=f"wf_apply:{o.id}", on_click=apply, args=(o.id,))
        if (bad := st.session_state.get(f"wf_problem:{o.id}")) is not None:
            problems(bad, what=f"Workforce of {o.name}")

st.header("How this was worked out")
frame = workforce_frame(s)
names = {o.id: o.name for o in s.options}
html_table(
    frame.assign(option=frame["option"].map(names), amount=frame["amount"].astype(float)).rename(
        columns={"option": "Option", "line": "Cost line", "category": "Category",
                 "years": "Years", "amount": "£ a year (£)", "working": "Working",
                 "source": "Source"}
    )
)  # fmt: skip
pay = redundancy_payments(s)
if not pay.empty:
    st.header("Redundancy (financial case only)")
    html_table(
        pay.assign(option=pay["option"].map(names)).rename(
            columns={"option": "Option", "year": "Year", "people": "People",
                     "per_person": "£ a person (as entered)", "amount": "£ as entered",
                     "price_year": "Prices of", "real": f"£ in {s.prices} prices"}
        )
    )  # fmt: skip
notes = [n for n in results.notes if "FTE" in n or "TUPE" in n or "workforce" in n.lower()]
for note in notes:
    st.caption(escape_text(note))
