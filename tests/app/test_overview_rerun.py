"""What the Overview does on a rerun after a slider, under AppTest: its charts are drawn
without plotly's mode bar, and the verdict's nearest switching value (dashboard.verdict)
is found at the end of the run, kept per scenario.

The expected clause is the engine's, found here on the scenario with the change made
directly, never read from the page. That a run searching for it gives way to a page
click is the browser's to show (tests/browser/test_dashboard.py).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import streamlit as st
from app_helpers import SessionWithARerunWaiting, Waiting, live_charts
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


def test_each_move_names_its_switching_value_found_once(monkeypatch):
    example = load_example()
    at_rate = {r: replace(example, discounting=r) for r in (0.04, 0.07)}
    expected = {None: clause_of(example)} | {r: clause_of(s) for r, s in at_rate.items()}
    assert len(set(expected.values())) == 3 and all(expected.values())
    searched = []
    by_driver = sensitivity.switching_values_by_driver

    def counted(model, measure, only=None):
        searched.append(model.scenario.discounting)
        yield from by_driver(model, measure, only)

    monkeypatch.setattr(sensitivity, "switching_values_by_driver", counted)
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert expected[None] in text(at)

    at.selectbox(key="ctl:discounting").set_value("constant").run()
    at.slider(key="ctl:rate").set_value(4.0).run()
    assert not at.exception, [e.message for e in at.exception]
    assert expected[0.04] in text(at)
    at.slider(key="ctl:rate").set_value(7.0).run()
    assert expected[0.07] in text(at)
    at.slider(key="ctl:rate").set_value(4.0).run()  # a value seen before: not searched again
    assert expected[0.04] in text(at)
    assert searched == [example.discounting, 0.035, 0.04, 0.07]  # "constant" starts at 3.5%
    assert digest(at_rate[0.04]) in at.session_state[verdict.FOUND]


def test_the_overview_charts_are_drawn_without_the_mode_bar():
    at = AppTest.from_file(APP, default_timeout=60).run()
    configs = [c["config"] for c in live_charts(at)]
    assert len(configs) == 3
    assert all(c["displayModeBar"] is False and c["displaylogo"] is False for c in configs)


def test_switching_values_that_cannot_be_found_are_said_in_words(monkeypatch):
    def broken(model, measure):
        yield []
        raise ValueError("a driver has no plausible range")

    monkeypatch.setattr(sensitivity, "switching_values_by_driver", broken)
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
    kept = [replace(load_example(), discounting=r) for r in (0.04, 0.041)]
    assert list(at.session_state[verdict.FOUND]) == [digest(s) for s in kept]


def test_the_search_gives_way_between_drivers_and_keeps_nothing(monkeypatch):
    """The switching-value search reads the session state after each driver, so a rerun
    waiting (a slider moved, a page clicked) ends it there; nothing is kept for the
    scenario, which is searched afresh when shown again."""
    model = sensitivity.Model(load_example())
    assert len(model.drivers) > 50
    searched = []
    by_driver = sensitivity.switching_values_by_driver

    def counted(model, measure, only=None):
        for rows in by_driver(model, measure, only):
            searched.append(rows)
            yield rows

    session = SessionWithARerunWaiting(after=3)
    monkeypatch.setattr(verdict.st, "session_state", session)
    monkeypatch.setattr(verdict.state, "sensitivity_model", lambda: model)
    monkeypatch.setattr(sensitivity, "switching_values_by_driver", counted)
    with pytest.raises(Waiting):
        verdict._find("key")
    assert len(searched) == 4  # three drivers, then the fourth's check let the rerun in
    assert verdict.FOUND not in dict(session) and verdict.FAILED not in dict(session)
