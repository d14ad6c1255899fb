"""Work a page leaves for the very end of its run: after the sidebar's controls are drawn
and the draft is kept, so that nothing on screen waits for it.

The Overview's switching-value search (:mod:`dashboard.verdict`) is such work: a few
hundred re-appraisals, which give way to a control moved or a page clicked meanwhile.
``app.py`` calls :func:`start` as a run begins and :func:`run` as it ends; a run cut
short (a rerun, ``st.stop``, an error in the page) runs none of its work, and the next
run starts with none left over.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

JOBS = "run:last"  # the work this run has left for its end, in the order left


def start() -> None:
    """A run begins with no work left for its end."""
    st.session_state[JOBS] = []


def later(job: Callable[[], None]) -> None:
    """Leave ``job`` for the end of this run."""
    st.session_state.setdefault(JOBS, []).append(job)


def run() -> None:
    """Do the work left for the end of this run, in order."""
    for job in st.session_state.pop(JOBS, []):
        job()
