"""How long reading one cost file may take, and the problem that says it took longer.

The limits on size (:data:`~options.files.MAX_BYTES`), rows
(:data:`~options.files.MAX_ROWS`) and a workbook's cells and unzipped size
(:mod:`options.xlsx`) keep every file known well inside this time on an idle
machine; the deadline bounds the rest, however loaded the machine is, so that one
upload cannot hold a session (or the command line) indefinitely.
"""

from __future__ import annotations

import time

from options.errors import InputError, Problem, Reason

MAX_SECONDS = 60.0  # reading one file, from its bytes to its cost lines (checked between steps)


class Deadline:
    """The time a file may take to read: :meth:`check`, between the reader's steps and
    every few thousand rows, stops a file still being read after :data:`MAX_SECONDS`
    with a problem saying so (the limits on size, rows and cells keep every file known
    well inside it; this bounds the rest, on a machine however loaded)."""

    def __init__(self, file: str, seconds: float | None = None):
        self.file = file
        self.end = time.monotonic() + (MAX_SECONDS if seconds is None else seconds)

    def check(self) -> None:
        if time.monotonic() > self.end:
            message = (
                f"took more than {MAX_SECONDS:g} seconds to read, so reading it was stopped: "
                "split it into smaller files"
            )
            problem = Problem(self.file, None, None, None, Reason.FILE_TOO_LARGE, message)
            raise InputError([problem])
