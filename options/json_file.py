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
MAX_DEPTH = 64  # lists and objects within each other; a scenario needs six


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
    text = _text(raw, out)
    if text is not None and not text.strip():
        out.add(Reason.EMPTY_FILE, "the file is empty")
    elif text is not None:
        try:
            doc = json.loads(text)
        except RecursionError:
            out.add(Reason.UNREADABLE, _TOO_DEEP)
        except json.JSONDecodeError as exc:
            out.add(
                Reason.UNREADABLE,
                f"not valid JSON at line {exc.lineno}, character {exc.colno}: {exc.msg}"
                + (" (the file ends early)" if exc.pos >= len(text.rstrip()) else ""),
                row=exc.lineno,
                column=f"char {exc.colno}",
            )
        except ValueError:  # a whole number of more than 4,300 digits (Python's limit)
            out.add(Reason.UNREADABLE, "the file has a number thousands of digits long: "
                    "this is not a scenario file")  # fmt: skip
        else:
            if _depth(doc) <= MAX_DEPTH:
                return doc
            out.add(Reason.UNREADABLE, _TOO_DEEP)
    raise InputError(out.problems)


_TOO_DEEP = f"lists and objects are nested more than {MAX_DEPTH} deep: this is not a scenario file"


def _text(raw: bytes, out: Collector) -> str | None:
    """The file's text: UTF-8 (with or without BOM), or UTF-16 with its BOM (Windows'
    "Unicode" text); None, with the problem recorded, for anything else.

    >>> _text('{"a": "£"}'.encode("utf-16"), Collector("f"))
    '{"a": "£"}'
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            out.add(Reason.UNREADABLE, "the file starts as UTF-16 text but is not UTF-16")
            return None
    if b"\x00" in raw:
        out.add(Reason.UNREADABLE, "the file contains NUL bytes; it is not a JSON text file")
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        out.add(Reason.UNREADABLE, "the file is not UTF-8 text")
        return None


def _depth(doc: Any) -> int:
    """How deep lists and objects nest in a parsed document (a number or text is 0),
    counted without recursion, stopping once past :data:`MAX_DEPTH`.

    >>> _depth(1), _depth([]), _depth({"a": [1, {"b": 2}]})
    (0, 1, 3)
    """
    deepest, todo = 0, [(doc, 1)]
    while todo and deepest <= MAX_DEPTH:
        value, level = todo.pop()
        items = value.values() if isinstance(value, dict) else value
        if isinstance(value, dict | list):
            deepest = max(deepest, level)
            todo += [(v, level + 1) for v in items]
    return deepest
