"""Energy from devices: kWh, tonnes, carbon £ and the energy cost, worked by hand.

The small case throughout: 100 desktop PCs at 85 W for 1,760 hours a year (8 hours ×
220 days) use 100 × 85 × 1,760 ÷ 1,000 = 14,960 kWh a year. At a marginal factor of
0.5 kgCO2e/kWh that is 14,960 × 0.5 ÷ 1,000 = 7.48 tCO2e a year; at a long-run
variable cost of £0.08/kWh, 14,960 × 0.08 = £1,196.80 a year.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from appraisal.appraise import appraise, prepare
from appraisal.energy import (
    TRADED_NOTE,
    device_kwh,
    device_tonnes,
    energy_cost,
    energy_frame,
    with_devices,
    year_values,
)
from options.model import DeviceGroup
from options.scenario_file import scenario_from_dict

PCS = {"type": "desktop PC", "count": 100, "watts": 85, "hours_per_year": 1760,
       "first_year": 2009, "last_year": 2010, "source": "hand case"}  # fmt: skip
ENERGY = {"emission_factors": {"2009": 0.5}, "value_per_kwh": {"2009": 0.08},
          "price_paid_per_kwh": {"2009": 0.11}, "source": "illustrative"}  # fmt: skip


def with_pcs(make_document, option=0, **overrides):
    """The base document (base year and price base 2008) with PCS on one option."""
    doc = make_document(energy=ENERGY, **overrides)
    doc["options"][option]["devices"] = [PCS]
    return scenario_from_dict(doc)


def test_kwh_and_tonnes_by_hand():
    """100 × 85 W × 1,760 h ÷ 1,000 = 14,960 kWh; × 0.5 kg/kWh ÷ 1,000 = 7.48 t."""
    group = DeviceGroup("desktop PC", 100, (2009, 2010), watts=85, hours_per_year=1760)
    kwh = device_kwh([group], [2008, 2009, 2010, 2011])
    assert kwh.tolist() == [[0.0, 14_960.0, 14_960.0, 0.0]]
    assert device_tonnes(kwh, 0.5)[0, 1] == pytest.approx(7.48)
    assert energy_cost(kwh, 0.08)[0, 1] == pytest.approx(1_196.80)


def test_kwh_per_year_given_directly_and_groups_on_leading_axis():
    """kwh_per_year 150 × 10 devices = 1,500 kWh; a second group is a second row."""
    a = DeviceGroup("thin client", 10, (2009, 2009), kwh_per_year=150)
    b = DeviceGroup("desktop PC", 2, (2010, 2010), kwh_per_year=400)
    assert device_kwh([a, b], [2009, 2010]).tolist() == [[1500.0, 0.0], [0.0, 800.0]]


def test_year_values_carry_forward_and_refuse_earlier_years():
    """The last value given carries forward; a year before the first is refused."""
    values, carried = year_values(((2009, 0.5),), [2009, 2010, 2011])
    assert values.tolist() == [0.5, 0.5, 0.5] and carried == (2010, 2011)
    with pytest.raises(ValueError, match="2008"):
        year_values(((2009, 0.5),), [2008])
    values, _ = year_values(((2009, 0.5),), [2008, 2009], before=np.nan)
    assert np.isnan(values[0]) and values[1] == 0.5


def test_device_carbon_valued_at_the_shadow_price(make_document):
    """7.48 t a year in 2009 and 2010, valued at Defra's Shadow Price of Carbon (the
    table appraisal.carbon uses: £26.50 in 2008, 2008 prices, +2% a year): 2009
    £26.50 × 1.02 = £27.03, 2010 £26.50 × 1.02² = £27.5706. Base year and price base
    2008, Green Book 3.5%: 7.48 × 27.03 ÷ 1.035 + 7.48 × 27.5706 ÷ 1.035²
    = 195.3476 + 192.5214 = £387.87."""
    s = with_pcs(make_document, carbon_series="shadow-price-2007")
    r = appraise(s, draws=1)
    expected = 7.48 * 27.03 / 1.035 + 7.48 * 26.5 * 1.02**2 / 1.035**2
    assert r.options[0].carbon_cost == pytest.approx(expected, rel=1e-9)
    assert r.options[0].carbon_cost == pytest.approx(387.87, abs=0.01)


def test_energy_cost_is_a_cost_line_at_the_long_run_variable_cost(make_document):
    """£1,196.80 in 2009 and 2010 at 3.5%: 1,196.80 ÷ 1.035 + 1,196.80 ÷ 1.035²
    = 1,156.33 + 1,117.23 = £2,273.55 added to PV costs, nothing to optimism bias even
    on an outsourcing option (energy lines carry no uplift)."""
    doc = make_document()
    doc["options"][1] |= {"project_type": "outsourcing"}
    plain = appraise(scenario_from_dict(doc), draws=1).options[1]
    doc = make_document(energy=ENERGY)
    doc["options"][1] |= {"project_type": "outsourcing", "devices": [PCS]}
    devices = appraise(scenario_from_dict(doc), draws=1).options[1]
    assert devices.pv_costs - plain.pv_costs == pytest.approx(2_273.55, abs=0.01)
    assert devices.optimism_bias == plain.optimism_bias


def test_energy_lines_are_named_by_device_type_and_traced(make_document):
    s, notes = with_devices(with_pcs(make_document))
    lines = [c for c in s.costs if c.line == "energy: desktop PC"]
    assert [(c.option, c.year, c.optimism_bias) for c in lines] == [
        ("in-house", 2009, False),
        ("in-house", 2010, False),
    ]
    assert lines[0].amount == pytest.approx(1_196.80)
    assert "hand case" in lines[0].source and "illustrative" in lines[0].source
    assert TRADED_NOTE in notes
    assert any("2010 is carried forward" in n for n in notes)


def test_a_scenario_without_devices_comes_back_unchanged(make_scenario):
    s = make_scenario()
    assert with_devices(s) == (s, ())
    assert with_devices(s)[0] is s


def test_typed_tonnes_and_devices_add_with_a_note(make_document):
    """Typed 100 t in 2009 plus the devices' 7.48 t: 107.48 t in 2009, 7.48 t in 2010."""
    doc = make_document(energy=ENERGY)
    doc["options"][0] |= {"devices": [PCS], "carbon_tco2e": {"2009": 100}}
    s, notes = with_devices(scenario_from_dict(doc))
    assert dict(s.options[0].carbon_tco2e) == pytest.approx({2009: 107.48, 2010: 7.48})
    assert any("Keep in-house gives tonnes of CO2e" in n for n in notes)


def test_every_front_end_path_sees_the_devices(make_document):
    """appraise, prepare (what sensitivity calls) and Monte Carlo agree: with an opex
    spread the energy line is one of the simulated lines, and the traded-sector note
    and the energy source reach the results."""
    s = with_pcs(make_document, uncertainty={"opex": {"low": 0.9, "high": 1.2}})
    r = appraise(s, draws=2_000, seed=3)
    assert prepare(s, frames=False).value[0] == pytest.approx(r.options[0].npsv)
    assert TRADED_NOTE in r.notes and "Energy: illustrative" in r.sources
    p = prepare(s)
    opex = p.flows.query("option == 'in-house' and component == 'opex' and year == 2009")
    assert opex.amount.sum() == pytest.approx((1_000_000 + 1_196.80) * (0.9 + 4 + 1.2) / 6)
    assert r.options[0].monte_carlo.mean == pytest.approx(r.options[0].npsv, rel=1e-3)


def test_energy_frame_shows_the_working_and_the_price_paid(make_document):
    """Per year: 100 devices, 14,960 kWh, 7.48 t, £1,196.80 at the long-run variable
    cost and 14,960 × £0.11 = £1,645.60 at the price paid."""
    frame = energy_frame(with_pcs(make_document))
    assert frame.year.tolist() == [2009, 2010]
    row = frame.iloc[0]
    assert (row.option, row.type, row["count"]) == ("in-house", "desktop PC", 100)
    assert (row.kwh, row.tco2e) == pytest.approx((14_960, 7.48))
    assert (row.value, row.paid) == pytest.approx((1_196.80, 1_645.60))


def test_energy_frame_without_a_price_paid_has_nan(make_document):
    s = with_pcs(make_document)
    s = replace(s, energy=replace(s.energy, price_paid_per_kwh=()))
    assert energy_frame(s).paid.isna().all()


def test_what_if_multipliers_reach_the_generated_lines_and_tonnes(make_document):
    """One grammar for typed and generated figures: ``cost:in-house:opex`` × 2 doubles the
    £2,273.55 PV of the PCs' energy as well as the typed opex (1e6 a year, 2008–12: PV
    1e6 × 4.673079), and ``carbon:in-house:tonnes`` × 2 doubles the PCs' £387.87 of carbon
    (Shadow Price, as above)."""
    from options.inputs import apply_what_if
    from options.model import Change, WhatIf

    s = with_pcs(make_document, carbon_series="shadow-price-2007")
    base = appraise(s, draws=1).options[0]

    def moved(change: Change) -> object:
        return appraise(apply_what_if(s, WhatIf("x", "", (change,))), draws=1).options[0]

    dear = moved(Change(input="cost:in-house:opex", multiply=2.0))
    annuity = sum(1.035**-t for t in range(5))
    assert dear.pv_costs - base.pv_costs == pytest.approx(1e6 * annuity + 2_273.55, abs=0.01)
    dirty = moved(Change(input="carbon:in-house:tonnes", multiply=2.0))
    assert dirty.carbon_cost == pytest.approx(2 * 387.87, abs=0.02)


def test_a_risk_may_name_a_generated_energy_line(make_document):
    """A risk may name the line its option's devices generate ("energy: desktop PC",
    matched ignoring case); a name no device gives is refused, listing the names it may
    use."""
    from options.errors import InputError

    doc = make_document(energy=ENERGY)
    doc["options"][0]["devices"] = [PCS]
    doc["risks"] = [{"option": "in-house", "name": "Power price spike", "probability": 0.2,
                     "low": 100, "likely": 100, "high": 100, "years": [2009],
                     "lines": ["Energy: desktop PC"]}]  # fmt: skip
    s = scenario_from_dict(doc)
    assert s.risks[0].lines == ("Energy: desktop PC",)
    doc["risks"][0]["lines"] = ["energy: laptop"]
    with pytest.raises(InputError, match="energy: desktop PC"):
        scenario_from_dict(doc)
