"""The scenario library (options.store), every test on SQLite and on PostgreSQL.

The expected behaviour is the issue's: append-only versions numbered max + 1 inside
the writing transaction, no gaps or duplicates under concurrent saves, nothing
partial after a process is killed mid-save, a corrupt version affecting only itself,
and plain messages for unknown names, unreachable or newer databases.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import exc, select, text

from options.errors import InputError
from options.store import (
    BadRequest,
    CorruptVersion,
    DatabaseUnreachable,
    NewerDatabase,
    Store,
    UnknownDraft,
    UnknownScenario,
    UnknownVersion,
    slugify,
)
from options.store_engine import ENV_URL, PAUSE_ENV, alembic_config, writing
from options.store_tables import METADATA, utc_now, versions
from tests.library_helpers import insert_raw_version

ROOT = Path(__file__).resolve().parents[3]

AWKWARD = [
    'The "Flex" option\'s case',
    "Données: coût — 2008 ✓ 東京",
    "<script>alert('x')</script>",
    "'; DROP TABLE versions; --",
    'back\\slash % _ ` $1 {0} \\" \n second line\ttab',
]


@pytest.fixture
def store(db_url: str) -> Any:
    with Store(db_url) as s:
        yield s


@pytest.fixture
def doc(make_document: Any) -> dict[str, Any]:
    return make_document()


def test_save_list_history_load(store, doc):
    first = store.save("ONS Flex", doc, by="ana", message="first cut", summary={"preferred": "A"})
    second = store.save("ONS Flex", doc, by="ben", message="checked")
    assert (first.slug, first.number, second.number) == ("ons-flex", 1, 2)
    assert first.saved_at.tzinfo is not None and second.saved_at >= first.saved_at
    [listed] = store.list()
    assert (listed.name, listed.slug, listed.archived) == ("ONS Flex", "ons-flex", False)
    assert (listed.latest.number, listed.latest.saved_by, listed.latest.message) == (
        2, "ben", "checked")  # fmt: skip
    history = store.history("ons-flex")
    assert [(v.number, v.saved_by, v.preferred) for v in history] == [
        (1, "ana", "A"), (2, "ben", None)]  # fmt: skip
    assert history[0] == first
    loaded = store.load("ons-flex", 1)
    assert loaded.info == first and loaded.scenario.name == doc["name"]
    assert json.loads(loaded.text) == doc
    assert store.load("ONS Flex").info.number == 2  # by name, latest by default


def test_numbering_is_per_scenario_from_one(store, doc):
    numbers = [store.save(name, doc, by="a", message="m").number for name in "ABAAB"]
    assert numbers == [1, 1, 2, 3, 2]
    assert [s.latest.number for s in store.list()] == [3, 2]


def test_names_fold_to_one_slug(store, doc):
    store.save("Café Flex", doc, by="a", message="m")
    again = store.save("cafe  flex", doc, by="a", message="m")
    assert (again.slug, again.name, again.number) == ("cafe-flex", "Café Flex", 2)
    assert store.load("CAFÉ FLEX").info.number == 2
    assert slugify("Øresund — Phase 2") == "øresund-phase-2"
    long_a, long_b = "Option appraisal " * 6 + "A", "Option appraisal " * 6 + "B"
    assert slugify(long_a) != slugify(long_b) and len(slugify(long_a)) == 80
    assert store.save(long_a, doc, by="a", message="m").slug != store.save(
        long_b, doc, by="a", message="m").slug  # fmt: skip


def test_an_older_scenario_schema_is_converted_on_reading_never_rewritten(store, doc):
    """A schema-1 document (money_weight, no value_per_point) is stored as it is and
    converted by the loader each time it is read."""
    old = {**doc, "schema": 1, "money_weight": 0.6}
    raw = json.dumps(old)
    saved = store.save("Old file", raw, by="a", message="from 2008")
    loaded = store.load("old-file")
    assert saved.schema == loaded.info.schema == 1
    assert loaded.text == raw  # never rewritten
    assert loaded.scenario.legacy_money_weight == 0.6  # read as schema 1 (priced when appraised)


def test_awkward_text_round_trips_exactly(store, doc):
    """Quotes, Unicode, markup and SQL are stored and returned as the text they are."""
    for i, t in enumerate(AWKWARD):
        d = {**doc, "name": t, "description": t}
        raw = json.dumps(d, ensure_ascii=False, indent=i)
        saved = store.save(t, raw, by=t, message=t, summary={"preferred": t, "note": t})
        loaded = store.load(saved.slug)
        assert loaded.text == raw and loaded.scenario.name == t
        assert (loaded.info.name, loaded.info.saved_by, loaded.info.message) == (t, t, t)
        assert loaded.info.preferred == t
    assert sorted(s.name for s in store.list()) == sorted(AWKWARD)
    with store.engine.connect() as conn:  # the tables are all still there
        assert conn.execute(select(versions.c.id)).all()


def test_archive_hides_and_unarchive_shows(store, doc):
    store.save("Keep", doc, by="a", message="m")
    store.save("Old", doc, by="a", message="m")
    assert store.archive("old").archived
    assert [s.name for s in store.list()] == ["Keep"]
    assert [(s.name, s.archived) for s in store.list(include_archived=True)] == [
        ("Keep", False), ("Old", True)]  # fmt: skip
    assert store.load("old").info.number == 1  # archived, never deleted
    assert not store.unarchive("old").archived
    assert len(store.list()) == 2
    store.archive("old")
    store.save("Old", doc, by="a", message="back to work")
    assert len(store.list()) == 2


def test_restore_saves_a_copy_as_the_newest(store, doc):
    store.save("S", doc, by="a", message="one", summary={"preferred": "A"})
    changed = {**doc, "description": "second thoughts"}
    store.save("S", changed, by="a", message="two", summary={"preferred": "B"})
    restored = store.restore("s", 1, by="carol")
    assert (restored.number, restored.message, restored.saved_by) == (3, "Restored version 1",
                                                                      "carol")  # fmt: skip
    assert restored.preferred == "A"
    assert store.load("s").text == store.load("s", 1).text
    assert store.load("s", 2).scenario.description == "second thoughts"  # nothing lost
    fresh = store.restore("s", 2, by="carol", summary={"preferred": "C"})
    assert (fresh.number, fresh.preferred) == (4, "C")


def test_unknown_scenario_version_and_draft_are_said_plainly(store, doc):
    with pytest.raises(UnknownScenario, match="library is empty"):
        store.load("anything")
    store.save("ONS Flex", doc, by="a", message="m")
    store.save("ONS Flex", doc, by="a", message="m")
    with pytest.raises(UnknownScenario, match=r"no scenario 'ONS Flox'.*did you mean 'ONS Flex'"):
        store.history("ONS Flox")
    with pytest.raises(UnknownVersion, match=r"'ONS Flex' has no version 7; its versions are 1–2"):
        store.load("ons-flex", 7)
    with pytest.raises(UnknownVersion):
        store.restore("ons-flex", 0, by="a")
    with pytest.raises(UnknownDraft, match="no draft 'nope'"):
        store.load_draft("nope")
    for call in (lambda: store.archive("nope"), lambda: store.restore("nope", 1, by="a")):
        with pytest.raises(UnknownScenario):
            call()


def test_invalid_input_saves_nothing(store, doc):
    bad = {**doc, "base_year": "soon"}
    with pytest.raises(InputError) as e:
        store.save("S", bad, by="a", message="m")
    assert "base_year" in e.value.lines()[0]
    with pytest.raises(InputError, match="not valid JSON"):
        store.save("S", '{"schema": 2,', by="a", message="m")
    for kwargs in ({"by": " "}, {"message": "a\x00b"}, {"summary": {"npsv": float("nan")}},
                   {"summary": {"when": object()}}):  # fmt: skip
        with pytest.raises(BadRequest):
            store.save("S", doc, **{"by": "a", "message": "m", **kwargs})
    with pytest.raises(BadRequest):
        store.save(" ", doc, by="a", message="m")
    assert store.list() == []


def test_versions_are_append_only_in_the_database(store, doc):
    """The database itself refuses to change or delete a saved version."""
    store.save("S", doc, by="a", message="m")
    for statement in ("UPDATE versions SET message = 'changed'", "DELETE FROM versions"):
        with pytest.raises(exc.DBAPIError, match="append-only"), store.engine.begin() as conn:
            conn.execute(text(statement))
    assert store.load("s").info.message == "m"
    with pytest.raises(exc.IntegrityError), store.engine.begin() as conn:  # foreign keys on
        conn.execute(versions.insert().values(scenario_id=999, number=1, scenario_json="{}",
                     saved_by="x", saved_at=utc_now(), message="orphan"))  # fmt: skip


def test_a_corrupt_version_fails_alone(store, doc):
    store.save("S", doc, by="a", message="good")
    store.save("Other", doc, by="a", message="good")
    insert_raw_version(store, "s", 2, '{"schema": 2, "name": "cut off')
    insert_raw_version(store, "s", 3, json.dumps({**doc, "base_year": "soon"}))
    with pytest.raises(
        CorruptVersion, match=r"version 2 of 'S' cannot be opened: what is stored does not load"
    ) as e:
        store.load("s", 2)
    assert "not valid JSON" in " ".join(e.value.lines())
    with pytest.raises(CorruptVersion, match="version 3") as e:
        store.load("s")
    assert any("base_year" in line for line in e.value.lines()[1:])
    assert store.load("s", 1).scenario.name == doc["name"]
    listed = {s.slug: s.latest for s in store.list()}
    assert listed["s"].number == 3 and listed["s"].summary is None and "other" in listed
    assert [v.number for v in store.history("s")] == [1, 2, 3]
    with pytest.raises(CorruptVersion):
        store.restore("s", 2, by="a")
    assert store.save("S", doc, by="a", message="fixed").number == 4


def test_old_drafts_are_purged_and_saved_versions_never(store, doc, monkeypatch):
    store.save("s", doc, by="ann", message="first")
    old = store.save_draft(doc, scenario="s", base_version=1)
    then = utc_now()
    monkeypatch.setattr("options.store.utc_now", lambda: then + timedelta(days=31))
    fresh = store.save_draft(doc)  # written 31 days after the old one
    assert store.purge_drafts(timedelta(days=30)) == 1
    with pytest.raises(UnknownDraft):
        store.load_draft(old)
    assert store.load_draft(fresh).text and [v.number for v in store.history("s")] == [1]
    assert store.purge_drafts(timedelta(days=30)) == 0
    with pytest.raises(BadRequest, match="age of zero or more"):
        store.purge_drafts(timedelta(days=-1))


def test_drafts(store, doc):
    store.save("S", doc, by="a", message="m")
    new = store.save_draft(doc)
    assert len(new) >= 20 and store.load_draft(new).slug is None
    tied = store.save_draft(json.dumps(doc), scenario="s", base_version=1)
    again = store.save_draft({**doc, "name": "edited"}, scenario="s", base_version=1,
                             draft_id=tied)  # fmt: skip
    draft = store.load_draft(again)
    assert (again, draft.slug, draft.base_version) == (tied, "s", 1)
    assert json.loads(draft.text)["name"] == "edited"
    assert store.save_draft(doc, draft_id="my-draft_1") == "my-draft_1"
    with pytest.raises(UnknownVersion):
        store.save_draft(doc, scenario="s", base_version=5)
    with pytest.raises(BadRequest):
        store.save_draft(doc, draft_id="not/safe")
    with pytest.raises(InputError):
        store.save_draft("{not json")


# ---------------------------------------------------------------- processes


_SAVER = """
import json, os, sys, time
from pathlib import Path
from options.store import Store
url, name, worker, count, folder = sys.argv[1:6]
folder, count = Path(folder), int(count)
doc = json.loads((folder / "doc.json").read_text())
with Store(url) as store:
    (folder / f"ready-{worker}").touch()
    while not (folder / "go").exists():
        time.sleep(0.005)
    for i in range(count):
        v = store.save(name, doc, by=f"worker {worker}", message=f"{worker}:{i}")
        print(v.number, flush=True)  # committed: the save has returned
"""


def _saver(url: str, name: str, worker: str, count: int, folder: Path,
           env: dict[str, str] | None = None) -> subprocess.Popen[str]:  # fmt: skip
    return subprocess.Popen(
        [sys.executable, "-c", _SAVER, url, name, worker, str(count), str(folder)],
        cwd=ROOT, env={**os.environ, **(env or {})}, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def _wait_for(path: Path, proc: subprocess.Popen[str], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        if proc.poll() is not None:
            raise AssertionError(proc.communicate()[1])
        assert time.monotonic() < deadline, f"{path.name} never appeared"
        time.sleep(0.01)


def test_under_load_a_killed_saver_loses_no_committed_version(store, doc, tmp_path):
    """8 processes × 50 saves of one new scenario, started together (so the first saves
    also race to create it), and one of them SIGKILLed at an arbitrary moment (after
    its 10th committed save, wherever it then is): one scenario; every version
    a save returned is there with its number, the numbers run 1..N without a gap, the
    killed process's last save is whole or absent, and the other 7 finish all 50."""
    workers, each = 8, 50
    (tmp_path / "doc.json").write_text(json.dumps(doc))
    procs = [_saver(store_url(store), "Busy", str(w), each, tmp_path) for w in range(workers)]
    for w, p in enumerate(procs):
        _wait_for(tmp_path / f"ready-{w}", p)
    (tmp_path / "go").touch()
    victim, reported = procs[0], {w: [] for w in range(workers)}
    assert victim.stdout is not None
    while len(reported[0]) < 10:  # its numbers as it commits them
        reported[0].append(int(victim.stdout.readline()))
    os.kill(victim.pid, signal.SIGKILL)
    rest, _ = victim.communicate(timeout=60)
    reported[0] += [int(n) for n in rest.split()]
    assert victim.returncode == -signal.SIGKILL
    for w, p in enumerate(procs[1:], start=1):
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
        reported[w] = [int(n) for n in out.split()]
        assert len(reported[w]) == each
    with Store(store_url(store)) as reopened:
        assert [x.slug for x in reopened.list()] == ["busy"]
        history = reopened.history("busy")
        numbers = [v.number for v in history]
        assert numbers == list(range(1, len(numbers) + 1))
        by_number = {v.number: v.message for v in history}
        for w, mine in reported.items():  # every committed save, under its own number
            assert [by_number[n] for n in mine] == [f"{w}:{i}" for i in range(len(mine))]
        killed = sorted(int(m.split(":")[1]) for m in by_number.values() if m.startswith("0:"))
        assert killed == list(range(len(killed))) and len(killed) - len(reported[0]) in (0, 1)
        assert len(numbers) == (workers - 1) * each + len(killed)
        assert reopened.load("busy", numbers[-1]).info.number == numbers[-1]  # loads whole
        if reopened.url.get_backend_name() == "sqlite":
            with reopened.engine.connect() as conn:
                assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"


def _killed_inside_a_save(url: str, name: str, folder: Path) -> None:
    """Start a process saving ``name``, and SIGKILL it inside the writing transaction."""
    folder.mkdir()
    (folder / "doc.json").write_text((folder.parent / "doc.json").read_text())
    marker = folder / "inside-the-transaction"
    proc = _saver(url, name, "k", 1, folder, {PAUSE_ENV: str(marker)})
    _wait_for(folder / "ready-k", proc)
    (folder / "go").touch()
    _wait_for(marker, proc)
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL


def test_a_process_killed_inside_a_save_leaves_no_trace(store, doc, tmp_path):
    """Killed during the third save of a scenario, then during the first save of a new
    one: the database opens with every committed version and nothing of either save."""
    (tmp_path / "doc.json").write_text(json.dumps(doc))
    for message in ("one", "two"):
        store.save("S", doc, by="a", message=message)
    _killed_inside_a_save(store_url(store), "S", tmp_path / "existing")
    _killed_inside_a_save(store_url(store), "New", tmp_path / "new")
    with Store(store_url(store)) as reopened:
        assert [s.slug for s in reopened.list(include_archived=True)] == ["s"]
        assert [v.message for v in reopened.history("s")] == ["one", "two"]
        assert reopened.load("s").info.number == 2
        assert reopened.save("S", doc, by="a", message="three").number == 3
        assert reopened.save("New", doc, by="a", message="first").number == 1
        if reopened.url.get_backend_name() == "sqlite":
            with reopened.engine.connect() as conn:
                assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"


def store_url(s: Store) -> str:
    return s.url.render_as_string(hide_password=False)


# ---------------------------------------------------------------- the database itself


def test_database_settings(store):
    with store.engine.connect() as conn:
        if store.url.get_backend_name() == "sqlite":
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000
        else:
            assert conn.dialect.driver == "psycopg"


def test_migrations_make_the_tables_the_code_uses(store):
    with store.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), METADATA) == []


def test_an_older_database_is_upgraded(db_url, doc):
    with Store(db_url) as s:
        with writing(s.engine) as conn:
            command.downgrade(alembic_config(conn), "base")
        with s.engine.connect() as conn:
            assert MigrationContext.configure(conn).get_current_revision() is None
    with Store(db_url) as s:
        assert s.save("S", doc, by="a", message="m").number == 1


def test_a_newer_database_is_refused(db_url):
    with Store(db_url) as s, s.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0042_future'"))
    with pytest.raises(NewerDatabase, match=r"newer version of this software.*0042_future"):
        Store(db_url)


def test_an_unreachable_database_is_said_plainly(db_url, tmp_path):
    if db_url.startswith("sqlite"):
        junk = tmp_path / "junk.db"
        junk.write_bytes(b"this is not a database" * 100)
        with pytest.raises(DatabaseUnreachable, match=rf"{re.escape(str(junk))}.*not a database"):
            Store(str(junk))
        with pytest.raises(DatabaseUnreachable, match="cannot create the folder"):
            Store("sqlite:////proc/no/such/library.db")
        return
    nobody = tmp_path / "no-server"
    nobody.mkdir()
    url = f"postgresql+psycopg://ana:s3cret@/library?host={nobody}"
    with pytest.raises(DatabaseUnreachable) as e:
        Store(url)
    message = str(e.value)
    assert f"postgresql+psycopg://ana@/library?host={nobody}" in message
    assert "s3cret" not in message


@pytest.mark.parametrize(
    ("url", "needle"),
    [("mysql://u@h/db", "not a database the library supports"), ("://x", "not a database URL")],
)
def test_unsupported_urls(url, needle):
    with pytest.raises(DatabaseUnreachable, match=needle):
        Store(url)


def test_url_from_the_environment_unless_given(db_url, monkeypatch, tmp_path, doc):
    monkeypatch.setenv(ENV_URL, db_url)
    with Store() as s:
        s.save("From env", doc, by="a", message="m")
    other = tmp_path / "sub" / "given.db"
    with Store(str(other)) as s:
        assert s.list() == [] and other.exists()
    with Store(db_url) as s:
        assert [x.name for x in s.list()] == ["From env"]
