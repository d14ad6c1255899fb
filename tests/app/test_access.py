"""Sign-in and roles (dashboard.access) under AppTest, with no identity provider.

AppTest sets the signed-in user (``AppTest.user``, read by the app as ``st.user``) and
the ``[auth]`` secrets (``AppTest.secrets``); the roles file is a file of the test's
own named by ``APPRAISAL_ROLES``. Every test has a library of its own
(tests/conftest.py). Roles are checked where the library is written, so a viewer's
forced save is refused and leaves the database as it was, as well as finding no save
button to press.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from app_helpers import APP, html, page_path
from sqlalchemy import text
from streamlit import config
from streamlit.testing.v1 import AppTest

from options.examples import load_example
from options.scenario_file import dump_scenario
from options.store import Store

ALICE, BOB, EVE = "alice@example.gov.uk", "bob@example.gov.uk", "eve@example.gov.uk"
ROLES = f"""\
[roles]
"{ALICE}" = "editor"
"@example.gov.uk" = "viewer"
"{EVE}" = "none"
"""
AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "a-long-random-string-for-the-tests-only",
    "client_id": "appraisal",
    "client_secret": "not-a-secret",
    "server_metadata_url": "https://id.example.gov.uk/.well-known/openid-configuration",
}
SAVE = "library:save"


@pytest.fixture
def roles(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    p = tmp_path / "roles.toml"
    p.write_text(ROLES, encoding="utf-8")
    monkeypatch.setenv("APPRAISAL_ROLES", str(p))
    return p


@pytest.fixture
def listen() -> Iterator[Callable[[str | None], None]]:
    """``listen(address)``: the server's ``server.address`` as the app reads it."""
    old = config.get_option("server.address")
    yield lambda address: config.set_option("server.address", address)
    config.set_option("server.address", old)


def app(user: dict[str, Any] | None, *, auth: bool = True, query: dict[str, str] | None = None,
        page: str | None = None) -> AppTest:  # fmt: skip
    """The app run once for ``user`` (None: AppTest's default, not signed in), with the
    ``[auth]`` secrets unless ``auth=False``; then on ``page``."""
    at = AppTest.from_file(APP, default_timeout=120)
    if auth:
        at.secrets["auth"] = AUTH
    if user is not None:
        at.user = user
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    if page is not None:
        at.switch_page(page_path(page)).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def signed_in(email: str, **claims: Any) -> dict[str, Any]:
    return {"is_logged_in": True, "email": email, **claims}


def texts(at: AppTest) -> str:
    return " ".join(m.value for m in [*at.title, *at.markdown, *at.caption, *at.error, *at.text])


def count(url: str, table: str) -> int:
    with Store(url).engine.connect() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def saved_pilot(url: str) -> Store:
    """A library holding version 1 of "Pilot" (the example, renamed), saved by Ana."""
    s = Store(url)
    doc = dump_scenario(replace(load_example(), name="Pilot review"))
    s.save("Pilot", doc, by="Ana", message="first")
    return s


def editing_widgets(at: AppTest) -> int:
    return sum(
        len(x)
        for x in (at.slider, at.number_input, at.text_input, at.text_area, at.selectbox,
                  at.toggle, at.checkbox, at.radio, at.get("file_uploader"))
    )  # fmt: skip


# ---------------------------------------------------------------- off by default


def test_without_auth_or_roles_nothing_changes(library_url: str) -> None:
    at = app(None, auth=False, page="library")
    assert "Signed in" not in texts(at)
    assert at.text_input(key="library_author").label == "Your name"  # typed, as before
    assert not [b for b in at.button if b.key and b.key.startswith("access:")]


# ---------------------------------------------------------------- who gets in


def test_nobody_signed_in_sees_a_sign_in_page_only(roles: Path) -> None:
    at = app({"is_logged_in": False})
    assert [b.label for b in at.button] == ["Sign in"]
    assert [t.value for t in at.title] == ["Options appraisal"]
    assert editing_widgets(at) == 0
    assert not at.metric
    assert "board-title" not in html(at)  # not even the board view


def test_a_permalink_opened_before_signing_in_says_to_open_it_again(roles: Path) -> None:
    at = app({"is_logged_in": False}, query={"scenario": "pilot", "version": "1"})
    assert [i.value for i in at.info] == [
        "This link names a saved scenario. Signing in returns you to the app's first page: "
        "open the link again once you are signed in."
    ]
    assert not app({"is_logged_in": False}).info  # no link, no note


def test_named_providers_get_a_button_each(roles: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=120)
    shared = {k: AUTH[k] for k in ("redirect_uri", "cookie_secret")}
    provider = {k: AUTH[k] for k in ("client_id", "client_secret", "server_metadata_url")}
    at.secrets["auth"] = {**shared, "microsoft": provider, "okta": provider}
    at.user = {"is_logged_in": False}
    at.run()
    assert [b.label for b in at.button] == ["Sign in with microsoft", "Sign in with okta"]


def test_roles_without_auth_say_sign_in_is_not_set_up(roles: Path) -> None:
    at = app({}, auth=False)
    assert [unescape(e.value) for e in at.error] == [
        "Sign-in is not set up: APPRAISAL_ROLES names a roles file, but the secrets "
        "(.streamlit/secrets.toml) have no [auth] section. See the README's section "
        "'Shared deployment: sign-in and roles'."
    ]
    assert not at.button


def test_someone_the_roles_file_refuses_sees_why_and_nothing_else(roles: Path) -> None:
    at = app(signed_in(EVE))
    assert [unescape(e.value) for e in at.error] == [
        "You have no access to this app. Ask whoever runs it to add you to its roles file."
    ]
    assert [t.value for t in at.text] == [f"Signed in as {EVE}"]
    assert [b.label for b in at.button] == ["Sign out"]
    assert editing_widgets(at) == 0


def test_a_broken_roles_file_closes_the_app_to_everyone(roles: Path) -> None:
    roles.write_text(f'[roles]\n"{ALICE}" = "admin"\n', encoding="utf-8")
    at = app(signed_in(ALICE))
    assert [unescape(e.value) for e in at.error] == [
        "The app is closed until its roles file is fixed: roles.toml: [roles] "
        f"\"{ALICE}\": 'admin' is not a role (editor, viewer or none). See the "
        "README's section 'Shared deployment: sign-in and roles'."
    ]
    assert editing_widgets(at) == 0
    roles.write_text(ROLES, encoding="utf-8")  # fixed: the next run lets Alice in
    at.run()
    assert f"Signed in as {ALICE} (editor)" in [t.value for t in at.sidebar.text]


# ---------------------------------------------------------------- viewers


def test_a_viewer_sees_the_board_view_alone_and_no_save(roles: Path) -> None:
    at = app(signed_in(BOB))
    assert "board-title" in html(at)
    assert [t.value for t in at.text] == [f"Signed in as {BOB} (viewer: read-only)"]
    assert [b.key for b in at.button] == ["access:logout", "board:prepare"]
    assert editing_widgets(at) == 0
    assert not at.sidebar.children  # nothing drawn in a sidebar
    for page in ("library", "data", "log", "overview"):  # a page's URL: the board view
        at.switch_page(page_path(page)).run()
        assert not at.exception
        assert "board-title" in html(at)
        assert SAVE not in [b.key for b in at.button]
        assert editing_widgets(at) == 0


def test_a_viewer_opens_a_permalink_read_only(roles: Path, library_url: str) -> None:
    saved_pilot(library_url)
    at = app(signed_in(BOB), query={"scenario": "pilot", "version": "1"})
    assert "Pilot review" in html(at)  # the saved version, on the board view
    assert at.query_params["scenario"] == "pilot"
    assert at.query_params["version"] == "1"
    assert count(library_url, "drafts") == 0
    assert len(Store(library_url).history("pilot")) == 1


def test_an_unverified_address_counts_for_nothing(roles: Path) -> None:
    at = app(signed_in(ALICE, email_verified=False, name="Alice"))
    assert [t.value for t in at.text] == ["Signed in as Alice (viewer: read-only)"]
    assert editing_widgets(at) == 0


# ---------------------------------------------------------------- the save path itself


def _forced_writes() -> None:  # an AppTest script: every write of the library, forced
    import streamlit as st

    from dashboard import library, state
    from options.examples import load_example

    calls = {
        "save": lambda: library.save("Pilot", load_example(), by="Mallory", message="forced"),
        "restore": lambda: library.restore("pilot", 1, by="Mallory"),
        "archive": lambda: library.archive("pilot", archived=True),
        "draft": lambda: library.save_draft(
            '{"draft": 1}', base=state.Base("pilot", "Pilot", 1), draft_id=None
        ),
    }
    out = {}
    for name, call in calls.items():
        try:
            call()
            out[name] = "written"
        except library.LibraryError as e:
            out[name] = str(e)
    st.session_state["out"] = out


def forced(user: dict[str, Any]) -> dict[str, str]:
    at = AppTest.from_function(_forced_writes, default_timeout=120)
    at.secrets["auth"] = AUTH
    at.user = user
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return dict(at.session_state["out"])


def test_a_forced_save_by_a_viewer_fails_and_writes_nothing(roles: Path, library_url: str) -> None:
    s = saved_pilot(library_url)
    out = forced(signed_in(BOB))
    why = f"you are signed in as {BOB}, a viewer, and only editors can"
    assert out == {
        "save": f"{why} save",
        "restore": f"{why} restore",
        "archive": f"{why} archive",
        "draft": f"{why} keep a draft",
    }
    assert [(v.number, v.saved_by) for v in s.history("pilot")] == [(1, "Ana")]
    assert [x.archived for x in s.list(include_archived=True)] == [False]
    assert count(library_url, "drafts") == 0
    out = forced({"is_logged_in": False})  # nobody signed in: the same
    assert set(out.values()) == {
        f"only a signed-in editor can {a}, and nobody is signed in"
        for a in ("save", "restore", "archive", "keep a draft")
    }
    assert len(s.history("pilot")) == 1


def test_the_same_forced_writes_by_an_editor_are_kept_under_her_address(
    roles: Path, library_url: str
) -> None:
    s = saved_pilot(library_url)
    assert set(forced(signed_in(ALICE)).values()) == {"written"}
    # version 2 saved, version 3 restored from 1: both by Alice, whatever name was passed
    assert [(v.number, v.saved_by) for v in s.history("pilot")] == [
        (1, "Ana"),
        (2, ALICE),
        (3, ALICE),
    ]
    assert [x.archived for x in s.list(include_archived=True)] == [True]
    assert count(library_url, "drafts") == 1


def test_an_editor_saves_on_the_library_page_under_her_address(
    roles: Path, library_url: str
) -> None:
    at = app(signed_in(ALICE), page="library")
    assert "library_author" not in [t.key for t in at.text_input]  # no name to type
    assert f"Saved as {ALICE}, as you are signed in." in [t.value for t in at.text]
    at.session_state["library_author"] = "Mallory"  # a name typed earlier counts for nothing
    at.text_input(key="library:name").set_value("Pilot")
    at.text_area(key="library:message").set_value("first, signed in")
    at.button(key=SAVE).click().run()
    assert not at.exception
    [v] = Store(library_url).history("pilot")
    assert (v.number, v.saved_by, v.message) == (1, ALICE, "first, signed in")


# ---------------------------------------------------------------- the test identity


@pytest.mark.parametrize(
    ("address", "auth", "admitted"),
    [
        ("127.0.0.1", False, True),
        ("localhost", False, True),
        ("::1", False, True),
        ("0.0.0.0", False, False),  # every interface
        ("", False, False),  # unset: every interface too
        ("192.0.2.10", False, False),
        ("127.0.0.1", True, False),  # a real sign-in is configured: never a test identity
    ],
)
def test_the_test_identity_counts_on_loopback_only(
    roles: Path,
    listen: Callable[[str | None], None],
    monkeypatch: pytest.MonkeyPatch,
    address: str,
    auth: bool,
    admitted: bool,
) -> None:
    monkeypatch.setenv("APPRAISAL_TEST_IDENTITY", ALICE)
    listen(address)
    at = AppTest.from_file(APP, default_timeout=120)  # AppTest's default user: not signed in
    if auth:
        at.secrets["auth"] = AUTH
    at.run()
    assert not at.exception
    shown = [t.value for t in at.sidebar.text]
    assert (f"Signed in as {ALICE} (editor)" in shown) is admitted
    assert bool(at.slider) is admitted
    if not admitted:
        assert "access:logout" not in [b.key for b in at.button]


def test_a_hostile_name_claim_is_shown_as_text(roles: Path) -> None:
    name = "<img src=x onerror=alert(1)> [x](javascript:alert(1)) `$1`"
    at = app({"is_logged_in": True, "name": name})  # no address: the name, the default role
    assert [t.value for t in at.text] == [f"Signed in as {name} (viewer: read-only)"]
