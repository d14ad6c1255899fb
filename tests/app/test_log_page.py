"""The Assumptions and decisions page under AppTest: the example's register and log are
shown, filtered, downloadable and editable; a bad cell is refused and changes nothing.

AppTest cannot type into a data editor, so the edit tests hand back the grid with one
cell changed, as if typed (as tests/app/test_pages.py does for the cost lines). Each
expected scenario is made by the same edit applied directly to the example's table.
"""

from __future__ import annotations

import streamlit as st
from app_helpers import html, start

from options.edits import (
    apply_assumption_edits,
    apply_decision_edits,
    assumption_table,
    decision_table,
)
from options.model import Quality

ASSUMPTIONS, DECISIONS = "log_assumptions_table", "log_decisions_table"


def typed(monkeypatch, key: str, row: int, column: str, value) -> None:
    """The data editor ``key`` hands back its table with one cell set, as if typed."""
    real = st.data_editor

    def editor(data, **kwargs):
        edited = real(data, **kwargs)
        if kwargs.get("key") == key:
            edited = edited.copy()
            edited.loc[row, column] = value
        return edited

    monkeypatch.setattr(st, "data_editor", editor)


def test_the_page_shows_the_example_register_and_log(example):
    """The summary counts are the example's own ratings, each shown with its word; every
    assumption and decision is in the tables; both downloads are offered."""
    at = start("log")
    assert at.title[0].value == "Assumptions and decisions"
    counts = {m.label: m.value for m in at.metric}
    assert counts == {
        q.value.capitalize(): str(sum(a.quality is q for a in example.assumptions))
        for q in (Quality.RED, Quality.AMBER, Quality.GREEN)
    }
    assert counts == {"Red": "24", "Amber": "7", "Green": "2"}  # SOURCES.md's split
    text = html(at)
    assert all(f">{a.id}<" in text for a in example.assumptions)
    assert all(f">{d.id}<" in text for d in example.decisions)
    assert "Historical decision: ONS decided in principle" in text
    assert text.count("class='c-quality rag rag-green'>green<") == 2
    assert any(c.value == "Showing 33 of 33 assumptions." for c in at.caption)
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Download the assumptions register (CSV)", "Download the decision log (CSV)"]
    assert [t.label for t in at.tabs] == ["Assumptions register", "Decision log"]


def test_filters_narrow_the_rows_shown(example):
    at = start("log")
    at.multiselect(key="log:quality").set_value(["green"]).run()
    assert any(c.value == "Showing 2 of 33 assumptions." for c in at.caption)
    text = html(at)
    assert ">A13<" in text and ">A2<" in text and ">A1<" not in text
    at.text_input(key="log:assumption_text").set_value("Flex per-seat").run()
    assert any(c.value == "Showing 1 of 33 assumptions." for c in at.caption)
    at.selectbox(key="log:decided_by").set_value("Example author (illustrative)").run()
    assert any(c.value.startswith("Showing 3 of 4 decisions.") for c in at.caption)


def test_an_edit_applies(example, monkeypatch):
    """A1 re-rated green with a new source: the scenario in force is the example with that
    edit applied directly, and the page shows the new counts."""
    typed(monkeypatch, ASSUMPTIONS, 1, "quality", "green")
    at = start("log")
    assert any("edits that are not applied yet" in i.value for i in at.info)
    at.button(key="log_assumptions:apply").click().run()
    assert not at.exception, [e.message for e in at.exception]
    table = assumption_table(example)
    table.loc[1, "quality"] = "green"
    expected = apply_assumption_edits(example, table)
    assert at.session_state["scenario"] == expected
    assert expected.assumptions[0].quality is Quality.GREEN
    assert {m.label: m.value for m in at.metric}["Green"] == "3"


def test_a_bad_date_is_refused_with_a_message_and_nothing_changes(example, monkeypatch):
    """A1's date typed as 03/12/2026: the page lists the problem at row 1, column date,
    keeps the example in force and keeps the typed value for the user to correct."""
    typed(monkeypatch, ASSUMPTIONS, 1, "date", "03/12/2026")
    at = start("log")
    at.button(key="log_assumptions:apply").click().run()
    assert not at.exception, [e.message for e in at.exception]
    (error,) = [e.value for e in at.error if "Assumptions register" in e.value]
    assert "1 problem found, so nothing was applied" in error
    problems = at.table[0].value
    assert problems.iloc[0].tolist() == [
        1,
        "date",
        "03/12/2026",
        "assumption 'A1' has the date '03/12/2026', which is not a date: write it as "
        "2007-10-01 (or 2007-10, or 2007)",
    ]
    assert at.session_state["scenario"] == example
    kept = at.session_state["log_assumptions:values"][0]
    assert kept.loc[1, "date"] == "03/12/2026"


def test_a_decision_version_of_0_is_refused(example, monkeypatch):
    typed(monkeypatch, DECISIONS, 1, "version", 0.0)
    at = start("log")
    at.button(key="log_decisions:apply").click().run()
    problems = at.table[0].value
    assert problems.iloc[0][["Row", "Column"]].tolist() == [1, "version"]
    assert "decision 'D1' names version 0" in problems.iloc[0]["Problem"]
    assert at.session_state["scenario"] == example


def test_a_decision_edit_applies(example, monkeypatch):
    typed(monkeypatch, DECISIONS, 2, "version", 1.0)
    at = start("log")
    at.button(key="log_decisions:apply").click().run()
    table = decision_table(example)
    table.loc[2, "version"] = 1.0
    assert at.session_state["scenario"] == apply_decision_edits(example, table)
    assert at.session_state["scenario"].decisions[1].version == 1
