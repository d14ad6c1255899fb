"""Workforce inputs as cost lines, risks and redundancy payments, worked by hand.

The base document (tests/conftest.py) has base year and price base 2008 and the
Green Book's 3.5%, so a flow in year t is discounted by 1/1.035^t. Over the seven
years 2008-2014 (t = 0..6) £1 a year is worth the annuity-due factor
(1 − 1.035^−7) / (1 − 1/1.035) = 6.3285534 (Green Book 2018 Table 2: 1,000, 966, 934,
902, 871, 842, 814 per £1,000, which add to 6,329); over 2008-2012, 4.6730792.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from appraisal.appraise import appraise, prepare
from appraisal.workforce import (
    HEADCOUNT_DRIVER,
    redundancy_payments,
    with_workforce,
    workforce_frame,
    workforce_lines,
    workforce_risks,
)
from options.inputs import apply_what_if
from options.model import Change, WhatIf
from options.scenario_file import scenario_from_dict

SEVEN = 6.3285534  # annuity due, 3.5%, 7 years
FIVE = 4.6730792  # annuity due, 3.5%, 5 years
NO_RISKS = {"employee_liability_information": 0, "inform_and_consult": 0, "objection": 0,
            "second_generation": 0}  # fmt: skip


def in_house_staff(make_document, **workforce):
    """The base document, in-house's typed staff replaced by 50 staff on £28,000 at 12.8%
    NI on all pay and 14% pension, 2008-2014."""
    doc = make_document()
    doc["costs"] = [c for c in doc["costs"] if c["option"] != "in-house"]
    doc["options"][0]["workforce"] = {"in_scope": 50, "retained": 50, "salary": 28_000,
                                      "ni_rate": 0.128, "ni_threshold": 0,
                                      "pension_rate": 0.14, "years": [2008, 2014],
                                      **workforce}  # fmt: skip
    return doc


def flex_transfer(make_document, **workforce):
    """The base document with 50 of Flex's staff transferring, 2008-2012."""
    doc = make_document()
    doc["options"][1]["workforce"] = {"in_scope": 50, "transferring": 50, "salary": 28_000,
                                      "years": [2008, 2012], "fair_deal": "old-1999",
                                      "risk_probabilities": NO_RISKS, **workforce}  # fmt: skip
    return doc


def test_in_house_staff_by_hand(make_document):
    """50 × £28,000 × (1 + 12.8% + 14%) = 50 × £35,504 = £1,775,200 a year; over seven
    years at 3.5%, × 6.3285534 = £11,234,448 of PV costs (in-house has no project type,
    so no optimism bias, and no risks)."""
    r = appraise(scenario_from_dict(in_house_staff(make_document)), draws=1)
    assert r.options[0].pv_costs == pytest.approx(1_775_200 * SEVEN, abs=1.0)
    assert r.options[0].pv_costs == pytest.approx(11_234_448, abs=1.0)
    assert r.options[0].npsv == pytest.approx(-11_234_448, abs=1.0)


def test_working_in_words_and_numbers(make_document):
    """The frame says how the line was worked: 50 FTE × £28,000 × (1 + 12.8% + 14%)."""
    row = workforce_frame(scenario_from_dict(in_house_staff(make_document))).iloc[0]
    assert row["line"] == "workforce: staff" and row["years"] == "2008-2014"
    assert row["working"] == "50 FTE × £28,000 × (1 + 12.8% + 14%) = £35,504.00 each"
    assert row["amount"] == pytest.approx(1_775_200)


def test_old_fair_deal_passback_at_a_stated_rate(make_document):
    """Old Fair Deal, a broadly comparable scheme 2 points dearer, passed back:
    50 × £28,000 × 2% = £28,000 a year, 2008-2012: PV £28,000 × 4.6730792 = £130,846.22
    more of Flex's costs than without a workforce (Flex has no project type: no uplift)."""
    plain = appraise(scenario_from_dict(make_document()), draws=1).options[1]
    doc = flex_transfer(make_document, pension_passback_rate=0.02)
    r = appraise(scenario_from_dict(doc), draws=1).options[1]
    assert r.pv_costs - plain.pv_costs == pytest.approx(28_000 * FIVE, abs=0.01)
    assert r.pv_costs - plain.pv_costs == pytest.approx(130_846.22, abs=0.01)


def test_new_fair_deal_passes_the_public_service_rate_through(make_document):
    """New Fair Deal, no rate given: the public-service 28.7% less the 3% auto-enrolment
    minimum the supplier pays anyway, 25.7%: 50 × £28,000 × 25.7% = £359,800 a year."""
    doc = flex_transfer(make_document, fair_deal="new-2013", pension_rate=0.287)
    lines = workforce_lines(scenario_from_dict(doc))
    assert {c.line for c in lines} == {"workforce: Fair Deal pension passback"}
    assert [c.amount for c in lines] == pytest.approx([359_800.0] * 5)


def test_redundancy_is_a_transfer(make_document):
    """5 redundancies × £20,000 in 2008 are £100,000 in the financial view and leave NPSV
    exactly as it is without them (Green Book 6.9)."""
    base = flex_transfer(make_document, in_scope=55, pension_passback_rate=0.02,
                         redundant=5)  # fmt: skip
    paid = flex_transfer(make_document, in_scope=55, pension_passback_rate=0.02, redundant=5,
                         redundancy_pay={"per_person": 20_000, "year": 2008})  # fmt: skip
    s = scenario_from_dict(paid)
    assert redundancy_payments(s).to_dict("records") == [
        {"option": "flex", "year": 2008, "people": 5.0, "per_person": 20_000.0,
         "amount": 100_000.0, "price_year": s.prices, "real": 100_000.0}
    ]  # fmt: skip
    without = appraise(scenario_from_dict(base), draws=1).options[1].npsv
    assert appraise(s, draws=1).options[1].npsv == without
    assert not any("redundan" in c.line.lower() for c in workforce_lines(s))


def test_what_if_cost_multiplier_doubles_the_generated_opex(make_document):
    """``cost:flex:opex`` × 2 doubles the passback (£28,000 → £56,000 a year) and the client
    (4 × £59,224 = £236,896 → £473,792), and leaves the TUPE transition (£200,000)."""
    doc = flex_transfer(make_document, pension_passback_rate=0.02,
                        client_function={"fte": 4, "cost_per_fte": 59_224},
                        tupe_costs={"amount": 200_000, "year": 2008})  # fmt: skip
    s = scenario_from_dict(doc)
    doubled = apply_what_if(s, WhatIf("x", "", (Change(input="cost:flex:opex", multiply=2.0),)))
    first = {c.line: c.amount for c in workforce_lines(doubled) if c.year == 2008}
    assert first == {
        "workforce: Fair Deal pension passback": pytest.approx(56_000.0),
        "workforce: intelligent client": pytest.approx(473_792.0),
        "workforce: TUPE consultation, HR and legal": pytest.approx(200_000.0),
    }


def test_headcount_range_expected_and_shared_driver(make_document):
    """Transferring 40 / 50 / 70: the passback (£560 a head at 2% of £28,000) is entered at
    50 with multipliers 0.8 and 1.4 on the driver headcount:transferring, so the
    deterministic figure is at the PERT mean (40 + 200 + 70) / 6 = 51.667 heads:
    £560 × 51.6667 = £28,933.33 a year; × 4.6730792 = £135,207.76 of PV. A second
    outsourced option's headcount lines share the same driver (one headcount draw a
    Monte Carlo draw)."""
    doc = flex_transfer(make_document, pension_passback_rate=0.02,
                        transferring_range={"low": 40, "high": 70},
                        in_scope_range={"low": 40, "high": 70})  # fmt: skip
    doc["options"].append({"id": "alt", "name": "Alternative", "kind": "alternative",
                           "workforce": doc["options"][1]["workforce"]})  # fmt: skip
    s = scenario_from_dict(doc)
    (line, *_) = workforce_lines(s)
    assert (line.low, line.high, line.driver) == (0.8, 1.4, HEADCOUNT_DRIVER)
    plain = appraise(scenario_from_dict(make_document()), draws=1).options[1]
    r = appraise(s, draws=1)
    assert r.options[1].pv_costs - plain.pv_costs == pytest.approx(135_207.76, abs=0.01)
    assert r.options[2].pv_costs == pytest.approx(135_207.76, abs=0.01)
    lines = prepare(s).lines
    assert len(set(lines.driver[lines.option == 1]) & set(lines.driver[lines.option == 2])) == 1


def test_in_house_staff_follow_the_same_headcount_draw(make_document):
    """In-house keeps 40 / 50 / 60 FTE on £28,000 × 1.268 = £35,504 a head: its staff line
    is entered at 50 heads with multipliers 0.8 and 1.2 on the same driver as Flex's
    transferring headcount, so the two move together in every Monte Carlo draw; the
    deterministic figure is at the PERT mean, (40 + 200 + 60) / 6 = 50 heads, unchanged:
    £1,775,200 × 6.3285534 = £11,234,448."""
    doc = in_house_staff(make_document, in_scope_range={"low": 40, "high": 60})
    doc["options"][1]["workforce"] = {
        "in_scope": 50, "in_scope_range": {"low": 40, "high": 60}, "transferring": 50,
        "transferring_range": {"low": 40, "high": 60}, "salary": 28_000,
        "pension_passback_rate": 0.02, "years": [2008, 2012], "risk_probabilities": NO_RISKS,
    }  # fmt: skip
    s = scenario_from_dict(doc)
    staff = next(c for c in workforce_lines(s) if c.option == s.options[0].id)
    assert (staff.low, staff.high, staff.driver) == (0.8, 1.2, HEADCOUNT_DRIVER)
    assert appraise(s, draws=1).options[0].pv_costs == pytest.approx(11_234_448, abs=1.0)
    lines = prepare(s).lines
    assert len(set(lines.driver[lines.option == 0]) & set(lines.driver[lines.option == 1])) == 1


def test_tupe_risks_follow_the_headcount(make_document):
    """40 / 50 / 60 transferring on £26,000: employee liability information £500 a head,
    £20,000 / £25,000 / £30,000; inform and consult 13 weeks' pay (13 × £500) a head,
    £260,000 / £325,000 / £390,000; the workforce's own probabilities replace the
    defaults (0.2 here)."""
    doc = flex_transfer(make_document, salary=26_000, transferring_range={"low": 40, "high": 60},
                        in_scope_range={"low": 40, "high": 60},
                        risk_probabilities={"employee_liability_information": 0.2},
                        tupe_costs={"amount": 100_000, "year": 2008})  # fmt: skip
    risks = {r.name: r for r in workforce_risks(scenario_from_dict(doc))}
    eli = risks["workforce: Incomplete employee liability information (TUPE reg. 11-12)"]
    assert (eli.probability, eli.low, eli.likely, eli.high) == (0.2, 20_000, 25_000, 30_000)
    consult = next(r for n, r in risks.items() if "inform and consult" in n)
    assert (consult.low, consult.likely, consult.high) == (260_000, 325_000, 390_000)
    assert consult.probability == 0.05 and "reg" in consult.source
    second = next(r for n, r in risks.items() if "Second-generation" in n)
    assert (second.low, second.likely, second.high, second.years) == (
        50_000, 100_000, 200_000, (2012,))  # fmt: skip


def test_risks_enter_the_npsv(make_document):
    """The ELI risk alone at p = 0.2: EV 0.2 × PERT mean (20,000 + 100,000 + 30,000) / 6 =
    0.2 × £25,000 = £5,000 in 2008 (t = 0, undiscounted)."""
    only = {**NO_RISKS, "employee_liability_information": 0.2}
    span = {"low": 40, "high": 60}
    doc = flex_transfer(make_document, transferring_range=span, in_scope_range=span,
                        risk_probabilities=only)  # fmt: skip
    assert appraise(scenario_from_dict(doc), draws=1).options[1].risk == pytest.approx(5_000)


def test_redundancy_in_another_price_year_is_rebased(make_document):
    """£100,000 of redundancy entered in 2010 prices in a 2008-price scenario is
    100,000 × D(2008) / D(2010) in the financial case, D the GDP deflator (Green Book
    5.11-5.12), as a cost line in 2008 prices is; as entered it stays £100,000."""
    from options.model import GDP_DEFLATOR

    doc = flex_transfer(make_document, in_scope=55, redundant=5, price_year=2010,
                        redundancy_pay={"per_person": 20_000, "year": 2008})  # fmt: skip
    s = scenario_from_dict(doc)
    assert s.prices == 2008
    deflator = dict(GDP_DEFLATOR)
    (row,) = redundancy_payments(s).to_dict("records")
    assert row["amount"] == 100_000.0 and row["price_year"] == 2010
    assert row["real"] == pytest.approx(100_000 * deflator[2008] / deflator[2010])
    assert row["real"] < 100_000  # prices rose from 2008 to 2010


def test_without_workforce_nothing_changes(make_scenario):
    s = make_scenario()
    assert with_workforce(s) == (s, ())
    assert workforce_frame(s).empty and redundancy_payments(s).empty


def test_generated_lines_carry_price_year_and_scale(make_document):
    """A workforce in 2007 prices gives lines with price_year 2007, rebased like typed ones."""
    s = scenario_from_dict(in_house_staff(make_document, price_year=2008))
    assert {c.price_year for c in workforce_lines(s)} == {2008}
    o = replace(s.options[0], generated_scale=(("opex", 0.5),))
    half = workforce_lines(replace(s, options=(o, *s.options[1:])))
    assert half[0].amount == pytest.approx(1_775_200 / 2)


def test_like_with_like_note_names_an_unexplained_difference():
    """In-house pays £30,000 and Flex's transferees £33,000, same on-costs (none): Flex
    costs £33,000 a head against £30,000, so a note asks why, unless it says."""
    from dataclasses import replace as _replace

    from appraisal.workforce import like_with_like_notes
    from options.model import Option, OptionKind, Scenario, Workforce

    mine = Workforce(10, (2008, 2009), retained=10, salary=30_000, ni_rate=0, pension_rate=0)
    theirs = Workforce(10, (2008, 2009), 10, salary=33_000, ni_rate=0, pension_rate=0)
    options = (Option("a", "A", OptionKind.IN_HOUSE, workforce=mine),
               Option("f", "F", OptionKind.FRAMEWORK, workforce=theirs))  # fmt: skip
    s = Scenario("s", 2008, options, ())
    (note,) = like_with_like_notes(s)
    assert "F costs £33,000 a head a year against £30,000" in note
    why = _replace(theirs, why_cost_differs="London weighting for the supplier's site")
    s = _replace(s, options=(s.options[0], _replace(s.options[1], workforce=why)))
    assert like_with_like_notes(s) == []
