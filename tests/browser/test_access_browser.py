"""A viewer's session in Chromium: the app served with a roles file and a test identity
(``APPRAISAL_TEST_IDENTITY``, honoured because the server listens on 127.0.0.1 and the
browser is on the same machine) shows the board view alone, with no sidebar, no input,
no upload and no save, whatever page the address names; a permalink opens its saved
version there, read-only. Screenshots go to tests/artifacts/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from options.examples import load_example
from options.scenario_file import dump_scenario
from options.store import Store
from tests.servers import AppServer

BOB = "bob@example.gov.uk"
ROLES = '[roles]\n"alice@example.gov.uk" = "editor"\n"@example.gov.uk" = "viewer"\n'
INPUT_ROLES = ("slider", "textbox", "combobox", "checkbox", "switch", "spinbutton", "radio")


@pytest.fixture(scope="module")
def viewer_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app for Bob, a viewer, its library holding version 1 of "Pilot"."""
    folder = tmp_path_factory.mktemp("access")
    (folder / "roles.toml").write_text(ROLES, encoding="utf-8")
    db = f"sqlite:///{folder / 'library.db'}"
    store = Store(db)
    doc = dump_scenario(replace(load_example(), name="Pilot review"))
    store.save("Pilot", doc, by="Ana", message="first")
    store.close()
    env = {"APPRAISAL_DB_URL": db, "APPRAISAL_ROLES": str(folder / "roles.toml")}
    server = AppServer({**env, "APPRAISAL_TEST_IDENTITY": BOB})
    yield server.url
    log = server.stop()
    assert "Traceback" not in log, log
    assert f"APPRAISAL_TEST_IDENTITY={BOB} signs every session in" in log, log
    assert [v.number for v in Store(db).history("pilot")] == [1]  # nothing saved
    with Store(db).engine.connect() as conn:  # and no draft kept
        assert conn.exec_driver_sql("SELECT count(*) FROM drafts").scalar_one() == 0


def board_shown(page: Page) -> None:
    expect(page.locator(".board-footer")).to_be_visible(timeout=30_000)
    expect(page.get_by_test_id("stApp")).to_have_attribute(
        "data-test-script-state", "notRunning", timeout=30_000
    )


def read_only(page: Page) -> None:
    """No sidebar, no input, no upload, no save: the pack's one button alone."""
    expect(page.get_by_test_id("stSidebar")).to_have_count(0)
    for role in INPUT_ROLES:
        expect(page.get_by_role(role)).to_have_count(0)
    expect(page.locator("input[type=file]")).to_have_count(0)
    expect(page.get_by_role("button", name="Save as a new version")).to_have_count(0)
    buttons = page.get_by_test_id("stButton").get_by_role("button").filter(visible=True)
    expect(buttons).to_have_text([re.compile("Prepare the board pack$")])


def test_a_viewer_sees_the_board_view_alone_on_every_address(
    page: Page, viewer_url: str, artifacts: Path
) -> None:
    page.goto(viewer_url)
    board_shown(page)
    expect(page.get_by_text(f"Signed in as {BOB} (viewer: read-only)")).to_be_visible()
    expect(page.get_by_role("link", name=BOB)).to_have_count(0)  # text, not a mailto: link
    read_only(page)
    page.screenshot(path=str(artifacts / "access-viewer.png"))
    for path in ("library", "data", "log", "costs"):  # another page's address: the board
        page.goto(f"{viewer_url}/{path}")
        board_shown(page)
        expect(page).to_have_url(re.compile(r"/board(\?|$)"))
        read_only(page)


def test_a_viewer_opens_a_permalink_read_only(page: Page, viewer_url: str) -> None:
    page.goto(f"{viewer_url}/?scenario=pilot&version=1")
    board_shown(page)
    expect(page.locator("h1.board-title")).to_have_text("Pilot review")
    expect(page).to_have_url(re.compile(r"scenario=pilot&version=1"))
    read_only(page)
