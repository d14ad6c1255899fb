"""Work a page leaves for the very end of its run: after the sidebar's controls are drawn
and the draft is kept, so that nothing on screen waits for it.

The Overview's switching-value search (:mod:`dashboard.verdict`) is such work: a few
hundred re-appraisals, which give way to a control moved or a page clicked meanwhile.
``app.py`` calls :func:`start` as a run begins and :func:`run` as it ends; a run cut
short (a rerun, ``st.stop``, an error in the page) runs none of its work, and the next
run starts with none left over.

A page whose charts the browser redraws in place (the Overview's, on every move of a
slider) also gives the browser time to draw them before the rest of the run follows:
:func:`give_way`, right after the charts (the Overview calls it; ``app.py`` calls it
before the sidebar on every page, where it waits only if the page has not, and where a
page without such charts is recorded, so that the next page's charts count as new). On a
two-core machine the browser otherwise takes in the tables and the sidebar's ~50
elements while it draws the charts, and the switching-value search takes the other core.
Measured with ``make bench`` on such a machine, keypress → every chart redrawn: 405 ms
with no pause, 329 ms pausing before the sidebar, 277-302 ms pausing right after the
charts. What follows is the same as before the move but for its figures and the
sidebar's "changed" marks, a quarter of a second later; the controls answer throughout.
Only a run that redraws charts already on the page waits: a page just opened (its charts
new) does not.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import streamlit as st

JOBS = "run:last"  # the work this run has left for its end, in the order left
DRAWING = "run:drawing"  # this run has sent charts to redraw in place (None: given way)
SHOWN = "run:charts_shown"  # the last run to reach give_way sent such charts
PAUSE = 0.25  # seconds the browser is given to redraw them
STEP = 0.02  # seconds between reads of the session state while it does


def start() -> None:
    """A run begins with no work left for its end and no charts sent."""
    st.session_state[JOBS] = []
    st.session_state[DRAWING] = False


def drawing() -> None:
    """This run has sent a chart that the browser redraws in place."""
    st.session_state[DRAWING] = True


def give_way() -> None:
    """Once a run: if it has sent charts that the browser already shows (the run before
    sent them too: a control moved on the same page), wait :data:`PAUSE` seconds without
    the CPU, reading the session state every :data:`STEP`: that is where Streamlit lets
    a rerun waiting meanwhile (a control moved, a page clicked) take over. A page just
    opened, whose charts are new, does not wait."""
    ss = st.session_state
    drew = ss.get(DRAWING, False)
    if drew is None:  # already given way this run
        return
    redraw = bool(drew and ss.get(SHOWN, False))
    ss[DRAWING], ss[SHOWN] = None, bool(drew)
    if not redraw:
        return
    end = time.monotonic() + PAUSE
    while (left := end - time.monotonic()) > 0:
        time.sleep(min(STEP, left))
        _ = JOBS in ss  # a yield point


def later(job: Callable[[], None]) -> None:
    """Leave ``job`` for the end of this run."""
    st.session_state.setdefault(JOBS, []).append(job)


def run() -> None:
    """Do the work left for the end of this run, in order."""
    for job in st.session_state.pop(JOBS, []):
        job()
