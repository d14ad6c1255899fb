"""A chart kept on the page between runs and redrawn in place: the Overview's three charts,
which every move of a slider changes.

``st.plotly_chart`` (Streamlit 1.67) makes a chart's identity from its figure, so a chart
whose numbers change is a new element: the browser throws the old one away and draws the
new one from nothing, twice (before and after its width is known), about 45 ms a chart
on this 2-core machine. This component keeps one ``<div>`` per chart, under its key, and
hands each new figure to ``Plotly.react``, which redraws the same plot in place (about
15 ms). The figure, its plotly config and its text alternative are the same as
``st.plotly_chart`` would be given.

plotly.js itself is the copy the plotly package ships (the version its figures are
written for), served by Streamlit's static file serving (``server.enableStaticServing``)
from ``static/`` beside ``app.py``, copied there at the first use. Where it cannot be
copied, or the browser cannot load it, the chart says so in words; its numbers are in
the table beside it either way.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import plotly
import plotly.graph_objects as go
import plotly.io as pio
import streamlit as st
from plotly.offline import get_plotlyjs_version
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

LOG = logging.getLogger(__name__)
NAME = "appraisal_live_chart"
APP_DIR = Path(__file__).resolve().parent.parent  # beside app.py
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
FILE = f"plotly-{get_plotlyjs_version()}.min.js"  # a new name with each plotly.js version
FAILED = (
    "This chart could not be drawn: the browser could not load the charting library. "
    "Its numbers are in the table below."
)

# Runs in the page (a component is trusted code). Text goes in with setAttribute and
# textContent only, never as markup: option names reach the figure and the alt text.
JS = """
function plotly(src) {
  window.__appraisalPlotly ||= new Promise((resolve, reject) => {
    const before = window.Plotly;  // Streamlit's own, if it has loaded one: left as it was
    const script = document.createElement("script");
    script.src = src;
    script.onload = () => {
      const ours = window.Plotly;
      if (before !== undefined) window.Plotly = before;
      resolve(ours);
    };
    script.onerror = () => {
      window.__appraisalPlotly = undefined;  // the next run tries again
      reject(new Error("plotly.js not loaded"));
    };
    document.head.appendChild(script);
  });
  return window.__appraisalPlotly;
}

export default function ({ parentElement, data }) {
  let box = parentElement.querySelector(":scope > .live-chart");
  if (!box) {
    box = document.createElement("div");
    box.className = "live-chart";
    box.setAttribute("role", "figure");
    parentElement.appendChild(box);
  }
  box.setAttribute("aria-label", data.alt);
  // Its own layout: plotly measures its labels as it draws, and each measurement lays out
  // whatever is out of date; contained, that is this chart alone, not the whole page.
  box.style.height = data.height + "px";
  box.style.contain = "strict";
  const figure = JSON.parse(data.figure);
  plotly(data.src).then((Plotly) => {
    box.querySelector(":scope > .live-chart-failed")?.remove();
    Plotly.react(box, figure.data, figure.layout, data.config);
    if (!box.__resizing) {  // the sidebar opened or closed: the page's width changes
      let frame = 0;
      box.__resizing = new ResizeObserver(() => {
        cancelAnimationFrame(frame);
        frame = requestAnimationFrame(() => box.isConnected && Plotly.Plots.resize(box));
      });
      box.__resizing.observe(box);
    }
  }).catch(() => {
    if (box.querySelector(":scope > .live-chart-failed")) return;
    const said = document.createElement("p");
    said.className = "live-chart-failed";
    said.textContent = data.failed;
    box.appendChild(said);
  });
}
"""


@cache
def _component() -> Any:
    return st.components.v2.component(NAME, js=JS, isolate_styles=False)


def static_dir() -> Path:
    """Where Streamlit serves the app's static files from: ``static/`` beside the main
    script (``app.py``), or beside this project's ``app.py`` outside a run."""
    ctx = get_script_run_ctx()
    main = getattr(ctx, "main_script_path", None) if ctx is not None else None
    return (Path(main).resolve().parent if main else APP_DIR) / "static"


def install_plotly_js(folder: Path) -> bool:
    """Copy the plotly package's plotly.js into ``folder`` as ``FILE`` unless it is there
    already (written under a temporary name and renamed, so a session never reads half a
    file); False, and the reason logged, if it cannot be written."""
    target, part = folder / FILE, None
    try:
        if target.is_file() and target.stat().st_size == PLOTLY_JS.stat().st_size:
            return True
        folder.mkdir(parents=True, exist_ok=True)
        fd, part = tempfile.mkstemp(dir=folder, suffix=".part")
        with os.fdopen(fd, "wb") as tmp, PLOTLY_JS.open("rb") as source:
            shutil.copyfileobj(source, tmp)
        os.replace(part, target)
        return True
    except OSError as exc:
        LOG.warning("plotly.js could not be copied to %s: %s", folder, exc)
        if part is not None:
            Path(part).unlink(missing_ok=True)
        return False


@cache
def _installed(folder: Path) -> bool:
    return install_plotly_js(folder)


def available() -> bool:
    """Whether live charts can be drawn: static serving on and plotly.js in place."""
    serving = bool(st.get_option("server.enableStaticServing"))
    return serving and _installed(static_dir())


def live_chart(fig: go.Figure, key: str, config: Mapping[str, Any], alt: str) -> None:
    """Draw ``fig`` under ``key``; drawn again under the same key, the same chart on the
    page is redrawn with the new figure (``Plotly.react``), not replaced."""
    height = fig.layout.height or 450
    data = {
        "figure": pio.to_json(fig, validate=False),
        "config": dict(config),
        "alt": alt,
        "height": height,
        "src": f"./app/static/{FILE}",
        "failed": FAILED,
    }
    _component()(key=key, data=data)
