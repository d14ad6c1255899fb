"""The financial case against figures worked by hand.

The base test scenario (tests/conftest.py): in-house £1,000,000 a year of opex and Flex
£800,000 a year, 2008–2012, plus Flex's £500,000 transition in 2008; base year and price
base 2008, no optimism bias (no project types), no risk. Here in-house also buys £2m of
capex in 2009, Flex's opex carries 17.5% irrecoverable VAT, and the deflator grows 2% a
year from 100 in 2008.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from appraisal.appraise import appraise
from appraisal.financial import CAPITAL, RESOURCE, financial_frame, financial_summary
from options.errors import InputError
from options.scenario_file import scenario_from_dict


def document(make_document: Callable[..., dict[str, Any]], vat: float = 0.175) -> dict[str, Any]:
    doc = make_document(deflator={str(2008 + t): 100 * 1.02**t for t in range(12)})
    doc["costs"].append({"option": "in-house", "line": "Servers", "category": "capex",
                         "year": 2009, "amount": 2e6})  # fmt: skip
    doc["options"][1]["irrecoverable_vat"] = {"opex": vat}
    return doc


def test_budgets_by_hand(make_document):
    """In-house: resource 5 × £1m = £5m, capital £2m. Flex: resource 5 × £800,000 +
    £500,000 + 5 × 17.5% × £800,000 (£140,000 a year of VAT) = £5.2m, no capital. Nominal:
    the capex in 2009 is £2m × 1.02 = £2.04m; in-house's resource is £1m × (1 + 1.02 +
    1.02² + 1.02³ + 1.02⁴) = £5,204,040.16."""
    s = scenario_from_dict(document(make_document))
    summary = financial_summary(financial_frame(s))
    assert summary.at["in-house", f"real: {RESOURCE}"] == pytest.approx(5e6)
    assert summary.at["in-house", f"real: {CAPITAL}"] == pytest.approx(2e6)
    assert summary.at["flex", f"real: {RESOURCE}"] == pytest.approx(5.2e6)
    assert summary.at["flex", f"real: {CAPITAL}"] == 0.0
    assert summary.at["in-house", f"nominal: {CAPITAL}"] == pytest.approx(2.04e6)
    assert summary.at["in-house", f"nominal: {RESOURCE}"] == pytest.approx(
        1e6 * sum(1.02**t for t in range(5))
    )
    vat = financial_frame(s).query("item == 'irrecoverable VAT: opex'")
    assert list(vat["real"]) == pytest.approx([140_000.0] * 5)


def test_vat_is_a_transfer_npsv_is_unchanged(make_document):
    """Irrecoverable VAT changes the budgets by £700,000 and NPSV by nothing."""
    with_vat = scenario_from_dict(document(make_document))
    without = scenario_from_dict(document(make_document, vat=0.0))
    assert [o.npsv for o in appraise(with_vat, draws=1).options] == [
        o.npsv for o in appraise(without, draws=1).options
    ]
    gap = (financial_summary(financial_frame(with_vat)).at["flex", "real: total"]
           - financial_summary(financial_frame(without)).at["flex", "real: total"])  # fmt: skip
    assert gap == pytest.approx(700_000.0)


def test_provisions_follow_the_capex_line(make_document):
    """Equipment and development optimism bias (200% upper bound, Green Book supplementary
    guidance Table 1) on in-house's capex: £2m × 200% = £4m of capital provision in 2009."""
    doc = document(make_document)
    doc["options"][0]["project_type"] = "equipment_development"
    frame = financial_frame(scenario_from_dict(doc))
    ob = frame.query("option == 'in-house' and item == 'optimism bias provision'")
    assert set(ob["budget"]) == {CAPITAL}
    assert ob["real"].sum() == pytest.approx(4e6)


def test_a_vat_rate_outside_0_to_1_is_refused_naming_the_option(make_document):
    with pytest.raises(InputError) as bad:
        scenario_from_dict(document(make_document, vat=1.5))
    (problem,) = bad.value.problems
    assert problem.column == "options[1].irrecoverable_vat"
    assert "not between 0 and 1" in problem.message


def test_redundancy_changes_the_budgets_and_leaves_npsv_unchanged(make_document):
    """Flex with a workforce of 55 in scope, 50 transferring and 5 redundant at £20,000
    each in 2008: £100,000 of resource in 2008, a transfer (Green Book 6.9), so NPSV is the
    same with or without it."""

    def flex(redundant: int, pay: float) -> Any:
        doc = document(make_document)
        doc["options"][1]["workforce"] = {
            "in_scope": 50 + redundant, "transferring": 50, "redundant": redundant,
            "years": [2008, 2012], "salary": 28_000,
            "redundancy_pay": {"per_person": pay, "year": 2008},
            "risk_probabilities": {k: 0 for k in ("employee_liability_information",
                                                  "inform_and_consult", "objection",
                                                  "second_generation")},
        }  # fmt: skip
        return scenario_from_dict(doc)

    with_pay, without = flex(5, 20_000.0), flex(0, 0.0)
    assert [o.npsv for o in appraise(with_pay, draws=1).options] == pytest.approx(
        [o.npsv for o in appraise(without, draws=1).options]
    )
    pay = financial_frame(with_pay).query("item == 'redundancy (a transfer)'")
    assert (list(pay["year"]), list(pay["real"]), set(pay["budget"])) == (
        [2008],
        [100_000.0],
        {RESOURCE},
    )


def test_named_transfers_hit_their_budget_and_not_npsv(make_document):
    """Flex's £1.2m pension bulk transfer in 2008 (resource) and the desktops handed to the
    supplier at £300,000 (capital): both in the budgets, NPSV unchanged."""
    doc = document(make_document)
    plain = appraise(scenario_from_dict(doc), draws=1)
    doc["options"][1]["transfers"] = [
        {"name": "Pension bulk transfer", "year": 2008, "amount": 1.2e6},
        {"name": "Desktops to the supplier", "year": 2008, "amount": 3e5, "budget": "capital"},
    ]
    s = scenario_from_dict(doc)
    assert [o.npsv for o in appraise(s, draws=1).options] == [o.npsv for o in plain.options]
    rows = financial_frame(s).query("item.str.startswith('transfer: ')", engine="python")
    assert sorted(zip(rows["budget"], rows["real"], strict=True)) == [
        (CAPITAL, 3e5),
        (RESOURCE, 1.2e6),
    ]
    doc["options"][1]["transfers"][0]["budget"] = "petty cash"
    with pytest.raises(InputError, match="use capital or resource"):
        scenario_from_dict(doc)
