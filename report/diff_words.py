"""One change between two versions of a scenario, in words and as a table cell.

:func:`phrase` says what a :class:`~options.diff.Change` did as a clause that
follows the version's label ("v7 raised Join Flex's transition cost by £0.4m");
:func:`shown` writes an old or new value for a table (money in £, probabilities
in %, records summarised). Raw values stay in the Change: only these functions
format them.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping
from typing import Any, TypeGuard

from options.diff import Change
from options.text import fold_words
from report.formatting import money, money_m, number, percent

#: What a cost line of each category is called in a sentence.
CATEGORY_WORDS = {
    "capex": "capital cost",
    "opex": "running cost",
    "transition": "transition cost",
    "exit": "exit cost",
    "benefit": "benefit",
    "residual": "residual value",
}
#: Fields (the last part of a path) whose values are £.
MONEY_FIELDS = frozenset(
    {"amount", "likely", "premium", "value_per_point", "salary", "per_transferee",
     "per_person", "cost_per_fte", "ni_threshold", "tupe_costs", "redundancy_pay"}
)  # fmt: skip
#: Fields whose values are shares, shown as percentages.
SHARE_FIELDS = frozenset(
    {"probability", "ob_mitigation", "confidence", "residual_share", "ni_rate",
     "pension_rate", "pension_passback_rate", "discounting", "correlation"}
)  # fmt: skip
#: Fields in words (the rest are written as they are spelled, underscores as spaces).
FIELD_WORDS = {
    "ob_mitigation": "optimism-bias mitigation",
    "ob_evidence": "optimism-bias evidence",
    "project_type": "project type",
    "likely": "most likely impact",
    "low": "low estimate",
    "high": "high estimate",
    "value_per_point": "value of a concerns point",
    "risk_probability_multiplier": "risk probability multiplier",
    "base_year": "base year",
    "price_base": "price base",
}
LONG = 60  # characters of text shown before "…"


def amount(value: float) -> str:
    """£ in millions from £100,000, else in whole pounds.

    >>> amount(400_000), amount(-1_234_567), amount(25_000)
    ('£0.4m', '−£1.2m', '£25,000')
    """
    return money_m(value) if abs(value) >= 100_000 else money(value)


def field_words(field: str, names: Mapping[str, str] | None = None) -> str:
    """A field as a reader says it: ``score:flex`` → ``score: Join Flex``.

    >>> field_words("ob_mitigation"), field_words("score:flex", {"flex": "Join Flex"})
    ('optimism-bias mitigation', 'score: Join Flex')
    """
    head, _, ref = field.partition(":")
    if ref:
        return f"{head}: {(names or {}).get(ref, ref)}"
    last = head.rsplit(".", 1)[-1]
    if last in FIELD_WORDS:
        return head[: len(head) - len(last)].replace(".", " ") + FIELD_WORDS[last]
    return head.replace("_", " ").replace(".", " ")


def shown(change: Change, value: Any) -> str:
    """``value`` (an old or new value of ``change``) as a table shows it.

    >>> c = Change("risks", "changed", "Flex: Delay", "probability", 0.3, 0.5)
    >>> shown(c, c.old), shown(c, None)
    ('30%', '—')
    """
    return _value(change.section, change.field, value)


def _value(section: str, field: str, value: Any) -> str:
    """A raw value in words: £, %, a plain number, yes/no, text or a record's gist."""
    last = field.rsplit(".", 1)[-1].split(":", 1)[0]
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        if _is_year(last) and float(value).is_integer():
            return str(int(value))
        if last in MONEY_FIELDS or (section == "risks" and last in ("low", "high")):
            return amount(value)
        if last in SHARE_FIELDS:
            return percent(value, 1).replace(".0%", "%")
        return _plain(value)
    if isinstance(value, dict):
        return _record(section, value)
    if isinstance(value, list | tuple):
        return _short(", ".join(_value(section, field, v) for v in value))
    return _short(str(value)) if value != "" else "—"


def _is_year(field: str) -> bool:
    """Whether a field holds calendar years (never shown with a thousands separator).

    >>> _is_year("first_year"), _is_year("years"), _is_year("hours_per_year")
    (True, True, False)
    """
    return field in ("years", "price_base") or (
        field.endswith("year") and not field.endswith("per_year")
    )


def _plain(value: float) -> str:
    """A number without needless decimals.

    >>> _plain(30.0), _plain(12.25), _plain(0.0125), _plain(2_500_000)
    ('30', '12.25', '0.0125', '2,500,000')
    """
    if not math.isfinite(value):
        return "—"
    if float(value).is_integer():
        return number(value, 0)
    return number(value, 2) if abs(value) >= 1 else f"{value:.3g}"


def _short(text: str) -> str:
    return text if len(text) <= LONG else text[: LONG - 1] + "…"


def _record(section: str, record: Mapping[str, Any]) -> str:
    """A whole record's gist: its numbers, short texts and list lengths, not its name (the
    item says it), sources or notes.

    >>> _record("risks", {"name": "Delay", "probability": 0.3, "low": 1e5, "source": "S2"})
    'probability 30%, low £0.1m'
    >>> _record("what_ifs", {"name": "Low price", "rationale": "…", "changes": [{}, {}]})
    '2 changes'
    >>> _record("risks", {"years": [2008, 2009], "hours_per_year": 1760.0})
    'years 2008, 2009, hours per year 1,760'
    """
    skip = {"source", "rationale", "notes", "evidence", "description", "option", "id", "name",
            "title"}  # fmt: skip
    parts = [
        _count(len(v), k) if _is_records(v) else f"{k.replace('_', ' ')} {_value(section, k, v)}"
        for k, v in record.items()
        if k not in skip and isinstance(v, int | float | str | list) and v not in ("", [])
    ]
    return _short(", ".join(parts)) or "—"


def _is_records(value: Any) -> TypeGuard[list[dict[str, Any]]]:
    return isinstance(value, list) and any(isinstance(v, dict) for v in value)


def _count(n: int, noun: str) -> str:
    """``1 change``, ``2 changes``."""
    return f"{n} {noun.removesuffix('s') if n == 1 else noun}"


# ------------------------------------------------------------------------- sentences


def phrase(change: Change, names: Mapping[str, str]) -> str:
    """What ``change`` did, as a clause after the version's label.

    ``names`` maps option ids to names and concern ids to titles.

    >>> names = {"flex": "Join Flex", "data": "Data sovereignty"}
    >>> phrase(Change("costs", "changed", "Join Flex: Transition", "amount", 1.0e6, 1.4e6,
    ...     ("flex", "Transition", "transition"), "flex"), names)
    "raised Join Flex's transition cost by £0.4m"
    >>> phrase(Change("weights", "changed", "Data sovereignty", "weight", 30, 20, ("data",)),
    ...     names)
    "lowered the weight on 'Data sovereignty' from 30 to 20"
    """
    words = _SECTION_PHRASES.get(change.section, _generic)(change, names)
    return words or _generic(change, names)


def _cost(c: Change, names: Mapping[str, str]) -> str:
    option, line, category = (*c.key, "", "", "")[:3]
    noun = CATEGORY_WORDS.get(category, category)
    what = noun if fold_words(line) in (fold_words(noun), fold_words(category)) else (
        f"{noun} '{line}'")  # fmt: skip
    whose = f"{possessive(names.get(option, option))} {what}"
    if c.field != "amount":
        return f"{_verb(c)} the {field_words(c.field)} of {whose}{_from_to(c)}"
    if c.kind == "added":
        return f"added {whose} ({amount(c.new)} in total)"
    if c.kind == "removed":
        return f"removed {whose} ({amount(c.old)} in total)"
    if c.delta == 0:
        return f"moved {whose} between years"
    return f"{_verb(c)} {whose} by {amount(abs(c.delta or 0.0))}"


def _risk(c: Change, names: Mapping[str, str]) -> str:
    option = c.option or ""
    name = c.key[-1] if c.key else c.item
    whose = f"{possessive(names.get(option, option))} risk '{name}'"
    if c.kind in ("added", "removed") and not c.field:
        return f"{c.kind} {whose}"
    return f"{_verb(c)} the {field_words(c.field)} of {whose}{_from_to(c)}"


def _weight(c: Change, names: Mapping[str, str]) -> str:
    if c.field == "weight":
        return f"{_verb(c)} the weight on '{_title(c, names)}'{_from_to(c)}"
    if c.field.startswith("weight:"):
        concern = c.field.split(":", 1)[1]
        group = c.item.removeprefix("Weight set: ")
        return f"{_verb(c)} the {group} weight on '{names.get(concern, concern)}'{_from_to(c)}"
    if c.field == "value_per_point":
        return f"{_verb(c)} the value of a concerns point{_from_to(c)}"
    return ""


def _concern(c: Change, names: Mapping[str, str]) -> str:
    if c.kind in ("added", "removed") and not c.field:
        return f"{c.kind} the concern '{_title(c, names)}'"
    if c.field.startswith("score:") and c.option:
        option = possessive(names.get(c.option, c.option))
        return f"{_verb(c)} {option} score on '{_title(c, names)}'{_from_to(c)}"
    return ""


def _title(c: Change, names: Mapping[str, str]) -> str:
    """A concern's title as ``names`` gives it (by its id), else the diff's label."""
    return names.get(c.key[0], c.item) if c.key else c.item


def _option(c: Change, names: Mapping[str, str]) -> str:
    if c.kind in ("added", "removed") and not c.field:
        return f"{c.kind} the option '{c.item}'"
    if c.field == "name":
        return f"renamed '{c.old}' to '{c.new}'"
    if c.field == "order":
        return "reordered the options"
    return ""


def _generic(c: Change, names: Mapping[str, str]) -> str:
    """Any other change: ``raised the seed from 1 to 7``, ``changed the salary of Flex…``."""
    field = field_words(c.field, names)
    if not field:
        return f"{c.kind} '{c.item}'"
    whose = "" if c.item in ("Scenario", "Settings") else f" of {c.item}"
    if c.kind in ("added", "removed"):
        return f"{c.kind} the {field}{whose}"
    return f"{_verb(c)} the {field}{whose}{_from_to(c)}"


def _parameters(c: Change, names: Mapping[str, str]) -> str:
    """A vintage change: ``re-appraised with the Green Book parameters green-book-2003
    instead of green-book-2022``.

    >>> _parameters(Change("parameters", "changed", "Parameters", "parameters",
    ...                    "green-book-2022", "green-book-2003"), {})
    're-appraised with the Green Book parameters green-book-2003 instead of green-book-2022'
    """
    if c.field != "parameters" or c.kind != "changed":
        return ""
    return f"re-appraised with the Green Book parameters {c.new} instead of {c.old}"


_SECTION_PHRASES = {
    "parameters": _parameters,
    "costs": _cost,
    "risks": _risk,
    "weights": _weight,
    "concerns": _concern,
    "options": _option,
}


def short_names(names: Mapping[str, str]) -> dict[str, str]:
    """Names without a trailing parenthesis, for sentences, where that stays unambiguous.

    >>> short_names({"a": "Keep in-house (BAU)", "b": "Flex (Fujitsu)", "c": "Flex (Capita)"})
    {'a': 'Keep in-house', 'b': 'Flex (Fujitsu)', 'c': 'Flex (Capita)'}
    """
    cut = {k: re.sub(r"\s*\([^()]*\)$", "", v).strip() or v for k, v in names.items()}
    count = Counter([*cut.values(), *(v for k, v in names.items() if cut[k] != v)])
    return {k: cut[k] if count[cut[k]] == 1 else names[k] for k in names}


def possessive(name: str) -> str:
    """``Join Flex's``; ``Operations'``.

    >>> possessive("Join Flex"), possessive("Operations")
    ("Join Flex's", "Operations'")
    """
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def _verb(c: Change) -> str:
    """``raised`` or ``lowered`` for a number that moved, ``set`` from nothing, else ``changed``."""
    if c.old is None and c.new is not None:
        return "set"
    if c.new is None and c.old is not None:
        return "removed"
    delta = c.delta
    if delta is None or delta == 0:
        return "changed"
    return "raised" if delta > 0 else "lowered"


def _from_to(c: Change) -> str:
    """`` from 30 to 20`` for short values, `` to 20`` from nothing, else nothing."""
    old, new = shown(c, c.old), shown(c, c.new)
    if len(old) + len(new) > LONG or isinstance(c.old, dict) or isinstance(c.new, dict):
        return ""
    if c.old is None:
        return f" to {new}"
    if c.new is None:
        return f" (was {old})"
    return f" from {old} to {new}"
