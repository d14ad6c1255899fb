"""Reading an option's ``workforce``: every problem at its JSON path, naming the option."""

from __future__ import annotations

import pytest

from options.errors import InputError, Reason
from options.model import FairDeal, Workforce
from options.scenario_dump import scenario_to_dict
from options.scenario_file import scenario_from_dict

FULL = {
    "in_scope": 60, "in_scope_range": {"low": 50, "high": 70}, "transferring": 50,
    "transferring_range": {"low": 40, "high": 60}, "redundant": 5, "redeployed": 3,
    "retained": 2, "salary": 28_000, "price_year": 2008,
    "ni_rate": 0.091, "ni_threshold": 5_435, "pension_rate": 0.195, "fair_deal": "old-1999",
    "pension_passback_rate": 0.02, "pay_protection": {"per_transferee": 500, "years": 2},
    "redundancy_pay": {"per_person": 20_000, "year": 2009},
    "tupe_costs": {"amount": 200_000, "year": 2008},
    "client_function": {"fte": 4, "salary": 45_000}, "years": [2008, 2012],
    "second_generation_year": 2012, "risk_probabilities": {"objection": 0.3},
    "source": "hand case",
}  # fmt: skip


def with_workforce(make_document, workforce, option=1):
    doc = make_document()
    doc["options"][option]["workforce"] = workforce
    return doc


def problems(doc):
    with pytest.raises(InputError) as caught:
        scenario_from_dict(doc)
    return caught.value.problems


def test_full_workforce_is_read(make_document):
    w = scenario_from_dict(with_workforce(make_document, FULL)).options[1].workforce
    assert w == Workforce(
        in_scope=60, years=(2008, 2012), in_scope_range=(50, 70), transferring=50,
        transferring_range=(40, 60),
        redundant=5, redeployed=3, retained=2, salary=28_000, price_year=2008, ni_rate=0.091,
        ni_threshold=5_435, pension_rate=0.195, fair_deal=FairDeal.OLD_1999,
        pension_passback_rate=0.02, pay_protection=500, pay_protection_years=2,
        redundancy_pay=20_000, redundancy_year=2009, tupe_costs=200_000, tupe_year=2008,
        client_fte=4, client_salary=45_000, second_generation_year=2012,
        risk_probabilities=(("objection", 0.3),), source="hand case",
    )  # fmt: skip


def test_defaults_are_documented_figures(make_document):
    """NI 15% above £5,000 (2025-26) and the civil service 28.7% (EPN698); new Fair Deal."""
    doc = with_workforce(make_document, {"in_scope": 10, "transferring": 10, "years": [2008, 2009]})
    w = scenario_from_dict(doc).options[1].workforce
    assert (w.ni_rate, w.ni_threshold, w.pension_rate) == (0.15, 5_000, 0.287)
    assert w.fair_deal is FairDeal.NEW_2013 and w.pension_passback_rate is None


def test_round_trip_through_scenario_dump(make_document):
    s = scenario_from_dict(with_workforce(make_document, FULL))
    again = scenario_from_dict(scenario_to_dict(s))
    assert again == s and again.options[1].workforce == s.options[1].workforce
    cost = {**FULL, "client_function": {"fte": 4, "cost_per_fte": 59_224}}
    s = scenario_from_dict(with_workforce(make_document, cost))
    assert scenario_from_dict(scenario_to_dict(s)) == s


def test_bad_inputs_are_collected_naming_option_and_field(make_document):
    """Negative staff, more transferring than in scope, rates outside 0-1, all in one error."""
    bad = {**FULL, "redeployed": -3, "in_scope": 40, "ni_rate": 1.2, "pension_rate": -0.1}
    found = {p.column: p for p in problems(with_workforce(make_document, bad))}
    assert found["options[1].workforce.redeployed"].reason is Reason.NEGATIVE_VALUE
    assert found["options[1].workforce.ni_rate"].reason is Reason.OUT_OF_RANGE
    assert "options[1].workforce.pension_rate" in found
    assert all(p.message.startswith("option 'flex': ") for p in found.values())


def test_transferring_more_than_in_scope(make_document):
    bad = {"in_scope": 40, "transferring": 50, "years": [2008, 2012]}
    (p,) = problems(with_workforce(make_document, bad))
    assert p.column == "options[1].workforce.transferring"
    assert "option 'flex'" in p.message and "more than the 40 in scope" in p.message


def test_headcounts_must_add_up(make_document):
    bad = {"in_scope": 60, "transferring": 50, "retained": 5, "years": [2008, 2012]}
    (p,) = problems(with_workforce(make_document, bad))
    assert p.column == "options[1].workforce.in_scope" and "= 55" in p.message


def test_range_must_hold_the_likely_headcount(make_document):
    bad = {"in_scope": 50, "transferring": 50, "transferring_range": {"low": 55, "high": 60},
           "years": [2008, 2012]}  # fmt: skip
    (p,) = problems(with_workforce(make_document, bad))
    assert p.column == "options[1].workforce.transferring_range.low"


def test_transferring_high_end_must_be_in_scope(make_document):
    """50 in scope, 5 retained: at most 45 can transfer, so a high of 60 is refused and
    the message says what in_scope_range would hold it (60 + 5 = 65)."""
    bad = {"in_scope": 50, "transferring": 45, "retained": 5, "years": [2008, 2012],
           "transferring_range": {"low": 40, "high": 60}}  # fmt: skip
    (p,) = problems(with_workforce(make_document, bad))
    assert p.column == "options[1].workforce.transferring_range"
    assert "high 60 transferring is more than the 45 who could" in p.message
    assert "in_scope_range a high of at least 65" in p.message
    ok = {**bad, "in_scope_range": {"low": 45, "high": 65}}
    assert scenario_from_dict(with_workforce(make_document, ok)).options[1].workforce


def test_in_scope_range_must_hold_the_staff_in_scope(make_document):
    bad = {"in_scope": 50, "retained": 50, "in_scope_range": {"low": 40, "high": 45},
           "years": [2008, 2012]}  # fmt: skip
    (p,) = problems(with_workforce(make_document, bad, option=0))
    assert p.column == "options[0].workforce.in_scope_range.low"
    assert "0 < low <= in_scope <= high, not 40 / 50 / 45" in p.message


def test_in_house_transfers_nobody(make_document):
    bad = {"in_scope": 50, "transferring": 50, "years": [2008, 2012]}
    (p,) = problems(with_workforce(make_document, bad, option=0))
    assert p.column == "options[0].workforce.transferring" and "in-house" in p.message


def test_workforce_beside_a_typed_workforce_line_is_refused(make_document):
    """No staff counted twice: the typed 'workforce: staff' line must go."""
    doc = with_workforce(make_document, {"in_scope": 50, "retained": 50, "salary": 28_000,
                                         "years": [2008, 2012]}, option=0)  # fmt: skip
    doc["costs"].append({"option": "in-house", "line": "Workforce: staff", "category": "opex",
                         "year": 2008, "amount": 1.0})  # fmt: skip
    (p,) = problems(doc)
    assert p.column == "options[0].workforce" and "option 'in-house'" in p.message
    assert "twice" in p.message and p.value == "Workforce: staff"


def test_client_function_needs_salary_or_cost(make_document):
    bad = {**FULL, "client_function": {"fte": 4}}
    (p,) = problems(with_workforce(make_document, bad))
    assert p.column == "options[1].workforce.client_function.salary"


def test_unknown_risk_and_bad_probability(make_document):
    bad = {**FULL, "risk_probabilities": {"strike": 0.1, "objection": 1.5}}
    found = {p.column: p.reason for p in problems(with_workforce(make_document, bad))}
    assert found == {
        "options[1].workforce.risk_probabilities.strike": Reason.UNKNOWN_VALUE,
        "options[1].workforce.risk_probabilities.objection": Reason.PROBABILITY_OUT_OF_RANGE,
    }


def test_a_risk_may_name_a_generated_line(make_document):
    doc = with_workforce(make_document, {"in_scope": 50, "retained": 50, "salary": 28_000,
                                         "years": [2008, 2012]}, option=0)  # fmt: skip
    doc["risks"] = [{"option": "in-house", "name": "Staff loss", "probability": 0.1, "low": 1,
                     "likely": 2, "high": 3, "years": [2009],
                     "lines": ["workforce: staff"]}]  # fmt: skip
    assert scenario_from_dict(doc).risks[0].lines == ("workforce: staff",)
