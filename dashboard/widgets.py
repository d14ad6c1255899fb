"""Small pieces every page uses: a chart with its data, the problem table, headings."""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from options.errors import InputError
from report.formatting import escape_text

PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}


def chart(fig: go.Figure, data: pd.DataFrame, key: str) -> None:
    """A plotly chart and, beside it, its numbers as an HTML table (screen readers see it)."""
    st.plotly_chart(fig, key=key, config=PLOTLY_CONFIG, theme=None)
    with st.expander("Show data"):
        st.table(styled(data))


def styled(data: pd.DataFrame, *, right: list[str] | None = None) -> object:
    """Numbers right-aligned with thousands separators, at most one decimal place.

    ``right`` names text columns that hold figures (such as "−£51.9m") to align too.
    """
    numeric = list(data.select_dtypes("number").columns)
    formats: dict[Any, Any] = {c: "{:,.1f}" for c in numeric}
    style = data.style.format(formats, na_rep="—").hide(axis="index")
    aligned = numeric + list(right or [])
    if aligned:
        style = style.set_properties(subset=pd.Index(aligned), **{"text-align": "right"})
        style = style.set_table_styles(
            [
                {"selector": f"th.col{data.columns.get_loc(c)}", "props": "text-align: right"}
                for c in aligned
            ]
        )
    return style


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


def heading(text: str, *, level: int = 2) -> None:
    """A heading whose text is user data, shown as text."""
    st.markdown(f"{'#' * level} {escape_text(text)}")
