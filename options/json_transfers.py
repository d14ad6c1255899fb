"""Each option's ``transfers``: payments that move value between parties, for the budgets.

``"transfers": [{"name": "Pension bulk transfer", "year": 2008, "amount": 1200000,
"budget": "resource", "source": "..."}]`` — a pension bulk-transfer payment, an asset
handed to the supplier at its book value, and the like. They cost the department's
budget (the financial case: capital or resource) and are never in NPSV: a transfer moves
value between parties without using resources (Green Book 2022 6.7–6.9). ``amount`` is £
real in the price base; ``budget`` is ``capital`` or ``resource`` (default resource).
Every problem is recorded at its JSON path (``options[2].transfers[0].year``).
"""

from __future__ import annotations

from dataclasses import replace

from options.errors import Reason
from options.json_reader import _Reader
from options.json_sections import check_year, with_option_key
from options.model import Option, Transfer

BUDGETS = ("capital", "resource")


def with_transfers(top: _Reader, options: list[Option], base: int | None) -> list[Option]:
    """The options with their ``transfers`` read (one Option per item of ``options``)."""

    def read(r: _Reader, o: Option) -> Option:
        found = [_transfer(t, base) for t in r.items("transfers")]
        return replace(o, transfers=tuple(t for t in found if t is not None))

    return with_option_key(top, options, "transfers", read)


def _transfer(t: _Reader, base: int | None) -> Transfer | None:
    name, year, amount = t.text("name"), t.integer("year"), t.number("amount")
    budget = t.text("budget", "resource")
    if budget not in BUDGETS:
        t.bad("budget", Reason.UNKNOWN_VALUE, f"{t.where('budget')}: use capital or resource, "
              f"not {budget!r}")  # fmt: skip
    if isinstance(year, int):
        check_year(t, "year", year, base)
    if None in (name, year, amount) or budget not in BUDGETS:
        return None
    return Transfer(name, year, amount, budget, t.text("source", ""))
