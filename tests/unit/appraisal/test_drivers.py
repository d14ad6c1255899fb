"""Drivers: every input of the what-if grammar with its plausible range (the example's
uncertainty bounds are in options/examples/ons_flex.json)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from appraisal.appraise import appraise
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
    assert by_id["weight:data-sovereignty"].base == pytest.approx(0.20)
    assert by_id["score:pensions:flex"].low == 45.0 and by_id["score:pensions:flex"].high == 65.0
    # twice the switching price: do minimum leads Keep in-house by £1,596,561 of NPSV and
    # scores 12 points lower (56.5 against 68.5), so £133,046.7 a point
    price = by_id["value_per_point"]
    npsv = {o.id: o.npsv for o in appraise(s, draws=1).options}
    gap = npsv["do-minimum"] - npsv["in-house"]
    assert gap == pytest.approx(1_596_561, abs=1)
    assert price.low == 0.0 and price.high == pytest.approx(2 * gap / 12)
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
