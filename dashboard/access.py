"""Sign-in and roles for a shared deployment; off, and unseen, on a single user's machine.

Off by default: the server listens on 127.0.0.1 only (``.streamlit/config.toml``), every
page is open to whoever runs it, and a save records the name typed on the Library page.
On when ``.streamlit/secrets.toml`` has an ``[auth]`` section (Streamlit's OpenID Connect
sign-in: ``st.login``, ``st.user``) or ``APPRAISAL_ROLES`` names a roles file
(:mod:`options.roles`). Then:

- nobody signed in sees a sign-in page only;
- a viewer sees the board view alone, as ``?view=board`` shows it, and opens read-only
  permalinks (no sidebar, no editing widget, no save, no upload);
- an editor sees everything, and a save records the signed-in address, not a typed name;
- whoever the roles file refuses (``"none"``), and everyone while the roles file cannot
  be read, sees why and nothing else.

Roles are enforced where the library is written (:func:`refusal`, called by every
writing function of :mod:`dashboard.library`), not only by the widgets drawn, so a
forced call from a viewer's session fails with a plain message and writes nothing
(OWASP Top 10 2021, A01 Broken Access Control: "implement access control mechanisms
once and re-use them throughout the application").

For tests with no identity provider, ``APPRAISAL_TEST_IDENTITY`` signs every session in
as that address, but only when no ``[auth]`` is configured, the server listens on a
loopback address, and the request came straight from this machine (no proxy's
forwarding headers, a loopback ``Host`` and ``Origin``): :func:`honour_test_identity`.
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import streamlit as st

from dashboard import state
from options.roles import EDITOR, NONE, VIEWER, Role, Roles, RolesError, load_roles
from report.formatting import escape_text

ROLES_ENV = "APPRAISAL_ROLES"
TEST_IDENTITY_ENV = "APPRAISAL_TEST_IDENTITY"
LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})
#: Headers a reverse proxy adds: a request that carries one did not come straight from
#: this machine, whatever address the server listens on.
PROXY_HEADERS = ("forwarded", "x-forwarded-for", "x-forwarded-host", "x-real-ip")
IGNORED = (
    "a real sign-in is configured, the server listens beyond loopback, or the request "
    "came through a proxy"
)
#: Streamlit's sign-in returns to the app's first page, without the link's parameters.
LINK_AFTER_SIGN_IN = (
    "This link names a saved scenario. Signing in returns you to the app's first page: "
    "open the link again once you are signed in."
)
README = "the README's section 'Shared deployment: sign-in and roles'"

_LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class Access:
    """What this session may do: ``on`` (sign-in and roles in force), who is signed in
    (an e-mail address, else a name; None: nobody), their role, whether the identity
    came from ``APPRAISAL_TEST_IDENTITY``, and why nobody gets in (a broken roles file)."""

    on: bool
    identity: str | None = None
    role: Role = EDITOR
    test: bool = False
    problem: str | None = None

    @property
    def can_edit(self) -> bool:
        return not self.on or (self.identity is not None and self.role == EDITOR)


LOCAL = Access(on=False)  # a single user's machine: everything, as before sign-in existed


def auth_section() -> Mapping[str, Any] | None:
    """The ``[auth]`` section of the secrets, or None when there is none."""
    try:
        if not st.secrets.load_if_toml_exists():
            return None
        found = st.secrets.get("auth")
    except FileNotFoundError:  # no secrets at all
        return None
    return found if isinstance(found, Mapping) and found else None


def current() -> Access:
    """This session's access, worked out afresh on each call (a sign-out, or an edit to
    the roles file, counts at once)."""
    auth = auth_section() is not None
    roles_path = os.environ.get(ROLES_ENV, "").strip()
    if not auth and not roles_path:
        return LOCAL
    try:
        roles = _roles(roles_path) if roles_path else Roles()
    except RolesError as e:
        return Access(on=True, role=NONE, problem=str(e))
    identity, email, test = _signed_in(auth)
    if identity is None:
        return Access(on=True, role=NONE)
    return Access(on=True, identity=identity, role=roles.role_of(email), test=test)


def _roles(path: str) -> Roles:
    p = Path(path)
    try:
        st_ = p.stat()
    except OSError:
        return load_roles(p)  # says why it cannot be read
    return _cached_roles(str(p), st_.st_mtime_ns, st_.st_size)


@functools.lru_cache(maxsize=4)
def _cached_roles(path: str, mtime_ns: int, size: int) -> Roles:
    """A roles file, read again only when it changes (its time or size)."""
    return load_roles(path)


def _signed_in(auth: bool) -> tuple[str | None, str | None, bool]:
    """(who, their verified e-mail address or None, from the test identity?)."""
    user = st.user
    if user.get("is_logged_in"):
        email = user.get("email") if user.get("email_verified", True) is not False else None
        email = str(email).strip() if email else None
        who = email or str(user.get("name") or user.get("sub") or "").strip() or None
        return who, email, False
    test = os.environ.get(TEST_IDENTITY_ENV, "").strip()
    if not test:
        return None, None, False
    if honour_test_identity(
        auth=auth, address=st.get_option("server.address"), headers=dict(st.context.headers)
    ):
        return test, test, True
    _log_once("test-ignored", "%s is set but ignored: %s", TEST_IDENTITY_ENV, IGNORED)
    return None, None, False


def honour_test_identity(*, auth: bool, address: str | None, headers: Mapping[str, str]) -> bool:
    """Whether ``APPRAISAL_TEST_IDENTITY`` may sign a session in: never with a real
    sign-in configured, never on a server listening beyond loopback (an unset address
    is every interface), never through a proxy.

    >>> ok = dict(auth=False, address="127.0.0.1")
    >>> honour_test_identity(**ok, headers={"Host": "127.0.0.1:8501",
    ...                                     "Origin": "http://localhost:8501"})
    True
    >>> [honour_test_identity(auth=True, address="127.0.0.1", headers={}),
    ...  honour_test_identity(auth=False, address="0.0.0.0", headers={}),
    ...  honour_test_identity(auth=False, address=None, headers={}),
    ...  honour_test_identity(**ok, headers={"X-Forwarded-For": "10.1.2.3"}),
    ...  honour_test_identity(**ok, headers={"Origin": "https://appraisal.example.gov.uk"})]
    [False, False, False, False, False]
    """
    if auth or (address or "").strip().lower() not in LOOPBACK:
        return False
    lower = {k.lower(): v for k, v in headers.items()}
    if any(h in lower for h in PROXY_HEADERS):
        return False
    for name in ("host", "origin"):
        value = lower.get(name)
        if value and _hostname(value) not in LOOPBACK:
            return False
    return True


def _hostname(value: str) -> str:
    """The host of a ``Host`` header or an ``Origin`` (no port, lower case, no brackets)."""
    try:
        host = urlsplit(value if "//" in value else "//" + value).hostname
    except ValueError:
        return ""
    return host or ""


# ---------------------------------------------------------------- enforcement


def can_edit() -> bool:
    """Whether this session may change the scenario and write to the library."""
    return current().can_edit


def refusal(action: str) -> str | None:
    """Why this session may not ``action`` ("save", "restore", "archive", "keep a
    draft"), or None when it may: every writing function of the library asks."""
    a = current()
    if a.can_edit:
        return None
    if a.identity is None:
        return f"only a signed-in editor can {action}, and nobody is signed in"
    return f"you are signed in as {a.identity}, a {a.role}, and only editors can {action}"


def author() -> str:
    """Who a save records: the signed-in identity when sign-in is on, else the name typed
    on the Library page ("" until typed)."""
    a = current()
    return (a.identity or "") if a.on else state.author()


def signed_in() -> str | None:
    """The signed-in identity, or None (sign-in off, or nobody signed in)."""
    a = current()
    return a.identity if a.on else None


# ---------------------------------------------------------------- the pages


def gate() -> Access:
    """Let this session in (returning its access) or draw why not and stop the run:
    a sign-in page, a refusal, or a broken roles file. With sign-in off, draws nothing."""
    a = current()
    if not a.on:
        return a
    if a.problem is not None:
        _log_once("roles", "The roles file cannot be used: %s", a.problem)
        _stop_with(
            escape_text(
                f"The app is closed until its roles file is fixed: {a.problem}. See {README}."
            )
        )
    if a.identity is None:
        sign_in_page()
        st.stop()
    if a.test:
        _log_once("test", "%s=%s signs every session in", TEST_IDENTITY_ENV, a.identity)
    if a.role == NONE:
        _stop_with(
            "You have no access to this app. Ask whoever runs it to add you to its roles file.",
            identity=a.identity,
            sign_out=not a.test,
        )
    _who(a)
    return a


def sign_in_page() -> None:
    """A title, one sentence, and a button per identity provider of ``[auth]``."""
    st.title("Options appraisal")
    auth = auth_section()
    if auth is None:
        st.error(
            f"Sign-in is not set up: {ROLES_ENV} names a roles file, but the secrets "
            f"(.streamlit/secrets.toml) have no [auth] section. See {README}."
        )
        return
    st.markdown("Sign in with your organisation's account to see the appraisal.")
    if any(k in st.query_params for k in ("scenario", "draft")):  # a permalink
        st.info(LINK_AFTER_SIGN_IN)
    named = [k for k, v in auth.items() if isinstance(v, Mapping) and "client_id" in v]
    if "client_id" in auth or not named:
        st.button("Sign in", type="primary", on_click=st.login, key="access:login")
    for name in named:
        st.button(
            f"Sign in with {name}",
            type="primary",
            on_click=st.login,
            args=(name,),
            key=f"access:login:{name}",
        )


def _stop_with(markdown: str, *, identity: str | None = None, sign_out: bool = False) -> None:
    st.title("Options appraisal")
    st.error(markdown)
    if identity is not None:
        st.text(f"Signed in as {identity}")  # as text: no Markdown, no mailto: link
    if sign_out:
        st.button("Sign out", on_click=st.logout, key="access:logout")
    st.stop()


def _who(a: Access) -> None:
    """Who is signed in, with which role, and a way out: in the sidebar for an editor;
    above the board view for a viewer, who has no sidebar."""
    role = "editor" if a.role == EDITOR else "viewer: read-only" if a.role == VIEWER else a.role
    where = st.sidebar if a.can_edit else st.container(key="access-who", horizontal=True)
    where.text(f"Signed in as {a.identity} ({role})")  # as text: no Markdown, no mailto: link
    if not a.test:
        where.button("Sign out", on_click=st.logout, key="access:logout")


@functools.cache
def _log_once(what: str, message: str, *args: str) -> None:
    """A warning in the server's log, once per server process and ``what``."""
    _LOG.warning(message, *args)
