"""Saved or not: above the sidebar's controls, the saved version on screen and whether
there are unsaved changes, with "Reset all to saved"; on each control and group, the
words "● changed" where its value differs from the saved version's (or, never saved,
the scenario's as loaded)."""

from __future__ import annotations

import streamlit as st

from dashboard import state
from options.controls import controls_of, with_controls
from options.errors import InputError
from report.formatting import escape_text

CHANGED = "● changed"  # words, not colour alone (WCAG 1.4.1)


def mark(label: str, widget_key: str) -> str:
    """A control's label, with "● changed" when its value differs from the saved
    version's (or, never saved, the scenario's as loaded)."""
    return f"{label} {CHANGED}" if state.changed(widget_key) else label


def group(label: str, *controls: str) -> str:
    """An expander's label, with how many of its controls are changed (``controls``: key
    parts after ``ctl:``; one ending in ":" stands for every key it starts)."""
    keys = [k[len(state.CONTROL) :] for k in state.changed_controls()]
    n = sum(any(k == c or (c.endswith(":") and k.startswith(c)) for c in controls) for k in keys)
    return f"{label} ● {n} changed" if n else label


def library_status() -> None:
    """At the top of the sidebar: the saved version on screen (or none), whether there
    are unsaved changes and where they are kept, and "Reset all to saved".

    Drawn before the controls, from what the run starts with: a control just moved is
    already in ``st.session_state``, so it counts, and the draft that keeps it is written
    at the end of this run (:func:`dashboard.links.keep_draft`). The controls beneath
    are drawn after the page, into the place kept for them in every run; nothing above
    them is filled late, so no control moves once it is shown.
    """
    b, changed = state.base(), state.changed_controls()
    unsaved = bool(changed) or state.unsaved()
    kept = state.draft_problem() is None and (
        unsaved or (b is None and state.scenario() != state.built_in_example())
    )
    if b is None:
        text = "Not saved in the library"
    else:
        text = f"**{escape_text(b.name)}**, version {b.number}"
    if unsaved:
        text += " · ● **unsaved changes**"
    elif b is not None:
        text += " · saved"
    if kept:
        text += " (kept as a draft)"
    with st.sidebar:
        st.markdown(text, help="The Library page saves, opens and compares versions.")
        if (problem := state.draft_problem()) and unsaved:
            st.warning(
                "Your changes could not be kept as a draft, so refreshing the page would lose "
                f"them: {escape_text(problem)}. The Data page downloads the scenario."
            )
        n = len(changed)
        st.button(
            f"Reset all to saved ({n} changed)" if n else "Reset all to saved",
            on_click=_reset_all,
            key="reset_all",
            disabled=not n,
            help="Every control marked ● changed goes back to its value in the saved version "
            "(never saved: in the scenario as loaded). Edits made in tables are kept.",
        )


def _reset_all() -> None:
    s = state.scenario()
    try:
        new = with_controls(s, controls_of(state.loaded()))
    except InputError as exc:
        state.report_error(exc.problems[0].message)
        return
    state.switch_scenario(new, source="Reset all to saved", notice="Every control is as saved.")
