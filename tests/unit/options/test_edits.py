"""Dashboard edits: controls, and edited tables validated with every problem located."""

from __future__ import annotations

from dataclasses import replace

import pytest

from appraisal.appraise import appraise
from options import controls, edits
from options.errors import InputError, Reason
from options.examples import load_example
from options.model import CarbonSeries, CarbonValues, Category
from options.scenario_file import scenario_from_dict


@pytest.fixture(scope="module")
def example():
    return load_example()


def cells(excinfo):
    return {(p.row, p.column, p.reason) for p in excinfo.value.problems}


def test_controls_round_trip(example):
    assert controls.with_controls(example, controls.controls_of(example)) == example


def test_controls_of_example(example):
    c = controls.controls_of(example)
    assert dict(c.ob_mitigation) == {"flex": 0.5, "alternative": 0.3}
    assert dict(c.modules)["flex"] == ("Hosting", "Telephony", "Security", "Printing")
    assert set(controls.available_modules(example)["flex"]) == {
        "Applications support",
        "Hosting",
        "Telephony",
        "Security",
        "IT strategy",
        "Testing and integration",
        "Applications development",
        "Printing",
    }


def test_every_control_reaches_the_scenario(example):
    c = controls.controls_of(example)
    changed = replace(
        c,
        discounting=0.05,
        optimism_bias=False,
        ob_mitigation=(("flex", 0.9),),
        confidence=0.95,
        risk_multiplier=2.0,
        weights=(("data-sovereignty", 0.0),),
        value_per_point=25_000.0,
        carbon_values=CarbonValues.HIGH,
        carbon_series=CarbonSeries.APPRAISAL_2023,
        modules=(("flex", ("Hosting",)),),
        draws=2000,
        seed=9,
    )
    s = controls.with_controls(example, changed)
    assert s.discounting == 0.05 and s.settings.optimism_bias is False
    assert s.option("flex").ob_mitigation == 0.9 and s.option("alternative").ob_mitigation == 0.3
    assert s.settings.confidence == 0.95 and s.settings.risk_probability_multiplier == 2.0
    assert next(k for k in s.concerns if k.id == "data-sovereignty").weight == 0.0
    assert s.value_per_point == 25_000.0 and s.carbon_values is CarbonValues.HIGH
    assert s.carbon_series is CarbonSeries.APPRAISAL_2023
    assert s.option("flex").modules == ("Hosting",)
    assert (s.settings.draws, s.settings.seed) == (2000, 9)


def test_unticking_a_module_removes_its_cost(example):
    """Hosting's lines leave Flex's PV costs. Hand figure from ons_flex.json: Hosting is
    £698,418 a year, 2008-2017, in 2008 prices (75% of the in-house all-in equivalent,
    £600,000 × 1.5520, SOURCES.md A15, A31). Rebased to the 2007 price base × 64.7322 /
    66.8900 (HMT deflator), at its expected value (the opex spread 0.95 / 1.15: × 6.1 / 6),
    discounted from the base year 2007 over years 1-10 (annuity (1 − 1.035^−10) / 0.035 =
    8.316605): £698,418 × 0.967741 × 1.016667 × 8.316605 = £5,714,777."""
    c = controls.controls_of(example)
    ticked = tuple(m for m in dict(c.modules)["flex"] if m != "Hosting")
    s = controls.with_controls(example, replace(c, modules=(("flex", ticked),)))
    before = appraise(example, draws=1).option("flex").pv_costs
    after = appraise(s, draws=1).option("flex").pv_costs
    hosting = [x for x in example.costs if x.option == "flex" and x.module == "Hosting"]
    assert [(x.year, x.amount, x.price_year) for x in hosting] == [
        (y, 698_418.0, 2008) for y in range(2008, 2018)
    ]
    assert before - after == pytest.approx(5_714_777, abs=1)


def test_all_zero_weights_are_refused(example):
    c = controls.controls_of(example)
    zero = tuple((k, 0.0) for k, _ in c.weights)
    with pytest.raises(InputError) as excinfo:
        controls.with_controls(example, replace(c, weights=zero))
    assert excinfo.value.problems[0].reason is Reason.ZERO_WEIGHTS


def test_cost_table_round_trip(example):
    assert edits.apply_edits(example, edits.cost_table(example)) == example


def test_cost_edit_applies(example):
    """£1m more on the first line, in-house staff in 2008, held in 2008 prices: in the 2007
    price base that is £1m × 64.7322 / 66.8900 (HMT deflator), discounted one year from
    the base year 2007, at the line's expected multiplier."""
    table = edits.cost_table(example)
    assert (table.loc[1, "option"], table.loc[1, "year"]) == ("in-house", 2008)
    assert table.loc[1, "price_year"] == 2008
    table.loc[1, "amount"] = table.loc[1, "amount"] + 1_000_000
    s = edits.apply_edits(example, table)
    diff = (
        appraise(s, draws=1).option("in-house").pv_costs
        - appraise(example, draws=1).option("in-house").pv_costs
    )
    spread = example.uncertainty_map[Category.from_text(table.loc[1, "category"])]
    expected = (spread.low + 4 + spread.high) / 6  # the line's expected multiplier
    assert diff == pytest.approx(expected * 1_000_000 * 64.7322 / 66.8900 / 1.035)


def test_cost_edit_problems_name_table_rows(example):
    table = edits.cost_table(example).astype(object)
    table.loc[3, "amount"] = "abc"
    table.loc[7, "category"] = "overheads"
    table.loc[9, "year"] = 2001
    with pytest.raises(InputError) as excinfo:
        edits.apply_edits(example, table)
    assert cells(excinfo) == {
        (3, "amount", Reason.NOT_A_NUMBER),
        (7, "category", Reason.UNKNOWN_CATEGORY),
        (9, "year", Reason.YEAR_BEFORE_BASE),
    }


def test_cost_edit_unknown_option(example):
    table = edits.cost_table(example)
    table.loc[5, "option"] = "ghost"
    with pytest.raises(InputError) as excinfo:
        edits.apply_edits(example, table)
    assert cells(excinfo) == {(5, "option", Reason.UNKNOWN_OPTION)}


def test_cost_edit_added_and_deleted_rows(example):
    table = edits.cost_table(example).iloc[1:]
    s = edits.apply_edits(example, table)
    assert len(s.costs) == len(example.costs) - 1


def test_risk_table_round_trip_and_problems(example):
    assert edits.apply_risk_edits(example, edits.risk_table(example)) == example
    table = edits.risk_table(example).astype(object)
    table.loc[2, "probability"] = 1.5
    table.loc[3, "years"] = "20x9"
    table.loc[4, "low"] = 1e9
    with pytest.raises(InputError) as excinfo:
        edits.apply_risk_edits(example, table)
    assert cells(excinfo) == {
        (2, "probability", Reason.PROBABILITY_OUT_OF_RANGE),
        (3, "years", Reason.WRONG_TYPE),
        (4, "likely", Reason.IMPACT_ORDER),
    }


def test_risk_edit_applies(example):
    """Doubling the first risk's probability doubles its expected value."""
    table = edits.risk_table(example)
    table.loc[1, "probability"] *= 2
    s = edits.apply_risk_edits(example, table)
    before = appraise(example, draws=1).risks.pv.iloc[0]
    assert appraise(s, draws=1).risks.pv.iloc[0] == pytest.approx(2 * before)


def test_concern_tables(example):
    scores, notes = edits.concern_table(example), edits.rationale_table(example)
    assert edits.apply_concern_edits(example, scores, notes) == example
    assert edits.apply_concern_edits(example, scores) == example
    scores.loc[2, "flex"] = 120
    scores.loc[3, "weight"] = -1
    with pytest.raises(InputError) as excinfo:
        edits.apply_concern_edits(example, scores)
    assert cells(excinfo) == {
        (2, "flex", Reason.SCORE_OUT_OF_RANGE),
        (3, "weight", Reason.NEGATIVE_WEIGHT),
    }


def test_rationale_edit_applies(example):
    scores, notes = edits.concern_table(example), edits.rationale_table(example)
    notes.loc[1, "rationale"] = "New reasoning"
    s = edits.apply_concern_edits(example, scores, notes)
    first = s.concerns[0]
    assert dict(first.rationale)[notes.loc[1, "option"]] == "New reasoning"


def test_cost_table_keeps_every_per_line_setting(make_document):
    """price_year, driver and health are columns of the editor, so applying the table
    unedited changes nothing, and an edited price year is applied: the in-house staff line
    (£1m a year 2008-12, base and price base 2008) held in 2009 prices is worth
    £1m × 66.8900 / 68.2170 a year in 2008 prices (HMT deflator)."""
    doc = make_document()
    for c in doc["costs"][:5]:
        c.update(price_year=2008, driver="Pay", health=False)
    doc["costs"][10].update(health=True)  # the one-year transition line
    s = scenario_from_dict(doc)
    table = edits.cost_table(s)
    assert edits.apply_edits(s, table) == s
    table["price_year"] = table["price_year"].astype(object)
    table.loc[1:5, "price_year"] = 2009.0  # as the editor's number column gives it
    edited = edits.apply_edits(s, table)
    assert {c.price_year for c in edited.costs if c.option == "in-house"} == {2009}
    pv = sum(1e6 * 66.8900 / 68.2170 / 1.035**t for t in range(5))
    assert appraise(edited, draws=1).option("in-house").pv_costs == pytest.approx(pv)


def test_cost_table_bad_price_year_names_its_cell(make_document):
    doc = make_document()
    s = scenario_from_dict(doc)
    table = edits.cost_table(s).astype(object)
    table.loc[2, "price_year"] = 1850  # before the deflator series
    with pytest.raises(InputError) as excinfo:
        edits.apply_edits(s, table)
    assert {(p.row, p.column) for p in excinfo.value.problems} == {(2, "price_year")}


def test_risk_table_keeps_and_edits_the_lines_a_risk_names(make_document):
    doc = make_document(risks=[
        {"option": "flex", "name": "Overrun", "probability": 0.5, "low": 1, "likely": 2,
         "high": 3, "years": [2008], "lines": ["Transition", "Service charge"]},
    ])  # fmt: skip
    s = scenario_from_dict(doc)
    table = edits.risk_table(s)
    assert table.loc[1, "lines"] == "Transition; Service charge"
    assert edits.apply_risk_edits(s, table) == s
    table.loc[1, "lines"] = " Transition ;"
    assert edits.apply_risk_edits(s, table).risks[0].lines == ("Transition",)
    table.loc[1, "lines"] = "Catering"
    with pytest.raises(InputError) as excinfo:
        edits.apply_risk_edits(s, table)
    assert {(p.row, p.column) for p in excinfo.value.problems} == {(1, "lines")}
