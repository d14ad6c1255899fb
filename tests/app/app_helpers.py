"""Starting the app under Streamlit's AppTest, and a session state with a rerun waiting,
shared by the tests/app modules."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest

from options.model import Scenario

APP = str(Path(__file__).resolve().parents[2] / "app.py")
LANDING = "overview"  # the page the app opens on


def page_path(page: str) -> str:
    """A page's file, as ``AppTest.switch_page`` takes it: ``library`` → its script."""
    return f"dashboard/pages/{page}.py"


def start(page: str | None = None, query: Mapping[str, str] | None = None) -> AppTest:
    """The app run once (with ``query`` in its URL), then on ``page`` (default: the page it
    opens on), raising nothing."""
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    if page not in (None, LANDING):
        at.switch_page(page_path(page)).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def in_force(s: Scenario) -> AppTest:
    """An app (not yet run) whose session holds ``s`` as the scenario in force, as the
    Data page's loader leaves it."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["scenario"] = s
    at.session_state["scenario_loaded"] = s
    return at


def html(at: AppTest) -> str:
    """Every st.html block of the page, as one text."""
    return " ".join(h.proto.body for h in at.get("html"))


def live_charts(at: AppTest) -> list[dict[str, Any]]:
    """The charts drawn by dashboard.live_chart (kept on the page and redrawn in place):
    each one's key and the data it was given (figure as plotly JSON, config, alt text)."""
    from dashboard.live_chart import NAME

    found = [e for e in at.get("bidi_component") if e.proto.component_name == NAME]
    return [{"key": e.key, **json.loads(e.proto.json)} for e in found]


class Waiting(BaseException):
    """Stands for Streamlit's RerunException: raised where a waiting rerun takes over."""


class SessionWithARerunWaiting(dict):
    """A session state in which a rerun is waiting after ``after`` reads (``key in``):
    each read is a yield point (Streamlit's session state calls the script runner's
    yield check), so the first read after that raises :class:`Waiting`."""

    def __init__(self, after: int):
        super().__init__()
        self.reads, self.after = 0, after

    def __contains__(self, key: object) -> bool:
        self.reads += 1
        if self.reads > self.after:
            raise Waiting
        return super().__contains__(key)
