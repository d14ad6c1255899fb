"""Affordability: the financial case beside the economic one (capital and resource budgets)."""

import streamlit as st

from appraisal.financial import financial_frame, financial_summary
from dashboard import state
from dashboard.widgets import chart, html_table
from report.charts import budget
from report.formatting import money_m

results = state.results()
st.title("Affordability")
st.caption(
    "The financial case: what each option costs the organisation's budgets, year by year. "
    "Unlike NPSV it holds optimism bias and risk as provisions, counts irrecoverable VAT and "
    "energy at the price paid (transfers and cash, which the economic case leaves out) and "
    "leaves out carbon. Capital (CDEL) is capex, its optimism bias and residual receipts; "
    "everything else is resource (RDEL)."
)

frame = financial_frame(state.shown())
summary = financial_summary(frame)
nominal = st.toggle(
    "Cash (nominal £ of each year)", key="afford_nominal",
    help="Real £ of the price base, or cash: each year's £ grown by the GDP deflator.",
)  # fmt: skip
kind = "nominal" if nominal else "real"
chart(budget.fig_budgets(results, summary, kind), budget.budgets_table(results, frame, kind),
      "budgets")  # fmt: skip
cols = st.columns(len(results.options))
for col, o in zip(cols, results.options, strict=True):
    col.metric(
        f"{o.name}: budgets", money_m(float(summary.at[o.id, f"{kind}: total"])),  # type: ignore[arg-type]
        help="Capital plus resource over every year of the appraisal.",
    )  # fmt: skip
st.header("By item")
items = frame.pivot_table(index=["option", "budget", "item"], values=kind, aggfunc="sum",
                          observed=True).reset_index()  # fmt: skip
names = {o.id: o.name for o in results.options}
items["option"] = items["option"].map(names)
html_table(items.rename(columns={"option": "Option", "budget": "Budget", "item": "Item",
                                 kind: "Total (£)"}))  # fmt: skip
