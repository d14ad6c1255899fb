"""The generic diff of two JSON values, and :class:`Change`, one difference found.

:mod:`options.diff` matches the sections of a scenario it knows (cost lines,
risks, concerns…) and hands everything else here: dicts are compared key by key,
lists of records are matched by an identity key (the first of :data:`IDENTITIES`
that every record has, once per list; else by position), and any other value
(a number, a text, a list of years) is compared whole. So a key that the schema
gains later is still diffed, field by field, rather than silently missed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

ADDED, REMOVED, CHANGED = "added", "removed", "changed"
#: Keys that identify a record in a list of records, in order of preference.
IDENTITIES = ("id", "name", "title", "type", "assumption", "decision")

YearDetail = tuple[tuple[int, float | None, float | None], ...]
Names = Mapping[str, str]


@dataclass(frozen=True, slots=True)
class Change:
    """One input that differs between two versions of a scenario.

    ``old`` and ``new`` are raw values as the scenario file writes them (numbers stay
    numbers; a whole added or removed record is its dict), ``None`` when absent.
    For a cost line's ``"amount"`` they are the line's totals over its years (£, as
    entered) and ``years`` gives (year, old, new) for every year whose amount differs.
    ``key`` identifies the item (a cost line: option id, line, category; a risk:
    option id, name; a concern: its id) and ``option`` is the option id it belongs
    to, if any. Frozen; hashable when ``old`` and ``new`` are (not a whole record).
    """

    section: str
    kind: str  # "added" | "removed" | "changed"
    item: str  # a label a reader knows: "Join Flex: Transition", a concern's title
    field: str  # "amount", "probability", "weight", "score:flex", "energy.source", "" (whole)
    old: Any = None
    new: Any = None
    key: tuple[str, ...] = ()
    option: str | None = None
    years: YearDetail = ()

    @property
    def delta(self) -> float | None:
        """``new - old`` for numbers (an absent side counts 0); None for anything else.

        >>> Change("costs", "changed", "Flex: Fee", "amount", 1.5e6, 1.9e6).delta
        400000.0
        >>> Change("risks", "added", "Flex: Delay", "", None, {"name": "Delay"}).delta is None
        True
        """
        if not all(_is_number(v) or v is None for v in (self.old, self.new)):
            return None
        if self.old is None and self.new is None:
            return None
        return float(self.new or 0.0) - float(self.old or 0.0)


def section_changes(section: str, key: str, old: Any, new: Any) -> list[Change]:
    """A top-level key no handler knows: records matched by identity, else walked.

    >>> [(c.kind, c.item, c.field, c.old, c.new) for c in section_changes("assumptions",
    ...     "assumptions", [{"id": "A1", "value": 3.5}], [{"id": "A1", "value": 3.0}])]
    [('changed', 'A1', 'value', 3.5, 3.0)]
    >>> [(c.section, c.item, c.field, c.new) for c in section_changes("other", "colour",
    ...     {"theme": "dark"}, {"theme": "light"})]
    [('other', 'Colour', 'theme', 'light')]
    """
    if is_records(old) and is_records(new):
        return records(section, old or [], new or [], (), None)
    title = key.replace("_", " ").capitalize()
    inside = isinstance(old, dict) and isinstance(new, dict)  # fields named within the key
    return walk(section, title, "" if inside else key, old, new)


def records(
    section: str, old: list, new: list, key: tuple[str, ...], option: str | None, prefix: str = ""
) -> list[Change]:
    """Two lists of records matched by their identity key (else by :func:`pairs`), then
    walked."""
    name = identity(old, new)
    if name is not None:
        return matched(
            section, old, new, lambda r: (str(r[name]),), lambda r: prefix + str(r[name]), key,
            option,
        )  # fmt: skip
    out: list[Change] = []
    for i, j in pairs(old, new):
        ra = None if i is None else old[i]
        rb = None if j is None else new[j]
        at = j if j is not None else i
        assert at is not None
        item, k = prefix + _position_label(rb if rb is not None else ra, at), (*key, str(at))
        if ra is None or rb is None:
            out.append(whole(section, item, ra, rb, k, option))
        else:
            out += walk(section, item, "", ra, rb, k, option)
    return out


def pairs(old: list, new: list) -> list[tuple[int | None, int | None]]:
    """Records without an identity paired up: equal records first, then records with the
    same label (their first identity-like text) in order, then the rest in order; what
    is left over was removed (old) or added (new). Records that only moved pair up unchanged.

    >>> pairs([{"type": "PC", "n": 500}, {"type": "PC", "n": 2}, {"type": "TC", "n": 4}],
    ...       [{"type": "PC", "n": 2}, {"type": "TC", "n": 5}])
    [(0, None), (1, 0), (2, 1)]
    """
    free = list(range(len(new)))
    match: dict[int, int] = {}
    for same in (lambda a, b: a == b, lambda a, b: _label(a) == _label(b), lambda a, b: True):
        for i, r in enumerate(old):
            j = None if i in match else next((j for j in free if same(r, new[j])), None)
            if j is not None:
                match[i] = j
                free.remove(j)
    out: list[tuple[int | None, int | None]] = [(i, match.get(i)) for i in range(len(old))]
    return out + [(None, j) for j in free]


def _position_label(record: Mapping[str, Any] | None, i: int) -> str:
    """A record matched by position: its first identity-like text, and its place.

    >>> _position_label({"type": "thin client", "count": 10}, 2), _position_label({}, 0)
    ('thin client (#3)', '#1')
    """
    text = _label(record or {})
    return f"#{i + 1}" if text is None else f"{text} (#{i + 1})"


def _label(record: Mapping[str, Any]) -> str | None:
    """A record's first identity-like text (its type, name…), if it has one."""
    return next((record[k] for k in IDENTITIES if isinstance(record.get(k), str)), None)


def matched(
    section: str,
    old: Any,
    new: Any,
    ident: Callable[[Mapping[str, Any]], tuple[str, ...]],
    label: Callable[[Mapping[str, Any]], str],
    key: tuple[str, ...] = (),
    option: str | None = None,
) -> list[Change]:
    """Records matched by ``ident``: whole ones added or removed, matched ones walked."""
    a, b = keyed(old or [], ident), keyed(new or [], ident)
    out: list[Change] = []
    for k in keys(a, b):
        ra, rb = a.get(k), b.get(k)
        rec = rb if rb is not None else ra
        assert rec is not None
        opt = option if option is not None else rec.get("option")
        if ra is None or rb is None:
            out.append(whole(section, label(rec), ra, rb, (*key, *k), opt))
        else:
            out += walk(section, label(rec), "", ra, rb, (*key, *k), opt)
    return out


def walk(
    section: str,
    item: str,
    path: str,
    old: Any,
    new: Any,
    key: tuple[str, ...] = (),
    option: str | None = None,
) -> list[Change]:
    """Changes between two JSON values: dicts key by key, records by identity, else whole.

    A list of numbers or texts is one value; a key present on one side only is
    added or removed; a key present on both is changed (even from or to null).
    """
    if old == new:
        return []
    if isinstance(old, dict) and isinstance(new, dict):
        out: list[Change] = []
        for k in keys(old, new):
            sub = f"{path}.{k}" if path else str(k)
            if k not in old or k not in new:
                kind = kind_of(k in old, k in new)
                out.append(Change(section, kind, item, sub, old.get(k), new.get(k), key, option))
            else:
                out += walk(section, item, sub, old[k], new[k], key, option)
        return out
    if isinstance(old, list) and isinstance(new, list) and is_records(old) and is_records(new):
        return records(section, old, new, key, option, prefix=f"{item}: {path}: ")
    return [Change(section, CHANGED, item, path, old, new, key, option)]


def per_key(
    section: str,
    item: str,
    prefix: str,
    old: Mapping[str, Any] | None,
    new: Mapping[str, Any] | None,
    key: tuple[str, ...],
    by_option: bool = False,
) -> list[Change]:
    """One change per key of two flat mappings whose value differs, as "prefix:key".

    With ``by_option`` the keys are option ids (a concern's scores), kept in ``option``.

    >>> [(c.field, c.old, c.new) for c in per_key("weights", "Board", "weight",
    ...     {"pay": 30, "jobs": 10}, {"pay": 20, "jobs": 10}, ("Board",))]
    [('weight:pay', 30, 20)]
    """
    a, b = old or {}, new or {}
    out = []
    for k in keys(a, b):
        if a.get(k) != b.get(k) or (k in a) != (k in b):
            kind, option = kind_of(k in a, k in b), k if by_option else None
            out.append(
                Change(section, kind, item, f"{prefix}:{k}", a.get(k), b.get(k), key, option)
            )
    return out


# -------------------------------------------------------------------- small helpers


def whole(
    section: str,
    item: str,
    old: Any,
    new: Any,
    key: tuple[str, ...] = (),
    option: str | None = None,
    f: str = "",
) -> Change:
    """A whole record (or key) added when ``old`` is None, else removed."""
    return Change(section, ADDED if old is None else REMOVED, item, f, old, new, key, option)


def kind_of(in_old: bool, in_new: bool) -> str:
    """Changed when both sides have it, else added or removed."""
    return CHANGED if in_old and in_new else ADDED if in_new else REMOVED


def keys(a: Iterable[Any], b: Iterable[Any]) -> list[Any]:
    """The keys of ``a`` in order, then those only in ``b``."""
    seen = dict.fromkeys(a)
    return [*seen, *(k for k in b if k not in seen)]


def keyed(
    rows: Iterable[Mapping[str, Any]], ident: Callable[[Mapping[str, Any]], tuple[str, ...]]
) -> dict[tuple[str, ...], Mapping[str, Any]]:
    """Records by identity; a repeated identity gets "#2", "#3"… so none is lost."""
    out: dict[tuple[str, ...], Mapping[str, Any]] = {}
    for r in rows:
        k, n = ident(r), 1
        while k in out:
            n += 1
            k = (*ident(r)[:-1], f"{ident(r)[-1]} #{n}")
        out[k] = r
    return out


def identity(*lists: list) -> str | None:
    """The first of :data:`IDENTITIES` that every record has, once per list."""
    for name in IDENTITIES:
        values = [[r.get(name) for r in rows] for rows in lists]
        if all(isinstance(v, str | int) for vs in values for v in vs) and all(
            len(set(vs)) == len(vs) for vs in values
        ):
            return name
    return None


def is_records(value: Any) -> bool:
    """A list whose items are all dicts (an empty list or None counts too)."""
    return value is None or (isinstance(value, list) and all(isinstance(v, dict) for v in value))


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def pick(record: Mapping[str, Any], fields: list[str]) -> dict[str, Any]:
    """The ``fields`` of ``record`` that it has."""
    return {f: record[f] for f in fields if f in record}


def canon(value: Any) -> str:
    """A JSON value as text that two equal values share (keys sorted)."""
    return json.dumps(value, sort_keys=True)
