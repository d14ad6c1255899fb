"""Opening the scenario library's database: its URL, the engine, transactions, migrations.

The URL is the one given, else ``APPRAISAL_DB_URL``, else the SQLite file
``data/appraisal.db`` under the current folder (created, with its folder, on first
use). A bare path is a SQLite file; ``postgresql+psycopg://USER@HOST/DATABASE``
(or ``postgresql://…``, read as psycopg 3) is PostgreSQL. Nothing else is accepted.

SQLite is opened in WAL mode (readers never wait for a writer), with foreign keys
on and a busy timeout; every writing transaction starts with ``BEGIN IMMEDIATE``, so
it holds the one write lock from its first read, and a version number computed in
it as ``max + 1`` cannot be taken by another process (the SQLite documentation,
"Transaction" and "Write-Ahead Logging"). On PostgreSQL the same guarantee comes
from locking the scenario's row (``SELECT … FOR UPDATE``, :mod:`options.store`).

The schema is Alembic's: :func:`prepare` creates a new database, upgrades an older
one, and refuses one whose revision this code does not know (made by newer
software), before anything else touches it. The revision scripts live in
``options/migrations``; no ``alembic.ini`` is needed.
"""

from __future__ import annotations

import functools
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, exc, text
from sqlalchemy.engine import URL, make_url

from options.store_errors import DatabaseUnreachable, NewerDatabase

ENV_URL = "APPRAISAL_DB_URL"
DEFAULT_PATH = Path("data") / "appraisal.db"
MIGRATIONS = Path(__file__).with_name("migrations")
BUSY_SECONDS = 30.0  # how long a writer waits for SQLite's write lock before giving up
CONNECT_SECONDS = 10  # how long to wait for a PostgreSQL server to answer
PAUSE_ENV = "APPRAISAL_STORE_PAUSE_BEFORE_COMMIT"  # test hook: see pause_before_commit
_WRITE = "appraisal_store_write"  # execution option: this connection's transaction writes
_MIGRATION_LOCK = 0x4150_5052_4149_5341  # PostgreSQL advisory lock key ("APPRAISA")
_SUPPORTED = "use sqlite:///PATH or postgresql+psycopg://USER@HOST/DATABASE"


def database_url(url: str | None = None) -> URL:
    """The library's database URL: ``url``, else ``APPRAISAL_DB_URL``, else the SQLite default.

    >>> database_url("postgresql://ana@db.example/library").drivername
    'postgresql+psycopg'
    >>> database_url("/tmp/lib.db").render_as_string()
    'sqlite:////tmp/lib.db'
    """
    raw = url if url is not None else (os.environ.get(ENV_URL) or "").strip() or None
    if raw is None:
        return URL.create("sqlite", database=str(DEFAULT_PATH))
    if "://" not in raw:  # a path: a SQLite file
        return URL.create("sqlite", database=raw)
    try:
        parsed = make_url(raw)
    except exc.ArgumentError:
        raise DatabaseUnreachable(f"{raw.split('://')[0]}://… is not a database URL; "
                                  f"{_SUPPORTED}") from None  # fmt: skip
    if parsed.drivername in ("postgresql", "postgres", "postgresql+psycopg"):
        return parsed.set(drivername="postgresql+psycopg")
    if parsed.drivername in ("sqlite", "sqlite+pysqlite"):
        return parsed
    raise DatabaseUnreachable(
        f"{shown(parsed)} is not a database the library supports; {_SUPPORTED}"
    )


def shown(url: URL) -> str:
    """The URL as a message may show it: no password, the socket folder readable.

    >>> shown(make_url("postgresql+psycopg://ana:secret@/lib?host=/tmp/pg"))
    'postgresql+psycopg://ana@/lib?host=/tmp/pg'
    """
    safe = url.difference_update_query(["password"])._replace(password=None)
    return unquote(safe.render_as_string(hide_password=False))


def make_engine(url: URL) -> Engine:
    """An engine for the library: SQLite with its pragmas and write locking, or PostgreSQL."""
    if url.get_backend_name() != "sqlite":
        return create_engine(
            url, pool_pre_ping=True, connect_args={"connect_timeout": CONNECT_SECONDS}
        )
    if url.database and url.database != ":memory:":
        try:
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise DatabaseUnreachable(
                f"cannot create the folder for {shown(url)}: {e.strerror or e}"
            ) from None
    engine = create_engine(url, connect_args={"timeout": BUSY_SECONDS})
    event.listen(engine, "connect", _sqlite_connect)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    """Per connection: BEGIN is ours (:func:`_sqlite_begin`), busy timeout, foreign keys, WAL."""
    dbapi_connection.isolation_level = None  # the driver must not emit its own BEGIN
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {int(BUSY_SECONDS * 1000)}")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    """A writing transaction takes the write lock at once; a reading one waits for nothing."""
    immediate = conn.get_execution_options().get(_WRITE, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


@contextmanager
def connected(engine: Engine) -> Iterator[Connection]:
    """A connection, with a database that cannot be opened or used said in plain words."""
    try:
        with engine.connect() as conn:
            yield conn
    except (exc.OperationalError, exc.InterfaceError) as e:
        raise DatabaseUnreachable(_cannot_use(engine, e)) from None
    except exc.DatabaseError as e:
        if type(e) is not exc.DatabaseError:  # integrity and programming errors are faults
            raise
        raise DatabaseUnreachable(_cannot_use(engine, e)) from None


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """A writing transaction, committed when the block ends without an exception.

    On SQLite it begins with ``BEGIN IMMEDIATE`` (waiting up to :data:`BUSY_SECONDS`
    for another writer), so everything read inside is still true at COMMIT.
    """
    with connected(engine) as conn:
        conn.execution_options(**{_WRITE: True})
        with conn.begin():
            yield conn


def _cannot_use(engine: Engine, e: exc.DBAPIError) -> str:
    reason = str(e.orig).strip().splitlines()[0] if e.orig is not None else str(e)
    return f"cannot use the database at {shown(engine.url)}: {reason}"


def pause_before_commit() -> None:
    """Test hook: with ``APPRAISAL_STORE_PAUSE_BEFORE_COMMIT=<path>`` set, write that file and
    sleep inside the writing transaction, so a test can kill the process exactly there."""
    marker = os.environ.get(PAUSE_ENV)
    if marker:
        Path(marker).write_text(str(os.getpid()), encoding="utf-8")
        time.sleep(120)


# ---------------------------------------------------------------- migrations


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration, built in code: the package's scripts, and the connection."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    config.attributes["connection"] = connection
    return config


@functools.cache
def _script() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head() -> str:
    """The newest revision of the library's schema this code knows."""
    heads = _script().get_heads()
    assert len(heads) == 1, heads
    return heads[0]


def prepare(engine: Engine) -> None:
    """Make the database ready: create or upgrade its tables, or refuse a newer schema.

    Raises
    ------
    NewerDatabase
        The database carries a revision this code does not know.
    DatabaseUnreachable
        It cannot be opened.
    """
    with connected(engine) as conn:
        current = MigrationContext.configure(conn).get_current_heads()
    _refuse_unknown(engine, current)
    if current == (head(),):
        return
    with writing(engine) as conn:  # one process migrates; the others wait, then see it done
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
        _refuse_unknown(engine, MigrationContext.configure(conn).get_current_heads())
        command.upgrade(alembic_config(conn), "head")


def _refuse_unknown(engine: Engine, current: tuple[str, ...]) -> None:
    known = {s.revision for s in _script().walk_revisions()}
    unknown = [r for r in current if r not in known]
    if unknown:
        raise NewerDatabase(
            f"the database at {shown(engine.url)} was made by a newer version of this software "
            f"(its library schema is revision {', '.join(unknown)}; this version knows up to "
            f"{head()}): upgrade the software, or use another database"
        )
