"""A throwaway PostgreSQL server for tests, from Debian's ``postgresql`` package.

The server binaries live under ``/usr/lib/postgresql/<version>/bin`` (not on PATH);
the newest version found is used. ``initdb`` refuses to run as root, so as root
every server command runs as the ``postgres`` user (``runuser -u postgres --``) in
a temporary folder that user owns. The server listens only on a Unix socket in
that folder (TCP off), with fsync off (nothing here must survive a power cut), and
:meth:`PostgresServer.stop` removes the folder.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

INSTALL = Path("/usr/lib/postgresql")


def server_binaries() -> Path | None:
    """The ``bin`` folder of the newest PostgreSQL server installed, or None."""
    found = [p.parent for p in INSTALL.glob("*/bin/pg_ctl") if (p.parent / "initdb").exists()]

    def version(folder: Path) -> tuple[int, ...]:
        return tuple(int(n) for n in re.findall(r"\d+", folder.parent.name))

    return max(found, key=version, default=None)


class PostgresServer:
    """A PostgreSQL server in a temporary folder, on a Unix socket there; :meth:`stop` ends it."""

    def __init__(self, binaries: Path, *, durable: bool = False) -> None:
        self.binaries = binaries
        # Fast by default: a commit returns before its WAL is written, so a server stopped
        # at once (:meth:`halt`) may lose the last commits; ``durable`` keeps them.
        self.durable = durable
        self.folder = Path(tempfile.mkdtemp(prefix="appraisal-pg-"))
        self._as_postgres = os.geteuid() == 0
        if self._as_postgres:
            shutil.chown(self.folder, "postgres", "postgres")
        self._names = itertools.count(1)
        data = self.folder / "data"
        try:
            self._run("initdb", "-D", str(data), "-U", "postgres", "--auth=trust",
                      "--no-sync", "--no-locale", "-E", "UTF8")  # fmt: skip
            self.start()
        except BaseException:
            shutil.rmtree(self.folder, ignore_errors=True)
            raise

    def start(self) -> None:
        """Start the server (again, after :meth:`halt`), on its socket, and wait for it."""
        settings = f"-c listen_addresses='' -k {self.folder} -c fsync=off -c full_page_writes=off"
        settings += "" if self.durable else " -c synchronous_commit=off"
        self._run("pg_ctl", "-D", str(self.folder / "data"), "-l", str(self.folder / "server.log"),
                  "-o", settings, "-w", "-t", "60", "start")  # fmt: skip

    def halt(self) -> None:
        """Stop the server at once, keeping its data, as a database that goes away does."""
        self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "-w", "stop")

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.binaries / program), *args]
        if self._as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, cwd=self.folder, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            log = self.folder / "server.log"
            extra = log.read_text(errors="replace") if log.exists() else ""
            raise RuntimeError(f"{program} failed:\n{done.stdout}{done.stderr}{extra}")

    def url(self, database: str = "postgres") -> str:
        """The SQLAlchemy URL of one of the server's databases (psycopg 3, the socket)."""
        return f"postgresql+psycopg://postgres@/{database}?host={self.folder}"

    def new_database(self) -> str:
        """A new empty database's URL."""
        import psycopg

        name = f"test_{next(self._names)}"
        with psycopg.connect(host=str(self.folder), user="postgres", dbname="postgres",
                             autocommit=True) as conn:  # fmt: skip
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        """Stop the server at once and remove its folder."""
        try:
            if (self.folder / "data" / "postmaster.pid").exists():  # not halted
                self.halt()
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
