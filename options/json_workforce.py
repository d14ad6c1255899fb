"""Each option's ``workforce``: the staff in scope, who transfer, and what stays paid.

An option may give ``"workforce"`` (every key but ``in_scope`` and ``years`` optional;
money in £ real, in ``price_year``'s prices, the price base when absent)::

    "workforce": {
      "in_scope": 50,                      # FTE = transferring + redundant + redeployed + retained
      "in_scope_range": {"low": 40, "high": 60},       # optional: uncertain staff in scope
      "transferring": 50,                  # most likely FTE transferring under TUPE
      "transferring_range": {"low": 40, "high": 60},   # optional: uncertain headcount
      "redundant": 0, "redeployed": 0, "retained": 0,
      "salary": 28000,                     # average £ a year
      "price_year": 2008,
      "ni_rate": 0.091, "ni_threshold": 5435,   # employer NI on pay above the threshold
      "pension_rate": 0.195,               # employer pension contribution, rate of pay
      "fair_deal": "old-1999",             # or "new-2013" (the default)
      "pension_passback_rate": 0.0,        # optional; see appraisal.workforce
      "pay_protection": {"per_transferee": 0, "years": 0},
      "redundancy_pay": {"per_person": 20000, "year": 2008},
      "tupe_costs": {"amount": 200000, "year": 2008},
      "client_function": {"fte": 4, "cost_per_fte": 59224},   # or "salary": 45000
      "years": [2008, 2017],               # first and last year of the service
      "second_generation_year": 2014,      # optional: when the next transfer may fall
      "risk_probabilities": {"employee_liability_information": 0.05,
                             "inform_and_consult": 0.05, "objection": 0.1,
                             "second_generation": 0.25},
      "source": "...",
      "why_cost_differs": ""               # why pay or on-costs differ from other options
    }

A range holds its most likely value (0 < low ≤ likely ≤ high); the transferring
range's high end must fit in the scope's high end (``in_scope_range``, else
``in_scope``) less the redundant and retained staff. Rates are fractions from 0 to 1.
The workforce's lines (``"workforce: staff"`` and the others,
:mod:`appraisal.workforce`) replace typed staff lines: an option with a workforce and
a cost line whose name starts ``"workforce:"`` is refused, and the typed staff lines
it replaces should be removed. An in-house or do-minimum option keeps its staff: it
transfers none. Every problem is recorded at its JSON path
(``options[2].workforce.transferring``) with the option's id, and the caller raises
one InputError.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from options.errors import Reason
from options.json_reader import _Reader, _year_span
from options.json_sections import check_year, with_option_key
from options.model import (
    NI_RATE,
    NI_THRESHOLD,
    PENSION_RATE,
    WORKFORCE_LINES,
    WORKFORCE_RISKS,
    CostLine,
    FairDeal,
    Option,
    OptionKind,
    Workforce,
)

PREFIX = "workforce:"  # the generated lines' names start with it
MAX_FTE = 1_000_000.0
MAX_MONEY = 1e12
IN_HOUSE = (OptionKind.IN_HOUSE, OptionKind.DO_MINIMUM)


def with_workforce(top: _Reader, options: list[Option], base: int | None) -> list[Option]:
    """The options with their ``workforce`` read (one Option per item of ``options``)."""

    def read(r: _Reader, o: Option) -> Option:
        before = len(top.out.problems)
        w = _workforce(r.child("workforce"), o, base)
        _name_option(top, before, o.id)
        return replace(o, workforce=w)

    return with_option_key(top, options, "workforce", read)


def _name_option(top: _Reader, before: int, oid: Any) -> None:
    """The problems recorded since ``before`` name the option as well as the path."""
    for k in range(before, len(top.out.problems)):
        p = top.out.problems[k]
        top.out.problems[k] = replace(p, message=f"option '{oid}': {p.message}")


def _money(r: _Reader, key: str, default: Any = 0.0) -> Any:
    return r.number(key, default, low=0, high=MAX_MONEY, reason=Reason.NEGATIVE_VALUE)


def _fte(r: _Reader, key: str, default: Any = 0.0) -> Any:
    return r.number(key, default, low=0, high=MAX_FTE, reason=Reason.NEGATIVE_VALUE)


def _rate(r: _Reader, key: str, default: Any) -> Any:
    return r.number(key, default, low=0, high=1)


def _workforce(r: _Reader, o: Option, base: int | None) -> Workforce | None:
    """One workforce, every problem recorded; None when it cannot be built."""
    before = len(r.out.problems)
    years = r.get("years", _year_span, what="[first, last], two whole years")
    for year in years or ():
        check_year(r, "years", year, base)
    heads = {k: _fte(r, k) for k in ("transferring", "redundant", "redeployed", "retained")}
    in_scope = _fte(r, "in_scope")
    span = _range(r, "transferring_range", "transferring", heads["transferring"])
    scope_span = _range(r, "in_scope_range", "in_scope", in_scope)
    _check_heads(r, o, in_scope, heads)
    _check_high_end(r, in_scope, scope_span, span, heads)
    pay = r.child("pay_protection") if r.data.get("pay_protection") is not None else None
    red = r.child("redundancy_pay") if r.data.get("redundancy_pay") is not None else None
    tupe = r.child("tupe_costs") if r.data.get("tupe_costs") is not None else None
    client = r.child("client_function") if r.data.get("client_function") is not None else None
    w = Workforce(
        in_scope=in_scope,
        years=years,
        in_scope_range=scope_span,
        transferring_range=span,
        **heads,
        salary=_money(r, "salary"),
        price_year=r.integer("price_year", None, low=1900, high=2200),
        ni_rate=_rate(r, "ni_rate", NI_RATE),
        ni_threshold=_money(r, "ni_threshold", NI_THRESHOLD),
        pension_rate=_rate(r, "pension_rate", PENSION_RATE),
        fair_deal=r.enum("fair_deal", FairDeal, FairDeal.NEW_2013),
        pension_passback_rate=_rate(r, "pension_passback_rate", None),
        pay_protection=_money(pay, "per_transferee") if pay else 0.0,
        pay_protection_years=pay.integer("years", 0, low=0, high=100) if pay else 0,
        redundancy_pay=_money(red, "per_person") if red else 0.0,
        redundancy_year=_year(red, "year", base) if red else None,
        tupe_costs=_money(tupe, "amount") if tupe else 0.0,
        tupe_year=_year(tupe, "year", base) if tupe else None,
        client_fte=_fte(client, "fte") if client else 0.0,
        client_salary=_money(client, "salary", None) if client else None,
        client_cost_per_fte=_money(client, "cost_per_fte", None) if client else None,
        second_generation_year=_year(r, "second_generation_year", base),
        risk_probabilities=_probabilities(r),
        source=r.text("source", ""),
        why_cost_differs=r.text("why_cost_differs", ""),
    )
    if client is not None and (w.client_salary is None) == (w.client_cost_per_fte is None):
        message = f"{client.path}: give salary (loaded at the workforce's rates) or "
        client.bad("salary", Reason.MISSING_KEY, message + "cost_per_fte (£ a year), one", None)
    return w if len(r.out.problems) == before else None


def _year(r: _Reader, key: str, base: int | None) -> Any:
    year = r.integer(key, None, low=1900, high=3200)
    check_year(r, key, year, base)
    return year


def _range(r: _Reader, key: str, of: str, likely: Any) -> tuple[float, float] | None:
    """A headcount range ``key`` (``transferring_range``, ``in_scope_range``):
    0 < low ≤ ``of`` ≤ high."""
    if r.data.get(key) is None:
        return None
    c = r.child(key)
    low, high = _fte(c, "low"), _fte(c, "high")
    if None in (low, high, likely):
        return None
    if not 0 < low <= likely <= high:
        c.bad("low", Reason.IMPACT_ORDER, f"{c.path}: the headcounts must satisfy 0 < low <= "
              f"{of} <= high, not {low:g} / {likely:g} / {high:g}")  # fmt: skip
        return None
    return low, high


def _check_high_end(
    r: _Reader,
    in_scope: Any,
    scope_span: tuple[float, float] | None,
    span: tuple[float, float] | None,
    heads: dict[str, Any],
) -> None:
    """The most that may transfer (``transferring_range`` high) are in scope at the
    scope's high end, less the redundant and retained staff."""
    if span is None or None in (in_scope, heads["redundant"], heads["retained"]):
        return
    top = (
        (in_scope if scope_span is None else scope_span[1]) - heads["redundant"] - heads["retained"]
    )
    if span[1] > top + 1e-9:
        scope = "in_scope" if scope_span is None else "in_scope_range high"
        r.bad("transferring_range", Reason.OUT_OF_RANGE, f"{r.where('transferring_range')}: "
              f"high {span[1]:g} transferring is more than the {top:g} who could ({scope} "
              f"less the redundant and retained); give in_scope_range a high of at least "
              f"{span[1] + heads['redundant'] + heads['retained']:g}")  # fmt: skip


def _check_heads(r: _Reader, o: Option, in_scope: Any, heads: dict[str, Any]) -> None:
    """The headcounts add up to ``in_scope``; an in-house option transfers none."""
    if None in (in_scope, *heads.values()):
        return
    if heads["transferring"] > in_scope:
        r.bad("transferring", Reason.OUT_OF_RANGE, f"{r.where('transferring')}: "
              f"{heads['transferring']:g} transferring is more than the {in_scope:g} in "
              "scope")  # fmt: skip
    elif abs(sum(heads.values()) - in_scope) > 1e-9 * max(in_scope, 1):
        parts = " + ".join(f"{k} {v:g}" for k, v in heads.items())
        r.bad("in_scope", Reason.OUT_OF_RANGE, f"{r.where('in_scope')}: {in_scope:g} in scope "
              f"is not {parts} = {sum(heads.values()):g}")  # fmt: skip
    if o.kind in IN_HOUSE and heads["transferring"] > 0:
        r.bad("transferring", Reason.OUT_OF_RANGE, f"{r.where('transferring')}: a "
              f"{o.kind.value} option keeps its staff; count them as retained")  # fmt: skip


def _probabilities(r: _Reader) -> tuple[tuple[str, float], ...]:
    """``risk_probabilities``: known risk names, each a probability from 0 to 1."""
    if r.data.get("risk_probabilities") is None:
        return ()
    c = r.child("risk_probabilities")
    known = [name for name, _ in WORKFORCE_RISKS]
    out = []
    for key in c.data:
        if key not in known:
            c.bad(key, Reason.UNKNOWN_VALUE, f"{c.where(key)}: not a workforce risk; "
                  f"use {', '.join(known)}", key)  # fmt: skip
            continue
        p = c.number(key, low=0, high=1, reason=Reason.PROBABILITY_OUT_OF_RANGE)
        if p is not None:
            out.append((key, p))
    return tuple(sorted(out))


def check_no_typed_lines(
    top: _Reader, options: Sequence[Option], lines: Sequence[CostLine]
) -> None:
    """No staff counted twice: an option with a workforce has no typed ``workforce:`` line."""
    owners = {o.id: i for i, o in enumerate(options) if o.workforce is not None}
    seen: set[tuple[str, str]] = set()
    for c in lines:
        if c.option in owners and c.line.strip().lower().startswith(PREFIX):
            if (c.option, c.line) in seen:
                continue
            seen.add((c.option, c.line))
            i = owners[c.option]
            top.out.add(
                Reason.DUPLICATE_ROW,
                f"option '{c.option}': options[{i}].workforce generates the '{PREFIX} …' "
                f"lines, so the typed cost line '{c.line}' would count its staff twice; "
                "remove the typed line (workforce inputs replace typed staff lines)",
                column=f"options[{i}].workforce",
                value=c.line,
                path=("options", i, "workforce"),
            )


def generated_names(options: Sequence[Option]) -> dict[str, tuple[str, ...]]:
    """The lines each option's workforce and devices may generate, by option id (a risk
    may name them): the ``"workforce: …"`` lines and one ``"energy: <type>"`` per device
    type."""
    out = {}
    for o in options:
        names = tuple(WORKFORCE_LINES.values()) if o.workforce is not None else ()
        names += tuple(dict.fromkeys(f"energy: {g.type}" for g in o.devices))
        if names:
            out[o.id] = names
    return out
