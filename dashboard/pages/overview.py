"""Overview: the options side by side, the verdict, and the three headline charts."""

import streamlit as st

from dashboard import last, state
from dashboard import verdict as verdict_part
from dashboard.widgets import chart_data, heading, html_table, live_chart
from report import charts
from report.formatting import discounting_label, escape_text, money, money_m, number
from report.summary import double_count_sentence, verdict
from report.tables import comparison_frame

results = state.results()
by_id = {o.id: o for o in results.options}

heading(state.scenario().name, level=1)
if (case := state.case()) is not None:
    st.info(
        f"**What-if: {escape_text(case.name)}.** {escape_text(case.rationale)} Every figure "
        "below is this what-if's; choose the central case in the sidebar to go back."
    )
st.caption(
    f"Base year {results.base_year} · £ in real {results.price_base} prices · discounting: "
    f"{discounting_label(results.discounting)} · "
    f"{results.draws:,} Monte Carlo draws "
    f"(seed {results.seed}) · Green Book parameters: {results.parameters}"
)

with st.container(border=True):
    st.markdown("**Verdict**")
    verdict_slot = st.empty()  # filled once the page is drawn (dashboard.verdict)
    verdict_slot.markdown(escape_text(verdict(results)), help=verdict_part.HELP)
    mcda = results.preferred.mcda
    picks = st.columns(3)
    for col, label, oid in (
        (picks[0], "Preferred by money (NPSV)", results.preferred.npsv),
        (picks[1], "Preferred on the concerns (MCDA)", mcda),
        (
            picks[2],
            "Preferred overall (no value set for a concerns point: NPSV)"
            if results.value_per_point is None
            else f"Preferred overall (at {money(results.value_per_point)} a concerns point)",
            results.preferred.overall,
        ),
    ):
        col.caption(label)
        col.markdown(f"**{escape_text(by_id[oid].name)}**" if oid else "— (no concerns scored)")
for caution in results.cautions:
    st.warning(escape_text(caution))
for d in results.double_counts:
    st.warning(escape_text(double_count_sentence(results, d)))
method_notes = [n for n in results.notes if n not in results.cautions]
if method_notes:
    with st.expander(f"Notes for analysts ({len(method_notes)})"):
        st.markdown("\n".join(f"- {escape_text(note)}" for note in method_notes))

PER_ROW = 4
cards = [results.options[i : i + PER_ROW] for i in range(0, len(results.options), PER_ROW)]
for row in cards:
    columns = st.columns(PER_ROW if len(results.options) > PER_ROW else len(row))
    for col, o in zip(columns, row, strict=False):
        with col.container(border=True):
            st.markdown(f"**{escape_text(o.name)}**")
            mc = o.monte_carlo
            st.metric(
                "NPSV",
                money_m(o.npsv),
                help="Net present social value, £m real prices: every cost at its expected "
                "value (most likely, plus the skew of its range), optimism bias, risks at "
                "expected value and carbon.",
            )
            p50, p80, p90 = (money_m(mc.npc(p)) for p in (50, 80, 90))
            st.caption(  # no break inside a figure
                f"Net present cost P50&nbsp;{p50} · P80&nbsp;{p80} · P90&nbsp;{p90}",
                help="Net present cost at the 50th, 80th and 90th percentiles of the "
                "simulation: a higher P is a more pessimistic cost.",
            )
            if results.value_per_point is None or mcda is None:  # the ranking is NPSV's
                st.metric("Rank by NPSV", str(o.rank))
            else:
                st.metric(
                    "Overall value",
                    money_m(o.overall_value),
                    delta=f"rank {o.rank}",
                    delta_color="off",
                    delta_arrow="off",
                    help="NPSV plus the value set for a concerns point times the MCDA score.",
                )
            if mcda is not None:
                st.metric("MCDA score", number(o.mcda_score))
            if o.dominated_by:
                st.caption(
                    f"Dominated by {escape_text(by_id[o.dominated_by].name)}: it costs "
                    "no less and scores no higher on the concerns."
                )

# Drawn in the page's order, filled in the order that matters after a slider moves: the
# charts first, then (once the browser has had time to draw them) the tables (the
# comparison, and each chart's "Show data").
st.header("Every figure, side by side")
comparison_slot = st.container()
CHARTS = (
    ("What makes up each option's NPSV", "components", charts.fig_npsv_components,
     charts.npsv_components_table),
    ("How certain is each cost? Net present cost at P50, P80 and P90", "range",
     charts.fig_npc_range, charts.npc_range_table),
    ("Money against the concerns", "plane", charts.fig_plane, charts.plane_table),
)  # fmt: skip
chart_slots, table_slots = [], []
for title, _k, _f, _t in CHARTS:
    st.header(title)
    chart_slots.append(st.container())
    table_slots.append(st.container())
for slot, (_, key, figure, _table) in zip(chart_slots, CHARTS, strict=True):
    with slot:
        live_chart(figure(results), key)
last.give_way()  # the browser draws the charts before the tables and the sidebar come
with comparison_slot:
    comparison = comparison_frame(results, names=True).reset_index()
    html_table(comparison, right=list(comparison.columns[1:]))
for slot, (_title, _key, _figure, table) in zip(table_slots, CHARTS, strict=True):
    with slot:
        chart_data(table(results))

# Its switching value, if not known, is searched for at the very end of the run.
verdict_part.show(verdict_slot, results)
