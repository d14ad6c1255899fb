"""Hypothesis strategies for malformed scenario documents: mutations of real ones.

A document is the built-in example or the tests' small scenario, changed one to four
times at random places: a value of the wrong type, a key dropped, a key added, a huge
or non-finite number, a deep nest of lists and objects, another schema number. As
bytes it may also be cut short, carry a byte order mark, or be in another encoding.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from typing import Any

from hypothesis import strategies as st

from options.examples import EXAMPLE_PATH
from tests.conftest import base_document

Path = tuple[str | int, ...]

ODD_NUMBERS = (
    0, -1, 1e308, -1e308, 1.7976931348623157e308, 5e-324, 10**30, -(10**30), 10**400, 2**63,
    0.5, 1e15, 1e16, -0.0, 2007.5, 99999, float("nan"), float("inf"), float("-inf"),
)  # fmt: skip
SCHEMAS = (0, 1, 2, 3, -2, 2.0, 2.5, "2", "two", None, True, [2], {"v": 2}, 10**20)


@cache
def _texts() -> tuple[str, str]:
    """The built-in example and the tests' small scenario, as JSON text."""
    return EXAMPLE_PATH.read_text(encoding="utf-8"), json.dumps(base_document())


def json_values(depth: int = 2) -> st.SearchStrategy[Any]:
    """Any JSON value, odd numbers and texts likely."""
    leaves = st.one_of(
        st.none(),
        st.booleans(),
        st.sampled_from(ODD_NUMBERS),
        st.integers(),
        st.floats(),
        st.text(max_size=20),
        st.sampled_from(["", " ", "in-house", "opex", "2008", "green-book", "£1,200", "NaN"]),
    )
    return st.recursive(
        leaves,
        lambda inner: (
            st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
        ),
        max_leaves=8 if depth else 1,
    )


def _get(doc: Any, path: Path) -> Any:
    for key in path:
        doc = doc[key]
    return doc


def _nest(depth: int, kind: str) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = [value] if kind == "list" else {"a": value}
    return value


class Mutated:
    """A document and, for hypothesis's report of a failure, what was done to it (the
    document itself is 200 kB)."""

    def __init__(self, doc: Any, base: int, steps: list[str]):
        self.doc, self.base, self.steps = doc, base, steps

    def __repr__(self) -> str:
        return f"Mutated({('example', 'small')[self.base]}: {'; '.join(self.steps)})"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) < 120 else text[:117] + "…"


def _place(draw: st.DrawFn, doc: Any) -> Path:
    """A random place in a document, found by walking down from the root (a list of
    every place in a 200 kB document would take longer than the test)."""
    path: Path = ()
    value = doc
    while isinstance(value, dict | list) and value and draw(st.integers(0, 9)) < 8:
        keys = list(value) if isinstance(value, dict) else range(len(value))
        key = keys[draw(st.integers(0, len(keys) - 1))]
        path, value = (*path, key), value[key]
    return path


@st.composite
def documents(draw: st.DrawFn) -> Mutated:
    """A real scenario document changed one to four times."""
    base = draw(st.integers(0, 1))
    doc = json.loads(_texts()[base])  # a fresh copy, faster than deepcopy
    steps: list[str] = []
    for _ in range(draw(st.integers(1, 4))):
        path = _place(draw, doc)
        kind = draw(st.sampled_from(
            ["type", "type", "drop", "add", "number", "nest", "schema", "empty"]))  # fmt: skip
        if kind == "schema" and isinstance(doc, dict):
            doc["schema"] = copy.deepcopy(draw(st.sampled_from(SCHEMAS)))  # never shared
            steps.append(f"schema = {doc['schema']!r}")
            continue
        if kind == "nest":
            depth, shape = draw(st.sampled_from([50, 500, 900])), draw(st.sampled_from(
                ["list", "dict"]))  # fmt: skip
            new: Any = _nest(depth, shape)
        elif kind == "number":
            new = draw(st.sampled_from(ODD_NUMBERS))
        elif kind == "empty":
            # a new object each time: a sampled one would be shared, and changed, by the
            # later steps of other examples
            new = {"list": [], "object": {}, "text": "", "null": None}[
                draw(st.sampled_from(["list", "object", "text", "null"]))
            ]
        else:
            new = draw(json_values())
        shown = f"{depth} nested {shape}s" if kind == "nest" else _short(new)
        steps.append(f"{kind} at {list(path)}: {shown}")
        if not path:
            doc = new if kind in ("type", "nest", "empty") else doc
            continue
        parent = _get(doc, path[:-1])
        key = path[-1]
        if kind == "drop":
            del parent[key]
        elif kind == "add" and isinstance(parent, dict):
            parent[draw(st.text(max_size=12))] = new
        elif kind == "add" and isinstance(parent, list):
            parent.insert(key, new)  # type: ignore[arg-type]
        else:
            parent[key] = new
    return Mutated(doc, base, steps)


class FileBytes:
    """A file's bytes, reported as what was done to make them."""

    def __init__(self, data: bytes, what: str):
        self.data, self.what = data, what

    def __repr__(self) -> str:
        return f"FileBytes({self.what}; {len(self.data):,} bytes, starting {self.data[:60]!r})"


@st.composite
def document_bytes(draw: st.DrawFn) -> FileBytes:
    """A mutated document as the bytes of a file: JSON with NaN and Infinity tokens,
    sometimes cut short, with a BOM, in UTF-16 or Windows-1252, or nested very deep."""
    mutated = draw(documents())
    text = json.dumps(mutated.doc, indent=draw(st.sampled_from([None, 1])))
    what = repr(mutated)
    kind = draw(st.integers(0, 9))
    if kind == 0:
        text = text[: (cut := draw(st.integers(0, len(text))))]
        what += f"; cut at {cut}"
    elif kind == 1 and "1" in text:  # a number longer than Python reads
        text = text.replace("1", "1" * draw(st.sampled_from([400, 5000])), 1)
        what += "; a long number"
    elif kind == 2:
        depth = draw(st.sampled_from([1000, 100_000, 1_000_000]))
        text = "[" * depth + "]" * depth if draw(st.booleans()) else '{"a":' * depth + "1"
        what = f"nested {depth} deep"
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "utf-16", "cp1252"]))
    return FileBytes(text.encode(encoding, errors="replace"), f"{what}; {encoding}")
