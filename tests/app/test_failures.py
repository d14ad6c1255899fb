"""A bug in a page under AppTest: the page says so briefly with an error id, the server's
log has the traceback under that id, and the rest of the app (the sidebar, every other
page, the draft of unsaved changes) goes on working. The failure is injected into one
chart function of the Overview page."""

from __future__ import annotations

import json
import logging
import re

from app_helpers import page_path, start

from appraisal.appraise import appraise
from options.store import Store
from report import charts
from report.formatting import money_m

WEIGHT = "ctl:weight:data-sovereignty"


def broken(*args, **kwargs):
    raise ZeroDivisionError("injected: the plane chart's bug")


def test_a_failing_chart_is_said_with_an_error_id_and_the_rest_works(
    monkeypatch, caplog, library_url
):
    at = start()
    at.slider(key=WEIGHT).set_value(5.0).run()  # an unsaved change, kept as a draft
    draft = at.query_params["draft"]
    with monkeypatch.context() as m, caplog.at_level(logging.ERROR, logger="dashboard.state"):
        m.setattr(charts, "fig_plane", broken)
        at.slider(key=WEIGHT).set_value(6.0).run()
        at.switch_page(page_path("costs")).run()  # another page works meanwhile
        assert not at.exception and not at.error
        at.switch_page(page_path("overview")).run()
    assert not at.exception  # no traceback on the page
    [error] = [e.value for e in at.error]
    found = re.search(r"Error id ([0-9a-f]{8})", error)
    assert found and "(Overview)" in error and "unsaved changes are kept" in error
    logged = [r for r in caplog.records if found[1] in r.getMessage()]
    assert logged and logged[0].exc_info and logged[0].exc_info[0] is ZeroDivisionError
    # what the page drew before the failing chart is there, with the new weight's figures
    s = at.session_state["scenario"]
    assert [c.weight for c in s.concerns if c.id == "data-sovereignty"] == [6.0]
    npsv = [m.value for m in at.metric if m.label == "NPSV"]
    assert npsv == [money_m(o.npsv) for o in appraise(s).options]
    assert at.query_params["draft"] == draft  # the session's own draft, updated
    kept = json.loads(Store(library_url).load_draft(draft).text)["scenario"]
    assert [c["weight"] for c in kept["concerns"] if c["id"] == "data-sovereignty"] == [6.0]
    at.run()  # once mended, the page draws whole
    assert not at.exception and not at.error and at.slider(key=WEIGHT).value == 6.0
