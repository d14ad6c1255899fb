"""The Overview's verdict, and the nearest switching value it names, found after the charts.

Finding the nearest switching value re-appraises the scenario a few hundred times
(HM Treasury, The Green Book (2022) 5.60-5.61: the value a key input would need to
take for another option to be preferred). That is most of the work of a run after a
slider moves, so the Overview draws its verdict's sentence alone first and finds the
switching value last, once every figure, chart and control is on screen (at the very
end of the run: :mod:`dashboard.last`), then adds it to the sentence. The search goes
one driver at a time and reads the session state between drivers: every access to
``st.session_state`` is where Streamlit lets a waiting rerun take over (its session
state calls the script runner's yield check), so a control moved or a page clicked
meanwhile is answered within a few tens of milliseconds, nothing is sent to the
browser for it, and the unfinished search is dropped. (An earlier follow-up run on a
timer could fold a page click into a rerun of the Overview: the click was lost.) A
switching value found is kept for the scenario it belongs to, so going back to a value
seen before shows it at once.
"""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from appraisal import sensitivity
from appraisal.results import Results
from dashboard import last, state
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


def show(slot: DeltaGenerator, results: Results) -> None:
    """The verdict in ``slot`` with its nearest switching value: at once if known for the
    shown scenario, else found at the very end of the run (:mod:`dashboard.last`, after
    the sidebar), which gives way if a control moves meanwhile. ``slot`` holds the
    verdict's sentence alone until then."""
    key = state.digest(state.shown())
    note = st.empty()  # why the switching value could not be found, if it could not
    if key in st.session_state.setdefault(FOUND, {}):
        _draw(slot, note, results, key)
    else:

        def find_and_draw() -> None:
            _find(key)
            _draw(slot, note, results, key)

        last.later(find_and_draw)


def _draw(slot: DeltaGenerator, note: DeltaGenerator, results: Results, key: str) -> None:
    nearest = st.session_state[FOUND][key]
    clause = "" if nearest is None else nearest_clause(state.sensitivity_model(), nearest)
    slot.markdown(escape_text(verdict(results, clause)), help=HELP)
    if why := st.session_state.get(FAILED, {}).get(key):
        note.warning(f"The nearest switching value could not be found: {escape_text(why)}")


def _find(key: str) -> None:
    """Find the shown scenario's nearest switching value and keep it under ``key``; if it
    cannot be found, keep None and why (said beneath the page, never tried again in a loop).

    Between drivers the session state is read: if another run is waiting, Streamlit ends
    this one there (a ``BaseException``, not caught here), and nothing is kept of a search
    cut short."""
    gathered: list[list[sensitivity.Switch]] = []
    try:
        model = state.sensitivity_model()
        for rows in sensitivity.switching_values_by_driver(model, "npsv"):
            gathered.append(rows)
            _ = FOUND in st.session_state  # a yield point: a waiting rerun takes over here
        nearest = sensitivity.nearest(sensitivity.nearest_first(gathered))
    except Exception as exc:  # the page is drawn: say why in words, not a traceback
        st.session_state.setdefault(FAILED, {})[key] = str(exc) or type(exc).__name__
        nearest = None
    found = st.session_state.setdefault(FOUND, {})
    found[key] = nearest
    for old in list(found)[:-KEPT]:  # the oldest go: a session may try many values
        del found[old]
