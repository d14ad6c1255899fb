"""dashboard.last: the work a page leaves for the end of its run."""

from __future__ import annotations

import streamlit as st

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
