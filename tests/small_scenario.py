"""The small test scenario behind tests/conftest.py's ``make_document`` and
``make_scenario``, and edits to it shared by the diff tests (tests/unit/options/test_diff.py,
tests/unit/report/test_report_diff.py): two concerns to add, and one cost line's amounts
set or raised in some years."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from options.model import CostLine, Scenario


def base_document() -> dict[str, Any]:
    """Two options over five years, in 2008 prices; nothing uncertain, no concerns."""
    years = range(2008, 2013)
    return {
        "schema": 2,
        "name": "Test scenario",
        "base_year": 2008,
        "options": [
            {"id": "in-house", "name": "Keep in-house", "kind": "in-house"},
            {"id": "flex", "name": "Join Flex", "kind": "framework"},
        ],
        "costs": [
            *(
                {
                    "option": "in-house",
                    "line": "Staff",
                    "category": "opex",
                    "year": y,
                    "amount": 1_000_000,
                }
                for y in years
            ),
            *(
                {
                    "option": "flex",
                    "line": "Service charge",
                    "category": "opex",
                    "year": y,
                    "amount": 800_000,
                }
                for y in years
            ),
            {
                "option": "flex",
                "line": "Transition",
                "category": "transition",
                "year": 2008,
                "amount": 500_000,
            },
        ],
    }


CONCERNS: list[dict[str, Any]] = [
    {
        "id": "data",
        "title": "Patriot Act",
        "raised_by": "PCS",
        "weight": 30,
        "scores": {"in-house": 90, "flex": 40},
    },
    {
        "id": "jobs",
        "title": "Job security",
        "raised_by": "PCS",
        "weight": 10,
        "scores": {"in-house": 80, "flex": 50},
    },
]


def _edit(s: Scenario, option: str, line: str, years: Mapping[int, float],
          amount: Callable[[CostLine], float]) -> Scenario:  # fmt: skip
    costs = tuple(
        replace(c, amount=amount(c))
        if (c.option, c.line) == (option, line) and c.year in years
        else c
        for c in s.costs
    )
    return replace(s, costs=costs)


def set_amounts(s: Scenario, option: str, line: str, amounts: Mapping[int, float]) -> Scenario:
    """``s`` with the amounts of one option's line set in some years."""
    return _edit(s, option, line, amounts, lambda c: amounts[c.year])


def raise_amounts(s: Scenario, option: str, line: str, by: Mapping[int, float]) -> Scenario:
    """``s`` with one option's line raised by ``by[year]`` in those years."""
    return _edit(s, option, line, by, lambda c: c.amount + by[c.year])
