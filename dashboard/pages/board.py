"""Board view: the preferred option and why, for a meeting room, read-only.

The board pack's content on screen (:mod:`dashboard.board`): the scenario's question
answered first, the preferred option and why, the options side by side in NPSV order,
four charts each with its numbers beside it, what the terms mean, the pack's downloads
and the provenance footer. ``?view=board`` shows it alone, with no sidebar.
"""

import streamlit as st

from dashboard import board
from dashboard.widgets import PLOTLY_CONFIG
from report.charts.style import describe

saved = board.saved_version()
pack, key = board.board_pack(saved)
footer = board.provenance_for_view(saved)
board.style(footer)

if not board.presenting():
    st.sidebar.markdown(board.SIDEBAR_NOTE)
with st.container(key="board-page"):
    if not board.presenting():
        with st.container(key="board-toolbar", horizontal=True):
            board.present_button()
    st.html(board.head_html(pack))
    st.html(board.points_html(pack))
    st.html(board.options_html(pack))
    for chart in pack.charts:
        with st.container(key=f"board-chart-{chart.key}"):
            st.html(board.chart_heading_html(chart))
            left, right = st.columns(board.CHART_SPLIT.get(chart.key, [3, 2]), gap="large")
            left.plotly_chart(
                board.figure(chart),
                key=f"board-figure-{chart.key}",
                config=PLOTLY_CONFIG,
                theme=None,
                alt=describe(chart.figure),  # the title and caption printed above
            )
            right.html(board.chart_tables_html(chart))
    st.html(board.terms_html(pack))
    with st.container(key="board-toolbar-end"):
        st.html(board.downloads_heading_html())
        board.downloads(pack, key)
        if board.presenting():
            board.leave_button()
    st.html(board.footer_html(footer))
