"""The scenario's log: its assumptions register and its decision log.

The Aqua Book (HM Treasury 2015; 2025 edition) asks that analysis for government keep
a log of its assumptions, each with its source, its owner and how far it can be relied
on, and a log of the decisions taken, by whom and on what. Kept in the scenario
document, both are saved, versioned and compared with it. They describe the appraisal
and never enter it. Both keys are optional (absent: an empty log)::

    "assumptions": [
        {"id": "A1", "text": "Seats in scope", "value": "4,500", "source": "S30, S6",
         "owner": "Analyst", "quality": "amber", "date": "2026-12-03", "notes": "…"}
    ],
    "decisions": [
        {"id": "D1", "date": "2007-10-01", "text": "Join Public Sector Flex",
         "decided_by": "ONS", "version": null, "rationale": "…", "source": "S2, S3"}
    ]

An assumption needs ``id``, ``text``, ``quality`` (``red``, ``amber`` or ``green``) and
``date``; a decision needs ``id``, ``date``, ``text`` and ``decided_by``; ``version`` is
the saved version of the scenario it was made on, a whole number from 1, or null. Dates
are ISO, ``YYYY-MM-DD`` (or ``YYYY-MM``, ``YYYY`` when only that is known). Ids are
unique within each log. Every problem is recorded at its JSON path and names the entry
by its id (``assumptions[3].quality: assumption 'A4' is rated 'pink'; …``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from options.errors import Reason
from options.json_reader import _integer, _kind, _Reader, _show
from options.json_sections import _date_text
from options.model import Assumption, Decision, Quality


def assumptions(top: _Reader) -> list[Assumption]:
    """The assumptions register, every entry checked; an entry with a problem is left out
    (the caller raises, so nothing is half-read)."""
    found = []
    for r, name in _entries(top, "assumptions", "assumption"):
        fields = {
            "text": _field(r, name, "text", _optional, "has no text: say what is assumed"),
            "quality": _field(r, name, "quality", _quality, f"has no {_RATING}"),
            "date": _field(r, name, "date", _date, f"has no date: {_DATE_FORM}"),
            **{k: _field(r, name, k, _optional, "") for k in ("value", "source", "owner", "notes")},
        }
        if None not in fields.values():
            found.append(Assumption(id=_id(r), **fields))
    return found


def decisions(top: _Reader) -> list[Decision]:
    """The decision log, every entry checked (as :func:`assumptions`)."""
    found = []
    for r, name in _entries(top, "decisions", "decision"):
        fields = {
            "date": _field(r, name, "date", _date, f"has no date: {_DATE_FORM}"),
            "text": _field(r, name, "text", _optional, "has no text: say what was decided"),
            "decided_by": _field(r, name, "decided_by", _optional, "does not say who decided"),
            **{k: _field(r, name, k, _optional, "") for k in ("rationale", "source")},
        }
        version = _field(r, name, "version", _version, _NULL)
        if None not in fields.values() and version is not None:
            found.append(
                Decision(id=_id(r), version=None if version is _NULL else version, **fields)
            )
    return found


_RATING = "quality rating: rate it red, amber or green"
_DATE_FORM = "write it as 2007-10-01 (or 2007-10, or 2007)"
_NULL = object()  # an optional value left out or null (a decision's version: on none)


def _entries(top: _Reader, key: str, kind: str) -> list[tuple[_Reader, str]]:
    """Each entry of the log at ``key``, with how messages name it (``assumption 'A4'``).

    An entry that is not an object (the reader says so), or whose id is missing, not text,
    empty or used before, is a problem and is left out.
    """
    raw = top.data.get(key)
    out: list[tuple[_Reader, str]] = []
    seen: dict[str, int] = {}
    for i, r in enumerate(top.items(key)):
        if not isinstance(raw, list) or not isinstance(raw[i], Mapping):
            continue
        given = r.data.get("id")
        if not isinstance(given, str) or not given.strip():
            example = f"text such as '{kind[0].upper()}{i + 1}'"
            if isinstance(given, str) or given is None:
                r.bad("id", Reason.MISSING_KEY, f"{r.where('id')}: {kind} {i + 1} needs an id, "
                      f"{example}", None)  # fmt: skip
            else:
                r.bad("id", Reason.WRONG_TYPE, f"{r.where('id')}: {kind} {i + 1} needs an id, "
                      f"{example}, not {_shown(given)}")  # fmt: skip
            continue
        name = f"{kind} '{given.strip()}'"
        if given.strip() in seen:
            r.bad("id", Reason.DUPLICATE_ID, f"{r.where('id')}: {name} is used twice (first "
                  f"at {key}[{seen[given.strip()]}]); give each {kind} its own id")  # fmt: skip
            continue
        seen[given.strip()] = i
        out.append((r, name))
    return out


def _id(r: _Reader) -> str:
    """An entry's id (checked by :func:`_entries`), trimmed."""
    return str(r.data["id"]).strip()


def _field(r: _Reader, name: str, key: str, parse: Callable[[Any], Any], missing: Any) -> Any:
    """One field of an entry, parsed, or None after recording a problem that names the
    JSON path, the entry and the fix.

    ``missing`` is what a field left out, null or blank gives: a message (text) makes it
    a problem; any other value (``""`` too) is its default.
    """
    raw = r.data.get(key)
    required = isinstance(missing, str) and missing != ""
    if raw is None or (required and isinstance(raw, str) and not raw.strip()):
        if required:
            r.bad(key, Reason.MISSING_KEY, f"{r.where(key)}: {name} {missing}", raw)
            return None
        return missing
    try:
        return parse(raw)
    except _Refused as exc:
        r.bad(key, exc.reason, f"{r.where(key)}: {name} {exc}")
        return None


class _Refused(ValueError):
    """A value refused, with the reason code a test or front end can rely on."""

    def __init__(self, message: str, reason: Reason = Reason.WRONG_TYPE):
        super().__init__(message)
        self.reason = reason


def _optional(raw: Any) -> str:
    """Text, trimmed (a field that may be empty)."""
    if not isinstance(raw, str):
        raise _Refused(f"should be text, not {_shown(raw)}")
    return raw.strip()


def _quality(raw: Any) -> Quality:
    """A rating word, read tolerantly, else a refusal naming the three.

    >>> _quality(" Amber ")
    <Quality.AMBER: 'amber'>
    """
    try:
        return Quality.from_text(_optional(raw))
    except ValueError:
        raise _Refused(f"is rated {_shown(raw)}; rate it red, amber or green",
                       Reason.UNKNOWN_VALUE) from None  # fmt: skip


def _date(raw: Any) -> str:
    """An ISO date as text: ``2007-10-01``, or ``2007-10`` or ``2007`` when only that is
    known; a real date (no 30 February).

    >>> _date(" 2007-10-01 "), _date("2007-10")
    ('2007-10-01', '2007-10')
    """
    text = _optional(raw)
    try:
        return _date_text(text)
    except ValueError:
        raise _Refused(f"has the date {_shown(raw)}, which is not a date: {_DATE_FORM}",
                       Reason.BAD_DATE) from None  # fmt: skip


def _version(raw: Any) -> int:
    """A saved version's number: a whole number from 1.

    >>> _version(3), _version(2.0)
    (3, 2)
    """
    try:
        number = _integer(raw)
    except (TypeError, ValueError):
        number = 0
    if number < 1:
        raise _Refused(f"names version {_shown(raw)}; a version is a whole number from 1, "
                       "or null for a decision made on no saved version",
                       Reason.OUT_OF_RANGE)  # fmt: skip
    return number


def _shown(raw: Any) -> str:
    """A JSON value as a message quotes it.

    >>> _shown("pink"), _shown(0), _shown(2.5), _shown(None), _shown([1])
    ("'pink'", '0', '2.5', 'null', 'a list')
    """
    if isinstance(raw, str):
        return repr(raw[:40])
    if isinstance(raw, int) and not isinstance(raw, bool) and abs(raw) > 10**15:
        return _show(raw) or ""  # "a whole number of about 400 digits"
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return f"{raw:g}"
    return _kind(raw)
