"""The workforce fields a what-if, the sensitivity analysis or the Workforce page can move.

``workforce:<option>:<field>`` names one of :data:`FIELDS` (``<option>`` may be ``*``:
every option with a workforce):

- ``transferring``: the staff (FTE) transferring under TUPE. The others in scope are
  redeployed; when more transfer than the scope now holds, the scope grows up to the
  high end of ``in_scope_range`` (without a range, no further).
- ``in_scope``: the staff in scope. In-house (and do minimum) the retained staff
  follow it; in an outsourced option the redeployed staff take up the difference.
  For every option (``*``) it scales each option's headcounts in proportion, ranges
  too: the same staff are in scope whichever option is chosen, so a larger team is
  larger in every option (as one headcount draw moves them all in Monte Carlo).
- ``pension_rate``: the employer pension contribution, a rate of pay from 0 to 1.
- ``client_fte``: the retained intelligent client, FTE.

A headcount range that no longer holds the new most likely value is dropped (the
headcount is then certain), so the scenario still reads back through the loader.
"""

from __future__ import annotations

from dataclasses import replace

from options.model import Option, OptionKind, Workforce

FIELDS = ("in_scope", "transferring", "pension_rate", "client_fte")  # the scope first
KEEPS_STAFF = (OptionKind.IN_HOUSE, OptionKind.DO_MINIMUM)


def scope_top(w: Workforce) -> float:
    """The most staff in scope: the high end of ``in_scope_range``, else ``in_scope``."""
    return w.in_scope if w.in_scope_range is None else max(w.in_scope, w.in_scope_range[1])


def bounds(o: Option, field: str) -> tuple[float, float | None]:
    """The values ``field`` may take for the option (high None: no upper bound).

    >>> from options.model import Option, OptionKind, Workforce
    >>> w = Workforce(50, (2008, 2012), 45, retained=5, in_scope_range=(40, 60))
    >>> bounds(Option("f", "F", OptionKind.FRAMEWORK, workforce=w), "transferring")
    (0.0, 55.0)
    >>> bounds(Option("f", "F", OptionKind.FRAMEWORK, workforce=w), "in_scope")
    (50.0, None)
    """
    w = o.workforce
    assert w is not None
    if field == "transferring":
        return 0.0, scope_top(w) - w.redundant - w.retained
    if field == "in_scope":
        absorbs = w.retained if o.kind in KEEPS_STAFF else w.redeployed
        return w.in_scope - absorbs, None
    if field == "pension_rate":
        return 0.0, 1.0
    return 0.0, None


_LIMITS = {
    "in_scope": "needs at least {low:g} FTE in scope (the staff who are not retained or "
    "redeployed)",
    "transferring": "can transfer {low:g} to {high:g} FTE (its staff in scope, at the high "
    "end of any in_scope_range, less the redundant and retained)",
    "pension_rate": "takes a pension rate from {low:g} to {high:g}",
    "client_fte": "takes {low:g} or more client FTE",
}


def problem(o: Option, field: str, value: float) -> str | None:
    """Why the option's ``field`` cannot be ``value``, in words, or None.

    >>> from options.model import Option, OptionKind, Workforce
    >>> problem(Option("f", "F", OptionKind.FRAMEWORK, workforce=Workforce(50, (2008, 2012),
    ...                                                                    50)), "transferring", 80)
    "option 'f' can transfer 0 to 50 FTE (its staff in scope, at the high end of any \
in_scope_range, less the redundant and retained), not 80"
    """
    low, high = bounds(o, field)
    if low <= value and (high is None or value <= high):
        return None
    return f"option '{o.id}' {_LIMITS[field].format(low=low, high=high)}, not {value:g}"


def current(w: Workforce, field: str) -> float:
    """The field's value now."""
    return float(getattr(w, field))


def _kept(span: tuple[float, float] | None, likely: float) -> tuple[float, float] | None:
    """The range, or None when it no longer holds the most likely value."""
    return span if span is not None and span[0] <= likely <= span[1] else None


def with_value(o: Option, field: str, value: float) -> Option:
    """The option with one workforce field at ``value`` (checked against :func:`bounds`
    by the caller), the headcounts kept adding up.

    >>> from options.model import Option, OptionKind, Workforce
    >>> w = Workforce(50, (2008, 2012), 50, (40, 60), in_scope_range=(40, 60))
    >>> moved = with_value(Option("f", "F", OptionKind.FRAMEWORK, workforce=w),
    ...                    "transferring", 55).workforce
    >>> moved.in_scope, moved.redeployed, moved.transferring_range
    (55.0, 0.0, (40, 60))
    """
    w = o.workforce
    assert w is not None
    if field == "transferring":
        scope = max(w.in_scope, value + w.redundant + w.retained)
        moved = replace(w, transferring=value, in_scope=scope,
                        redeployed=scope - value - w.redundant - w.retained,
                        transferring_range=_kept(w.transferring_range, value),
                        in_scope_range=_kept(w.in_scope_range, scope))  # fmt: skip
    elif field == "in_scope":
        delta = value - w.in_scope
        if o.kind in KEEPS_STAFF:
            moved = replace(w, in_scope=value, retained=w.retained + delta)
        else:
            moved = replace(w, in_scope=value, redeployed=w.redeployed + delta)
        moved = replace(moved, in_scope_range=_kept(w.in_scope_range, value))
        if moved.transferring_range and moved.transferring_range[1] > (
            scope_top(moved) - moved.redundant - moved.retained
        ):
            moved = replace(moved, transferring_range=None)
    elif field == "pension_rate":
        moved = replace(w, pension_rate=value)
    else:
        moved = replace(w, client_fte=value)
    return replace(o, workforce=moved)


def _proportional(o: Option, k: float) -> Option:
    """The option with every headcount (and headcount range) of its workforce × k."""
    w = o.workforce
    assert w is not None

    def span(x: tuple[float, float] | None) -> tuple[float, float] | None:
        return None if x is None else (x[0] * k, x[1] * k)

    moved = replace(w, in_scope=w.in_scope * k, transferring=w.transferring * k,
                    redundant=w.redundant * k, redeployed=w.redeployed * k,
                    retained=w.retained * k, in_scope_range=span(w.in_scope_range),
                    transferring_range=span(w.transferring_range))  # fmt: skip
    return replace(o, workforce=moved)


def targets(options: tuple[Option, ...], who: str) -> list[Option]:
    """The options a workforce input names: one by id, or every one with a workforce."""
    return [o for o in options if o.workforce is not None and who in ("*", o.id)]


def asked(o: Option, field: str, multiply: float | None, value: float) -> float:
    """The value a change asks of one option's field: current × multiply, or value."""
    assert o.workforce is not None
    return current(o.workforce, field) * multiply if multiply is not None else value


def change_problem(
    options: tuple[Option, ...], who: str, field: str, multiply: float | None, value: float
) -> str | None:
    """Why a change of ``field`` of option ``who`` (or ``*``) cannot be made, or None."""
    if who == "*" and field == "in_scope":
        ok = multiply is not None and multiply >= 0
        return None if ok else "every option's staff in scope takes a multiplier of 0 or more"
    for o in targets(options, who):
        if (message := problem(o, field, asked(o, field, multiply, value))) is not None:
            return message
    return None


def apply_workforce_change(
    options: tuple[Option, ...], who: str, field: str, multiply: float | None, value: float
) -> tuple[Option, ...]:
    """The options with the change made (checked by :func:`change_problem` first)."""
    hit = {o.id for o in targets(options, who)}
    if who == "*" and field == "in_scope":
        return tuple(_proportional(o, multiply or 0.0) if o.id in hit else o for o in options)
    return tuple(with_value(o, field, asked(o, field, multiply, value)) if o.id in hit else o
                 for o in options)  # fmt: skip
