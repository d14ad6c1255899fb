"""Shared fixtures: a factory for small scenarios, built through the real validator."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from options.model import Scenario
from options.scenario_file import scenario_from_dict


def base_document() -> dict[str, Any]:
    """Two options over five years, in 2008 prices; nothing uncertain, no concerns."""
    years = range(2008, 2013)
    return {
        "schema": 1,
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


@pytest.fixture
def make_document() -> Callable[..., dict[str, Any]]:
    """``make_document(**overrides)``: the base document with top-level keys replaced."""

    def make(**overrides: Any) -> dict[str, Any]:
        doc = copy.deepcopy(base_document())
        doc.update(copy.deepcopy(overrides))
        return doc

    return make


@pytest.fixture
def make_scenario(make_document: Callable[..., dict[str, Any]]) -> Callable[..., Scenario]:
    """``make_scenario(**overrides)``: a validated Scenario from the base document."""

    def make(**overrides: Any) -> Scenario:
        return scenario_from_dict(make_document(**overrides))

    return make
