"""The Overview's verdict, and the nearest switching value it names, found after the charts.

Finding the nearest switching value re-appraises the scenario a few hundred times
(HM Treasury, The Green Book (2022) 5.60-5.61: the value a key input would need to
take for another option to be preferred). That is most of the work of a run after a
slider moves, so the Overview draws its verdict's sentence alone first and finds the
switching value last, once every figure and chart is on screen, then adds it to the
sentence. The search goes one driver at a time and touches the page between drivers
(:data:`TICK_S`): that is where Streamlit lets a waiting rerun take over, so a control
moved or a page clicked meanwhile is answered within a few tens of milliseconds and the
unfinished search is dropped. (An earlier follow-up run on a timer could fold a page
click into a rerun of the Overview: the click was lost.) A switching value found is kept
for the scenario it belongs to, so going back to a value seen before shows it at once.
"""

from __future__ import annotations

import time
from typing import Any

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from appraisal import sensitivity
from appraisal.results import Results
from dashboard import state
from report.formatting import escape_text
from report.sensitivity import nearest_clause
from report.summary import verdict

HELP = (
    "NPSV leads, as the Green Book keeps shortlist choice on the social cost-benefit "
    "analysis. The nearest switching value is the smallest change to one input that "
    "would put another option first (see the Sensitivity page)."
)
FOUND = "verdict:nearest"  # {digest of a shown scenario: its nearest switching value or None}
FAILED = "verdict:failed"  # {digest of a shown scenario: why its switching values were not found}
KEPT = 64  # switching values kept per session (the latest scenarios shown)
TICK_S = 0.02  # the search touches the page at least this often, letting a new run in


def show(slot: DeltaGenerator, results: Results) -> None:
    """The verdict in ``slot`` with its nearest switching value, found now if not known
    for the shown scenario (the run stops here if a control moves meanwhile)."""
    key = state.digest(state.shown())
    found: dict[str, Any] = st.session_state.setdefault(FOUND, {})
    if key not in found:
        _find(key)
    nearest = found[key]
    clause = "" if nearest is None else nearest_clause(state.sensitivity_model(), nearest)
    slot.markdown(escape_text(verdict(results, clause)), help=HELP)
    if why := st.session_state.get(FAILED, {}).get(key):
        st.warning(f"The nearest switching value could not be found: {escape_text(why)}")


def _find(key: str) -> None:
    """Find the shown scenario's nearest switching value and keep it under ``key``; if it
    cannot be found, keep None and why (said beneath the page, never tried again in a loop).

    Between drivers, at least every :data:`TICK_S`, an empty element is redrawn: drawing
    is where Streamlit ends this run if another is waiting (a ``BaseException``, not
    caught here), and nothing is kept of a search cut short."""
    tick = st.empty()
    gathered: list[list[sensitivity.Switch]] = []
    try:
        model = state.sensitivity_model()
        last = time.perf_counter()
        for rows in sensitivity.switching_values_by_driver(model, "npsv"):
            gathered.append(rows)
            if time.perf_counter() - last >= TICK_S:
                tick.empty()
                last = time.perf_counter()
        nearest = sensitivity.nearest(sensitivity.nearest_first(gathered))
    except Exception as exc:  # the page is drawn: say why in words, not a traceback
        st.session_state.setdefault(FAILED, {})[key] = str(exc) or type(exc).__name__
        nearest = None
    found = st.session_state.setdefault(FOUND, {})
    found[key] = nearest
    for old in list(found)[:-KEPT]:  # the oldest go: a session may try many values
        del found[old]
