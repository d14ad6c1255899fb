"""Input IDs and changes: one grammar for what-ifs and sensitivity.

An input ID names one thing a user can vary:

- ``cost:<option|*>:<category>``: every amount of a category, one option or all;
- ``risk:<option>:<risk>:probability`` or ``…:impact``: one risk (named as in the
  register, matched ignoring case, spaces and punctuation);
- ``ob:<option>:mitigation``: an option's optimism-bias mitigation;
- ``carbon:<option|*>:tonnes``: the tonnes of CO2e a year of one option, or of all,
  multiplied only (a factor on every year of the profile; there is no one value to set);
- ``discounting``, ``carbon_values``, ``value_per_point``: ``carbon_values`` takes a
  value (low, central or high) or a multiplier on the values of the series, which
  scales every year's £ a tonne (``Scenario.carbon_scale``; e.g. × 1.5 for the
  published high values of the 2023 series, 150 % of central); ``discounting`` takes a
  value only;
- ``weight:<concern>`` and ``score:<concern>:<option>``;
- ``workforce:<option|*>:<field>``: ``transferring`` (FTE under TUPE; the rest of the
  scope is redeployed), ``in_scope`` (FTE), ``pension_rate`` (0–1) or ``client_fte``
  (the intelligent client), a value or a multiplier (:mod:`options.workforce_inputs`).

A change either multiplies an input or sets its value, or sets a line's amounts,
adds a cost line or removes a line. :func:`problem_of` says in words what is wrong
with a change for a scenario (an unknown input, option, line or concern, a value
out of range), and :func:`apply_what_if` applies every change or none.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from options.errors import InputError, Problem, Reason
from options.model import (
    DISCOUNT_SCHEDULES,
    CarbonValues,
    Category,
    Change,
    CostLine,
    LineKey,
    Option,
    Risk,
    Scenario,
    WhatIf,
)
from options.text import fold_words
from options.workforce_inputs import FIELDS, apply_workforce_change, change_problem, targets

KINDS = (
    "cost", "risk", "ob", "carbon", "discounting", "carbon_values", "value_per_point", "weight",
    "score", "workforce",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class InputId:
    """A parsed input ID (see the module docstring)."""

    kind: str
    option: str | None = None  # "*": every option
    category: Category | None = None
    risk: str | None = None
    part: str | None = None  # probability | impact | mitigation | tonnes
    concern: str | None = None


def parse_input(text: str) -> InputId:
    """An input ID's parts; ValueError naming what is wrong.

    >>> parse_input("cost:*:opex").category
    <Category.OPEX: 'opex'>
    >>> parse_input("risk:flex:Transition overrun: a note:probability").risk
    'Transition overrun: a note'
    >>> parse_input("score:data-sovereignty:flex").concern
    'data-sovereignty'
    >>> parse_input("carbon:*:tonnes")
    InputId(kind='carbon', option='*', category=None, risk=None, part='tonnes', concern=None)
    """
    parts = [p.strip() for p in str(text).split(":")]
    kind = parts[0]
    if kind == "risk" and len(parts) >= 4:  # a risk's name may itself hold a colon
        _, option, rest = str(text).split(":", 2)
        name, _, part = rest.rpartition(":")
        parts = [kind, option.strip(), name.strip(), part.strip()]
    if kind not in KINDS:
        raise ValueError(f"'{text}' is not an input; inputs start {', '.join(KINDS)}")
    if kind in ("discounting", "carbon_values", "value_per_point"):
        if len(parts) != 1:
            raise ValueError(f"'{text}': {kind} takes no parts")
        return InputId(kind)
    if kind == "cost" and len(parts) == 3:
        return InputId(kind, option=parts[1], category=Category.from_text(parts[2]))
    if kind == "risk" and len(parts) == 4 and parts[3] in ("probability", "impact"):
        return InputId(kind, option=parts[1], risk=parts[2], part=parts[3])
    if kind == "ob" and len(parts) == 3 and parts[2] == "mitigation":
        return InputId(kind, option=parts[1], part="mitigation")
    if kind == "carbon" and len(parts) == 3 and parts[2] == "tonnes":
        return InputId(kind, option=parts[1], part="tonnes")
    if kind == "workforce" and len(parts) == 3 and parts[2] in FIELDS:
        return InputId(kind, option=parts[1], part=parts[2])
    if kind == "weight" and len(parts) == 2:
        return InputId(kind, concern=parts[1])
    if kind == "score" and len(parts) == 3:
        return InputId(kind, concern=parts[1], option=parts[2])
    forms = {
        "cost": "cost:<option or *>:<category>",
        "risk": "risk:<option>:<risk>:probability or impact",
        "ob": "ob:<option>:mitigation",
        "carbon": "carbon:<option or *>:tonnes",
        "workforce": f"workforce:<option>:<{' or '.join(FIELDS)}>",
        "weight": "weight:<concern>",
        "score": "score:<concern>:<option>",
    }
    raise ValueError(f"'{text}' is not a {kind} input; write {forms[kind]}")


def _risk(s: Scenario, option: str | None, name: str | None) -> int:
    key = fold_words(name or "")
    for i, r in enumerate(s.risks):
        if r.option == option and fold_words(r.name) == key:
            return i
    names = ", ".join(f"'{r.name}'" for r in s.risks if r.option == option) or "none"
    raise ValueError(f"option '{option}' has no risk '{name}'; its risks: {names}")


def _known(s: Scenario, iid: InputId) -> None:
    """ValueError when the input names an option, risk or concern the scenario lacks."""
    if iid.option not in (None, "*") and iid.option not in s.option_ids:
        raise ValueError(f"no option '{iid.option}'; options: {', '.join(s.option_ids)}")
    if iid.kind == "risk":
        _risk(s, iid.option, iid.risk)
    if iid.concern is not None and iid.concern not in {c.id for c in s.concerns}:
        known = ", ".join(c.id for c in s.concerns) or "none"
        raise ValueError(f"no concern '{iid.concern}'; concerns: {known}")
    if iid.kind == "ob" and s.option(iid.option or "").project_type is None:
        raise ValueError(f"option '{iid.option}' has no optimism-bias project type")
    if iid.kind == "carbon" and not any(
        o.carbon_tco2e or o.devices for o in s.options if iid.option in ("*", o.id)
    ):
        which = "no option" if iid.option == "*" else f"option '{iid.option}'"
        raise ValueError(f"{which} has tonnes of CO2e (carbon_tco2e or devices) to scale")
    if iid.kind == "workforce" and not targets(s.options, iid.option or ""):
        which = "no option" if iid.option == "*" else f"option '{iid.option}'"
        raise ValueError(f"{which} has no workforce inputs")


def _workforce_problem(s: Scenario, iid: InputId, change: Change) -> tuple[str, str] | None:
    """(key, message) when a workforce change asks for a value outside its bounds."""
    value = float(change.value) if isinstance(change.value, int | float) else -1.0
    message = change_problem(s.options, iid.option or "", iid.part or "", change.multiply, value)
    if message is None:
        return None
    return ("multiply" if change.multiply is not None else "value"), message


def _value_problem(iid: InputId, value: float | str | None) -> str | None:
    """Why ``value`` cannot be the input's value, or None."""
    number = float(value) if isinstance(value, int | float) else None
    if iid.kind == "discounting":
        ok = value in DISCOUNT_SCHEDULES or (number is not None and 0 <= number <= 1)
        return None if ok else f"use {', '.join(DISCOUNT_SCHEDULES)} or a rate such as 0.05"
    if iid.kind == "carbon_values":
        return None if value in CarbonValues.values() else "use low, central or high (or multiply)"
    if iid.kind == "value_per_point":
        ok = value is None or (number is not None and number >= 0)
        return None if ok else "use £0 or more, or null"
    if iid.kind == "carbon":
        return "carbon:<option>:tonnes takes multiply (a factor on every year's tonnes), not value"
    bounds = {"probability": (0, 1), "mitigation": (0, 1), "weight": (0, None), "score": (0, 100)}
    key = iid.part if iid.part in bounds else iid.kind
    if key not in bounds:
        return f"{iid.kind} inputs take multiply, not value"
    low, high = bounds[key]
    if number is None or number < low or (high is not None and number > high):
        return f"a {key} runs from {low} to {high}" if high is not None else f"use {low} or more"
    return None


def problem_of(s: Scenario, change: Change) -> tuple[str, str] | None:
    """(key, message) of what is wrong with ``change`` for ``s``, or None."""
    if change.input is not None:
        try:
            iid = parse_input(change.input)
            _known(s, iid)
        except (ValueError, KeyError) as exc:
            return "input", str(exc)
        if iid.kind == "workforce" and (change.multiply is not None or change.has_value):
            return _workforce_problem(s, iid, change)
        if change.multiply is not None:
            if change.multiply < 0:
                return "multiply", "a multiplier is 0 or more"
            if iid.kind == "discounting":
                return (
                    "multiply",
                    "discounting takes a value (a schedule or rate), not a multiplier",
                )
            if iid.kind == "value_per_point" and s.value_per_point is None:
                return "multiply", "no value per concerns point is set to multiply"
            return None
        if not change.has_value:
            return "input", "give multiply or value"
        problem = _value_problem(iid, change.value)
        return None if problem is None else ("value", problem)
    for key, line in (("line", change.line), ("remove", change.remove)):
        if line is not None and not any((c.option, c.line, c.category) == line for c in s.costs):
            return key, f"option '{line[0]}' has no {line[2].value} line '{line[1]}'"
    if change.add is not None:
        a = change.add
        if a.option not in s.option_ids:
            return "add", f"no option '{a.option}'; options: {', '.join(s.option_ids)}"
        if s.option(a.option).workforce is not None and fold_words(a.line).startswith("workforce"):
            return "add", (f"option '{a.option}' has workforce inputs, which give its "
                           "'workforce: …' lines: change the workforce instead")  # fmt: skip
        if any((c.option, c.line, c.category, c.year) == (a.option, a.line, a.category, a.year)
               for c in s.costs):  # fmt: skip
            return "add", f"line '{a.line}' of '{a.option}' already has a {a.year} amount: use set"
    return None


def _scaled_risk(r: Risk, part: str, multiply: float | None, value: float | None) -> Risk:
    if part == "probability":
        p = min(1.0, r.probability * multiply) if multiply is not None else float(value or 0.0)
        return replace(r, probability=p)
    k = multiply if multiply is not None else 1.0
    return replace(r, low=r.low * k, likely=r.likely * k, high=r.high * k, premium=r.premium * k)


def apply_input(s: Scenario, iid: InputId, change: Change) -> Scenario:
    """The scenario with one input multiplied or set (the change checked already).

    A cost, a risk's impact or a carbon profile is scaled where it stands; a multiplier on
    ``carbon_values`` scales the values of the series (``carbon_scale``), the named
    values (low, central, high) being set by value.
    """
    k, v = change.multiply, change.value
    if iid.kind == "cost":

        def hit(c: CostLine) -> bool:
            return c.category is iid.category and iid.option in ("*", c.option)

        costs = tuple(replace(c, amount=c.amount * (k or 1.0)) if hit(c) else c for c in s.costs)
        cat = iid.category.value if iid.category else ""
        options = tuple(_scaled_generated(o, cat, k or 1.0) if iid.option in ("*", o.id) else o
                        for o in s.options)  # fmt: skip
        return replace(s, costs=costs, options=options)
    if iid.kind == "risk":
        i = _risk(s, iid.option, iid.risk)
        risks = list(s.risks)
        risks[i] = _scaled_risk(risks[i], iid.part or "", k, v if isinstance(v, float) else None)
        return replace(s, risks=tuple(risks))
    if iid.kind == "ob":

        def mitigated(m: float) -> float:
            return min(1.0, m * k) if k is not None else float(v)  # type: ignore[arg-type]

        options = tuple(replace(o, ob_mitigation=mitigated(o.ob_mitigation))
                        if o.id == iid.option else o for o in s.options)  # fmt: skip
        return replace(s, options=options)
    if iid.kind == "discounting":
        return replace(s, discounting=v if isinstance(v, str) else float(v))  # type: ignore[arg-type]
    if iid.kind == "workforce":
        value = float(v) if isinstance(v, int | float) else 0.0
        return replace(s, options=apply_workforce_change(s.options, iid.option or "",
                                                         iid.part or "", k, value))  # fmt: skip
    if iid.kind == "carbon":
        return replace(s, options=tuple(_scaled_carbon(o, k) if iid.option in ("*", o.id) else o
                                        for o in s.options))  # fmt: skip
    if iid.kind == "carbon_values" and k is not None:
        return replace(s, carbon_scale=s.carbon_scale * k)
    if iid.kind == "carbon_values":
        return replace(s, carbon_values=CarbonValues.from_text(v))
    if iid.kind == "value_per_point":
        lam = (s.value_per_point or 0.0) * k if k is not None else v
        return replace(s, value_per_point=None if lam is None else float(lam))
    concerns = []
    for c in s.concerns:
        if c.id == iid.concern and iid.kind == "weight":
            c = replace(c, weight=c.weight * k if k is not None else float(v))  # type: ignore[arg-type]
        elif c.id == iid.concern:
            c = replace(c, scores=tuple((o, _score(x, k, v) if o == iid.option else x)
                                        for o, x in c.scores))  # fmt: skip
        concerns.append(c)
    return replace(s, concerns=tuple(concerns))


def _scaled_carbon(o: Option, k: float | None) -> Option:
    """Typed tonnes and the tonnes its devices will give, both × k."""
    return replace(
        o,
        carbon_tco2e=tuple((y, t * (k or 1.0)) for y, t in o.carbon_tco2e),
        device_tonnes_scale=o.device_tonnes_scale * (k or 1.0),
    )


def _scaled_generated(o: Option, category: str, k: float) -> Option:
    """The option with the lines the engine generates in ``category`` (energy) × k."""
    scales = dict(o.generated_scale)
    scales[category] = scales.get(category, 1.0) * k
    return replace(o, generated_scale=tuple(sorted(scales.items())))


def _score(x: float, k: float | None, v: object) -> float:
    got = x * k if k is not None else float(v)  # type: ignore[arg-type]
    if got > 100:
        raise ValueError(f"the score would be {got:g}, above 100")
    return got


def _set_line(s: Scenario, line: LineKey, amounts: tuple[tuple[int, float], ...]) -> Scenario:
    def on_line(c: CostLine) -> bool:
        return (c.option, c.line, c.category) == line

    rows = [c for c in s.costs if on_line(c)]
    years = dict(amounts)
    kept = tuple(
        replace(c, amount=years.pop(c.year)) if on_line(c) and c.year in years else c
        for c in s.costs
    )
    added = tuple(replace(rows[0], year=y, amount=a) for y, a in sorted(years.items()))
    return replace(s, costs=kept + added)


def apply_change(s: Scenario, change: Change) -> Scenario:
    """The scenario with one change made; ValueError naming what is wrong."""
    if (problem := problem_of(s, change)) is not None:
        raise ValueError(problem[1])
    if change.input is not None:
        return apply_input(s, parse_input(change.input), change)
    if change.line is not None:
        return _set_line(s, change.line, change.set)
    if change.add is not None:
        return replace(s, costs=(*s.costs, change.add))
    gone = change.remove
    return replace(s, costs=tuple(c for c in s.costs if (c.option, c.line, c.category) != gone))


def apply_what_if(s: Scenario, what_if: WhatIf) -> Scenario:
    """The scenario with every change of a what-if made, or an InputError naming the change.

    The what-if itself is kept out of the result (it describes the base case's
    departures, not the departed case's).
    """
    out = replace(s, what_ifs=())
    for j, change in enumerate(what_if.changes):
        try:
            out = apply_change(out, change)
        except ValueError as exc:
            where = f"what-if '{what_if.name}'"
            raise InputError(
                [Problem(where, None, f"changes[{j}]", None, Reason.UNKNOWN_VALUE, str(exc))]
            ) from exc
    if out.concerns and sum(c.weight for c in out.concerns) <= 0:
        where, message = f"what-if '{what_if.name}'", "every concern weight would be 0"
        raise InputError([Problem(where, None, "changes", None, Reason.ZERO_WEIGHTS, message)])
    return out


def find_what_if(s: Scenario, name: str) -> WhatIf:
    """The what-if called ``name`` (ignoring case and spaces), or an InputError listing them."""
    for w in s.what_ifs:
        if fold_words(w.name) == fold_words(name):
            return w
    known = ", ".join(f"'{w.name}'" for w in s.what_ifs) or "none"
    message = f"the scenario has no what-if '{name}'; its what-ifs: {known}"
    raise InputError([Problem("--what-if", None, None, name, Reason.UNKNOWN_VALUE, message)])
