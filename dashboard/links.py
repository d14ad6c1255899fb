"""Permalinks and drafts: the URL names what is on screen, and unsaved edits survive a refresh.

Whenever a saved version is open the URL carries ``?scenario=<slug>&version=<n>``
(and ``&case=<name>`` while a what-if is shown rather than the central case);
when the active scenario differs from it (or, never saved, from the built-in
example) its edits are kept as a draft in the library and the URL adds
``&draft=<id>``. A new browser session opening such a URL gets exactly that: the
draft if it names one (and the version it started from, which the sidebar's
"changed" marks compare with), else the version. A link the library cannot honour
(an unknown scenario, version or draft, an unreachable database) says so, and the
session starts on the built-in example.

A draft is written only when the scenario's content digest changed since the last
one (:func:`keep_draft`, after the page is drawn, so a slider's figures never wait
for it). Its JSON is ``{"draft": 1, "scenario": {…}}``, plus ``"loaded": {…}`` — the
scenario as loaded, which the controls compare with — when that is neither a saved
version (the draft names it) nor the built-in example.
"""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import quote, urlencode

import streamlit as st

from dashboard import access, library, state
from dashboard.library import LibraryError
from options.errors import InputError
from options.model import Scenario
from options.scenario_file import scenario_from_dict
from report.formatting import escape_text

SCENARIO, VERSION, DRAFT, CASE = "scenario", "version", "draft", "case"  # the URL's parameters
DRAFT_FORMAT = 1


def open_link() -> None:
    """On a session's first run, open the draft or the version the URL names, if any."""
    if not state.read_link_once():
        return
    params = st.query_params
    draft, slug = params.get(DRAFT), params.get(SCENARIO)
    if not (draft and _open_draft(draft)) and slug:
        _open_version(slug, params.get(VERSION))
    case = params.get(CASE)
    if case and any(w.name == case for w in state.scenario().what_ifs):  # one it has
        st.session_state[state.CASE] = case


def _open_version(slug: str, number_text: str | None) -> bool:
    what = f"scenario '{slug}'" + (f", version {number_text}" if number_text else "")
    try:
        number = _version_number(number_text)
        v = library.version(slug, number)
    except LibraryError as e:
        state.report_error(f"The link names {what}, which could not be opened: {e}. {_EXAMPLE}")
        return False
    base = state.Base(v.info.slug, v.info.name, v.info.number)
    return state.switch_scenario(
        v.scenario, source=f"{v.info.name}, version {v.info.number}", loaded=True, base=base
    )


def _version_number(text: str | None) -> int | None:
    if text is None or text == "":
        return None
    if not text.isdigit() or int(text) < 1:
        raise LibraryError(f"'{text}' is not a version number (1, 2, 3, …)")
    return int(text)


def _open_draft(draft_id: str) -> bool:
    """Restore a draft (and what it started from); False, with the reason, if it cannot be."""
    try:
        d = library.load_draft(draft_id)
        doc = json.loads(d.text)
        draft = _scenario(doc.get("scenario") if _wrapped(doc) else doc)
        base, reference = None, None
        if d.slug is not None and d.base_version is not None:
            v = library.version(d.slug, d.base_version)
            base, reference = state.Base(v.info.slug, v.info.name, v.info.number), v.scenario
        elif _wrapped(doc) and doc.get("loaded") is not None:
            reference = _scenario(doc["loaded"])
    except (LibraryError, ValueError) as e:
        state.report_error(f"The link's draft '{draft_id}' could not be opened: {e}. {_EXAMPLE}")
        return False
    done = state.switch_scenario(
        draft,
        source="the link's draft",
        loaded=True,
        reference=reference or state.built_in_example(),
        base=base,
        draft=d.id,
        notice="Your unsaved changes are back (kept as a draft in the library).",
    )
    if done:
        state.set_draft(d.id, draft, state.digest(draft), owned=False)
    return done


_EXAMPLE = "Showing the built-in example instead"


def _wrapped(doc: Any) -> bool:
    return isinstance(doc, dict) and doc.get("draft") == DRAFT_FORMAT and "scenario" in doc


def _scenario(doc: Any) -> Scenario:
    try:
        return scenario_from_dict(doc, file="draft")
    except InputError as e:
        raise LibraryError(f"what it keeps is not a scenario ({e.problems[0].message})") from None


def keep_draft() -> None:
    """Keep the active scenario's unsaved edits as a draft, if it has any and they changed.

    Cheap when nothing changed: the scenario object is the one last checked. The
    session's own draft is updated in place; a draft opened from a link is never
    written over (the next edit makes a new one, and the URL names it), so a link
    given to a colleague keeps showing what it showed. A draft that cannot be written
    is said in the sidebar (:func:`dashboard.state.draft_problem`), and tried again at
    the next change, or by the first run :data:`DRAFT_RETRY_SECONDS` later (the library
    may be back). A read-only session (a viewer's) keeps none.
    """
    if not access.can_edit():
        return
    s = state.scenario()
    last, last_key = state.drafted()
    if s is last and not _retry_due():
        return
    ref, base = state.loaded(), state.base()
    if not (s != ref if base is not None else s != state.built_in_example()):
        state.set_draft(None, s, None)  # nothing to keep: the URL names the version alone
        return
    text, key = state.dumped(s)
    current, owned = state.draft_id(), state.draft_owned()
    if key == last_key and current is not None:
        state.set_draft(current, s, key, owned=owned)
        return
    try:
        draft = library.save_draft(
            _document(text, ref, base), base=base, draft_id=current if owned else None
        )
    except LibraryError as e:
        if state.draft_problem() is None:  # news: the sidebar, drawn first, says so next run
            st.toast(escape_text(f"Your changes could not be kept as a draft: {e}"))
        state.set_draft(current, s, last_key, owned=owned)
        state.set_draft_problem(str(e))
        st.session_state[_RETRY_AT] = time.monotonic() + DRAFT_RETRY_SECONDS
        return
    state.set_draft(draft, s, key)
    state.set_draft_problem(None)


DRAFT_RETRY_SECONDS = 15.0  # a library that failed is tried again by a run this much later
_RETRY_AT = "library_draft_retry_at"


def _retry_due() -> bool:
    """Whether unsaved edits that could not be kept should be tried again on this run
    (the library may be back): not on every rerun, which would each wait on it."""
    due = st.session_state.get(_RETRY_AT)
    return state.draft_problem() is not None and due is not None and time.monotonic() >= due


def _document(text: str, reference: Scenario, base: state.Base | None) -> str:
    """The draft's JSON (see the module's docstring), built around the scenario's own text."""
    loaded = ""
    if base is None and reference is not state.built_in_example():
        loaded = ', "loaded": ' + state.dumped(reference)[0]
    return f'{{"draft": {DRAFT_FORMAT}, "scenario": {text}{loaded}}}\n'


def sync_url() -> None:
    """Make the URL name what is on screen: the version open, and its draft, if any."""
    b, draft = state.base(), state.draft_id()
    want = {
        SCENARIO: None if b is None else b.slug,
        VERSION: None if b is None else str(b.number),
        DRAFT: draft,
        CASE: st.session_state.get(state.CASE),  # the what-if shown, if any
    }
    params = st.query_params
    for key, value in want.items():
        if value is None:
            if key in params:
                del params[key]
        elif params.get(key) != value:
            params[key] = value


def permalink(path: str = "") -> str:
    """The relative link to what is on screen (``?scenario=…&version=…&draft=…&case=…``)."""
    b, draft, case = state.base(), state.draft_id(), st.session_state.get(state.CASE)
    parts = [] if b is None else [(SCENARIO, b.slug), (VERSION, str(b.number))]
    parts += [(DRAFT, draft)] if draft else []
    parts += [(CASE, case)] if case else []
    return path + ("?" + urlencode(parts, quote_via=quote) if parts else "")
