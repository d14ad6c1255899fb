"""The scenario library's back ends: every ``db_url`` test runs on SQLite and on PostgreSQL.

The PostgreSQL server is started once per test session (per xdist worker) from
Debian's ``postgresql`` package (:mod:`tests.postgres`, the ``postgres`` fixture of
tests/conftest.py); each test gets a new database on it. Without the server
binaries the PostgreSQL cases are skipped, with the reason, never passed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.postgres import PostgresServer


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new, empty library database's URL, on each back end in turn."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'library.db'}"
    server: PostgresServer = request.getfixturevalue("postgres")
    return server.new_database()
