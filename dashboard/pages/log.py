"""Assumptions and decisions: the scenario's assumptions register and decision log.

HM Treasury's Aqua Book (2015; 2025 edition) asks that analysis keep a log of its
assumptions (source, owner, quality) and of the decisions taken on it. Both live in the
scenario, so they are saved and compared with it; they never enter the appraisal.
Each register: a summary, filters, the rows shown as a table and as CSV, and an editor
whose edits apply only when every cell passes the scenario file's checks.
"""

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from dashboard import library, state
from dashboard.library import LibraryError
from dashboard.widgets import apply_panel
from options.edits import (
    apply_assumption_edits,
    apply_decision_edits,
    assumption_table,
    decision_table,
)
from options.model import Quality, Scenario
from report import log

MEANINGS = [(q, log.QUALITY_MEANING[q]) for q in log.QUALITY_ORDER]

s = state.scenario()
st.title("Assumptions and decisions")
st.caption(
    "The assumptions the appraisal rests on and the decisions taken on it, kept with the "
    "scenario in the style of HM Treasury's Aqua Book: saved and compared with it, and never "
    "part of its figures. Edit either register below and apply; a bad cell is refused with "
    "its row and column, and nothing changes until every cell is right."
)
assumptions_tab, decisions_tab = st.tabs(["Assumptions register", "Decision log"])


def saved_versions() -> dict[int, str]:
    """The saved versions of the scenario on screen (number → permalink), if it is one
    from the library; none when it is not, or the library cannot say."""
    b = state.base()
    if b is None:
        return {}
    try:
        numbers = [v.number for v in library.history(b.slug)]
    except LibraryError:
        return {}
    return {n: f"?{urlencode({'scenario': b.slug, 'version': n})}" for n in numbers}


DATE = st.column_config.TextColumn("date", required=True, help="YYYY-MM-DD (or YYYY-MM, or YYYY)")


def editor(
    title: str,
    key: str,
    original: pd.DataFrame,
    apply: Callable[..., Scenario],
    columns: dict[str, Any],
) -> None:
    """A register's editor: the grid (rows may be added and deleted) and its Apply panel,
    which applies the edits only when every cell passes the scenario file's checks."""
    edited = st.data_editor(
        original,
        key=f"{key}_table",
        num_rows="dynamic",
        width="stretch",
        column_config=columns,
    )
    apply_panel(title, key, [(original, edited, f"{key}_table")], apply)


def any_of(label: str, values: list[str], key: str) -> str | None:
    """A selectbox of ``values`` whose first choice, "Anyone", means no filter."""
    choices: list[str | None] = [None, *sorted(set(values) - {""})]
    return st.selectbox(label, choices, format_func=lambda v: v or "Anyone", key=key)


with assumptions_tab:
    st.header("Quality")
    st.markdown(log.quality_sentence(s.assumptions))
    for column, (quality, count) in zip(
        st.columns(3), log.quality_counts(s.assumptions).items(), strict=True
    ):
        column.metric(quality.value.capitalize(), count, help=log.QUALITY_MEANING[quality])
    st.caption(
        " · ".join(
            f"**{q.value.capitalize()}**: {log.QUALITY_MEANING[q]}" for q in log.QUALITY_ORDER
        )
    )

    st.header("The register")
    left, middle, right = st.columns(3)
    with left:
        ratings = st.multiselect(
            "Quality",
            [q.value for q in log.QUALITY_ORDER],
            default=[q.value for q in log.QUALITY_ORDER],
            key="log:quality",
        )
    with middle:
        owner = any_of("Owner", [a.owner for a in s.assumptions], "log:owner")
    with right:
        words = st.text_input("Contains", key="log:assumption_text", help="Words in any field.")
    shown = log.filter_assumptions(
        s.assumptions, qualities=[Quality(r) for r in ratings], owner=owner, text=words
    )
    st.caption(f"Showing {len(shown)} of {len(s.assumptions)} assumptions.")
    if shown:
        st.html(log.assumptions_html(shown))
    else:
        st.info("No assumption matches these filters.")
    st.download_button(
        "Download the assumptions register (CSV)", log.assumptions_csv(shown),
        file_name="assumptions_register.csv", mime="text/csv", key="log:assumptions_csv",
        on_click="ignore", help="The rows shown, as filtered.",
    )  # fmt: skip

    st.header("Edit the register")
    editor(
        "Assumptions register",
        "log_assumptions",
        assumption_table(s),
        apply_assumption_edits,
        {
            "id": st.column_config.TextColumn("id", required=True),
            "text": st.column_config.TextColumn("assumption", required=True, width="large"),
            "quality": st.column_config.SelectboxColumn(
                "quality", options=list(Quality.values()), required=True,
                help=". ".join(f"{q.value.capitalize()}: {m}" for q, m in MEANINGS) + ".",
            ),
            "date": DATE,
            "notes": st.column_config.TextColumn("notes", width="large"),
        },
    )  # fmt: skip

with decisions_tab:
    st.header("The log")
    left, right = st.columns(2)
    with left:
        who = any_of("Decided by", [d.decided_by for d in s.decisions], "log:decided_by")
    with right:
        words = st.text_input("Contains", key="log:decision_text", help="Words in any field.")
    taken = log.filter_decisions(s.decisions, decided_by=who, text=words)
    saved = saved_versions()
    st.caption(
        f"Showing {len(taken)} of {len(s.decisions)} decisions. A decision's version is the "
        "saved version of the scenario it was made on; blank when it was made on none."
        + (" Each version links to it in the library (in a new tab)." if saved else "")
    )
    if saved and (missing := log.versions_missing(s.decisions, saved)):
        st.warning(" ".join(missing))
    if taken:
        st.html(log.decisions_html(taken, saved or None))
    else:
        st.info("No decision matches these filters." if s.decisions else "No decisions yet.")
    st.download_button(
        "Download the decision log (CSV)", log.decisions_csv(taken),
        file_name="decision_log.csv", mime="text/csv", key="log:decisions_csv",
        on_click="ignore", help="The rows shown, as filtered.",
    )  # fmt: skip

    st.header("Edit the log")
    editor(
        "Decision log",
        "log_decisions",
        decision_table(s),
        apply_decision_edits,
        {
            "id": st.column_config.TextColumn("id", required=True),
            "date": DATE,
            "text": st.column_config.TextColumn("decision", required=True, width="large"),
            "decided_by": st.column_config.TextColumn("decided by", required=True),
            "version": st.column_config.NumberColumn(
                "version", min_value=1, step=1, format="%d",
                help="The saved version of the scenario it was made on; blank for none.",
            ),
            "rationale": st.column_config.TextColumn("rationale", width="large"),
        },
    )  # fmt: skip
