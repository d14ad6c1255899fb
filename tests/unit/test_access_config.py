"""The server's reach and the test identity's limits (dashboard.access): by default the
app listens on 127.0.0.1 only, and ``APPRAISAL_TEST_IDENTITY`` signs nobody in unless the
server listens on loopback and the request came straight from this machine."""

from __future__ import annotations

import socket
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from dashboard.access import honour_test_identity
from tests.servers import wait_healthy

ROOT = Path(__file__).resolve().parents[2]


def test_the_config_listens_on_loopback_only() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["address"] == "127.0.0.1"


def _listening(port: int) -> set[str]:
    """The local addresses (hex, as the kernel lists them) listening on TCP ``port``."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, _, st = line.split()[1:4]
            address, hex_port = local.split(":")
            if st == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                found.add(address)
    return found


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="needs Linux's /proc/net/tcp")
def test_the_server_started_as_the_readme_says_binds_loopback_only(tmp_path: Path) -> None:
    """``streamlit run app.py`` with no address given: the config's 127.0.0.1 alone."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path),
             "APPRAISAL_DB_URL": f"sqlite:///{tmp_path / 'library.db'}"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        assert wait_healthy(f"http://127.0.0.1:{port}", proc), "the server did not start"
        assert _listening(port) == {"0100007F"}  # 127.0.0.1, and nothing else (no ::, no 0.0.0.0)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


OK = {"auth": False, "address": "127.0.0.1"}


@pytest.mark.parametrize(
    ("headers", "honoured"),
    [
        ({}, True),
        ({"Host": "127.0.0.1:8501", "Origin": "http://127.0.0.1:8501"}, True),
        ({"host": "localhost:8501", "origin": "http://localhost:8501"}, True),
        ({"Host": "[::1]:8501", "Origin": "http://[::1]:8501"}, True),
        ({"Host": "appraisal.example.gov.uk"}, False),  # a proxy passing the public name
        ({"Host": "127.0.0.1:8501", "Origin": "https://appraisal.example.gov.uk"}, False),
        ({"Host": "127.0.0.1:8501", "X-Forwarded-For": "203.0.113.7"}, False),
        ({"Host": "127.0.0.1:8501", "Forwarded": "for=203.0.113.7"}, False),
        ({"Host": "127.0.0.1:8501", "X-Real-IP": "203.0.113.7"}, False),
        ({"Host": "127.0.0.1:8501", "X-Forwarded-Host": "appraisal.example.gov.uk"}, False),
        ({"Host": "127.0.0.1.example.org"}, False),
        ({"Host": "[not-an-address"}, False),
    ],
)
def test_the_test_identity_needs_a_request_from_this_machine(
    headers: dict[str, str], honoured: bool
) -> None:
    assert honour_test_identity(**OK, headers=headers) is honoured  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("auth", "address"),
    [(True, "127.0.0.1"), (False, "0.0.0.0"), (False, "::"), (False, None), (False, ""),
     (False, "10.0.0.5"), (False, "127.0.0.2")],
)  # fmt: skip
def test_the_test_identity_needs_a_loopback_server_and_no_real_sign_in(
    auth: bool, address: str | None
) -> None:
    assert honour_test_identity(auth=auth, address=address, headers={}) is False


def test_sign_in_has_what_it_needs_installed() -> None:
    """``st.login`` needs Authlib (>= 1.3.2) and its Starlette client, which needs httpx2."""
    from authlib.integrations import starlette_client
    from streamlit.auth_util import is_authlib_installed

    assert is_authlib_installed()
    assert starlette_client.OAuth
