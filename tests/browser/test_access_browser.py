"""Sign-in and roles in Chromium.

A viewer's session: the app served with a roles file and a test identity
(``APPRAISAL_TEST_IDENTITY``, honoured because the server listens on 127.0.0.1 and the
browser is on the same machine) shows the board view alone, with no sidebar, no input,
no upload and no save, whatever page the address names; a permalink opens its saved
version there, read-only.

Streamlit's own sign-in (``st.login``, through Authlib) against a small OpenID Connect
provider of the test's own on loopback (:class:`Provider`: discovery, authorisation,
token and keys endpoints, an RS256-signed ID token): the sign-in page, the round trip,
an editor's save recorded under her address, and sign-out. Screenshots go to
tests/artifacts/.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from joserfc import jwt
from joserfc.jwk import RSAKey
from playwright.sync_api import Page, expect

from options.examples import load_example
from options.scenario_file import dump_scenario
from options.store import Store
from tests.servers import ROOT, AppServer, wait_healthy

ALICE, BOB = "alice@example.gov.uk", "bob@example.gov.uk"
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


# ---------------------------------------------------------------- st.login, end to end


class Provider:
    """An OpenID Connect provider on a free loopback port that signs in ``email`` at once
    (no password page): what the app's sign-in needs of a real one, and no more."""

    CLIENT_ID, CLIENT_SECRET = "appraisal", secrets.token_urlsafe(16)

    def __init__(self, email: str) -> None:
        self.email = email
        self.key = RSAKey.generate_key(2048, parameters={"kid": "test-key"})
        self.nonces: dict[str, str] = {}  # code -> the nonce the app sent
        self.http = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.http.server_address[1]}"
        threading.Thread(target=self.http.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.http.shutdown()
        self.http.server_close()

    def metadata(self) -> dict[str, object]:
        return {
            "issuer": self.url,
            "authorization_endpoint": self.url + "/authorize",
            "token_endpoint": self.url + "/token",
            "jwks_uri": self.url + "/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
        }

    def id_token(self, nonce: str) -> str:
        now = int(time.time())
        claims = {"iss": self.url, "sub": "user-1", "aud": self.CLIENT_ID, "iat": now,
                  "exp": now + 600, "nonce": nonce, "email": self.email,
                  "email_verified": True, "name": "Alice Smith"}  # fmt: skip
        return jwt.encode({"alg": "RS256", "kid": "test-key"}, claims, self.key)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _json(self, body: object) -> None:
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                url = urlsplit(self.path)
                q = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path == "/.well-known/openid-configuration":
                    self._json(provider.metadata())
                elif url.path == "/jwks":
                    self._json({"keys": [provider.key.as_dict(private=False)]})
                elif url.path == "/authorize" and q.get("client_id") == provider.CLIENT_ID:
                    code = secrets.token_urlsafe(16)
                    provider.nonces[code] = q.get("nonce", "")
                    back = urlencode({"code": code, "state": q.get("state", "")})
                    self.send_response(302)
                    self.send_header("Location", f"{q['redirect_uri']}?{back}")
                    self.end_headers()
                else:
                    self.send_error(404)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                nonce = provider.nonces.pop(form.get("code", ""), None)
                if self.path != "/token" or nonce is None:
                    self.send_error(400)
                    return
                self._json({"access_token": secrets.token_urlsafe(16), "token_type": "Bearer",
                            "expires_in": 600, "id_token": provider.id_token(nonce)})  # fmt: skip

        return Handler


@pytest.fixture(scope="module")
def signed_in_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """The app with ``[auth]`` pointing at a :class:`Provider` that signs Alice in, and a
    roles file making her an editor: (the app's address, its library's URL)."""
    folder = tmp_path_factory.mktemp("login")
    provider = Provider(ALICE)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    (folder / "secrets.toml").write_text(
        "[auth]\n"
        f'redirect_uri = "{url}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_urlsafe(32)}"\n'
        f'client_id = "{Provider.CLIENT_ID}"\n'
        f'client_secret = "{Provider.CLIENT_SECRET}"\n'
        f'server_metadata_url = "{provider.url}/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    (folder / "roles.toml").write_text(ROLES, encoding="utf-8")
    db = f"sqlite:///{folder / 'library.db'}"
    env = {**os.environ, "APPRAISAL_DB_URL": db, "APPRAISAL_ROLES": str(folder / "roles.toml")}
    env.pop("APPRAISAL_TEST_IDENTITY", None)
    flags = f"--server.headless true --server.address 127.0.0.1 --server.port {port} "
    flags += "--browser.gatherUsageStats false --server.fileWatcherType none "
    flags += f"--secrets.files {folder / 'secrets.toml'}"
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), *flags.split()],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        assert wait_healthy(url, proc), "no server"
        yield url, db
    finally:
        proc.terminate()
        log = proc.communicate(timeout=10)[0].decode()
        provider.stop()
    assert "Traceback" not in log, log


def test_sign_in_through_the_provider_save_as_an_editor_and_sign_out(
    page: Page, signed_in_app: tuple[str, str], artifacts: Path
) -> None:
    url, db = signed_in_app
    page.goto(url)
    sign_in = page.get_by_role("button", name="Sign in", exact=True)
    expect(sign_in).to_be_visible(timeout=30_000)
    expect(page.get_by_test_id("stSidebar")).to_have_count(0)
    expect(page.get_by_test_id("stMetric")).to_have_count(0)
    sign_in.click()  # to the provider and back, signed in
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text(f"Signed in as {ALICE} (editor)")).to_be_visible(timeout=30_000)
    expect(page.get_by_test_id("stMetricValue").first).to_be_visible(timeout=30_000)
    page.screenshot(path=str(artifacts / "access-editor.png"))

    sidebar.get_by_test_id("stSidebarNav").get_by_role("link", name="Library").click()
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text(f"Saved as {ALICE}, as you are signed in.")).to_be_visible()
    expect(main.get_by_label("Your name", exact=True)).to_have_count(0)
    main.get_by_label("Scenario name in the library", exact=True).fill("Pilot")
    main.get_by_label("Scenario name in the library", exact=True).press("Enter")
    board_settled(page)
    main.get_by_label("Message: what changed, and why", exact=True).fill("signed in")
    main.get_by_role("button", name="Save as a new version").click()
    expect(page).to_have_url(re.compile(r"version=1(&|$)"), timeout=20_000)
    [v] = Store(db).history("pilot")
    assert (v.number, v.saved_by, v.message) == (1, ALICE, "signed in")

    sidebar.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("button", name="Sign in", exact=True)).to_be_visible(timeout=30_000)
    expect(page.get_by_test_id("stSidebar")).to_have_count(0)


def board_settled(page: Page) -> None:
    expect(page.get_by_test_id("stApp")).to_have_attribute(
        "data-test-script-state", "notRunning", timeout=30_000
    )
