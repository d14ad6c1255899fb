"""appraise(): every figure against a hand calculation or numpy-financial.

The base scenario (tests/small_scenario.py): in-house £1m a year opex 2008-2012; Flex
£0.8m a year opex plus £0.5m transition in 2008; base year and price base 2008,
standard Green Book discounting (3.5 % within 30 years, so numpy_financial.npv
at 3.5 % is an independent reference).
"""

from __future__ import annotations

import copy
import json
import math

import numpy as np
import numpy_financial as npf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from appraisal.appraise import appraise
from options.scenario_file import scenario_from_dict
from tests.small_scenario import base_document

PV5 = npf.npv(0.035, [1.0] * 5)  # PV of £1 a year for years 0-4 = 4.673079…
RISK = {
    "option": "flex",
    "name": "Transition overrun",
    "probability": 0.3,
    "low": 100_000,
    "likely": 250_000,
    "high": 900_000,
    "years": [2009],
}
CONCERNS = [
    {
        "id": "data",
        "title": "Patriot Act",
        "raised_by": "PCS",
        "weight": 30,
        "scores": {"in-house": 90, "flex": 40},
    },
    {
        "id": "tupe",
        "title": "TUPE terms",
        "raised_by": "Staff",
        "weight": 10,
        "scores": {"in-house": 100, "flex": 60},
    },
]


def test_present_values_match_numpy_financial(make_scenario):
    """Hand calculation: PV = npf.npv(0.035, flows) (year 0 undiscounted)."""
    r = appraise(make_scenario(), draws=10)
    inhouse, flex = r.options
    assert inhouse.pv_costs == pytest.approx(1e6 * PV5, rel=1e-12)
    assert flex.pv_costs == pytest.approx(0.8e6 * PV5 + 0.5e6, rel=1e-12)
    assert inhouse.npsv == pytest.approx(-1e6 * PV5) and inhouse.npc == pytest.approx(1e6 * PV5)
    assert flex.npsv_vs_counterfactual == pytest.approx(0.2e6 * PV5 - 0.5e6)
    assert r.preferred.npsv == "flex"


def test_constant_discount_rate(make_scenario):
    """npf.npv at 5 % on the same flows."""
    r = appraise(make_scenario(discounting=0.05), draws=10)
    assert r.options[0].pv_costs == pytest.approx(npf.npv(0.05, [1e6] * 5))


def test_optimism_bias_on_opex_and_transition(make_document):
    """Outsourcing upper bound 41 % (GB supplementary guidance Table 1), mitigation 0.5:
    uplift 20.5 % of PV(opex + transition) = 0.205 × (0.8m × PV5 + 0.5m)."""
    doc = make_document()
    doc["options"][1].update(project_type="outsourcing", ob_mitigation=0.5)
    r = appraise(scenario_from_dict(doc), draws=10)
    assert r.options[1].optimism_bias == pytest.approx(0.205 * (0.8e6 * PV5 + 0.5e6))
    assert r.options[1].ob_uplift == pytest.approx(0.205)
    off = copy.deepcopy(doc)
    off["settings"] = {"optimism_bias": False}
    assert appraise(scenario_from_dict(off), draws=10).options[1].optimism_bias == 0.0


def test_optimism_bias_equipment_applies_to_capex_only(make_document):
    """Equipment/development: 200 % upper bound on capex; opex untouched."""
    doc = make_document()
    doc["options"][0]["project_type"] = "equipment_development"
    doc["costs"].append(
        {
            "option": "in-house",
            "line": "Desktops",
            "category": "capex",
            "year": 2009,
            "amount": 100_000,
        }
    )
    r = appraise(scenario_from_dict(doc), draws=10)
    assert r.options[0].optimism_bias == pytest.approx(2.0 * 100_000 / 1.035)


def test_retained_risk_expected_value(make_scenario):
    """0.3 × PERT mean (100k + 4×250k + 900k)/6 = £100,000, discounted one year."""
    r = appraise(make_scenario(risks=[RISK]), draws=10)
    assert r.options[1].risk == pytest.approx(100_000 / 1.035)


def test_risk_probability_multiplier_caps_at_one(make_scenario):
    """k = 4: min(1, 4 × 0.3) = 1, so the EV is the full PERT mean £333,333."""
    r = appraise(make_scenario(risks=[RISK], settings={"risk_probability_multiplier": 4}), draws=10)
    assert r.options[1].risk == pytest.approx((100_000 + 1_000_000 + 900_000) / 6 / 1.035)


def test_transferred_risk_costs_only_its_premium(make_scenario):
    risk = {**RISK, "treatment": "transferred", "premium": 20_000, "years": [2009, 2010]}
    r = appraise(make_scenario(risks=[risk]), draws=500)
    assert r.options[1].risk == pytest.approx(20_000 / 1.035 + 20_000 / 1.035**2)
    assert r.options[1].monte_carlo.p10 == r.options[1].monte_carlo.p90  # nothing uncertain


def test_carbon_shadow_price(make_document):
    """Defra SPC: £26.50 in 2008 rising 2 % a year, 2008 prices: 100 t in 2009 cost
    100 × 27.03 / 1.035; high values are +20 %."""
    doc = make_document(carbon_series="shadow-price-2007")
    doc["options"][0]["carbon_tco2e"] = {"2009": 100}
    r = appraise(scenario_from_dict(doc), draws=10)
    assert r.options[0].carbon_cost == pytest.approx(100 * 26.5 * 1.02 / 1.035)
    doc["carbon_values"] = "high"
    assert appraise(scenario_from_dict(doc), draws=10).options[0].carbon_cost == pytest.approx(
        1.2 * 100 * 26.5 * 1.02 / 1.035
    )


def test_carbon_appraisal_2023_rebased_to_price_base(make_document):
    """DESNZ 2030 central £294.50 (2022 prices) × D(2008)/D(2022) = 66.89/90.5005."""
    doc = make_document()
    doc["options"][0]["carbon_tco2e"] = {"2030": 10}
    r = appraise(scenario_from_dict(doc), draws=10)
    expected = 10 * 294.50 * 66.89 / 90.5005 / 1.035**22
    assert r.options[0].carbon_cost == pytest.approx(expected, rel=1e-9)
    assert any("rebased from 2022 to 2008" in s for s in r.sources)


def test_nominal_lines_are_deflated(make_document):
    """Nominal £1,025,000 in 2009 with deflator 100 → 102.5 is £1,000,000 real."""
    doc = make_document(deflator={"2008": 100, "2009": 102.5})
    doc["costs"] = [
        c for c in doc["costs"] if not (c["option"] == "in-house" and c["year"] == 2009)
    ]
    doc["costs"].append(
        {
            "option": "in-house",
            "line": "Staff",
            "category": "opex",
            "year": 2009,
            "amount": 1_025_000,
            "basis": "nominal",
        }
    )
    r = appraise(scenario_from_dict(doc), draws=10)
    assert r.options[0].pv_costs == pytest.approx(1e6 * PV5)


def test_residual_values_reduce_costs_and_benefits_make_the_bcr(make_document):
    """Green Book 5.14: a residual value is included, as a reduction of cost, not a
    benefit. Hand: PVB = 50,000 / 1.035²; PV costs = 0.8m × PV5 + 0.5m − 10,000 / 1.035⁴;
    BCR = PVB ÷ (PV costs + OB + risk + carbon), here PVB ÷ PV costs."""
    doc = make_document()
    doc["costs"] += [
        {
            "option": "flex",
            "line": "Savings",
            "category": "benefit",
            "year": 2010,
            "amount": 50_000,
        },
        {"option": "flex", "line": "Kit", "category": "residual", "year": 2012, "amount": 10_000},
    ]
    r = appraise(scenario_from_dict(doc), draws=10)
    flex = r.options[1]
    assert flex.pv_benefits == pytest.approx(50_000 / 1.035**2)
    assert flex.pv_costs == pytest.approx(0.8e6 * PV5 + 0.5e6 - 10_000 / 1.035**4)
    assert flex.bcr == pytest.approx(flex.pv_benefits / flex.pv_costs)


def test_no_benefits_means_no_bcr(make_document):
    """An option whose only gains are residual values has no benefits, so no BCR (null,
    not 0.03)."""
    doc = make_document()
    doc["costs"].append(
        {"option": "flex", "line": "Kit", "category": "residual", "year": 2012, "amount": 10_000}
    )
    r = appraise(scenario_from_dict(doc), draws=10)
    assert r.options[1].pv_benefits == 0.0 and r.options[1].bcr is None


@pytest.mark.parametrize(("modules", "counted"), [(None, 2), (["Hosting"], 1), ([], 0)])
def test_modules_count_only_when_ticked(make_document, modules, counted):
    doc = make_document()
    if modules is not None:
        doc["options"][1]["modules"] = modules
    doc["costs"] += [
        {
            "option": "flex",
            "line": "Hosting",
            "category": "opex",
            "year": 2008,
            "amount": 7_000,
            "module": "Hosting",
        },
        {
            "option": "flex",
            "line": "Printing",
            "category": "opex",
            "year": 2008,
            "amount": 7_000,
            "module": "Printing",
        },
    ]
    r = appraise(scenario_from_dict(doc), draws=10)
    assert r.options[1].pv_costs == pytest.approx(0.8e6 * PV5 + 0.5e6 + counted * 7_000)


def test_eac_of_a_level_cost_from_the_base_year_is_that_cost(make_document):
    """£1m a year for five years from the base year: service years 2008-2012 by default
    (first to last flow), so EAC = NPC ÷ Σ_{t=0..4} DF(t) = £1m exactly (an annuity due,
    not NPC ÷ Σ_{t=1..5}, which is 3.5 % too high)."""
    r = appraise(scenario_from_dict(make_document()), draws=10)
    assert r.options[0].service_years == (2008, 2012) and r.options[0].life_years == 5
    assert r.options[0].eac == pytest.approx(1e6, rel=1e-12)


def test_eac_of_1000_a_year_for_ten_years_is_1000(make_document):
    """The issue's hand case: £1,000 a year for ten years from the base year, EAC £1,000."""
    doc = make_document(
        options=[{"id": "a", "name": "A", "kind": "in-house"}],
        costs=[
            {"option": "a", "line": "Fee", "category": "opex", "year": y, "amount": 1000}
            for y in range(2008, 2018)
        ],
    )
    assert appraise(scenario_from_dict(doc), draws=1).options[0].eac == pytest.approx(1000)


@pytest.mark.parametrize(("price", "life", "published"), [(2000, 7, 327), (2500, 10, 301)])
def test_eac_scim_boilers_bought_then_serving(make_document, price, life, published):
    """SCIM A4.9: a boiler bought at t = 0 serves years 1 to L; EAC = price ÷ Σ_{t=1..L}
    1.035^-t: £327 (7 years) and £301 (10 years). A schema-1 life_years with base-year
    flows that are capex only means service from the next year."""
    doc = make_document(
        options=[{"id": "x", "name": "Boiler", "kind": "in-house", "life_years": life}],
        costs=[
            {"option": "x", "line": "Boiler", "category": "capex", "year": 2008, "amount": price}
        ],
    )
    r = appraise(scenario_from_dict(doc), draws=1)
    assert r.options[0].service_years == (2009, 2008 + life)
    assert round(r.options[0].eac) == published


def test_irr_and_payback_against_counterfactual(make_document):
    """Flex minus in-house: −0.3m in 2008 (0.5m transition less 0.2m saving), then
    +0.2m a year. numpy_financial.irr of those flows; cumulative discounted flow
    −300,000, −106,763, +79,940 → pays back in 2010."""
    r = appraise(scenario_from_dict(make_document()), draws=10)
    flex = r.options[1]
    assert flex.irr == pytest.approx(npf.irr([-300_000] + [200_000] * 4))
    assert flex.payback_year == 2010
    assert r.options[0].irr is None and r.options[0].payback_year is None


def test_payback_is_null_with_nothing_to_pay_back(make_document):
    """Flex without its transition is £0.2m a year cheaper than in-house from the start:
    it never costs more before it saves, so there is nothing to pay back (null)."""
    doc = make_document()
    doc["costs"] = [c for c in doc["costs"] if c["line"] != "Transition"]
    assert appraise(scenario_from_dict(doc), draws=10).options[1].payback_year is None


def test_mcda_and_overall_value_at_a_price(make_scenario):
    """Weights 30/10 → 0.75/0.25. In-house 0.75×90 + 0.25×100 = 92.5; Flex 0.75×40 +
    0.25×60 = 45. Flex has the higher NPSV by 0.2m × PV5 − 0.5m = £434,616; in-house's
    47.5 more points pass it above £434,616 ÷ 47.5 = £9,150 a point (its switching price).
    At £5,000 a point Flex leads overall; at £10,000 in-house does."""
    gap = 0.2e6 * PV5 - 0.5e6
    r = appraise(make_scenario(concerns=CONCERNS, value_per_point=5_000), draws=10)
    inhouse, flex = r.options
    assert (inhouse.mcda_score, flex.mcda_score) == pytest.approx((92.5, 45.0))
    assert inhouse.overall_value == pytest.approx(-1e6 * PV5 + 5_000 * 92.5)
    assert flex.overall_value == pytest.approx(-0.8e6 * PV5 - 0.5e6 + 5_000 * 45)
    assert dict(inhouse.switching_prices) == {"flex": pytest.approx(gap / 47.5)}
    assert flex.switching_prices == ()
    assert (inhouse.rank, flex.rank) == (2, 1)
    assert (r.preferred.npsv, r.preferred.mcda, r.preferred.overall) == ("flex", "in-house", "flex")
    assert [(round(lam), oid) for lam, oid in r.leaders] == [
        (0, "flex"),
        (round(gap / 47.5), "in-house"),
    ]
    dearer = appraise(make_scenario(concerns=CONCERNS, value_per_point=10_000), draws=10)
    assert dearer.preferred.overall == "in-house" and dearer.preferred.npsv == "flex"
    assert any("highest overall value" in n for n in dearer.cautions)
    assert inhouse.cost_per_point == pytest.approx(inhouse.npc / 92.5)
    assert inhouse.dominated_by is None and flex.dominated_by is None
    assert flex.marginal_cost_per_point is None  # Flex is the cheapest


def test_no_concerns_means_null_mcda(make_scenario):
    r = appraise(make_scenario(value_per_point=5_000), draws=10)
    assert r.preferred.mcda is None and r.leaders == ()
    assert all(o.mcda_score is None and o.cost_per_point is None for o in r.options)
    assert [o.overall_value for o in r.options] == [o.npsv for o in r.options]


def test_options_within_a_pound_are_too_close_to_call(make_document):
    """With nothing uncertain, two options are too close to call when they differ by less
    than £1 (DESIGN); Flex at £0.40 a year less is, the base document's Flex is not."""
    doc = make_document()
    doc["costs"] = [c for c in doc["costs"] if c["option"] == "in-house"]
    doc["costs"] += [{**c, "option": "flex", "amount": c["amount"] - 0.08} for c in doc["costs"]]
    r = appraise(scenario_from_dict(doc), draws=20)
    assert r.closeness_npsv is not None and r.closeness_npsv.too_close
    assert any("too close to call" in n for n in r.cautions)
    clear = appraise(scenario_from_dict(make_document()), draws=20).closeness_npsv
    assert clear is not None and not clear.too_close and clear.runner_up_share == 0.0


def test_too_close_to_call_when_the_runner_up_wins_more_than_1_minus_confidence(make_document):
    """The runner-up does better in a share of the draws; too close when that share is
    above 1 − confidence. Hand: in-house and Flex with one shared-name opex line each but
    independent draws would differ; here Flex's fee has its own wide spread, so the
    runner-up's share is the simulated P(Flex's NPSV > in-house's). At confidence 0.8 the
    threshold is 20 %; at confidence 0.99 it is 1 %, which a share above 1 % passes."""
    doc = make_document()
    doc["costs"] = [c for c in doc["costs"] if c["line"] != "Transition"]
    for c in doc["costs"]:
        if c["option"] == "flex":
            c.update(amount=1_000_000, low=0.8, high=1.2, line="Fee")  # mode equal to in-house
    r = appraise(scenario_from_dict(doc), draws=4000)
    c = r.closeness_npsv
    assert c is not None and 0.01 < c.runner_up_share < 0.99
    assert c.too_close == (c.runner_up_share > 0.2)


def test_no_uncertainty_means_every_draw_is_the_deterministic_npsv(make_scenario):
    r = appraise(make_scenario(), draws=5000)
    for o in r.options:
        assert set(o.monte_carlo.quantiles) == {o.npsv}
        assert o.monte_carlo.mean == pytest.approx(o.npsv, rel=1e-12)


def test_monte_carlo_mean_matches_pert_mean(make_scenario):
    """E[multiplier] of PERT(0.9, 1, 1.5) = (0.9 + 4 + 1.5)/6 = 1.0667, so the mean
    NPSV of in-house is −PV × 1.0667 (± 4 standard errors)."""
    r = appraise(make_scenario(uncertainty={"opex": {"low": 0.9, "high": 1.5}}), draws=100_000)
    o = r.options[0]
    sd_mult = math.sqrt((5 / 3 * 13 / 3) / (6.0**2 * 7.0)) * 0.6  # Beta(5/3, 13/3) sd × range
    assert o.monte_carlo.mean == pytest.approx(
        -1e6 * PV5 * 6.4 / 6, abs=4 * 1e6 * PV5 * sd_mult / math.sqrt(1e5)
    )
    assert o.npc_at_confidence > o.npc  # right-skewed spread


def test_seed_reproducible_and_seed_sensitive(make_scenario):
    s = make_scenario(uncertainty={"opex": {"low": 0.9, "high": 1.5}}, risks=[RISK])
    a = json.dumps(appraise(s, draws=3000, seed=5).to_dict())
    b = json.dumps(appraise(s, draws=3000, seed=5).to_dict())
    c = json.dumps(appraise(s, draws=3000, seed=6).to_dict())
    assert a == b and a != c


def test_probabilities_of_being_best_sum_to_one(make_scenario):
    r = appraise(
        make_scenario(uncertainty={"opex": {"low": 0.5, "high": 2.0}}, risks=[RISK]), draws=20_000
    )
    assert sum(o.monte_carlo.prob_best for o in r.options) == pytest.approx(1.0)
    assert 0 < r.options[0].monte_carlo.prob_best < 1


def test_ties_split_evenly(make_document):
    doc = make_document()
    doc["costs"] = [c for c in doc["costs"] if c["option"] == "in-house"]
    doc["costs"] += [{**c, "option": "flex"} for c in doc["costs"]]
    r = appraise(scenario_from_dict(doc), draws=100)
    assert [o.monte_carlo.prob_best for o in r.options] == [0.5, 0.5]
    assert [o.rank for o in r.options] == [1, 2]  # tie → option order


def test_adding_a_dominated_option_never_reorders_the_others():
    """A: NPC 10, MCDA 50; B: NPC 11, MCDA 80. At £40k a point A is worth −10m + 2.0m =
    −8.0m and B −11m + 3.2m = −7.8m: B first. Adding C (NPC 100, MCDA 0), dominated by
    both, changes neither value, so every other rank stays (schema 1's money score, rescaled
    from the worst option to the best, flipped this pair)."""

    def doc(options):
        return {
            "schema": 2,
            "name": "flip",
            "base_year": 2008,
            "value_per_point": 40_000,
            "options": [{"id": i, "name": i, "kind": "alternative"} for i, _, _ in options],
            "costs": [
                {"option": i, "line": "x", "category": "opex", "year": 2008, "amount": c * 1e6}
                for i, c, _ in options
            ],
            "concerns": [
                {
                    "id": "q",
                    "title": "Quality",
                    "weight": 1,
                    "scores": {i: s for i, _, s in options},
                }
            ],
        }

    two = appraise(scenario_from_dict(doc([("A", 10, 50), ("B", 11, 80)])), draws=1)
    three = appraise(
        scenario_from_dict(doc([("A", 10, 50), ("B", 11, 80), ("C", 100, 0)])), draws=1
    )
    assert [o.rank for o in two.options] == [2, 1]
    assert [o.rank for o in three.options] == [2, 1, 3]
    assert two.preferred == three.preferred
    assert three.option("B").overall_value == pytest.approx(-7.8e6)
    assert three.option("C").dominated_by == "A"


def test_adding_a_dominated_option_to_the_example_keeps_its_order():
    """The example with a price per point: an added option dearer than every other and
    scoring 0 on every concern leaves the others' order and preferred.overall unchanged."""
    from dataclasses import replace as with_

    from options.examples import load_example
    from options.model import CostLine, Option, OptionKind

    example = with_(load_example(), value_per_point=150_000)
    before = appraise(example, draws=200)
    worst = Option("worst", "Worst", OptionKind.ALTERNATIVE)
    costs = tuple(CostLine("worst", "Everything", c.category, c.year, 2 * c.amount)
                  for c in example.costs if c.option == "alternative")  # fmt: skip
    concerns = tuple(with_(c, scores=(*c.scores, ("worst", 0.0))) for c in example.concerns)
    after = appraise(
        with_(example, options=(*example.options, worst), costs=example.costs + costs,
              concerns=concerns), draws=200,
    )  # fmt: skip
    assert [o.rank for o in after.options[:-1]] == [o.rank for o in before.options]
    assert after.preferred.overall == before.preferred.overall


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(k=st.floats(1, 100), extra_cost=st.floats(0, 5e6), score=st.floats(0, 40))
def test_worse_option_never_changes_npsv_or_mcda_preference(k, extra_cost, score):
    """A new option costing more than every other and scoring lower on every concern."""
    doc = base_document()
    doc["concerns"] = copy.deepcopy(CONCERNS)
    before = appraise(scenario_from_dict(doc), draws=1)
    doc["options"].append({"id": "worse", "name": "Worse", "kind": "alternative"})
    doc["costs"] += [
        {
            "option": "worse",
            "line": "x",
            "category": "opex",
            "year": y,
            "amount": 1_000_001 * k + extra_cost,
        }
        for y in range(2008, 2013)
    ]
    for c in doc["concerns"]:
        c["scores"]["worse"] = min(min(c["scores"].values()), score)
    after = appraise(scenario_from_dict(doc), draws=1)
    assert (after.preferred.npsv, after.preferred.mcda) == (
        before.preferred.npsv,
        before.preferred.mcda,
    )


@settings(max_examples=25, deadline=None)
@given(k=st.floats(0.001, 1000))
def test_scaling_every_amount_scales_npsv(k):
    doc = base_document()
    doc["options"][1].update(project_type="outsourcing", ob_mitigation=0.2)
    doc["risks"] = [dict(RISK)]
    base = appraise(scenario_from_dict(doc), draws=1)
    for c in doc["costs"]:
        c["amount"] *= k
    for key in ("low", "likely", "high"):
        doc["risks"][0][key] *= k
    scaled = appraise(scenario_from_dict(doc), draws=1)
    for a, b in zip(base.options, scaled.options, strict=True):
        assert b.npsv == pytest.approx(k * a.npsv, rel=1e-9)


def test_flows_frame_adds_up_to_the_present_values(make_scenario):
    r = appraise(make_scenario(risks=[RISK]), draws=10)
    f = r.flows
    flex = f[f.option == "flex"]
    assert flex[flex.component == "opex"].amount.sum() == pytest.approx(4e6)
    assert flex[flex.component == "risk"].discounted.sum() == pytest.approx(r.options[1].risk)
    assert set(f.year) == set(range(2008, 2013))


def test_json_contract_keys(make_scenario):
    """Every key DESIGN.md's JSON contract names, spelled so."""
    d = appraise(make_scenario(concerns=CONCERNS), draws=50).to_dict()
    assert {
        "scenario",
        "base_year",
        "price_base",
        "discounting",
        "preferred",
        "options",
        "draws",
        "seed",
        "version",
    } <= set(d)
    assert set(d["preferred"]) == {"npsv", "mcda", "overall"}
    option_keys = {
        "id",
        "name",
        "pv_costs",
        "pv_benefits",
        "optimism_bias",
        "risk",
        "carbon_cost",
        "npsv",
        "eac",
        "cost_per_point",
        "marginal_cost_per_point",
        "dominated_by",
        "mcda_score",
        "overall_value",
        "rank",
        "monte_carlo",
        "npc",
        "npc_at_confidence",
        "npsv_vs_counterfactual",
        "bcr",
        "irr",
        "payback_year",
        "npsv_most_likely",
        "added_above_most_likely",
        "npc_p50",
        "npc_p80",
        "npc_p90",
    }
    assert d["value_per_point"] is None
    for o in d["options"]:
        assert option_keys <= set(o)
        assert {"draws", "p10", "p50", "p90", "mean", "prob_best", "quantiles"} <= set(
            o["monte_carlo"]
        )
        assert len(o["monte_carlo"]["quantiles"]) == 101
    json.dumps(d, allow_nan=False)
    assert np.all(np.diff(d["options"][0]["monte_carlo"]["quantiles"]) >= 0)


def test_frame_is_one_row_per_option(make_scenario):
    """The tidy view: one row per option, the JSON fields as columns."""
    r = appraise(make_scenario(), draws=10)
    frame = r.frame()
    assert list(frame.index) == ["in-house", "flex"]
    assert frame.loc["flex", "npsv"] == r.options[1].npsv
    assert frame.loc["in-house", "monte_carlo_p50"] == r.options[0].monte_carlo.p50


# ---------------------------------------------------------------- expected values


def _one_line(make_document, *, low=0.9, high=1.5, risk=None, project_type=None, m=0.0):
    """One option, one £1m transition line in the base year (undiscounted)."""
    option = {"id": "flex", "name": "Flex", "kind": "framework", "project_type": project_type}
    option["ob_mitigation"] = m
    doc = make_document(
        options=[option],
        costs=[
            {"option": "flex", "line": "Transition", "category": "transition", "year": 2008,
             "amount": 1_000_000, "low": low, "high": high}
        ],
    )  # fmt: skip
    if risk is not None:
        doc["risks"] = [risk]
    return scenario_from_dict(doc)


def test_a_line_with_a_spread_costs_its_expected_value(make_document):
    """A £1m line with spread 0.9 / 1.5 costs (0.9 + 4 + 1.5) / 6 × £1m = £1,066,667; the
    most-likely NPSV keeps it at £1m, and the spread's skew is what is added."""
    r = appraise(_one_line(make_document), draws=1)
    o = r.options[0]
    assert o.pv_costs == pytest.approx(1_066_666.67, abs=0.01)
    assert o.npsv_most_likely == pytest.approx(-1_000_000)
    assert o.added_above_most_likely.spread == pytest.approx(66_666.67, abs=0.01)


def test_optimism_bias_is_netted_of_the_spread_and_the_risks_that_name_the_line(make_document):
    """Outsourcing (41 % / 0 %) at m = 0.5 allows 20.5 %. The line's spread adds 6.67 % and
    a risk naming it adds 0.4 × (100k + 4 × 200k + 300k) / 6 = £80,000 (8 %), so its uplift
    is 20.5 − 6.67 − 8 = 5.83 %: £58,333. Total added = 66,667 + 58,333 + 80,000 = £205,000,
    the allowance itself (never the allowance plus the same risks again)."""
    risk = {"option": "flex", "name": "Overrun", "probability": 0.4, "low": 100_000,
            "likely": 200_000, "high": 300_000, "years": [2008],
            "lines": ["Transition"]}  # fmt: skip
    r = appraise(_one_line(make_document, risk=risk, project_type="outsourcing", m=0.5), draws=1)
    o = r.options[0]
    assert o.risk == pytest.approx(80_000)
    assert o.optimism_bias == pytest.approx(1e6 * (0.205 - 0.4 / 6 - 0.08), abs=0.01)
    assert o.added_above_most_likely.total == pytest.approx(205_000, abs=0.01)


def test_quantified_uncertainty_above_the_allowance_leaves_only_the_lower_bound(make_document):
    """A risk adding 30 % to a line whose allowance is 20.5 %: the uplift falls to the lower
    bound, 0 for outsourcing; what is added is the spread and the risk (q + lower), and a
    note warns only when q passes the upper bound (41 %): 36.7 % does not."""
    risk = {"option": "flex", "name": "Overrun", "probability": 1.0, "low": 300_000,
            "likely": 300_000, "high": 300_000, "years": [2008],
            "lines": ["Transition"]}  # fmt: skip
    r = appraise(_one_line(make_document, risk=risk, project_type="outsourcing", m=0.5), draws=1)
    assert r.options[0].optimism_bias == 0.0
    assert r.options[0].added_above_most_likely.total == pytest.approx(366_666.67, abs=0.01)
    assert not any("may be too wide" in n for n in r.notes)
    wide = dict(risk, low=400_000, likely=400_000, high=400_000)  # q = 6.7 % + 40 % > 41 %
    r = appraise(_one_line(make_document, risk=wide, project_type="outsourcing"), draws=1)
    assert any("'Transition'" in n and "may be too wide" in n for n in r.notes)


def test_an_option_without_a_project_type_must_say_why(make_document):
    """Every option answers the optimism-bias question: no project type and no evidence
    gets a note; the same option with ob_evidence does not."""
    r = appraise(_one_line(make_document), draws=1)
    assert any(n.startswith("Flex: no optimism-bias project type") for n in r.notes)
    doc = make_document()
    doc["options"][0]["ob_evidence"] = "Business as usual: current budgets."
    r = appraise(scenario_from_dict(doc), draws=1)
    assert not any(n.startswith("Keep in-house: no optimism-bias") for n in r.notes)


@settings(max_examples=40, deadline=None, derandomize=True)
@given(
    low=st.floats(0.5, 1.0),
    high=st.floats(1.0, 2.5),
    amount=st.floats(1e3, 1e7),
    probability=st.floats(0.05, 0.95),
)
def test_headline_npsv_is_the_monte_carlo_mean_within_5_standard_errors(
    low, high, amount, probability
):
    """The headline uses expected values, so it equals the simulation's mean within
    sampling error: |NPSV − mean| ≤ 5 standard errors (fixed seed, derandomised)."""
    doc = base_document()
    doc["costs"] = [
        {"option": "in-house", "line": "Staff", "category": "opex", "year": 2008 + t,
         "amount": amount, "low": low, "high": high} for t in range(5)
    ] + [
        {"option": "flex", "line": "Fee", "category": "opex", "year": 2009, "amount": amount,
         "low": low, "high": high}
    ]  # fmt: skip
    doc["risks"] = [
        {"option": "flex", "name": "Overrun", "probability": probability, "low": amount / 10,
         "likely": amount / 5, "high": amount, "years": [2009, 2010]}
    ]  # fmt: skip
    r = appraise(scenario_from_dict(doc), draws=4_000, seed=7)
    for o in r.options:
        se = o.monte_carlo.std_error
        assert abs(o.npsv - o.monte_carlo.mean) <= 5 * se + 1e-6 * abs(o.npsv)


def test_example_headline_is_its_monte_carlo_mean():
    """The built-in example: every option's headline NPSV within 5 standard errors of its
    simulated mean (10,000 draws, seed 1)."""
    from options.examples import load_example

    r = appraise(load_example(), draws=10_000, seed=1)
    for o in r.options:
        assert abs(o.npsv - o.monte_carlo.mean) <= 5 * o.monte_carlo.std_error


def test_health_lines_always_use_the_health_schedule(make_document):
    """Green Book 5.35: effects on health and life are discounted at 1.5 % (to year 30). A
    £1m health line in 2010 is worth 1m / 1.015², whatever the scenario's schedule; the
    other lines keep 3.5 %."""
    doc = make_document()
    doc["costs"].append(
        {"option": "flex", "line": "Injuries", "category": "opex", "year": 2010,
         "amount": 1_000_000, "health": True}
    )  # fmt: skip
    r = appraise(scenario_from_dict(doc), draws=1)
    assert r.options[1].pv_costs == pytest.approx(0.8e6 * PV5 + 0.5e6 + 1e6 / 1.015**2)
    whole = appraise(scenario_from_dict(make_document(discounting="green-book-health")), draws=1)
    assert any("health schedule" in n for n in whole.notes)
