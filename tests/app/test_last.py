"""dashboard.last: the work a page leaves for the end of its run."""

from __future__ import annotations

import pytest
import streamlit as st
from app_helpers import APP, SessionWithARerunWaiting, Waiting
from streamlit.testing.v1 import AppTest

from dashboard import last


def test_work_left_for_the_end_runs_once_in_order_and_a_new_run_drops_leftovers(monkeypatch):
    monkeypatch.setattr(st, "session_state", {})
    done: list[str] = []
    last.start()
    last.later(lambda: done.append("search"))
    last.later(lambda: done.append("second"))
    assert done == []  # nothing runs when it is left
    last.run()
    last.run()  # the work is done once
    assert done == ["search", "second"]

    last.later(lambda: done.append("cut short"))  # a run that never reached its end
    last.start()  # the next run
    last.run()
    assert done == ["search", "second"]


class Clock:
    """time.monotonic and time.sleep for dashboard.last, on a clock only sleeping moves."""

    def __init__(self):
        self.now, self.sleeps = 100.0, []

    def monotonic(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


def test_a_run_that_redraws_charts_waits_for_the_browser(monkeypatch):
    """PAUSE seconds in steps of at most STEP, once per run that sends charts the run
    before sent too (redrawn in place); none on a run that sends them anew (a page just
    opened) or sends none."""
    clock = Clock()
    monkeypatch.setattr(last, "time", clock)
    monkeypatch.setattr(last, "PAUSE", 0.25)
    monkeypatch.setattr(st, "session_state", {})

    def run(charts: bool) -> float:
        before = sum(clock.sleeps)
        last.start()
        if charts:
            last.drawing()
            last.drawing()
        last.give_way()
        last.give_way()  # once a run: the second call does nothing
        return sum(clock.sleeps) - before

    assert run(charts=True) == 0  # the page opened: its charts are new
    assert run(charts=True) == pytest.approx(0.25)  # a control moved: redrawn in place
    assert max(clock.sleeps) <= last.STEP and len(clock.sleeps) == 13
    assert run(charts=True) == pytest.approx(0.25)
    assert run(charts=False) == 0  # another page
    assert run(charts=True) == 0  # back: new charts again
    assert run(charts=True) == pytest.approx(0.25)


def test_the_wait_gives_way_to_a_rerun(monkeypatch):
    """Each step reads the session state, where a rerun waiting (a slider moved again, a
    page clicked) ends the run: within one step of 20 ms."""
    clock = Clock()
    monkeypatch.setattr(last, "time", clock)
    monkeypatch.setattr(last, "PAUSE", 0.25)
    session = SessionWithARerunWaiting(after=3)
    session[last.SHOWN] = True  # the charts are on the page
    monkeypatch.setattr(st, "session_state", session)
    last.drawing()
    with pytest.raises(Waiting):
        last.give_way()
    assert clock.sleeps == [0.02] * 4  # the fourth read let the rerun in


def test_the_overview_waits_when_a_control_moves_and_not_when_opened(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(last, "time", clock)
    monkeypatch.setattr(last, "PAUSE", 0.25)
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception and sum(clock.sleeps) == 0  # opened: its charts are new
    at.selectbox(key="ctl:discounting").set_value("constant").run()
    assert not at.exception and sum(clock.sleeps) == pytest.approx(0.25)  # redrawn
    at.switch_page("dashboard/pages/costs.py").run()
    assert not at.exception and sum(clock.sleeps) == pytest.approx(0.25)  # no charts
    at.switch_page("dashboard/pages/overview.py").run()
    assert sum(clock.sleeps) == pytest.approx(0.25)  # opened again
    at.slider(key="ctl:rate").set_value(4.0).run()
    assert not at.exception and sum(clock.sleeps) == pytest.approx(0.5)
