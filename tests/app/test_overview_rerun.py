"""What the Overview does on a rerun after a slider, under AppTest: its charts are drawn
without plotly's mode bar, and the verdict's nearest switching value (dashboard.verdict)
comes in a follow-up run.

After a control moves the scenario, the page is drawn with the verdict's sentence alone
and the switching value is left to a follow-up run, which AppTest does not make (the
browser test of the discount slider waits for it); any later run of the same scenario
finds it. The expected clause is the engine's, found here on the scenario with the
change made directly, never read from the page.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import streamlit as st
from app_helpers import live_charts
from streamlit.testing.v1 import AppTest

from appraisal import sensitivity
from dashboard import verdict
from dashboard.state import digest
from options.examples import load_example
from report.sensitivity import nearest_clause

APP = str(Path(__file__).resolve().parents[2] / "app.py")
CHANGE = "this would change if"


@pytest.fixture(autouse=True)
def fresh_cache():
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


def clause_of(scenario) -> str:
    model = sensitivity.Model(scenario)
    return nearest_clause(model, sensitivity.nearest(sensitivity.switching_values(model, "npsv")))


def text(at: AppTest) -> str:
    return " ".join(m.value for m in at.markdown)


def test_a_move_draws_the_page_then_a_rerun_names_the_switching_value():
    example = load_example()
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert clause_of(example) in text(at)  # the session's first draw: found at once

    at.selectbox(key="ctl:discounting").set_value("constant").run()
    at.slider(key="ctl:rate").set_value(4.0).run()
    assert not at.exception, [e.message for e in at.exception]
    moved = replace(example, discounting=0.04)
    expected = clause_of(moved)
    assert expected and expected != clause_of(example)
    assert CHANGE not in text(at)  # left to the follow-up run

    at.run()  # the scenario unchanged: the switching value is found in this run
    assert expected in text(at)

    at.slider(key="ctl:rate").set_value(4.1).run()
    assert CHANGE not in text(at)
    at.slider(key="ctl:rate").set_value(4.0).run()  # a value seen before: shown at once
    assert expected in text(at)
    assert set(at.session_state[verdict.FOUND]) == {digest(example), digest(moved)}


def test_the_overview_charts_are_drawn_without_the_mode_bar():
    at = AppTest.from_file(APP, default_timeout=60).run()
    configs = [c["config"] for c in live_charts(at)]
    assert len(configs) == 3
    assert all(c["displayModeBar"] is False and c["displaylogo"] is False for c in configs)


def test_switching_values_that_cannot_be_found_are_said_in_words(monkeypatch):
    def broken(model, measure):
        raise ValueError("a driver has no plausible range")

    monkeypatch.setattr(sensitivity, "switching_values", broken)
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception, [e.message for e in at.exception]
    assert CHANGE not in text(at)
    said = "The nearest switching value could not be found: a driver has no plausible range"
    assert [w.value for w in at.warning].count(said) == 1
    assert at.session_state[verdict.FOUND] == {digest(load_example()): None}


def test_a_session_keeps_the_latest_switching_values_found(monkeypatch):
    monkeypatch.setattr(verdict, "KEPT", 2)
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.selectbox(key="ctl:discounting").set_value("constant").run()
    for rate in (4.0, 4.1):
        at.slider(key="ctl:rate").set_value(rate).run()
        at.run()  # unchanged: found in this run
    kept = [replace(load_example(), discounting=r) for r in (0.04, 0.041)]
    assert list(at.session_state[verdict.FOUND]) == [digest(s) for s in kept]
