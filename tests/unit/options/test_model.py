"""The data model: tolerant vocabularies, defaults, and what a module tick means."""

from __future__ import annotations

import dataclasses

import pytest

from options.model import (
    Category,
    OptionKind,
    ProjectType,
    Scenario,
    Settings,
    Treatment,
)
from options.model import Option as Opt


@pytest.mark.parametrize(
    ("enum", "text", "member"),
    [
        (Category, " CAPEX ", Category.CAPEX),
        (OptionKind, "In House", OptionKind.IN_HOUSE),
        (OptionKind, "do_minimum", OptionKind.DO_MINIMUM),
        (ProjectType, "non-standard buildings", ProjectType.NON_STANDARD_BUILDINGS),
        (Treatment, "Transferred", Treatment.TRANSFERRED),
    ],
)
def test_from_text_ignores_case_spaces_hyphens_underscores(enum, text, member):
    assert enum.from_text(text) is member


def test_from_text_names_the_allowed_values():
    with pytest.raises(ValueError, match="capex, opex, transition, exit, benefit, residual"):
        Category.from_text("overheads")


def test_gains_and_cost_signs():
    """Benefits and residual values add to NPSV; a residual value reduces PV costs (it is
    not a benefit, Green Book 5.14), a benefit is outside PV costs."""
    assert {c for c in Category if c.is_gain} == {Category.BENEFIT, Category.RESIDUAL}
    assert {c: c.cost_sign for c in Category} == {
        Category.CAPEX: 1.0,
        Category.OPEX: 1.0,
        Category.TRANSITION: 1.0,
        Category.EXIT: 1.0,
        Category.BENEFIT: 0.0,
        Category.RESIDUAL: -1.0,
    }


def test_modules_none_means_all_and_empty_means_none():
    """DESIGN.md: an option without "modules" includes all; "modules": [] includes none."""
    every = Opt("flex", "Flex", OptionKind.FRAMEWORK)
    assert every.includes("Hosting") and every.includes(None)
    some = dataclasses.replace(every, modules=("Hosting",))
    assert some.includes("Hosting") and not some.includes("Printing") and some.includes(None)
    none = dataclasses.replace(every, modules=())
    assert not none.includes("Hosting") and none.includes(None)


def test_scenario_defaults_and_lookups():
    s = Scenario(name="s", base_year=2010, options=(
        Opt("alt", "Alt", OptionKind.ALTERNATIVE), Opt("bau", "BAU", OptionKind.IN_HOUSE)),
        costs=())  # fmt: skip
    assert s.prices == 2010 and dataclasses.replace(s, price_base=2012).prices == 2012
    assert s.counterfactual == "bau" and s.option_ids == ("alt", "bau")
    assert s.settings == Settings() and s.value_per_point is None
    with pytest.raises(KeyError):
        s.option("ghost")


def test_objects_are_frozen():
    o = Opt("a", "A", OptionKind.ALTERNATIVE)
    with pytest.raises(dataclasses.FrozenInstanceError):
        o.name = "B"  # type: ignore[misc]
