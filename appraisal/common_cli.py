"""What every command-line front end shares: exit statuses, the parser, the guard.

``python -m appraisal`` (:mod:`appraisal.__main__`), its ``report`` and its
``scenarios`` actions all end the same way. Exit status 0 done; 2 bad input — the
user's :class:`~options.errors.InputError` (its ``file:row:column: message`` lines)
or a library problem (:class:`~options.store_errors.StoreError`, ``error: …``), on
stderr with nothing on stdout; 1 an unexpected fault, in one line, with a traceback
only when ``--debug`` asks for it. :func:`guarded` is that ending, written once.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable
from typing import TypeVar

from options.errors import InputError, Problem
from options.store_errors import StoreError

EXIT_OK, EXIT_FAULT, EXIT_INPUT = 0, 1, 2
T = TypeVar("T")


class Parser(argparse.ArgumentParser):
    """An argument parser whose refusal is one line and exit status 2 (bad input)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"{self.prog}: error: {message} (see --help)\n")
        sys.exit(EXIT_INPUT)


def guarded(
    work: Callable[[], T],
    show: Callable[[T], object],
    *,
    debug: bool,
    fault: str = "unexpected fault",
) -> int:
    """Run ``work``, then ``show`` what it returned; the exit status.

    ``work`` does everything that may fail on the user's input; its failures end the
    command: an ``InputError`` or a ``StoreError`` in plain lines and status 2, any
    other exception as ``error: {fault}: Type: message (run with --debug for
    details)`` and status 1 — or raised, traceback and all, when ``debug``. ``show``
    (printing) runs after, outside the guard, and the status is then 0.

    Examples
    --------
    >>> guarded(lambda: 6 * 7, print, debug=False)
    42
    0
    """
    try:
        result = work()
    except InputError as e:
        for line in e.lines():
            print(line, file=sys.stderr)
        return EXIT_INPUT
    except StoreError as e:
        first, *rest = e.lines()
        print(f"error: {first}", *rest, sep="\n", file=sys.stderr)
        return EXIT_INPUT
    except Exception as e:
        if debug:
            raise
        print(f"error: {fault}: {type(e).__name__}: {e} (run with --debug for details)",
              file=sys.stderr)  # fmt: skip
        return EXIT_FAULT
    show(result)
    return EXIT_OK


def print_notes(notes: Iterable[str], warnings: Iterable[Problem] = ()) -> None:
    """Loader notes and warnings on stderr, one line each (``note: …``, ``warning: …``)."""
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    for warning in warnings:
        print(f"warning: {warning.line()}", file=sys.stderr)
