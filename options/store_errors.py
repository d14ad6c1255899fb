"""What can go wrong with the scenario library, in plain words.

Every failure a user can cause or meet — a scenario or version that does not
exist, a database that cannot be reached or was made by newer software, a stored
version that no longer loads — is a :class:`StoreError` whose message says what
happened and, where there is one, what to do. Front ends print :meth:`StoreError.lines`
(the command line: exit status 2) and never a traceback.
"""

from __future__ import annotations

from collections.abc import Sequence


class StoreError(Exception):
    """A problem with the scenario library, said in plain words."""

    def lines(self) -> list[str]:
        """The message as lines for a terminal: one, unless the error lists problems."""
        return [str(self)]


class UnknownScenario(StoreError):
    """No scenario has that slug or name."""


class UnknownVersion(StoreError):
    """The scenario exists but has no such version (the message says which exist)."""


class UnknownDraft(StoreError):
    """No draft has that id (a link to a draft kept by another database, say)."""


class DatabaseUnreachable(StoreError):
    """The database URL is malformed, unsupported, or the database cannot be opened."""


class NewerDatabase(StoreError):
    """The database's library schema is a revision this software does not know."""


class BadRequest(StoreError):
    """An argument the library cannot store (an empty name, a summary that is not JSON)."""


class CorruptVersion(StoreError):
    """A stored version's JSON no longer loads (corrupt, or edited by hand).

    Only that version is affected: the library still lists every scenario, and the
    other versions still load. ``problems`` are the loader's lines; ``text`` is the JSON
    exactly as stored, so that it can still be exported for an audit.
    """

    def __init__(self, message: str, problems: Sequence[str] = (), text: str | None = None) -> None:
        super().__init__(message)
        self.problems = tuple(problems)
        self.text = text

    def lines(self) -> list[str]:
        return [str(self), *(f"  {p}" for p in self.problems)]
