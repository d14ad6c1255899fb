"""The Overview's verdict, and the nearest switching value it names, found after the charts.

Finding the nearest switching value re-appraises the scenario a few hundred times
(HM Treasury, The Green Book (2022) 5.60-5.61: the value a key input would need to
take for another option to be preferred). That is most of the work of a rerun after a
slider moves, so when a control changes the scenario on the Overview the page is drawn
at once with the verdict's sentence alone, and the switching value is found straight
after, in a follow-up run (:func:`_follow_up`), which adds it to the sentence. The first
time the Overview is drawn in a session it is found before the run ends, as is any
switching value already found for the scenario on screen (going back to a value seen
before).
"""

from __future__ import annotations

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
DRAWN = "verdict:drawn"  # the digest of the scenario the Overview last drew
ARMED = "verdict:armed"  # set by the full run that asks for a follow-up, popped by its call
KEPT = 64  # switching values kept per session (the latest scenarios shown)
FOLLOW_UP_S = 0.25  # the follow-up starts this long after the run that asked for it


def show(slot: DeltaGenerator, results: Results) -> None:
    """The verdict in ``slot``: with its switching value if known (or found now: the first
    draw of the session, or the scenario unchanged), else alone and a follow-up asked for."""
    key = state.digest(state.shown())
    found: dict[str, Any] = st.session_state.setdefault(FOUND, {})
    last = st.session_state.get(DRAWN)
    st.session_state[DRAWN] = key
    if key not in found and last in (None, key):
        _find(key)
    if key in found:
        nearest = found[key]
        clause = "" if nearest is None else nearest_clause(state.sensitivity_model(), nearest)
        slot.markdown(escape_text(verdict(results, clause)), help=HELP)
        if why := st.session_state.get(FAILED, {}).get(key):
            st.warning(f"The nearest switching value could not be found: {escape_text(why)}")
        return
    slot.markdown(escape_text(verdict(results)), help=HELP)
    st.session_state[ARMED] = key
    _follow_up(key)


def _find(key: str) -> None:
    """Find the shown scenario's nearest switching value and keep it under ``key``; if it
    cannot be found, keep None and why (said beneath the page, never tried again in a loop)."""
    try:
        model = state.sensitivity_model()
        nearest = sensitivity.nearest(sensitivity.switching_values(model, "npsv"))
    except Exception as exc:  # the page is drawn: say why in words, not a traceback
        st.session_state.setdefault(FAILED, {})[key] = str(exc) or type(exc).__name__
        nearest = None
    found = st.session_state.setdefault(FOUND, {})
    found[key] = nearest
    for old in list(found)[:-KEPT]:  # the oldest go: a session may try many values
        del found[old]


@st.fragment(run_every=FOLLOW_UP_S)
def _follow_up(key: str) -> None:
    """Inline in the full run that asks for it: nothing. Run again by the browser
    ``FOLLOW_UP_S`` later (after that run has ended): find the switching value, then
    rerun the page, which shows it and, no longer asking, stops the follow-ups."""
    if st.session_state.pop(ARMED, None) == key:
        return
    if key == state.digest(state.shown()) and key not in st.session_state.get(FOUND, {}):
        _find(key)
    # Finding takes a few hundred milliseconds, in which the user may have clicked another
    # page or moved a control. Their rerun is waiting, and a rerun asked for now would be
    # folded into it with this page's address, the newer winning: the click would land
    # back here. Drawing an element is where Streamlit lets a waiting rerun take over
    # (the rest of this run is then dropped); only if none is waiting do we ask for one.
    st.empty()
    st.rerun()
