"""The what-ifs of a scenario document: named departures from the central case.

``"what_ifs": [{"name", "rationale", "changes": [...]}]``, each change one of
``{"input": ID, "multiply": x}``, ``{"input": ID, "value": v}``,
``{"line": {"option", "line", "category"}, "set": {"2009": 1000000}}``,
``{"add": <cost line>}`` or ``{"remove": {"option", "line", "category"}}``. Each is
read here and checked against the scenario it departs from
(:func:`options.inputs.problem_of`), so an unknown input, option, line or concern
is refused at its JSON path and nothing is half-applied later.
"""

from __future__ import annotations

from typing import Any

from options.errors import Reason
from options.inputs import problem_of
from options.json_costs import cost_line
from options.json_reader import _Reader, _year_map
from options.model import Category, Change, LineKey, Scenario, WhatIf
from options.text import fold_words

_KINDS = ("input", "line", "add", "remove")


def _line_key(r: _Reader, key: str) -> LineKey | None:
    sub = r.child(key)
    option, line, category = sub.text("option"), sub.text("line"), sub.enum("category", Category)
    return None if None in (option, line, category) else (option, line, category)


def _change(r: _Reader, ids: set[str], base: int | None) -> Change | None:
    given = [k for k in _KINDS if k in r.data]
    if len(given) != 1:
        r.bad("input", Reason.MISSING_KEY, f"{r.path}: give exactly one of input, line, add or "
              f"remove (found {', '.join(given) or 'none'})", None)  # fmt: skip
        return None
    kind = given[0]
    if kind == "input":
        value = r.data.get("value")
        return Change(
            input=r.text("input"),
            multiply=r.number("multiply", None, low=0),
            value=float(value) if isinstance(value, int | float) and not isinstance(value, bool)
            else value,
            has_value="value" in r.data,
        )  # fmt: skip
    if kind == "line":
        amounts = r.get("set", _year_map, what="an object of year: amount")
        line = _line_key(r, "line")
        return None if line is None or amounts is None else Change(line=line, set=amounts)
    if kind == "add":
        added = cost_line(r.child("add"), ids, base)
        return None if added is None else Change(add=added)
    line = _line_key(r, "remove")
    return None if line is None else Change(remove=line)


def what_ifs(top: _Reader, ids: set[str], base: int | None) -> list[WhatIf]:
    """Every what-if, each change read (not yet checked against the scenario)."""
    found, names = [], set()
    for r in top.items("what_ifs"):
        name = r.text("name")
        if isinstance(name, str) and fold_words(name) in names:
            r.bad(
                "name", Reason.DUPLICATE_ID, f"{r.where('name')}: what-if '{name}' is given twice"
            )
        names.add(fold_words(name or ""))
        changes = [_change(c, ids, base) for c in r.items("changes", required=True)]
        found.append(WhatIf(name or "", r.text("rationale", ""), tuple(c for c in changes if c)))
    return found


def check_what_ifs(top: _Reader, s: Scenario) -> None:
    """Every change names inputs, options, lines and concerns the scenario has."""
    raw: Any = top.data.get("what_ifs") or []
    for i, w in enumerate(s.what_ifs):
        readers = [_Reader(top.out, c, f"what_ifs[{i}].changes[{j}]", ("what_ifs", i, "changes", j))
                   for j, c in enumerate(raw[i].get("changes") or [])]  # fmt: skip
        for r, change in zip(readers, w.changes, strict=False):
            if (problem := problem_of(s, change)) is not None:
                key, message = problem
                r.bad(key, Reason.UNKNOWN_VALUE, f"{r.where(key)}: {message}")
