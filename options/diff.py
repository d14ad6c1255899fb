"""What changed between two versions of a scenario, field by field.

:func:`diff_scenarios` compares the canonical schema-2 documents of two scenarios
(:func:`~options.scenario_dump.scenario_to_dict`), so whatever a scenario file holds
is compared, keys added to the schema later included: the sections it knows
(cost lines, risks, concerns, weights, options, settings, what-ifs, workforce,
devices) are matched item by item, and any other key is walked generically, so
nothing is silently missed. It is pure: no files, no appraisal; the words and the
effect on the results are :mod:`report.diff`'s.

Items are matched by identity, not by position: a cost line by (option, line,
category), a risk by (option, name), a concern by id, an option by id (a renamed
option is a changed name, not one removed and one added), a what-if by name, and
records of a list added later (assumptions, decisions) by the first of ``id``,
``name``, ``title``, ``type``, ``assumption`` or ``decision`` that identifies every
record once. A changed cost line is reported once, with its old and new totals
and the years whose amounts changed.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from options.json_diff import (
    ADDED,
    CHANGED,
    REMOVED,
    Change,
    Names,
    canon,
    keyed,
    keys,
    matched,
    per_key,
    pick,
    records,
    section_changes,
    walk,
    whole,
)
from options.model import Scenario
from options.scenario_dump import scenario_to_dict

__all__ = ["ADDED", "CHANGED", "REMOVED", "SECTIONS", "Change", "diff_documents", "diff_scenarios"]

#: Sections in the order a diff lists them.
SECTIONS = (
    "costs",
    "risks",
    "concerns",
    "weights",
    "options",
    "settings",
    "what_ifs",
    "workforce",
    "devices",
    "assumptions",
    "decisions",
    "parameters",
    "other",
)
#: Top-level keys that describe the scenario as a whole (section "settings", item "Scenario").
SCENARIO_KEYS = (
    "schema", "name", "description", "source", "base_year", "price_base", "discounting",
    "carbon_values", "carbon_series", "carbon_scale", "energy", "uncertainty", "deflator",
)  # fmt: skip
#: A cost line's fields other than its amounts (one value for the whole line).
LINE_FIELDS = (
    "basis", "low", "high", "module", "notes", "source", "optimism_bias", "driver",
    "health", "price_year",
)  # fmt: skip


def diff_scenarios(old: Scenario, new: Scenario) -> tuple[Change, ...]:
    """Every input that differs between ``old`` and ``new``, in section order, then by item.

    What the scenario file does not hold is not compared (a what-if's internal scales,
    the notes of loading). A scenario with an unpriced schema-1 money weight raises
    ValueError, as :func:`~options.scenario_dump.scenario_to_dict` does: settle it first.

    >>> from dataclasses import replace
    >>> from options.examples import load_example
    >>> s = load_example()
    >>> diff_scenarios(s, s)
    ()
    >>> [(c.section, c.field, c.old, c.new) for c in diff_scenarios(s, replace(s, base_year=2008))]
    [('settings', 'base_year', 2007, 2008)]
    """
    return diff_documents(scenario_to_dict(old), scenario_to_dict(new))


def diff_documents(old: Mapping[str, Any], new: Mapping[str, Any]) -> tuple[Change, ...]:
    """:func:`diff_scenarios` on two scenario documents (a missing key counts as empty)."""
    names = {**_option_names(old), **_option_names(new)}
    out: list[Change] = []
    for key in keys(old, new):
        a, b = old.get(key), new.get(key)
        if a == b:
            continue
        handler = _HANDLERS.get(key)
        if handler is not None:
            out += handler(a, b, names)
        elif key in SCENARIO_KEYS:
            out += walk("settings", "Scenario", key, a, b)
        else:
            section = key if key in SECTIONS else "other"
            out += section_changes(section, key, a, b)
    rank = {s: i for i, s in enumerate(SECTIONS)}
    return tuple(sorted(out, key=lambda c: (rank[c.section], c.item.casefold())))


# -------------------------------------------------------------------- the sections


def _costs(old: Any, new: Any, names: Names) -> list[Change]:
    """Cost lines matched by (option, line, category): one change per line that differs."""
    a, b = _lines(old or []), _lines(new or [])
    out: list[Change] = []
    for k in keys(a, b):
        if a.get(k) == b.get(k):
            continue
        label = f"{names.get(k[0], k[0])}: {k[1]}"
        if _categories(k, a, b) > 1:  # the same name in two categories: say which
            label += f" ({k[2]})"
        out += _line_changes(label, k, a.get(k), b.get(k))
    return out


def _lines(rows: Iterable[Mapping[str, Any]]) -> dict[tuple[str, str, str], list[Mapping]]:
    """A document's cost rows grouped by (option, line, category), in document order."""
    out: dict[tuple[str, str, str], list[Mapping]] = {}
    for r in rows:
        out.setdefault((r["option"], r["line"], r["category"]), []).append(r)
    return out


def _categories(k: tuple[str, str, str], *docs: Mapping[tuple[str, str, str], Any]) -> int:
    """How many categories the line name ``k[1]`` of option ``k[0]`` has across versions."""
    return len({c for d in docs for (o, line, c) in d if (o, line) == k[:2]})


def _line_changes(
    label: str, k: tuple[str, str, str], old: list[Mapping] | None, new: list[Mapping] | None
) -> list[Change]:
    """A cost line added, removed, or changed: its amounts once, then its other fields."""
    a, b = _by_year(old or []), _by_year(new or [])
    years = tuple(
        (y, _total(a.get(y)), _total(b.get(y))) for y in sorted({*a, *b}) if a.get(y) != b.get(y)
    )
    total_a = None if old is None else sum(r["amount"] for r in old)
    total_b = None if new is None else sum(r["amount"] for r in new)
    kind = ADDED if old is None else REMOVED if new is None else CHANGED
    head = Change("costs", kind, label, "amount", total_a, total_b, k, k[0], years)
    if kind != CHANGED:
        return [head]
    out = [head] if years else []
    for f in LINE_FIELDS:
        va, vb = _uniform(old or [], f), _uniform(new or [], f)
        if va != vb:
            out.append(Change("costs", CHANGED, label, f, va, vb, k, k[0]))
    return out


def _by_year(rows: list[Mapping]) -> dict[int, tuple[float, ...]]:
    out: dict[int, tuple[float, ...]] = {}
    for r in rows:
        out[r["year"]] = (*out.get(r["year"], ()), r["amount"])
    return out


def _total(amounts: tuple[float, ...] | None) -> float | None:
    return None if amounts is None else sum(amounts)


def _uniform(rows: list[Mapping], f: str) -> Any:
    """A field's one value over a line's years, or {year: value} where the years differ."""
    values = {r["year"]: r.get(f) for r in rows}
    distinct = {json.dumps(v, sort_keys=True) for v in values.values()}
    if len(distinct) <= 1:
        return next(iter(values.values()), None)
    return values


def _risks(old: Any, new: Any, names: Names) -> list[Change]:
    """Risks matched by (option, name)."""

    def label(r: Mapping[str, Any]) -> str:
        return f"{names.get(r['option'], r['option'])}: {r['name']}"

    return matched("risks", old, new, lambda r: (r["option"], r["name"]), label)


def _concerns(old: Any, new: Any, names: Names) -> list[Change]:
    """Concerns matched by id: the weight under "weights", a score per option as "score:id"."""
    a, b = keyed(old or [], lambda c: (c["id"],)), keyed(new or [], lambda c: (c["id"],))
    out: list[Change] = []
    for k in keys(a, b):
        ca, cb = a.get(k), b.get(k)
        title = (cb or ca or {}).get("title", k[0])
        if ca is None or cb is None:
            out.append(whole("concerns", title, ca, cb, k))
            continue
        if ca["weight"] != cb["weight"]:
            out.append(Change("weights", CHANGED, title, "weight", ca["weight"], cb["weight"], k))
        out += per_key("concerns", title, "score", ca.get("scores"), cb.get("scores"), k, True)
        rest = [f for f in keys(ca, cb) if f not in ("weight", "scores")]
        out += walk("concerns", title, "", pick(ca, rest), pick(cb, rest), k)
    return out


def _options(old: Any, new: Any, names: Names) -> list[Change]:
    """Options matched by id; their devices and workforce in sections of their own, and
    their order (which breaks ties and picks the counterfactual) when it changes."""
    a, b = keyed(old or [], lambda o: (o["id"],)), keyed(new or [], lambda o: (o["id"],))
    out: list[Change] = []
    for k in keys(a, b):
        oa, ob = a.get(k), b.get(k)
        name = names.get(k[0], k[0])
        if oa is None or ob is None:
            out.append(whole("options", name, oa, ob, k, k[0]))
            continue
        plain = [f for f in keys(oa, ob) if f not in ("devices", "workforce")]
        out += walk("options", name, "", pick(oa, plain), pick(ob, plain), k, k[0])
        out += walk("workforce", name, "", oa.get("workforce"), ob.get("workforce"), k, k[0])
        dev_a, dev_b = oa.get("devices") or [], ob.get("devices") or []
        if dev_a != dev_b:
            out += records("devices", dev_a, dev_b, k, k[0], prefix=f"{name}: ")
    if [k for k in a if k in b] != [k for k in b if k in a]:  # order breaks ties: a change
        out.append(Change("options", CHANGED, "Options", "order", [*map(_id, a)], [*map(_id, b)]))
    return out


def _weight_sets(old: Any, new: Any, names: Names) -> list[Change]:
    """Stakeholders' weight sets matched by name: a weight per concern as "weight:id"."""
    a, b = old or {}, new or {}
    out: list[Change] = []
    for name in keys(a, b):
        sa, sb, item, k = a.get(name), b.get(name), f"Weight set: {name}", (name,)
        if sa is None or sb is None:
            out.append(whole("weights", item, sa, sb, k))
            continue
        out += per_key("weights", item, "weight", sa.get("weights"), sb.get("weights"), k)
        rest = [f for f in keys(sa, sb) if f != "weights"]
        out += walk("weights", item, "", pick(sa, rest), pick(sb, rest), k)
    return out


def _value_per_point(old: Any, new: Any, names: Names) -> list[Change]:
    return [Change("weights", CHANGED, "Concerns", "value_per_point", old, new)]


def _settings(old: Any, new: Any, names: Names) -> list[Change]:
    return walk("settings", "Settings", "", old, new)


def _what_ifs(old: Any, new: Any, names: Names) -> list[Change]:
    """What-ifs matched by name; their changes compared as a set (each added or removed)."""
    a, b = keyed(old or [], lambda w: (w["name"],)), keyed(new or [], lambda w: (w["name"],))
    out: list[Change] = []
    for k in keys(a, b):
        wa, wb = a.get(k), b.get(k)
        if wa is None or wb is None:
            out.append(whole("what_ifs", k[0], wa, wb, k))
            continue
        rest = [f for f in keys(wa, wb) if f != "changes"]
        out += walk("what_ifs", k[0], "", pick(wa, rest), pick(wb, rest), k)
        ca, cb = Counter(map(canon, wa["changes"])), Counter(map(canon, wb["changes"]))
        for c in (ca - cb).elements():
            out.append(whole("what_ifs", k[0], json.loads(c), None, k, f="change"))
        for c in (cb - ca).elements():
            out.append(whole("what_ifs", k[0], None, json.loads(c), k, f="change"))
    return out


Handler = Callable[[Any, Any, Names], list[Change]]
_HANDLERS: dict[str, Handler] = {
    "costs": _costs,
    "risks": _risks,
    "concerns": _concerns,
    "options": _options,
    "weight_sets": _weight_sets,
    "value_per_point": _value_per_point,
    "settings": _settings,
    "what_ifs": _what_ifs,
}


def _id(key: tuple[str, ...]) -> str:
    return key[0]


def _option_names(doc: Mapping[str, Any]) -> dict[str, str]:
    return {o["id"]: o.get("name") or o["id"] for o in doc.get("options") or []}
