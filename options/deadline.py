"""How much work reading one cost file may take, and the problem that says it took more.

The limits on size (:data:`~options.files.MAX_BYTES`), rows
(:data:`~options.files.MAX_ROWS`) and a workbook's cells and unzipped size
(:mod:`options.xlsx`) keep every file known well inside this; the deadline bounds the
rest, so that no upload can hold a session (or the command line) indefinitely.

The time counted is the processor time of the thread reading the file (each
Streamlit session runs in its own thread), not the clock's: a file is read or
refused the same on a busy server as on an idle one.
"""

from __future__ import annotations

import time

from options.errors import InputError, Problem, Reason

MAX_SECONDS = 60.0  # processor seconds to read one file, from its bytes to its cost lines


class Deadline:
    """The work a file may take to read: :meth:`check`, between the reader's steps and
    every few thousand rows, stops a file still being read after :data:`MAX_SECONDS`
    of the thread's processor time, with a problem saying so."""

    def __init__(self, file: str, seconds: float | None = None):
        self.file = file
        self.end = time.thread_time() + (MAX_SECONDS if seconds is None else seconds)

    def check(self) -> None:
        if time.thread_time() > self.end:
            message = (
                f"took more than {MAX_SECONDS:g} seconds of work to read, so reading it was "
                "stopped: split it into smaller files"
            )
            problem = Problem(self.file, None, None, None, Reason.FILE_TOO_LARGE, message)
            raise InputError([problem])
