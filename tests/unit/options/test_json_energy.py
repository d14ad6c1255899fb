"""Devices and the energy section: read, checked at their JSON paths, written back."""

from __future__ import annotations

import pytest

from options.errors import InputError, Reason
from options.model import DeviceGroup, Energy
from options.scenario_file import scenario_from_dict, scenario_to_dict

PCS = {"type": "desktop PC", "count": 100, "watts": 85, "hours_per_year": 1760,
       "first_year": 2009, "last_year": 2012, "source": "S16"}  # fmt: skip
ENERGY = {"emission_factors": {"2009": 0.43}, "value_per_kwh": {"2009": 0.07},
          "price_paid_per_kwh": {"2009": 0.097}, "source": "illustrative"}  # fmt: skip


def problems(doc):
    with pytest.raises(InputError) as caught:
        scenario_from_dict(doc)
    return {(p.column, p.reason) for p in caught.value.problems}


def test_devices_and_energy_are_read(make_document):
    doc = make_document(energy=ENERGY)
    doc["options"][1]["devices"] = [PCS, {"type": "thin client", "count": 40,
                                          "kwh_per_year": 79.2, "first_year": 2009,
                                          "last_year": 2012}]  # fmt: skip
    s = scenario_from_dict(doc)
    assert s.option("flex").devices == (
        DeviceGroup("desktop PC", 100.0, (2009, 2012), None, 85.0, 1760.0, "S16"),
        DeviceGroup("thin client", 40.0, (2009, 2012), 79.2),
    )
    assert s.energy == Energy(((2009, 0.43),), ((2009, 0.07),), ((2009, 0.097),), "illustrative")
    assert s.option("in-house").devices == ()


def test_round_trip_through_scenario_dump(make_document):
    doc = make_document(energy=ENERGY)
    doc["options"][0]["devices"] = [PCS, {**PCS, "watts": None, "hours_per_year": None,
                                          "kwh_per_year": 150, "type": "laptop"}]  # fmt: skip
    s = scenario_from_dict(doc)
    written = scenario_to_dict(s)
    assert written["options"][0]["devices"][1] == {
        "type": "laptop", "count": 100.0, "kwh_per_year": 150.0, "first_year": 2009,
        "last_year": 2012, "source": "S16",
    }  # fmt: skip
    assert scenario_from_dict(written) == s


def test_a_scenario_without_devices_writes_an_empty_energy_section(make_scenario):
    s = make_scenario()
    assert scenario_to_dict(s)["energy"] == {
        "emission_factors": {}, "value_per_kwh": {}, "price_paid_per_kwh": {}, "source": "",
    }  # fmt: skip
    assert scenario_from_dict(scenario_to_dict(s)) == s


def test_every_bad_device_and_factor_is_one_input_error(make_document):
    """Each problem at its JSON path, all in one error: a negative count, both kWh
    and watts, neither, a year before the base year, last before first, a factor
    that is not a number, a negative value per kWh."""
    doc = make_document(energy={"emission_factors": {"2009": "abc"},
                                "value_per_kwh": {"2009": -0.1}})  # fmt: skip
    doc["options"][1]["devices"] = [
        {**PCS, "count": -5},
        {**PCS, "kwh_per_year": 100},
        {"type": "PC", "count": 1, "watts": 80, "first_year": 2007, "last_year": 2009},
        {**PCS, "first_year": 2011, "last_year": 2010},
    ]
    found = problems(doc)
    assert found >= {
        ("options[1].devices[0].count", Reason.NEGATIVE_VALUE),
        ("options[1].devices[1].kwh_per_year", Reason.UNKNOWN_VALUE),
        ("options[1].devices[2].kwh_per_year", Reason.MISSING_KEY),
        ("options[1].devices[2].first_year", Reason.YEAR_BEFORE_BASE),
        ("options[1].devices[3].last_year", Reason.OUT_OF_RANGE),
        ("energy.emission_factors", Reason.WRONG_TYPE),
        ("energy.value_per_kwh", Reason.NEGATIVE_VALUE),
    }


def test_devices_without_factors_or_values_name_the_option(make_document):
    doc = make_document()
    doc["options"][1]["devices"] = [PCS]
    with pytest.raises(InputError) as caught:
        scenario_from_dict(doc)
    found = [p for p in caught.value.problems if p.reason is Reason.ENERGY_MISSING_YEAR]
    assert [p.column for p in found] == ["options[1].devices[0].first_year"] * 2
    assert "option 'flex' (desktop PC)" in found[0].message
    assert "energy.emission_factors gives no figures" in found[0].message


def test_a_device_year_before_the_first_factor_is_refused_naming_it(make_document):
    doc = make_document(energy={**ENERGY, "emission_factors": {"2010": 0.43}})
    doc["options"][1]["devices"] = [PCS]
    with pytest.raises(InputError) as caught:
        scenario_from_dict(doc)
    (p,) = caught.value.problems
    assert p.column == "options[1].devices[0].first_year" and "give a figure for 2009" in p.message


def test_a_device_year_beyond_the_horizon_is_refused(make_document):
    doc = make_document(energy=ENERGY)
    doc["options"][0]["devices"] = [{**PCS, "last_year": 3100}]
    assert ("options[0].devices[0].last_year", Reason.YEAR_OUT_OF_RANGE) in problems(doc)
