"""The one owner of ``st.session_state``: the active scenario, its results, the controls.

The active :class:`~options.model.Scenario` is always the last *valid* one: every
edit goes through ``options.edits`` and replaces it only when it validates, so no
figure is ever computed from half-applied input. Sidebar widgets keep their
values under keys that start with ``ctl:``; when the scenario changes from
anywhere else (an upload, a loaded file, an edited table) :func:`replace_scenario`
rewrites those keys so that the sidebar shows the new scenario's values.
"""

from __future__ import annotations

import hashlib
from typing import Any

import streamlit as st

from appraisal.appraise import appraise
from appraisal.results import Results
from options.edits import available_modules, controls_of
from options.examples import load_example
from options.model import Scenario
from options.scenario_file import dump_scenario

SCENARIO = "scenario"
LOADED = "scenario_loaded"  # as loaded, for "reset weights"
NOTICES = "notices"  # messages to show once, after a callback
CONTROL = "ctl:"


def init() -> None:
    """Load the built-in example on a session's first run."""
    if SCENARIO not in st.session_state:
        example = load_example()
        st.session_state[SCENARIO] = example
        st.session_state[LOADED] = example
        write_controls(example)


def scenario() -> Scenario:
    return st.session_state[SCENARIO]


def loaded() -> Scenario:
    return st.session_state[LOADED]


def replace_scenario(new: Scenario, *, loaded: bool = False, notice: str | None = None) -> None:
    """Make ``new`` the active scenario and show its values in the sidebar.

    Call from a widget callback (callbacks run before the script, so the sidebar
    then renders the new values). ``loaded=True`` also makes it the scenario that
    "reset weights" returns to.
    """
    st.session_state[SCENARIO] = new
    if loaded:
        st.session_state[LOADED] = new
    write_controls(new, clear=loaded)
    if notice:
        st.session_state.setdefault(NOTICES, []).append(notice)


def set_scenario(new: Scenario) -> None:
    """Make ``new`` active without touching the sidebar (the sidebar made it)."""
    st.session_state[SCENARIO] = new


def pop_notices() -> list[str]:
    return st.session_state.pop(NOTICES, [])


def control_key(*parts: str) -> str:
    return CONTROL + ":".join(parts)


def write_controls(s: Scenario, *, clear: bool = False) -> None:
    """Put a scenario's control values under the sidebar's widget keys."""
    c = controls_of(s)
    if clear:
        for key in [k for k in st.session_state if str(k).startswith(CONTROL)]:
            del st.session_state[key]
    values: dict[str, Any] = {
        control_key("discounting"): c.discounting if isinstance(c.discounting, str) else "constant",
        control_key("rate"): 3.5 if isinstance(c.discounting, str) else 100 * c.discounting,
        control_key("optimism_bias"): c.optimism_bias,
        control_key("confidence"): round(100 * c.confidence),
        control_key("risk_multiplier"): c.risk_multiplier,
        control_key("priced"): c.value_per_point is not None,
        control_key("value_per_point"): float(c.value_per_point or 0.0),
        control_key("carbon_values"): c.carbon_values.value,
        control_key("carbon_series"): c.carbon_series.value,
        control_key("draws"): c.draws,
        control_key("seed"): c.seed,
    }
    values |= {control_key("ob", oid): m for oid, m in c.ob_mitigation}
    values |= {control_key("weight", cid): float(w) for cid, w in c.weights}
    ticked = dict(c.modules)
    for oid, modules in available_modules(s).items():
        values |= {control_key("module", oid, m): m in ticked[oid] for m in modules}
    for key, value in values.items():
        st.session_state[key] = value


def digest(s: Scenario) -> str:
    """Content digest of a scenario: the cache key of its results."""
    return hashlib.sha256(dump_scenario(s).encode()).hexdigest()


@st.cache_data(max_entries=48, show_spinner="Appraising the options…")
def _appraise(key: str, _scenario: Scenario) -> Results:
    return appraise(_scenario)


def results(s: Scenario | None = None) -> Results:
    """Results of the active (or given) scenario, cached by content."""
    s = scenario() if s is None else s
    return _appraise(digest(s), s)
