"""The weight sets of a scenario document: stakeholders' own weights on the concerns.

``"weight_sets"`` (optional, schema 2; a schema-1 file has none) is an object keyed
by the set's name::

    "weight_sets": {
        "PCS union": {
            "weights": {"data-sovereignty": 30, "tupe-terms": 20, ...},
            "value_per_point": null,
            "rationale": "what this weighting stresses and why",
            "source": "who gave it, or that it is illustrative"
        }
    }

``weights`` names every concern of the scenario exactly once, each a swing weight of
0 or more, not all 0 (they are normalised to sum to one, as the concerns' own are:
DCLG (2009) *Multi-criteria analysis: a manual*, chapter 6). ``value_per_point`` is
optional: a £ price per concerns point of 0 or more for this set, or ``null`` for
none (the overall value is then NPSV); left out, the set uses the scenario's
``value_per_point``. ``rationale`` and ``source`` are optional text. A set cannot be
called "Current weights" (the label of the concerns' own weights beside the sets),
and two names may not differ only in case, spaces or punctuation.

Every problem is recorded at its JSON path (``weight_sets.PCS union.weights.lock-in``)
and the whole scenario is refused, so no set is ever half-read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from options.cost_rules import MAX_AMOUNT
from options.errors import Reason
from options.json_reader import _Reader
from options.model import CURRENT_WEIGHTS, WeightSet
from options.text import fold_words


def weight_sets(top: _Reader, concern_ids: Sequence[str], schema: object = 2) -> list[WeightSet]:
    """Every weight set, each naming every concern in ``concern_ids`` once (schema 2 only)."""
    raw = top.data.get("weight_sets")
    if raw is None:
        return []
    if schema == 1:
        top.bad("weight_sets", Reason.UNKNOWN_VALUE, 'weight_sets are schema 2\'s: write '
                '"schema": 2', None)  # fmt: skip
        return []
    if not isinstance(raw, Mapping):
        top.bad("weight_sets", Reason.WRONG_TYPE, "weight_sets should be an object keyed by "
                "the set's name, each {\"weights\": {concern id: weight}}")  # fmt: skip
        return []
    if raw and not concern_ids:
        top.bad("weight_sets", Reason.UNKNOWN_VALUE, "weight_sets: the scenario has no concerns "
                "to weight; add concerns or remove the weight sets", None)  # fmt: skip
        return []
    found, names = [], {fold_words(CURRENT_WEIGHTS): CURRENT_WEIGHTS}
    for name, value in raw.items():
        r = _Reader(top.out, value, f"weight_sets.{name}", ("weight_sets", name))
        _check_name(top, name, names)
        if not isinstance(value, Mapping):
            continue  # the reader said so; nothing more to read
        weights = _weights(r, concern_ids)
        found.append(
            WeightSet(
                name=str(name).strip(),
                weights=weights,
                value_per_point=r.number("value_per_point", None, low=0, high=MAX_AMOUNT),
                has_price="value_per_point" in r.data,
                rationale=r.text("rationale", ""),
                source=r.text("source", ""),
            )
        )
    return found


def _check_name(top: _Reader, name: str, names: dict[str, str]) -> None:
    """A set's name is not empty, not the current weights' label, and not another's."""
    same = names.setdefault(fold_words(name), name) if fold_words(name) else None
    if same is None:
        top.bad("weight_sets", Reason.EMPTY_TEXT, "weight_sets: a set's name is empty", name)
    elif same == CURRENT_WEIGHTS:
        top.bad("weight_sets", Reason.DUPLICATE_ID, f"weight_sets: '{name}' is the label of "
                "the concerns' own weights; call the set something else", name)  # fmt: skip
    elif same != name:
        top.bad("weight_sets", Reason.DUPLICATE_ID, f"weight_sets: '{name}' and '{same}' "
                "differ only in case or punctuation; give each set its own name", name)  # fmt: skip


def _weights(r: _Reader, concern_ids: Sequence[str]) -> tuple[tuple[str, float], ...]:
    """The set's weights in concern order; every concern named once, none unknown."""
    w = r.child("weights") if "weights" in r.data else None
    if w is None:
        r.bad("weights", Reason.MISSING_KEY, f"{r.where('weights')} is required: an object "
              "of concern id: weight", None)  # fmt: skip
        return ()
    got = {}
    for cid in w.data:
        if cid not in concern_ids:
            w.bad(cid, Reason.UNKNOWN_VALUE, f"{w.where(cid)}: no concern '{cid}'; concerns: "
                  f"{', '.join(concern_ids)}")  # fmt: skip
        else:
            got[cid] = w.number(cid, low=0, reason=Reason.NEGATIVE_WEIGHT)
    missing = [c for c in concern_ids if c not in w.data]
    if missing:
        r.bad("weights", Reason.MISSING_KEY, f"{r.where('weights')}: set '{r.keys[-1]}' gives "
              f"no weight for {', '.join(missing)}; name every concern", None)  # fmt: skip
    values = [v for v in got.values() if isinstance(v, float)]
    if len(values) == len(concern_ids) and min(values) >= 0 and sum(values) == 0:
        r.bad("weights", Reason.ZERO_WEIGHTS, f"{r.where('weights')}: the weights add up to "
              "zero; give at least one concern a positive weight", None)  # fmt: skip
    return tuple((c, got[c]) for c in concern_ids if isinstance(got.get(c), float))
