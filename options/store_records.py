"""The scenario library's records, and the checks on what it is asked to store.

:class:`VersionInfo`, :class:`ScenarioInfo`, :class:`StoredVersion` and :class:`Draft`
are what :class:`options.store.Store` returns; the functions below turn what a caller
passes (a scenario as text or a mapping, a results summary, names and messages) into
what the tables hold, refusing what they cannot hold with a :class:`BadRequest`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from options.json_file import parse_json_bytes
from options.model import Scenario
from options.scenario_file import scenario_from_dict
from options.store_errors import BadRequest

MAX_NAME = 200  # characters in a scenario's name


@dataclass(frozen=True, slots=True)
class VersionInfo:
    """One saved version, without its scenario JSON.

    ``summary`` is the results summary saved with it (None if none was given, or if
    what is stored no longer parses); ``preferred`` is its ``"preferred"`` text.
    """

    slug: str
    name: str
    number: int
    schema: int | None
    saved_by: str
    saved_at: datetime
    message: str
    summary: Mapping[str, Any] | None

    @property
    def preferred(self) -> str | None:
        found = (self.summary or {}).get("preferred")
        return found if isinstance(found, str) else None


@dataclass(frozen=True, slots=True)
class ScenarioInfo:
    """A scenario as the library lists it: its names, whether archived, its latest version."""

    slug: str
    name: str
    archived: bool
    created_at: datetime
    latest: VersionInfo


@dataclass(frozen=True, slots=True)
class StoredVersion:
    """A version loaded: its metadata, the JSON exactly as stored, and the scenario it gives.

    The scenario comes through the loader every file goes through, so a version of
    an older schema is converted as it is read; the stored text is never rewritten.
    """

    info: VersionInfo
    text: str
    scenario: Scenario


@dataclass(frozen=True, slots=True)
class Draft:
    """Unsaved edits kept across a page refresh, and what they started from."""

    id: str
    slug: str | None
    base_version: int | None
    text: str
    updated_at: datetime


def parse_summary(text: str | None) -> Mapping[str, Any] | None:
    """A stored summary, or None if there is none or it no longer parses."""
    if text is None:
        return None
    try:
        found = json.loads(text)
    except ValueError:
        return None
    return found if isinstance(found, dict) else None


def scenario_text(scenario_json: str | Mapping[str, Any]) -> str:
    """The text to store: text as given, a mapping as indented JSON (non-ASCII kept).

    >>> scenario_text({"name": "Café"})
    '{\\n  "name": "Café"\\n}\\n'
    """
    if isinstance(scenario_json, str):
        return scenario_json
    try:
        return json.dumps(scenario_json, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    except (TypeError, ValueError) as e:
        raise BadRequest(f"the scenario cannot be written as JSON: {e}") from None


def parse_json_text(text: str, label: str) -> Any:
    """The parsed JSON, or InputError with the JSON reader's message."""
    return parse_json_bytes(text.encode("utf-8", "surrogatepass"), label)


def check_document(text: str, name: str) -> Any:
    """The parsed document, checked by the loader every scenario passes (InputError if not)."""
    document = parse_json_text(text, name)
    scenario_from_dict(document, file=name)
    return document


def summary_text(summary: Mapping[str, Any] | None) -> str | None:
    """A results summary as compact JSON; BadRequest if it is not JSON (NaN included).

    >>> summary_text({"preferred": "Flex", "npsv": {"flex": -1.5e6}})
    '{"preferred": "Flex", "npsv": {"flex": -1500000.0}}'
    """
    if summary is None:
        return None
    if not isinstance(summary, Mapping):
        raise BadRequest("a results summary is a mapping of names to JSON values")
    try:
        return json.dumps(dict(summary), ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as e:
        raise BadRequest(f"the results summary cannot be written as JSON: {e}") from None


def check_text(**fields: str) -> None:
    """Names, authors and messages: text, no NUL; names and authors not blank."""
    for field, value in fields.items():
        if not isinstance(value, str):
            raise BadRequest(f"{field} must be text")
        if "\x00" in value:
            raise BadRequest(f"{field} contains a NUL character")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise BadRequest(f"{field} is not valid Unicode text") from None
        if field != "message" and not value.strip():
            raise BadRequest(f"{field} must not be blank")


def is_url_safe(text: str) -> bool:
    """Only ASCII letters, digits, ``-`` and ``_`` (a draft id in a URL).

    >>> is_url_safe("a-B_9"), is_url_safe("a/b"), is_url_safe("é")
    (True, False, False)
    """
    return all(ch.isascii() and (ch.isalnum() or ch in "-_") for ch in text)
