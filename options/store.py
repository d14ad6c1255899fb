"""The scenario library: named scenarios saved as numbered, append-only versions.

A board asks a year later "which numbers did we approve, and what changed since?";
the library answers it. Each save of a named scenario makes version n + 1 with
the scenario JSON exactly as saved, who saved it, when (UTC) and why; no version
is ever changed or deleted (the database refuses it), archiving only hides a
scenario from the default list, and restoring an old version saves a copy of it as
the newest. Beside each version the library keeps the caller's results summary
(NPSV per option, scores, ranks, the preferred option), so it lists verdicts
without appraising anything; the caller computes it, as ``options`` never imports
the method (:func:`report.library.library_summary` builds it from ``Results``).

The database is a SQLite file by default or PostgreSQL by URL
(:mod:`options.store_engine`), the tables those of :mod:`options.store_tables`.
It serves the Aqua Book's "repeatable" analysis (the R of its RIGOUR qualities): the
figures a decision rested on can be found, re-opened and re-run later, and what
changed between versions, by whom and why, can be traced (HM Treasury, *The Aqua
Book: guidance on producing quality analysis for government*, 2015; revised 2025).

Examples
--------
>>> import shutil, tempfile
>>> folder = tempfile.mkdtemp()
>>> store = Store(f"sqlite:///{folder}/library.db")
>>> doc = {"schema": 2, "name": "Pilot", "base_year": 2008, "costs": [],
...        "options": [{"id": "a", "name": "A", "kind": "in-house"}]}
>>> store.save("Pilot study", doc, by="ana", message="first cut").number
1
>>> store.save("pilot study", doc, by="ben", message="checked").number  # same slug
2
>>> [(s.slug, s.latest.number, s.latest.saved_by) for s in store.list()]
[('pilot-study', 2, 'ben')]
>>> store.load("pilot-study", 1).scenario.name
'Pilot'
>>> store.close(); shutil.rmtree(folder)
"""

from __future__ import annotations

import builtins
import difflib
import json
import secrets
from collections.abc import Mapping
from datetime import timedelta
from types import TracebackType
from typing import Any

from sqlalchemy import Connection, Row, and_, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from options.errors import InputError, row_ranges
from options.scenario_file import scenario_from_dict
from options.store_engine import (
    connected,
    database_url,
    make_engine,
    pause_before_commit,
    prepare,
    shown,
    writing,
)
from options.store_errors import (
    BadRequest,
    CorruptVersion,
    DatabaseUnreachable,
    NewerDatabase,
    StoreError,
    UnknownDraft,
    UnknownScenario,
    UnknownVersion,
)
from options.store_records import (
    MAX_NAME,
    Draft,
    ScenarioInfo,
    StoredVersion,
    VersionInfo,
    check_document,
    check_text,
    is_url_safe,
    parse_json_text,
    parse_summary,
    scenario_text,
    summary_text,
)
from options.store_tables import DRAFT_ID_LENGTH, drafts, scenarios, slugify, utc_now, versions

__all__ = [
    "BadRequest",
    "CorruptVersion",
    "DatabaseUnreachable",
    "Draft",
    "NewerDatabase",
    "ScenarioInfo",
    "Store",
    "StoreError",
    "StoredVersion",
    "UnknownDraft",
    "UnknownScenario",
    "UnknownVersion",
    "VersionInfo",
    "slugify",
]


class Store:
    """The scenario library in one database (see the module's docstring).

    Parameters
    ----------
    url : str, optional
        A database URL or a SQLite file's path; default ``APPRAISAL_DB_URL``, else
        ``data/appraisal.db``. The database is created, or upgraded, on opening.

    Raises
    ------
    DatabaseUnreachable
        The URL is malformed or unsupported, or the database cannot be opened.
    NewerDatabase
        The database was made by newer software.
    """

    def __init__(self, url: str | None = None) -> None:
        self.url = database_url(url)
        self.engine = make_engine(self.url)
        try:
            prepare(self.engine)
        except BaseException:
            self.engine.dispose()
            raise

    def __repr__(self) -> str:
        return f"Store({shown(self.url)!r})"

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()

    # ------------------------------------------------------------ saving

    def save(
        self,
        name: str,
        scenario_json: str | Mapping[str, Any],
        *,
        by: str,
        message: str,
        summary: Mapping[str, Any] | None = None,
    ) -> VersionInfo:
        """Save a scenario as the next version of ``name`` (a new scenario on its first save).

        ``name`` finds the scenario by slug or name as :meth:`load` does; failing that,
        a new scenario gets the name and :func:`slugify`'s slug. The JSON must load
        (the loader's problems are raised as :class:`~options.errors.InputError`, and
        nothing is saved); text is stored exactly as given, a mapping as indented JSON.
        Saving to an archived scenario brings it back to the list.
        """
        check_text(name=name, by=by, message=message)
        if len(name) > MAX_NAME:
            raise BadRequest(f"a scenario's name has at most {MAX_NAME} characters")
        text = scenario_text(scenario_json)
        document = check_document(text, name)
        stored_summary = summary_text(summary)
        with writing(self.engine) as conn:
            row = self._claim(conn, name)
            return self._append(conn, row, text, document, by, message, stored_summary)

    def restore(
        self,
        scenario: str,
        version: int,
        *,
        by: str,
        summary: Mapping[str, Any] | None = None,
    ) -> VersionInfo:
        """Save version ``version`` again as the newest, with the message "Restored version k".

        The restored version keeps the old version's summary unless ``summary`` (the
        caller's, computed afresh) is given. A version that no longer loads is refused.
        """
        check_text(by=by)
        stored_summary = summary_text(summary)
        with writing(self.engine) as conn:
            row = self._find(conn, scenario, lock=True)
            old = self._version(conn, row, version)
            stored = _stored(row, old)
            kept = old.summary_json if summary is None else stored_summary
            message = f"Restored version {version}"
            document = json.loads(stored.text)
            return self._append(conn, row, stored.text, document, by, message, kept)

    def archive(self, scenario: str) -> ScenarioInfo:
        """Hide a scenario from the default list (nothing is deleted)."""
        return self._set_archived(scenario, True)

    def unarchive(self, scenario: str) -> ScenarioInfo:
        """Show an archived scenario in the default list again."""
        return self._set_archived(scenario, False)

    def save_draft(
        self,
        scenario_json: str | Mapping[str, Any],
        *,
        scenario: str | None = None,
        base_version: int | None = None,
        draft_id: str | None = None,
    ) -> str:
        """Keep unsaved edits; returns the draft's id (a new random one unless given).

        A draft need not be a valid scenario (it is work in progress) but must be
        JSON. ``scenario`` and ``base_version`` say what it started from, if anything.
        """
        text = scenario_text(scenario_json)
        parse_json_text(text, "draft")
        if draft_id is not None and not (
            0 < len(draft_id) <= DRAFT_ID_LENGTH and is_url_safe(draft_id)
        ):
            raise BadRequest("a draft id is 1 to 64 letters, digits, '-' or '_'")
        if base_version is not None and scenario is None:
            raise BadRequest("a draft's base version needs its scenario")
        now, key = utc_now(), draft_id or secrets.token_urlsafe(16)
        with writing(self.engine) as conn:
            owner = None if scenario is None else self._find(conn, scenario)
            if owner is not None and base_version is not None:
                self._version(conn, owner, base_version)
            values = {
                "scenario_id": None if owner is None else owner.id,
                "base_version": base_version,
                "scenario_json": text,
                "updated_at": now,
            }
            done = conn.execute(drafts.update().where(drafts.c.id == key).values(**values))
            if done.rowcount == 0:
                conn.execute(drafts.insert().values(id=key, created_at=now, **values))
        return key

    def purge_drafts(self, older_than: timedelta) -> int:
        """Delete the drafts last written more than ``older_than`` ago; returns how many.

        Drafts are unsaved work, kept so that a refresh or a link loses nothing; a draft
        nobody has touched for weeks is abandoned. Saved versions are never touched.
        """
        if older_than < timedelta(0):
            raise BadRequest("drafts can only be purged by an age of zero or more")
        cutoff = utc_now() - older_than
        with writing(self.engine) as conn:
            return conn.execute(drafts.delete().where(drafts.c.updated_at < cutoff)).rowcount

    # ------------------------------------------------------------ reading

    def load(self, scenario: str, version: int | None = None) -> StoredVersion:
        """A version of a scenario (default: its latest), checked by the scenario loader.

        ``scenario`` is a slug or a name: an exact slug first, then an exact name,
        then the slug of that text (``"ONS flex"`` finds ``ons-flex``).

        Raises
        ------
        UnknownScenario, UnknownVersion
            Nothing has that slug or name; the scenario has no such version (the
            message says which versions it has).
        CorruptVersion
            The stored JSON no longer loads (that version only).
        """
        with connected(self.engine) as conn:
            row = self._find(conn, scenario)
            return _stored(row, self._version(conn, row, version))

    def history(self, scenario: str) -> builtins.list[VersionInfo]:
        """Every version of a scenario, oldest first."""
        with connected(self.engine) as conn:
            row = self._find(conn, scenario)
            q = select(*_INFO).where(versions.c.scenario_id == row.id).order_by(versions.c.number)
            return [_info(row, v) for v in conn.execute(q)]

    def load_draft(self, draft_id: str) -> Draft:
        """A draft by its id."""
        q = (
            select(drafts, scenarios.c.slug)
            .outerjoin(scenarios, scenarios.c.id == drafts.c.scenario_id)
            .where(drafts.c.id == draft_id)
        )
        row = None
        if is_url_safe(draft_id):  # any other text is no draft's id
            with connected(self.engine) as conn:
                row = conn.execute(q).first()
        if row is None:
            raise UnknownDraft(f"no draft {draft_id!r} in the library at {shown(self.url)}")
        return Draft(row.id, row.slug, row.base_version, row.scenario_json, row.updated_at)

    def list(self, *, include_archived: bool = False) -> builtins.list[ScenarioInfo]:
        """Every scenario (archived ones only when asked) with its latest version, by name.

        Reads no scenario JSON, so a version that no longer loads never hides the rest.
        """
        latest = (
            select(versions.c.scenario_id, func.max(versions.c.number).label("latest"))
            .group_by(versions.c.scenario_id)
            .subquery()
        )
        q = (
            select(scenarios, *_INFO)
            .join(latest, latest.c.scenario_id == scenarios.c.id)
            .join(
                versions,
                and_(
                    versions.c.scenario_id == scenarios.c.id, versions.c.number == latest.c.latest
                ),
            )
        )
        if not include_archived:
            q = q.where(scenarios.c.archived.is_(False))
        with connected(self.engine) as conn:
            rows = conn.execute(q).all()
        found = [ScenarioInfo(r.slug, r.name, r.archived, r.created_at, _info(r, r)) for r in rows]
        return sorted(found, key=lambda s: (s.name.casefold(), s.slug))

    # ------------------------------------------------------------ internals

    def _find(self, conn: Connection, key: str, *, lock: bool = False) -> Row[Any]:
        """The scenario row ``key`` names, or UnknownScenario with the nearest names."""
        row = _lookup(conn, key, lock=lock)
        if row is not None:
            return row
        names: dict[str, str] = {}  # what a key may resemble (a slug, a name in any case): the name
        for slug, name in conn.execute(select(scenarios.c.slug, scenarios.c.name)):
            names.setdefault(name.casefold(), name)
            names.setdefault(slug, name)
        near = difflib.get_close_matches(key.casefold(), names, n=1, cutoff=0.6)
        hint = f"; did you mean {names[near[0]]!r}?" if near else ""
        raise UnknownScenario(
            f"no scenario {key!r} in the library at {shown(self.url)}"
            + (hint or ("" if names else " (the library is empty)"))
        )

    def _claim(self, conn: Connection, name: str) -> Row[Any]:
        """The scenario ``name`` saves to, locked; created if new (safely, if two race)."""
        row = _lookup(conn, name, lock=True)
        if row is None:
            slug = slugify(name)
            insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
            values = {"slug": slug, "name": name, "archived": False, "created_at": utc_now()}
            conn.execute(insert(scenarios).values(**values).on_conflict_do_nothing())
            row = _lookup(conn, slug, lock=True)  # ours, or a racing creator's of the same slug
            assert row is not None
        elif row.archived:
            conn.execute(scenarios.update().where(scenarios.c.id == row.id).values(archived=False))
        return row

    def _append(
        self,
        conn: Connection,
        row: Row[Any],
        text: str,
        document: Any,
        by: str,
        message: str,
        summary_json: str | None,
    ) -> VersionInfo:
        """Insert the next version of a locked scenario: max + 1, inside this transaction."""
        last = select(func.coalesce(func.max(versions.c.number), 0))
        number = int(conn.execute(last.where(versions.c.scenario_id == row.id)).scalar_one()) + 1
        schema = document.get("schema") if isinstance(document, dict) else None
        values = {"scenario_id": row.id, "number": number, "scenario_json": text,
                  "scenario_schema": schema if isinstance(schema, int) else None,
                  "saved_by": by, "saved_at": utc_now(), "message": message,
                  "summary_json": summary_json}  # fmt: skip
        conn.execute(versions.insert().values(**values))
        pause_before_commit()
        return VersionInfo(row.slug, row.name, number, values["scenario_schema"], by,
                           values["saved_at"], message, parse_summary(summary_json))  # fmt: skip

    def _version(self, conn: Connection, row: Row[Any], number: int | None) -> Row[Any]:
        """A scenario's version ``number`` (None: its latest), else UnknownVersion naming them."""
        q = select(*_INFO, versions.c.scenario_json).where(versions.c.scenario_id == row.id)
        if number is None:
            q = q.order_by(versions.c.number.desc()).limit(1)
        else:
            q = q.where(versions.c.number == number)
        found = conn.execute(q).first()
        if found is not None:
            return found
        numbers = conn.execute(
            select(versions.c.number).where(versions.c.scenario_id == row.id)
        ).scalars()
        raise UnknownVersion(
            f"{row.name!r} has no version {number}; its versions are {row_ranges(numbers, 20)}"
        )

    def _set_archived(self, scenario: str, archived: bool) -> ScenarioInfo:
        with writing(self.engine) as conn:
            row = self._find(conn, scenario, lock=True)
            q = scenarios.update().where(scenarios.c.id == row.id).values(archived=archived)
            conn.execute(q)
            latest = self._version(conn, row, None)
        return ScenarioInfo(row.slug, row.name, archived, row.created_at, _info(row, latest))


_INFO = (
    versions.c.number,
    versions.c.scenario_schema,
    versions.c.saved_by,
    versions.c.saved_at,
    versions.c.message,
    versions.c.summary_json,
)


def _lookup(conn: Connection, key: str, *, lock: bool) -> Row[Any] | None:
    """The scenario whose slug is ``key``, else whose name is, else whose slug is its slug."""
    if "\x00" in key:  # no stored name has one, and PostgreSQL refuses it in a query
        return None
    slug = slugify(key)
    q = select(scenarios).where(
        (scenarios.c.slug == key) | (scenarios.c.name == key) | (scenarios.c.slug == slug)
    )
    rows = conn.execute(q.with_for_update() if lock else q).all()
    for test in (lambda r: r.slug == key, lambda r: r.name == key, lambda r: r.slug == slug):
        for r in rows:
            if test(r):
                return r
    return None


def _info(scenario: Any, v: Any) -> VersionInfo:
    return VersionInfo(scenario.slug, scenario.name, v.number, v.scenario_schema, v.saved_by,
                       v.saved_at, v.message, parse_summary(v.summary_json))  # fmt: skip


def _stored(scenario: Row[Any], v: Row[Any]) -> StoredVersion:
    """A version row loaded through the scenario loader, or CorruptVersion for that version."""
    info = _info(scenario, v)
    label = f"{info.slug} v{info.number}"
    try:
        loaded = scenario_from_dict(parse_json_text(v.scenario_json, label), file=label)
    except InputError as e:
        raise CorruptVersion(
            f"version {info.number} of {info.name!r} cannot be opened: what is stored does not "
            "load (the other versions are unaffected)",
            e.lines(20),
            text=v.scenario_json,
        ) from None
    return StoredVersion(info, v.scenario_json, loaded)
