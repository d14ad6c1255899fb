"""Drivers: every input of the what-if grammar with its plausible range (the example's
uncertainty bounds are in options/examples/ons_flex.json; the switching price £193,522.50
is the example's, worked in SOURCES.md)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from appraisal.drivers import drivers, short_label
from options.examples import load_example


def test_drivers_name_every_input_with_its_plausible_range() -> None:
    s = load_example()
    by_id = {d.input: d for d in drivers(s)}
    opex = by_id["cost:flex:opex"]
    assert (opex.low, opex.high, opex.range_source) == (
        0.95,
        1.15,
        "the scenario's uncertainty bounds",
    )
    assert by_id["weight:data-sovereignty"].base == pytest.approx(0.25)
    assert by_id["score:pensions:flex"].low == 45.0 and by_id["score:pensions:flex"].high == 65.0
    price = by_id["value_per_point"]
    assert price.low == 0.0 and price.high == pytest.approx(2 * 193_522.5, rel=1e-5)
    assert {"discounting", "ob:flex:mitigation", "cost:*:opex"} <= set(by_id)


def test_carbon_drivers_and_short_labels_are_unique() -> None:
    """The example's tonnes come from its devices, which the carbon drivers do not yet
    read, so typed tonnes are given to every option here."""
    s = load_example()
    s = replace(s, options=tuple(replace(o, carbon_tco2e=((2008, 100.0),)) for o in s.options))
    found = drivers(s)
    ids = [d.input for d in found]
    assert len(ids) == len(set(ids))
    assert "carbon_values" in ids and "carbon:*:tonnes" in ids
    labels = [short_label(s, d) for d in found]
    assert len(labels) == len(set(labels))
