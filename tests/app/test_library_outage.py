"""The library's PostgreSQL server goes away in the middle of a session, under AppTest: the
edits stay on screen, the sidebar says they cannot be kept as a draft, a save says
plainly that nothing was saved and why; once the server is back, the draft is written
by the next run and the same save succeeds, as the next version. The server is one of
the test's own (tests/postgres.py), stopped at once (``pg_ctl -m immediate``) and
started again on the same data."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from html import unescape

import pytest
from app_helpers import APP
from streamlit.testing.v1 import AppTest

from appraisal.appraise import appraise
from dashboard import links
from options.store import Store
from report.formatting import money_m
from tests.postgres import PostgresServer, server_binaries

LIBRARY = "dashboard/pages/library.py"
WEIGHT = "ctl:weight:data-sovereignty"


@pytest.fixture
def server() -> Iterator[PostgresServer]:
    binaries = server_binaries()
    if binaries is None:
        pytest.skip("no PostgreSQL server binaries: `apt-get install postgresql`")
    pg = PostgresServer(binaries, durable=True)  # commits survive the stop
    yield pg
    pg.stop()


def save(at: AppTest, message: str) -> AppTest:
    if "library_author" in [t.key for t in at.text_input]:  # typed once a session
        at.text_input(key="library_author").set_value("Ana")
    at.text_input(key="library:name").set_value("Pilot")
    at.text_area(key="library:message").set_value(message)
    at.button(key="library:save").click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_a_database_that_goes_away_loses_nothing(server, monkeypatch, example):
    url = server.new_database()
    monkeypatch.setenv("APPRAISAL_DB_URL", url)
    monkeypatch.setattr(links, "DRAFT_RETRY_SECONDS", 0.0)
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page(LIBRARY).run()
    save(at, "before the outage")
    assert at.query_params["version"] == "1"

    at.switch_page("dashboard/pages/overview.py").run()
    server.halt()
    at.slider(key=WEIGHT).set_value(5.0).run()  # an edit while the database is away
    assert not at.exception
    assert [t.value for t in at.toast if "could not be kept as a draft" in t.value]
    at.run()
    warning = " ".join(w.value for w in at.sidebar.warning)
    assert "could not be kept as a draft" in warning and "draft" not in at.query_params
    concerns = [replace(c, weight=5.0) if c.id == "data-sovereignty" else c
                for c in example.concerns]  # fmt: skip
    edited = replace(example, concerns=tuple(concerns))
    npsv = [m.value for m in at.metric if m.label == "NPSV"]
    assert npsv == [money_m(o.npsv) for o in appraise(edited).options]  # the edit counts

    server.start()
    at.run()  # the next run keeps the edits as a draft (after the page is drawn)
    assert at.query_params.get("draft")
    at.run()  # and the sidebar, drawn first, says so from then on
    assert not at.sidebar.warning
    assert "kept as a draft" in " ".join(m.value for m in at.sidebar.markdown)

    at.switch_page(LIBRARY).run()  # a save clicked just as the database goes away
    at.text_area(key="library:message").set_value("during the outage")
    server.halt()
    at.button(key="library:save").click().run()
    assert not at.exception
    said = unescape(" ".join(e.value for e in at.error))  # escaped as text: ':' is &#58;
    assert "Nothing was saved:" in said and "Traceback" not in said
    assert at.slider(key=WEIGHT).value == 5.0  # still on screen

    server.start()
    at.switch_page(LIBRARY).run()
    if "library:retry" in [b.key for b in at.button]:
        at.button(key="library:retry").click().run()
    save(at, "after the outage")
    assert not at.error and at.query_params["version"] == "2"
    with Store(url) as store:
        history = store.history("pilot")
        assert [v.message for v in history] == ["before the outage", "after the outage"]
        kept = store.load("pilot", 2).scenario
        assert [c.weight for c in kept.concerns if c.id == "data-sovereignty"] == [5.0]
