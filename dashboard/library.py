"""The scenario library as the dashboard reaches it: small functions over one Store.

The :class:`~options.store.Store` is opened once per server process and database URL
(``APPRAISAL_DB_URL``, else ``data/appraisal.db``) and shared by every session: its
engine pools connections and is safe across Streamlit's threads. A database that
cannot be opened (unreachable, a malformed URL, made by newer software) is
remembered as such, so a page asks it once, not on every rerun; :func:`retry`
forgets it. Every function here raises :class:`LibraryError`, one plain message for
the page to show, for anything the library refuses or cannot do; the pages catch
nothing broader, and the app goes on with the scenario it has.

Saved versions never change (the library is append-only), so a version opened once
is kept in memory (:func:`version`) and a diff of two versions reads nothing twice.
"""

from __future__ import annotations

import os
from datetime import timedelta

import streamlit as st

from dashboard import access, state
from options.errors import InputError
from options.model import Scenario
from options.store import Draft, ScenarioInfo, Store, StoredVersion, StoreError, VersionInfo
from options.store_engine import database_url, shown
from report.library import library_summary

UNAVAILABLE = (
    "The scenario library is unavailable, so nothing can be saved, opened or kept as a "
    "draft; everything else works on the scenario on screen."
)


DRAFT_DAYS_ENV = "APPRAISAL_DRAFT_DAYS"
DEFAULT_DRAFT_DAYS = 30


class LibraryError(Exception):
    """Something the library refused or could not do, in words a page can show."""


def _allowed(action: str) -> None:
    """Refuse a session that may not write (a viewer, when sign-in is on): every function
    that writes asks first, so a forced call fails as a hidden button would
    (:func:`dashboard.access.refusal`)."""
    why = access.refusal(action)
    if why is not None:
        raise LibraryError(why)


def _plain(e: StoreError | InputError) -> LibraryError:
    lines = e.lines()
    more = f" ({'; '.join(x.strip() for x in lines[1:4])})" if len(lines) > 1 else ""
    return LibraryError(lines[0] + more)


@st.cache_resource(max_entries=8, show_spinner="Opening the scenario library…")
def _open(url: str) -> Store | StoreError:
    """The Store at ``url``, or why it cannot be opened (remembered too: see :func:`retry`)."""
    try:
        return Store(url)
    except StoreError as e:
        return e


def store() -> Store:
    """The library's Store, opened on first use in this server process (drafts
    untouched for :func:`draft_days` days purged at most once a day)."""
    try:
        url = database_url()
    except StoreError as e:
        raise _plain(e) from None
    found = _open(url.render_as_string(hide_password=False))
    if isinstance(found, StoreError):
        raise _plain(found)
    _purge(str(found.url), draft_days(), _store=found)
    return found


def draft_days() -> int:
    """How long an untouched draft is kept: ``APPRAISAL_DRAFT_DAYS`` (default 30)."""
    text = os.environ.get(DRAFT_DAYS_ENV, "").strip()
    return int(text) if text.isdigit() else DEFAULT_DRAFT_DAYS


@st.cache_resource(ttl=86_400, show_spinner=False)  # a day
def _purge(url: str, days: int, _store: Store) -> int:
    """Delete drafts nobody has written for ``days`` days: at most once a day per
    server process and library (a failure only leaves them for the next day)."""
    try:
        return _store.purge_drafts(timedelta(days=days))
    except StoreError:
        return 0


def where() -> str:
    """The library's database as messages show it (no password)."""
    try:
        return shown(database_url())
    except StoreError:
        return "(a malformed database URL)"


def retry() -> None:
    """Forget a database that could not be opened, so the next call tries again."""
    _open.clear()


def scenarios(*, include_archived: bool = False) -> list[ScenarioInfo]:
    """Every scenario with its latest version, by name (archived ones only when asked)."""
    try:
        return store().list(include_archived=include_archived)
    except StoreError as e:
        raise _plain(e) from None


def history(slug: str) -> list[VersionInfo]:
    """Every version of a scenario, oldest first."""
    try:
        return store().history(slug)
    except StoreError as e:
        raise _plain(e) from None


def version(slug: str, number: int | None = None) -> StoredVersion:
    """A saved version (default: the latest), checked by the scenario loader."""
    try:
        s = store()
        if number is None:
            return s.load(slug)
        return _version(str(s.url), slug, number, _store=s)
    except StoreError as e:
        raise _plain(e) from None


@st.cache_resource(max_entries=64, show_spinner=False)
def _version(url: str, slug: str, number: int, _store: Store) -> StoredVersion:
    """A version by its slug and number: one that never changes, so kept once read."""
    return _store.load(slug, number)


def save(name: str, s: Scenario, *, by: str, message: str) -> VersionInfo:
    """Save ``s`` as the next version of ``name`` (a new scenario on its first save),
    with its central case's summary (the results of ``s``, cached). ``by`` counts only
    with sign-in off: with it on, the save records the signed-in identity."""
    _allowed("save")
    try:
        return store().save(
            name,
            state.dumped(s)[0],
            by=access.signed_in() or by,
            message=message,
            summary=library_summary(state.results(s)),
        )
    except (StoreError, InputError) as e:
        raise _plain(e) from None


def restore(slug: str, number: int, *, by: str) -> VersionInfo:
    """Save an old version again as the newest ("Restored version k"), its summary kept
    (``by``: as for :func:`save`)."""
    _allowed("restore")
    try:
        return store().restore(slug, number, by=access.signed_in() or by)
    except StoreError as e:
        raise _plain(e) from None


def archive(slug: str, *, archived: bool) -> ScenarioInfo:
    """Hide a scenario from the list (``archived=False``: list it again)."""
    _allowed("archive" if archived else "unarchive")
    try:
        s = store()
        return s.archive(slug) if archived else s.unarchive(slug)
    except StoreError as e:
        raise _plain(e) from None


def save_draft(
    text: str, *, base: state.Base | None, draft_id: str | None
) -> str:  # the draft's id
    """Keep unsaved edits (``text``: JSON) as a draft, new or ``draft_id``; returns its id."""
    _allowed("keep a draft")
    try:
        return store().save_draft(
            text,
            scenario=None if base is None else base.slug,
            base_version=None if base is None else base.number,
            draft_id=draft_id,
        )
    except StoreError as e:
        raise _plain(e) from None


def load_draft(draft_id: str) -> Draft:
    """A draft by its id."""
    try:
        return store().load_draft(draft_id)
    except StoreError as e:
        raise _plain(e) from None
