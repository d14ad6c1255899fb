"""Green Book parameter vintages: the shipped datasets, their loader, and the scenario key.

Expected figures come from the publications each vintage cites, worked by hand: the
2003 Green Book's Annex 6 Table 6.1 (3.5 % to year 30, then 3.0 %), the 2003
supplementary guidance on optimism bias (Table 1, Mott MacDonald 2002 Table 2) and
Defra's Shadow Price of Carbon (£26.50/tCO2e in 2008, in 2008 prices, rising 2 % a year
in real terms: Hansard HC 29 April 2008, written answer 202537).
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from appraisal.carbon import carbon_values
from appraisal.discounting import discount_factors
from appraisal.optimism_bias import project_uplift
from options.errors import InputError, Reason
from options.model import GDP_DEFLATOR, CarbonSeries, CarbonValues, Category, ProjectType
from options.parameters import (
    CURRENT,
    VINTAGE_DIR,
    available_vintages,
    current_parameters,
    load_parameters,
    parameters_from_dict,
)
from options.scenario_file import dump_scenario, scenario_from_dict

OLD, NOW = "green-book-2003", "green-book-2022"


def raw(vintage: str) -> dict[str, Any]:
    return json.loads((VINTAGE_DIR / f"{vintage}.json").read_text(encoding="utf-8"))


# ---------------------------------------------------------------- the shipped vintages


def test_two_vintages_ship_and_the_current_one_is_the_default():
    assert available_vintages() == (OLD, NOW)
    assert CURRENT == NOW and current_parameters() is load_parameters(NOW)


@pytest.mark.parametrize("vintage", [OLD, NOW])
def test_each_vintage_is_named_dated_and_sourced(vintage):
    """A vintage carries its id (its file's name), a title, a date and its sources."""
    p = load_parameters(vintage)
    assert p.id == vintage and p.title and p.sources
    assert p.published[:4].isdigit() and p.optimism_bias_source and p.gdp_deflator_source
    assert all(s.source for s in p.schedules) and all(c.source for c in p.carbon)


def test_the_2003_schedule_by_hand():
    """GB 2003 Annex 6 Table 6.1: 3.5 % for years 1-30, then 3.0 %. Year 31's factor is
    1/1.035^30 × 1/1.03 = 0.356278 / 1.03 = 0.345901; year 75's is 0.356278 / 1.03^45."""
    p = load_parameters(OLD)
    got = discount_factors([0, 1, 30, 31, 75], "green-book", p)
    by_hand = [1.0, 1 / 1.035, 1.035**-30, 1.035**-30 / 1.03, 1.035**-30 / 1.03**45]
    assert got.tolist() == pytest.approx(by_hand, rel=1e-12)
    assert float(got[3]) == pytest.approx(0.345901, abs=5e-7)


def test_the_2003_vintage_has_only_the_standard_schedule():
    """The reduced rate came with HMT's July 2008 supplementary guidance and the separate
    health rate later: a 2007-08 appraisal discounted every effect at the STPR."""
    assert load_parameters(OLD).schedule_names == ("green-book",)
    assert load_parameters(NOW).schedule_names == (
        "green-book",
        "green-book-health",
        "green-book-reduced",
    )
    with pytest.raises(ValueError, match="green-book-2003 parameters have green-book"):
        discount_factors([0, 1], "green-book-reduced", load_parameters(OLD))


def test_today_s_reduced_schedule_by_hand():
    """GB 2018 Table 8, reduced rate: 3.00 % to year 30, then 2.57 %."""
    got = discount_factors([30, 31], "green-book-reduced", load_parameters(NOW))
    assert got.tolist() == pytest.approx([1.03**-30, 1.03**-30 / 1.0257], rel=1e-12)


@pytest.mark.parametrize("year", [2008, 2009, 2020, 2050])
def test_the_shadow_price_of_carbon_by_hand(year):
    """Defra (2007): £26.50 in 2008 × 1.02^(year − 2008), in 2008 prices; low −10 %, high
    +20 % (£23.85 and £31.80 in 2008)."""
    p = load_parameters(OLD)
    central = 26.50 * 1.02 ** (year - 2008)
    for which, ratio in ((CarbonValues.CENTRAL, 1.0), (CarbonValues.LOW, 0.9),
                         (CarbonValues.HIGH, 1.2)):  # fmt: skip
        values, _ = carbon_values(CarbonSeries.SHADOW_PRICE_2007, which, [year], p)
        assert float(values[0]) == pytest.approx(ratio * central, rel=1e-12)
    assert p.carbon_series == (CarbonSeries.SHADOW_PRICE_2007,)
    assert p.carbon[0].price_base == 2008


def test_the_shadow_price_reaches_about_60_80_in_2050():
    """ENDS (Dec 2007): "reaching the equivalent of £60.80 in 2008 prices by 2050"."""
    values, _ = carbon_values(
        CarbonSeries.SHADOW_PRICE_2007, CarbonValues.CENTRAL, [2050], load_parameters(OLD)
    )
    assert float(values[0]) == pytest.approx(60.80, abs=0.1)


def test_the_2003_optimism_bias_table():
    """Supplementary guidance (2003) Table 1: outsourcing 41 % → 0 % of opex (transition
    counting as opex); equipment/development 200 % → 10 % of capex; non-standard
    buildings 51 % → 4 % (worked example 12: 92 % mitigated leaves 4.08 %)."""
    p = load_parameters(OLD)
    out = p.bounds(ProjectType.OUTSOURCING)
    assert (out.upper, out.lower) == (0.41, 0.0)
    assert out.applies_to == {Category.OPEX, Category.TRANSITION}
    assert project_uplift(ProjectType.EQUIPMENT_DEVELOPMENT, 0.0, p) == 2.0
    assert project_uplift(ProjectType.EQUIPMENT_DEVELOPMENT, 1.0, p) == 0.10
    assert project_uplift(ProjectType.NON_STANDARD_BUILDINGS, 0.92, p) == pytest.approx(0.0408)
    assert p.bounds(ProjectType.STANDARD_BUILDINGS).applies_to == {Category.CAPEX}


def test_the_optimism_bias_table_is_the_same_in_both_vintages():
    """The 2003 supplementary guidance is still the current table."""
    assert load_parameters(OLD).optimism_bias == load_parameters(NOW).optimism_bias


def test_the_current_vintage_keeps_the_shipped_deflator_and_desnz_values():
    """The current vintage is exactly what the engine used before vintages: the HMT
    series in options.model, and DESNZ (Nov 2023) Table 3 (2022 prices): £253.19 in 2020,
    £397.54 in 2050, low 50 % and high 150 %."""
    p = load_parameters(NOW)
    assert p.gdp_deflator == GDP_DEFLATOR
    assert p.carbon_series == (CarbonSeries.APPRAISAL_2023, CarbonSeries.SHADOW_PRICE_2007)
    desnz = p.carbon[0]
    assert (desnz.years[0], desnz.central[0], desnz.years[-1], desnz.central[-1]) == (
        2020, 253.19, 2050, 397.54)  # fmt: skip
    assert (desnz.low_ratio, desnz.high_ratio, desnz.price_base) == (0.5, 1.5, 2022)


# ---------------------------------------------------------------- bad datasets


def problems(doc: Any, **kw: Any) -> list[tuple[str | None, Reason, str]]:
    with pytest.raises(InputError) as err:
        parameters_from_dict(doc, file="bad.json", **kw)
    assert all(p.file == "bad.json" for p in err.value.problems)
    return [(p.column, p.reason, p.message) for p in err.value.problems]


def test_unknown_vintage_lists_the_shipped_ones():
    with pytest.raises(InputError) as err:
        load_parameters("green-book-2018")
    (p,) = err.value.problems
    assert p.reason is Reason.UNKNOWN_VALUE and p.value == "green-book-2018"
    assert p.message == (
        "unknown Green Book parameters 'green-book-2018'; use green-book-2003 or green-book-2022"
    )


def test_every_problem_of_a_bad_dataset_is_named_by_its_field():
    doc = raw(NOW)
    doc["published"] = "last year"
    doc["discounting"]["schedules"][0]["rates"] = [0.035, 0.03]
    doc["discounting"]["schedules"][1]["name"] = "green-book-2026"
    del doc["optimism_bias"]["project_types"]["outsourcing"]
    doc["optimism_bias"]["project_types"]["standard_buildings"]["lower"] = 0.5
    doc["carbon_values"][0]["central"].pop("2030")
    doc["gdp_deflator"]["index"]["2008"] = -1
    found = problems(doc)
    columns = sorted(c for c, _, _ in found if c is not None)
    assert columns == sorted(
        [
            "published",
            "optimism_bias.project_types",
            "optimism_bias.project_types.standard_buildings.lower",
            "gdp_deflator.index",
            "discounting.schedules[0].rates",
            "discounting.schedules[1].name",
            "carbon_values[0].central",
        ]
    )
    messages = dict((c, m) for c, _, m in found)
    assert messages["discounting.schedules[0].rates"].endswith("needs 6 rates, one per band")
    assert "lacks outsourcing" in messages["optimism_bias.project_types"]
    assert "every year from its first to its last" in messages["carbon_values[0].central"]


def test_a_dataset_without_the_standard_schedule_is_refused():
    doc = raw(OLD)
    doc["discounting"]["schedules"][0]["name"] = "green-book-reduced"
    assert ("discounting.schedules", Reason.MISSING_KEY,
            "discounting.schedules must include green-book") in problems(doc)  # fmt: skip


def test_a_dataset_must_carry_its_file_s_id():
    assert problems(raw(OLD), vintage_id=NOW) == [
        ("id", Reason.UNKNOWN_VALUE, "id must be 'green-book-2022', the file's name")
    ]


def test_a_carbon_series_by_rule_or_by_table_not_both():
    doc = raw(OLD)
    doc["carbon_values"][0]["central"] = {"2008": 26.5, "2009": 27.03}
    assert [c for c, _, _ in problems(doc)] == ["carbon_values[0].central"]


def test_a_dataset_read_from_a_dict_equals_the_shipped_one():
    assert parameters_from_dict(raw(OLD), file="x.json") == load_parameters(OLD)


# ---------------------------------------------------------------- the scenario key


def test_a_scenario_records_the_current_vintage_unless_it_names_one(make_document):
    assert scenario_from_dict(make_document()).parameters is load_parameters(NOW)
    old = scenario_from_dict(make_document(parameters=OLD))
    assert old.parameters is load_parameters(OLD)


def test_a_scenario_round_trips_its_vintage(make_document):
    """The dump writes the vintage's id; reading it back gives the same scenario."""
    s = scenario_from_dict(make_document(parameters=OLD))
    written = json.loads(dump_scenario(s))
    assert written["parameters"] == OLD
    assert scenario_from_dict(written) == s
    assert json.loads(dump_scenario(scenario_from_dict(make_document())))["parameters"] == NOW


def test_an_unknown_vintage_in_a_scenario_is_refused_listing_the_shipped_ones(make_document):
    with pytest.raises(InputError) as err:
        scenario_from_dict(make_document(parameters="green-book-1998"), file="s.json")
    assert [p.line() for p in err.value.problems] == [
        "s.json:-:parameters: unknown Green Book parameters 'green-book-1998'; "
        "use green-book-2003 or green-book-2022"
    ]


def test_a_scenario_s_carbon_series_defaults_to_its_vintage_s_own(make_document):
    """DESNZ's values under today's vintage; the Shadow Price of Carbon, the only series of
    the 2007-08 vintage, under that one; a named series is kept."""
    assert scenario_from_dict(make_document()).carbon_series is CarbonSeries.APPRAISAL_2023
    old = scenario_from_dict(make_document(parameters=OLD))
    assert old.carbon_series is CarbonSeries.SHADOW_PRICE_2007
    named = scenario_from_dict(make_document(parameters=OLD, carbon_series="appraisal-2023"))
    assert named.carbon_series is CarbonSeries.APPRAISAL_2023


def test_a_vintage_that_is_not_text_is_refused(make_document):
    with pytest.raises(InputError) as err:
        scenario_from_dict(make_document(parameters=2003))
    assert err.value.problems[0].column == "parameters"


def test_loading_does_not_touch_the_document(make_document):
    doc = make_document(parameters=OLD)
    before = copy.deepcopy(doc)
    scenario_from_dict(doc)
    assert doc == before


def test_a_dataset_missing_its_sources_and_bands_is_refused():
    """Every figure set is sourced and every schedule has its bands: none may be left out."""
    doc = raw(OLD)
    del doc["sources"], doc["discounting"]["band_ends"], doc["gdp_deflator"]["index"]
    assert sorted((c, r) for c, r, _ in problems(doc)) == [
        ("discounting.band_ends", Reason.MISSING_KEY),
        ("gdp_deflator.index", Reason.MISSING_KEY),
        ("sources", Reason.MISSING_KEY),
    ]
