"""Shared fixtures: a factory for small scenarios, built through the real validator;
for tests/browser, the app on a free loopback port with Playwright on Debian's Chromium
(never ``playwright install``: ``make test`` installs Debian's ``chromium``); and a
throwaway PostgreSQL server for the scenario library's tests. It also registers the
``fuzz`` hypothesis profile (:mod:`tests.fuzz.profiles`) before pytest loads
``--hypothesis-profile``."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from options.model import Scenario
from options.scenario_file import scenario_from_dict
from tests.fuzz import profiles  # noqa: F401  (registers the fuzz profile)
from tests.postgres import INSTALL, PostgresServer, server_binaries
from tests.servers import AppServer
from tests.small_scenario import base_document

# conftest.py files hold fixtures, not doctests: collected as doctest modules
# (--doctest-modules), the ones outside a package all import as ``conftest`` and clash
# when two folders with one are named on the command line (tests/app tests/unit/options).
collect_ignore_glob = ["*conftest.py"]


@pytest.fixture
def make_document() -> Callable[..., dict[str, Any]]:
    """``make_document(**overrides)``: the base document with top-level keys replaced."""

    def make(**overrides: Any) -> dict[str, Any]:
        doc = copy.deepcopy(base_document())
        doc.update(copy.deepcopy(overrides))
        return doc

    return make


@pytest.fixture
def make_scenario(make_document: Callable[..., dict[str, Any]]) -> Callable[..., Scenario]:
    """``make_scenario(**overrides)``: a validated Scenario from the base document."""

    def make(**overrides: Any) -> Scenario:
        return scenario_from_dict(make_document(**overrides))

    return make


# A browser assertion waits up to 15 s (Playwright's default is 5 s): on CI's 2 cores a
# rerun behind 2 browsers and 2 app servers can take longer than 5 s without being wrong.
expect.set_options(timeout=15_000)


# ---------------------------------------------------------------- the scenario library


@pytest.fixture
def library_url(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    """A scenario library of the test's own (a SQLite file in its temporary folder), named
    by ``APPRAISAL_DB_URL`` for the app under test."""
    url = f"sqlite:///{tmp_path / 'library.db'}"
    monkeypatch.setenv("APPRAISAL_DB_URL", url)
    return url


@pytest.fixture(autouse=True)
def _app_tests_have_a_library_of_their_own(request: pytest.FixtureRequest) -> None:
    """Every AppTest (tests/app) runs against a library of its own: drafts are written as
    soon as a control moves, and nothing may reach the working tree's data/appraisal.db."""
    if "app" in request.path.relative_to(ROOT / "tests").parts[:1]:
        request.getfixturevalue("library_url")


# ---------------------------------------------------------------- browser tests

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `apt-get install chromium` (make test does)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "viewport": {"width": 1280, "height": 1600},
        "accept_downloads": True,
    }


@pytest.fixture(scope="session")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app, its scenario library a SQLite file of this session's (never ``data/``)."""
    db = tmp_path_factory.mktemp("library") / "library.db"
    server = AppServer({"APPRAISAL_DB_URL": f"sqlite:///{db}"})
    yield server.url
    log = server.stop()
    assert "Traceback" not in log, log


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A throwaway PostgreSQL server (:mod:`tests.postgres`), once per session (per xdist
    worker); skipped with the reason, never passed, without Debian's server binaries."""
    binaries = server_binaries()
    if binaries is None:
        pytest.skip(
            f"no PostgreSQL server binaries under {INSTALL}/<version>/bin: "
            "`apt-get install postgresql` (make test installs it)"
        )
    server = PostgresServer(binaries)
    yield server
    server.stop()


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
