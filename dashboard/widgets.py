"""Small pieces every page uses: a chart with its data, the problem table, headings."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from dashboard import last, state
from dashboard import live_chart as live_charts
from options.errors import InputError
from options.model import Scenario
from report.charts.style import describe
from report.formatting import escape_text

PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}
# For charts redrawn on every move of a slider (the Overview): without plotly's mode bar
# (zoom, pan, download as PNG), built afresh with each chart, a chart draws in about half
# the time. The numbers stay in the table beside it; the board pack has the pictures.
LIVE_CONFIG = {**PLOTLY_CONFIG, "displayModeBar": False}


# The grids' own "Download as CSV" writes cells without the formula-injection rule every
# export keeps (options.csv_safe); the pages' download buttons write their tables with it.
HIDE_GRID_CSV = (
    "<style>[data-testid='stElementToolbar'] button[aria-label='Download as CSV']"
    "{display:none}</style>"
)


# A keyboard focus that shows (WCAG 2.2 SC 2.4.7 focus visible, 2.4.11 focus not
# obscured, 1.4.11 non-text contrast): a 3 px near-black outline (#0B0C0C: 19.6:1 on white,
# 18.5:1 on the sidebar's #F8F8F7) with a white ring inside it, on every control; the
# page links' current-page highlight is a grey fill, so their focus (the outline and an
# underline) looks different from it.
FOCUS_CSS = (
    "<style>:is(a,button,input,select,textarea,summary,[role=slider],[tabindex]):focus-visible"
    "{outline:3px solid #0B0C0C !important;outline-offset:2px !important;"
    "box-shadow:0 0 0 2px #FFFFFF !important}"
    "[data-testid='stSidebarNav'] a:focus-visible{outline-offset:-3px !important;"
    "text-decoration:underline !important}"
    # a slider's focus is on a visually hidden input: ring its thumb instead
    "[data-testid='stSlider'] [data-focus-visible='true']{outline:3px solid #0B0C0C;"
    "outline-offset:2px}</style>"
)


def chart(fig: go.Figure, data: pd.DataFrame, key: str) -> None:
    """A plotly chart named for screen readers by its title and caption (a one-sentence
    summary), and beside it its numbers as an HTML table (screen readers see it). The
    Overview's charts, which every slider redraws, are drawn by :func:`live_chart`."""
    st.plotly_chart(fig, key=key, config=PLOTLY_CONFIG, theme=None, alt=describe(fig))
    chart_data(data)


def live_chart(fig: go.Figure, key: str) -> None:
    """A chart every slider redraws: without the mode bar (LIVE_CONFIG), kept on the page
    between runs and redrawn in place (:mod:`dashboard.live_chart`) where it can be."""
    last.drawing()  # the sidebar follows once the browser has drawn it (last.give_way)
    if live_charts.available():
        live_charts.live_chart(fig, key, LIVE_CONFIG, describe(fig))
    else:
        st.plotly_chart(fig, key=key, config=LIVE_CONFIG, theme=None, alt=describe(fig))


def chart_data(data: pd.DataFrame) -> None:
    """A chart's numbers, as the HTML table under "Show data"."""
    with st.expander("Show data"):
        html_table(data)


def html_table(data: pd.DataFrame, *, right: list[str] | None = None) -> None:
    """A static HTML table (screen readers read it): every cell and header escaped,
    figures right-aligned, numbers with thousands separators and one decimal place."""
    aligned = set(data.select_dtypes("number").columns) | set(right or [])

    def cell(column: Any, value: Any) -> str:
        if value is None or (isinstance(value, float) and value != value):
            return "—"
        if isinstance(value, bool | np.bool_):
            return "yes" if value else "no"
        if isinstance(value, int | float | np.number):
            whole = float(value).is_integer()
            name = str(column).lower()
            if whole and "year" in name and "£" not in name and 1000 <= value <= 3000:
                return str(int(value))  # a calendar year, not a quantity ("£ a year" is money)
            pounds = "(£)" in str(column)  # whole pounds; £m columns keep one decimal
            exact = pounds or (whole and isinstance(value, int | np.integer))
            text = f"{value:,.0f}" if exact else f"{value:,.1f}"
            return text.replace("-", "−")
        return html.escape(str(value))

    def align(column: Any) -> str:
        return ' class="r"' if column in aligned else ""

    head = "".join(f"<th{align(c)}>{html.escape(str(c))}</th>" for c in data.columns)
    body = "".join(
        "<tr>"
        + "".join(
            f"<td{align(c)}>{cell(c, v)}</td>" for c, v in zip(data.columns, row, strict=True)
        )
        + "</tr>"
        for row in data.itertuples(index=False)
    )
    st.html(
        f"{_TABLE_CSS}<table class='oa-table'><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )


_TABLE_CSS = (
    "<style>.oa-table{border-collapse:collapse;width:100%;font-size:0.95rem}"
    ".oa-table th,.oa-table td{border-bottom:1px solid #e6e6e6;padding:6px 10px;"
    "vertical-align:top;text-align:left}.oa-table th{font-weight:600}"
    ".oa-table .r{text-align:right;font-variant-numeric:tabular-nums}"
    ".oa-table td.r{white-space:nowrap}</style>"  # a figure never breaks after its sign
)


def problems(exc: InputError, *, what: str) -> None:
    """Every problem as a table: row, column, value as written, and what is wrong."""
    n = len(exc.problems)
    st.error(
        f"{escape_text(what)}: {n} problem{'s' if n > 1 else ''} found, so nothing was "
        "applied. Fix them and try again; everything else is as it was."
    )
    rows = [
        {
            "Row": "—" if p.row is None else p.row,
            "Column": p.column or "—",
            "Value": "" if p.value is None else p.value,
            "Problem": p.message,
        }
        for p in exc.problems
    ]
    st.table(pd.DataFrame(rows).style.hide(axis="index"))


def apply_panel(
    what: str,
    key: str,
    tables: list[tuple[pd.DataFrame, pd.DataFrame, str]],
    apply: Callable[..., Scenario],
) -> None:
    """ "Apply edits" for edited tables: all or nothing, every problem listed.

    ``tables`` holds (original, edited, editor key) for each editor on the page;
    ``apply(scenario, *edited)`` returns the new scenario or raises InputError. The
    edits stay in the editors while they have problems (or their scenario cannot be
    appraised); the figures keep using the last valid scenario until the edits apply.
    """
    pending, values = f"{key}:problems", f"{key}:values"
    st.session_state[values] = [edited for _, edited, _ in tables]

    def _apply() -> None:
        try:
            new = apply(state.scenario(), *st.session_state[values])
        except InputError as exc:
            st.session_state[pending] = exc
            return
        st.session_state.pop(pending, None)
        if state.switch_scenario(new, source=f"{what}, edited", notice=f"{what}: edits applied."):
            for _, _, editor in tables:
                st.session_state.pop(editor, None)

    changed = any(not edited.equals(original) for original, edited, _ in tables)
    failed = st.session_state.get(pending)
    st.button(
        "Apply edits",
        type="primary",
        on_click=_apply,
        key=f"{key}:apply",
        disabled=not changed and failed is None,
    )
    if failed is not None:
        problems(failed, what=what)
    elif changed:
        st.info(
            "You have edits that are not applied yet: the figures still use the last applied ones."
        )


def upload_limit_mb(limit: int) -> int:
    """The whole megabytes to give Streamlit's upload box for a loader that refuses files
    over ``limit`` bytes: the smallest number above it.

    Browsers count the box's megabyte as 10**6 bytes (2**20 on Windows), so a file just
    over ``limit`` still reaches the loader, whose own message says what is wrong, and
    the box states the same limit rounded up: 20 MiB (20,971,520 bytes) gives 21.
    """
    return limit // 10**6 + 1


def uploader(
    label: str, *, type: list[str], key: str, limit: int, more: str = ""
) -> UploadedFile | None:
    """A file uploader that states the limit its loader enforces (``limit`` bytes, a
    whole number of MiB) in its help, with the box's own figure beside it."""
    mb = upload_limit_mb(limit)
    return st.file_uploader(
        label,
        type=type,
        key=key,
        max_upload_size=mb,
        help=f"Up to {limit // 2**20} MiB (about {mb} MB){more}.",
    )


def heading(text: str, *, level: int = 2) -> None:
    """A heading whose text is user data, shown as text."""
    st.markdown(f"{'#' * level} {escape_text(text)}")
