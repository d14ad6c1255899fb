"""Typed access to a parsed JSON document, recording problems instead of raising.

A :class:`_Reader` wraps one JSON object at its path (``costs[3]``): each typed
getter parses one key, and on a missing key, a wrong type or a value out of
range records a problem located by its JSON path and goes on, so that one pass
finds every problem. The ``_text``, ``_number``, ``_year_map`` … parsers turn one
JSON value into a Python one, raising TypeError or ValueError with the reason.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from options.errors import Collector, Reason
from options.model import TextEnum

T = TypeVar("T")
E = TypeVar("E", bound=TextEnum)
_MISSING = object()


class _Reader:
    """Typed access to one JSON object, recording problems instead of raising."""

    def __init__(self, out: Collector, data: Any, path: str, keys: tuple[str | int, ...] = ()):
        self.out, self.path, self.keys = out, path, keys
        self.data: Mapping[str, Any] = data if isinstance(data, Mapping) else {}
        if not isinstance(data, Mapping):
            out.add(
                Reason.WRONG_TYPE,
                f"{path or 'the file'} should be a JSON object",
                column=path or None,
                value=_show(data),
                path=keys,
            )

    def child(self, key: str) -> _Reader:
        """The object at ``key`` (an empty one, with a problem, if it is not an object)."""
        return _Reader(self.out, self.data.get(key), self.where(key), (*self.keys, key))

    def where(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def bad(self, key: str, reason: Reason, message: str, value: Any = _MISSING) -> None:
        shown = _show(self.data.get(key) if value is _MISSING else value)
        self.out.add(reason, message, column=self.where(key), value=shown, path=(*self.keys, key))

    def get(
        self,
        key: str,
        parse: Callable[[Any], T],
        default: Any = _MISSING,
        what: str = "a value",
        reason: Reason = Reason.WRONG_TYPE,
    ) -> Any:
        raw = self.data.get(key, _MISSING)
        if raw is _MISSING or (raw is None and default is not _MISSING):
            if default is _MISSING:
                self.bad(key, Reason.MISSING_KEY, f"{self.where(key)} is required", None)
                return None
            return default
        try:
            return parse(raw)
        except (TypeError, ValueError) as exc:
            self.bad(key, reason, f"{self.where(key)} should be {what}: {exc}")
            return None

    def text(self, key: str, default: Any = _MISSING) -> Any:
        value = self.get(key, _text, default, "text")
        if value == "" and default is _MISSING:
            self.bad(key, Reason.EMPTY_TEXT, f"{self.where(key)} must not be empty")
        return value

    def number(
        self,
        key: str,
        default: Any = _MISSING,
        *,
        low: float | None = None,
        high: float | None = None,
        reason: Reason = Reason.OUT_OF_RANGE,
    ) -> Any:
        value = self.get(key, _number, default, "a number")
        if isinstance(value, float) and not _within(value, low, high):
            self.bad(key, reason, f"{self.where(key)} must be {_range_text(low, high)}")
        return value

    def integer(
        self, key: str, default: Any = _MISSING, *, low: int | None = None, high: int | None = None
    ) -> Any:
        value = self.get(key, _integer, default, "a whole number")
        if isinstance(value, int) and not _within(value, low, high):
            self.bad(
                key, Reason.OUT_OF_RANGE, f"{self.where(key)} must be {_range_text(low, high)}"
            )
        return value

    def enum(self, key: str, kind: type[E], default: Any = _MISSING) -> Any:
        value = self.get(key, kind.from_text, default, "one of " + ", ".join(kind.values()))
        return value

    def items(self, key: str, *, required: bool = False) -> list[_Reader]:
        raw = self.data.get(key, _MISSING)
        if raw is _MISSING or raw is None:
            if required:
                self.bad(key, Reason.MISSING_KEY, f"{self.where(key)} is required", None)
            return []
        if not isinstance(raw, list):
            self.bad(key, Reason.WRONG_TYPE, f"{self.where(key)} should be a list")
            return []
        return [
            _Reader(self.out, item, f"{self.where(key)}[{i}]", (*self.keys, key, i))
            for i, item in enumerate(raw)
        ]


def _show(value: Any) -> str | None:
    """A value as a problem quotes it, at most 80 characters (a whole number of thousands
    of digits, or a deep nest, is described rather than written out).

    >>> _show(10**5000), _show([[[1]]]), _show("abc")
    ('a whole number of about 5,001 digits', '[[[1]]]', 'abc')
    """
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 256:
        return f"a whole number of about {int(value.bit_length() * math.log10(2)) + 1:,} digits"
    try:
        text = value if isinstance(value, str) else json.dumps(value, default=str)
    except (ValueError, RecursionError):
        text = _kind(value)
    return text if len(text) <= 80 else text[:77] + "…"


def _within(value: float, low: float | None, high: float | None) -> bool:
    return (low is None or value >= low) and (high is None or value <= high)


def _range_text(low: float | None, high: float | None) -> str:
    if low is not None and high is not None:
        return f"between {low:g} and {high:g}"
    return f"at least {low:g}" if low is not None else f"at most {high:g}"


def _text(raw: Any) -> str:
    if not isinstance(raw, str):
        raise TypeError(f"got {_kind(raw)}")
    return raw.strip()


def _number(raw: Any) -> float:
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise TypeError(f"got {_kind(raw)}")
    try:
        value = float(raw)
    except OverflowError:  # a whole number of more than 308 digits
        raise ValueError("too large a number") from None
    if not math.isfinite(value):
        raise ValueError("not a finite number")
    return value


def _kind(raw: Any) -> str:
    """What a JSON value is, in words: ``text 'abc'``, ``true``, ``a list``."""
    if isinstance(raw, str):
        return f"text {raw[:40]!r}"
    if isinstance(raw, bool) or raw is None:
        return json.dumps(raw)
    if isinstance(raw, dict):
        return "an object"
    return "a list" if isinstance(raw, list) else type(raw).__name__


def _integer(raw: Any) -> int:
    value = _number(raw)
    if value != int(value):
        raise ValueError("not a whole number")
    return int(value)


def _year_map(raw: Any) -> tuple[tuple[int, float], ...]:
    if not isinstance(raw, Mapping):
        raise TypeError("expected an object of year: value")
    pairs = {}
    for year, value in raw.items():
        try:
            pairs[int(str(year).strip())] = _number(value)
        except ValueError as exc:
            raise ValueError(f"year {year!r}: {exc}") from None
    return tuple(sorted(pairs.items()))


def _text_map(raw: Any) -> tuple[tuple[str, str], ...]:
    if not isinstance(raw, Mapping):
        raise TypeError("expected an object of option id: text")
    return tuple(sorted((str(k), _text(v)) for k, v in raw.items()))


def _texts(raw: Any) -> tuple[str, ...]:
    """A list of texts (module names, cost-line names)."""
    if not isinstance(raw, list):
        raise TypeError("expected a list of names")
    return tuple(_text(m) for m in raw)


def _year_span(raw: Any) -> tuple[int, int]:
    """``[first, last]``: two whole years, first no later than last."""
    if not isinstance(raw, list) or len(raw) != 2:
        raise TypeError("expected [first, last], two whole years")
    first, last = (_integer(y) for y in raw)
    if first > last:
        raise ValueError(f"the first year {first} is after the last {last}")
    return first, last


def _boolean(raw: Any) -> bool:
    if not isinstance(raw, bool):
        raise TypeError(f"got {_kind(raw)}")
    return raw


def _years(raw: Any) -> tuple[int, ...]:
    if not isinstance(raw, list) or not raw:
        raise TypeError("expected a non-empty list of years")
    return tuple(_integer(y) for y in raw)


def _year_like_scores(raw: Any) -> tuple[tuple[str, float], ...]:
    if not isinstance(raw, Mapping):
        raise TypeError("expected an object of option id: score")
    return tuple(sorted((str(k), _number(v)) for k, v in raw.items()))
