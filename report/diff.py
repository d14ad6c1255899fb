"""Two versions of a scenario compared: what changed, and what that did to the results.

:func:`diff_frame` is the table of every changed input (raw old and new values,
and a ``shown`` column that formats them), :func:`effect` what the changes did to
each option's NPSV, concerns score and rank and to the preferred option, and
:func:`diff_sentence` both in one sentence a board can read:

    v7 raised Join Flex's transition cost by £0.4m and lowered the weight on 'Data
    sovereignty' from 30 to 20; Join Flex is now preferred overall, in place of Keep
    in-house (v6).

The changes come from :func:`options.diff.diff_scenarios`; the results from
:func:`appraisal.appraise.appraise` of each version. :func:`diff_json` is the
command line's ``--format json``: raw numbers, never formatted text.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd

from appraisal.discounting import discount_factors
from appraisal.results import OptionResult, Preferred, Results
from options.diff import Change
from report.diff_words import amount, field_words, phrase, short_names, shown

FRAME_COLUMNS = ("section", "item", "field", "change", "old", "new", "difference", "shown")


@dataclass(frozen=True, slots=True)
class OptionEffect:
    """One option's figures in both versions (None where the option is not in one)."""

    id: str
    name: str
    npsv_old: float | None
    npsv_new: float | None
    score_old: float | None  # MCDA score, 0-100
    score_new: float | None
    overall_old: float | None  # £: NPSV + value per point × score (NPSV with no price)
    overall_new: float | None
    rank_old: int | None
    rank_new: int | None

    @property
    def npsv_change(self) -> float | None:
        """NPSV new less old (£); None unless the option is in both versions."""
        if self.npsv_old is None or self.npsv_new is None:
            return None
        return self.npsv_new - self.npsv_old


@dataclass(frozen=True, slots=True)
class Effect:
    """What the changes did to the results: per option, and to the preferred option.

    ``lead_old`` and ``lead_new`` are how far the overall leader is ahead of the
    runner-up on the ranking's measure (overall value, which is NPSV when no price
    is set for a concerns point), £; None with a single option.
    """

    options: tuple[OptionEffect, ...]
    preferred_old: Preferred
    preferred_new: Preferred
    lead_old: float | None
    lead_new: float | None
    priced_old: bool  # a value per concerns point was set (overall ≠ NPSV)
    priced_new: bool

    @property
    def flipped(self) -> bool:
        """Whether the option preferred overall differs between the versions."""
        return self.preferred_old.overall != self.preferred_new.overall

    def name(self, option_id: str) -> str:
        return next((o.name for o in self.options if o.id == option_id), option_id)

    def frame(self) -> pd.DataFrame:
        """One row per option: NPSV old, new and change, MCDA score and rank old and new."""
        rows = [{**asdict(o), "npsv_change": o.npsv_change} for o in self.options]
        return pd.DataFrame(rows).set_index("id", drop=False)


def effect(old_results: Results, new_results: Results) -> Effect:
    """NPSV, score and rank of every option in either version, and the preferred options.

    Options are listed in the new version's order, then those the new version dropped.
    """
    old = {o.id: o for o in old_results.options}
    new = {o.id: o for o in new_results.options}
    rows = []
    for oid in [*new, *(k for k in old if k not in new)]:
        a, b = old.get(oid), new.get(oid)
        name = b.name if b is not None else old[oid].name
        npsv, score = _pair(a, b, "npsv"), _pair(a, b, "mcda_score")
        overall, rank = _pair(a, b, "overall_value"), _pair(a, b, "rank")
        rows.append(OptionEffect(oid, name, *npsv, *score, *overall, *rank))
    return Effect(
        tuple(rows),
        old_results.preferred,
        new_results.preferred,
        _lead(old_results),
        _lead(new_results),
        old_results.value_per_point is not None,
        new_results.value_per_point is not None,
    )


def _pair(a: OptionResult | None, b: OptionResult | None, attr: str) -> tuple[Any, Any]:
    """An option's ``attr`` in the old and the new version (None where it is absent)."""
    return (None if a is None else getattr(a, attr)), (None if b is None else getattr(b, attr))


def _lead(results: Results) -> float | None:
    """The overall leader's overall value less the runner-up's (ranks 1 and 2), £."""
    ranked = sorted(results.options, key=lambda o: o.rank)
    if len(ranked) < 2:
        return None
    return ranked[0].overall_value - ranked[1].overall_value


def names_of(*results: Results) -> dict[str, str]:
    """Option ids to names and concern ids to titles, the later results' winning (an option
    id that is also a concern id names the option)."""
    out: dict[str, str] = {}
    for r in results:
        if not r.concerns.empty:
            out.update(zip(r.concerns["concern"], r.concerns["title"], strict=True))
        out.update({o.id: o.name for o in r.options})
    return out


# ---------------------------------------------------------------------------- table


def diff_frame(changes: Sequence[Change], names: Mapping[str, str]) -> pd.DataFrame:
    """Every change as a row: section, item, field (in words, ids as ``names``), change
    (added / removed / changed), raw ``old`` and ``new``, the numeric ``difference``,
    and ``shown``: the values formatted (£, %) with the years a cost line changed in.
    """
    rows = [
        {
            "section": c.section,
            "item": c.item,
            "field": field_words(c.field, names),
            "change": c.kind,
            "old": c.old,
            "new": c.new,
            "difference": c.delta,
            "shown": _shown(c),
        }
        for c in changes
    ]
    return pd.DataFrame(rows, columns=list(FRAME_COLUMNS))


def _shown(c: Change) -> str:
    """``£4.0m → £4.3m (+£0.3m: 2009 +£0.1m, 2011 +£0.2m)``; a record's gist when whole."""
    if c.kind == "added":
        return f"added: {shown(c, c.new)}"
    if c.kind == "removed":
        return f"removed: {shown(c, c.old)}"
    text = f"{shown(c, c.old)} → {shown(c, c.new)}"
    if c.years and c.delta is not None:
        years = ", ".join(f"{y} {_signed(b, a)}" for y, a, b in c.years[:3])
        more = f" and {len(c.years) - 3} more years" if len(c.years) > 3 else ""
        text += f" ({_signed(c.delta, 0.0)}: {years}{more})"
    return text


def _signed(new: float | None, old: float | None) -> str:
    d = (new or 0.0) - (old or 0.0)
    return ("+" if d >= 0 else "−") + amount(abs(d))


# ------------------------------------------------------------------------- sentence


def importance(changes: Sequence[Change], results: Results) -> list[Change]:
    """The changes, most important first: money, then weights, then the rest.

    Money is a cost line's amount, ranked by the present value of its change (the
    years' differences discounted with ``results``' schedule from its base year,
    a rough size that needs no appraisal), then by its total; weights by how far
    they moved; the rest keep the diff's order. Deterministic: ties keep it too.
    """

    def key(i_c: tuple[int, Change]) -> tuple[int, float, float, int]:
        i, c = i_c
        if c.section == "costs" and c.field == "amount":
            return 0, -abs(_pv_change(c, results)), -abs(c.delta or 0.0), i
        if c.section == "weights":
            return 1, -abs(c.delta or 0.0), 0.0, i
        return 2, 0.0, 0.0, i

    return [c for _, c in sorted(enumerate(changes), key=key)]


def _pv_change(c: Change, results: Results) -> float:
    """The present value of a cost line's change in amounts, £ (as entered, undeflated)."""
    if not c.years:
        return 0.0
    years = np.array([y for y, _, _ in c.years]) - results.base_year
    deltas = np.array([(b or 0.0) - (a or 0.0) for _, a, b in c.years])
    return float(deltas @ discount_factors(np.clip(years, 0, None), results.discounting))


def changes_clause(changes: Sequence[Change], names: Mapping[str, str], results: Results) -> str:
    """The two or three most important changes in words, and how many others.

    Three changes or fewer are all named; with more, the two most important and
    "N other changes".
    """
    if not changes:
        return "changed no input"
    ranked = importance(changes, results)
    named = ranked if len(ranked) <= 3 else ranked[:2]
    parts = [phrase(c, names) for c in named]
    if len(ranked) > 3:
        parts.append(f"{len(ranked) - 2} other changes")
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def effect_clause(e: Effect, old_label: str = "v6", names: Mapping[str, str] | None = None) -> str:
    """What happened to the preferred option: now preferred (in place of the old version's),
    or still preferred, and how its lead moved; options named as ``names`` says, if given."""

    def name(option_id: str) -> str:
        return (names or {}).get(option_id) or e.name(option_id)

    new = name(e.preferred_new.overall)
    if e.flipped:
        old = name(e.preferred_old.overall)
        text = f"{new} is now preferred overall, in place of {old} ({old_label})"
    else:
        text = f"{new} is still preferred overall{_lead_words(e, old_label)}"
    npsv_new, overall_new = e.preferred_new.npsv, e.preferred_new.overall
    if e.preferred_old.npsv != npsv_new and npsv_new != overall_new:
        text += f"; on NPSV alone {name(npsv_new)} now leads"
    return text


def _lead_words(e: Effect, old_label: str) -> str:
    """``; its NPSV lead narrowed from £1.6m in v6 to £0.9m`` (or widened, or is still)."""
    if e.lead_old is None or e.lead_new is None:
        return ""
    what = "lead in overall value" if e.priced_new else "NPSV lead"
    if e.priced_old != e.priced_new:
        return f"; its {what} is now {amount(e.lead_new)}"
    old, new = amount(e.lead_old), amount(e.lead_new)
    if old == new:
        return f"; its {what} is still {new}"
    verb = "widened" if e.lead_new > e.lead_old else "narrowed"
    return f"; its {what} {verb} from {old} in {old_label} to {new}"


def diff_sentence(
    changes: Sequence[Change],
    old_results: Results,
    new_results: Results,
    old_label: str = "v6",
    new_label: str = "v7",
) -> str:
    """The diff in one sentence: the main changes, then what they did to the preferred option.

    For example "v7 raised Join Flex's transition cost by £0.4m and lowered the weight
    on 'Data sovereignty' from 30 to 20; Join Flex is now preferred overall, in place
    of Keep in-house (v6)" or "…; Keep in-house is still preferred overall; its NPSV
    lead narrowed from £1.6m in v6 to £0.9m".
    """
    names = short_names(names_of(old_results, new_results))
    what = changes_clause(changes, names, new_results)
    if not changes:
        what += f" from {old_label}"
    e = effect(old_results, new_results)
    return f"{new_label} {what}; {effect_clause(e, old_label, names)}."


# ----------------------------------------------------------------------------- JSON


def diff_json(changes: Sequence[Change], e: Effect) -> dict[str, Any]:
    """The diff as JSON: each change with raw old and new values, and the effect.

    Numbers stay numbers (nan and inf become null); a cost line's per-year detail is
    a list of {"year", "old", "new"}.
    """
    return {
        "changes": [
            {
                "section": c.section,
                "kind": c.kind,
                "item": c.item,
                "field": c.field,
                "old": _json(c.old),
                "new": _json(c.new),
                "difference": _json(c.delta),
                "key": list(c.key),
                "option": c.option,
                "years": [{"year": y, "old": _json(a), "new": _json(b)} for y, a, b in c.years],
            }
            for c in changes
        ],
        "effect": {
            "options": [
                {**_json(asdict(o)), "npsv_change": _json(o.npsv_change)} for o in e.options
            ],
            "preferred": {"old": asdict(e.preferred_old), "new": asdict(e.preferred_new)},
            "flipped": e.flipped,
            "lead": {"old": _json(e.lead_old), "new": _json(e.lead_new)},
        },
    }


def _json(value: Any) -> Any:
    """``value`` with non-finite floats as None, tuples as lists, recursively."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    return value
