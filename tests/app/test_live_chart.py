"""The Overview's charts stay on the page between runs (dashboard.live_chart): each is
drawn under the same key with the new figure when a slider moves, so the browser redraws
it in place; plotly.js is copied beside the app once, whole; where it cannot be, the
charts are drawn by st.plotly_chart as before. The expected figures are the chart
functions' own for the scenario with the change made directly, never read from the page.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import plotly.io as pio
import pytest
import streamlit as st
from app_helpers import APP, live_charts, start
from streamlit.testing.v1 import AppTest

from appraisal.appraise import appraise
from dashboard import live_chart
from options.examples import load_example
from report import charts


@pytest.fixture(autouse=True)
def fresh_cache():
    st.cache_data.clear()
    live_chart._installed.cache_clear()
    yield
    st.cache_data.clear()
    live_chart._installed.cache_clear()


def figure(chart: dict) -> dict:
    return json.loads(chart["figure"])


def same(fig: dict, expected) -> bool:
    """The same figure as ``expected`` (a plotly Figure), as plotly JSON."""
    return fig == json.loads(pio.to_json(expected, validate=False))


def test_the_charts_are_the_chart_functions_figures_and_follow_a_slider():
    at = start()
    first = live_charts(at)
    results = appraise(load_example())
    assert same(figure(first[1]), charts.fig_npc_range(results))
    assert first[0]["alt"] and first[0]["src"] == f"./app/static/{live_chart.FILE}"
    ids = [e.proto.id for e in at.get("bidi_component")]

    at.selectbox(key="ctl:discounting").set_value("constant").run()
    at.slider(key="ctl:rate").set_value(5.0).run()
    moved = appraise(replace(load_example(), discounting=0.05))
    after = live_charts(at)
    assert [c["key"] for c in after] == ["components", "range", "plane"]
    assert [e.proto.id for e in at.get("bidi_component")] == ids  # the same three charts
    for chart, build in zip(after, (charts.fig_npsv_components, charts.fig_npc_range,
                                    charts.fig_plane), strict=True):  # fmt: skip
        assert same(figure(chart), build(moved))
    assert figure(after[1]) != figure(first[1])
    assert "5.0%" in after[1]["alt"] or "5%" in after[1]["alt"]


def test_plotly_js_is_copied_once_and_whole(tmp_path: Path):
    assert live_chart.install_plotly_js(tmp_path)
    copied = tmp_path / live_chart.FILE
    assert copied.read_bytes() == live_chart.PLOTLY_JS.read_bytes()
    assert re.fullmatch(r"plotly-\d+\.\d+\.\d+\.min\.js", live_chart.FILE)
    before = copied.stat().st_mtime_ns
    assert live_chart.install_plotly_js(tmp_path)  # already there: left alone
    assert copied.stat().st_mtime_ns == before
    assert [p.name for p in tmp_path.iterdir()] == [live_chart.FILE]  # no part file left


def test_a_folder_that_cannot_be_written_is_said_in_the_log(tmp_path: Path, caplog):
    blocked = tmp_path / "static"
    blocked.write_text("a file where the folder should be")
    assert not live_chart.install_plotly_js(blocked)
    assert "plotly.js could not be copied" in caplog.text
    assert [p.name for p in tmp_path.iterdir()] == ["static"]


def test_where_plotly_js_cannot_be_served_the_charts_are_drawn_as_before(monkeypatch):
    def refuse(folder: Path) -> bool:
        return False

    monkeypatch.setattr(live_chart, "install_plotly_js", refuse)
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert live_charts(at) == []
    configs = [json.loads(c.proto.config) for c in at.get("plotly_chart")]
    assert len(configs) == 3 and all(c["displayModeBar"] is False for c in configs)


def test_the_page_script_puts_text_in_as_text_only():
    """Option names reach the figure and the alt text: the component's script sets them
    with setAttribute / textContent and plotly, never as markup."""
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in live_chart.JS
    assert 'setAttribute("aria-label", data.alt)' in live_chart.JS
