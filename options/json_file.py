"""Reading a JSON file: size limit, encoding and syntax, reported as input errors.

The file's text becomes a parsed document (no validation of its content), or
one :class:`~options.errors.InputError` that says what is wrong and, for a
syntax error, where.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from options.errors import Collector, InputError, Reason

MAX_FILE_BYTES = 20 * 1024 * 1024


def _refuse_oversize(out: Collector, size: int) -> None:
    """A file over :data:`MAX_FILE_BYTES` is refused before it is read or parsed."""
    if size > MAX_FILE_BYTES:
        out.add(Reason.FILE_TOO_LARGE, "the file is larger than the 20 MiB limit")
        out.raise_if_any()


def read_json_file(path: str | Path) -> Any:
    """Parse a JSON file, reporting size, encoding and syntax problems as InputError."""
    path = Path(path)
    out = Collector(path.name)
    try:
        _refuse_oversize(out, path.stat().st_size)
        raw = path.read_bytes()
    except OSError as exc:
        out.add(Reason.UNREADABLE, f"cannot read the file: {exc.strerror or exc}")
        out.raise_if_any()
    return parse_json_bytes(raw, path.name)


def parse_json_bytes(raw: bytes, file: str) -> Any:
    """Parse a JSON file's bytes (an upload), reporting size, encoding and syntax problems."""
    out = Collector(file)
    _refuse_oversize(out, len(raw))
    if not raw.strip():
        out.add(Reason.EMPTY_FILE, "the file is empty")
    elif b"\x00" in raw:
        out.add(Reason.UNREADABLE, "the file contains NUL bytes; it is not a JSON text file")
    else:
        try:
            return json.loads(raw.decode("utf-8-sig"))
        except UnicodeDecodeError:
            out.add(Reason.UNREADABLE, "the file is not UTF-8 text")
        except json.JSONDecodeError as exc:
            out.add(
                Reason.UNREADABLE,
                f"not valid JSON at line {exc.lineno}, character {exc.colno}: {exc.msg}"
                + (" (the file ends early)" if exc.pos >= len(raw.strip()) else ""),
                row=exc.lineno,
                column=f"char {exc.colno}",
            )
    raise InputError(out.problems)
