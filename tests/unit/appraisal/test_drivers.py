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


def test_workforce_drivers_of_the_example():
    """The same 40 / 50 / 60 staff are in scope in every option: one multiplier, 0.8–1.2×.
    Flex transfers 40–60 (its range, at most the 60 who could); the options share one
    pension rate, 19.5%, varied from the 2006 lowest Civil Service band, 17.1%, to the
    2024 flat rate, 28.7%; the intelligent client of 4 FTE halves and doubles."""
    found = {d.input: d for d in drivers(load_example())}
    scope = found["workforce:*:in_scope"]
    assert (scope.low, scope.high, scope.base, scope.kind) == (0.8, 1.2, 1.0, "multiplier")
    moved = found["workforce:flex:transferring"]
    assert (moved.low, moved.high, moved.search) == (40, 60, (0.0, 60.0))
    pension = found["workforce:*:pension_rate"]
    assert (pension.low, pension.high, pension.base) == (0.171, 0.287, 0.195)
    client = found["workforce:flex:client_fte"]
    assert (client.low, client.high) == (2.0, 8.0)
    never = {"workforce:in-house:transferring", "workforce:in-house:client_fte",
             "workforce:flex:pension_rate", "workforce:in-house:in_scope"}  # fmt: skip
    assert not never & set(found)
