"""Input IDs and what-ifs: parsed, checked against the scenario, applied all or nothing.

Expected figures are hand calculations on the base document of ``tests/conftest.py``
(in-house £1m a year 2008-12; Flex £0.8m a year and a £0.5m transition in 2008).
"""

from __future__ import annotations

import json
import re

import pytest

from appraisal.appraise import appraise
from options.errors import InputError, Reason
from options.inputs import apply_what_if, find_what_if, parse_input
from options.model import Category
from options.scenario_file import dump_scenario, scenario_from_dict

RISK = {"option": "flex", "name": "Transition overrun", "probability": 0.3, "low": 100_000,
        "likely": 250_000, "high": 900_000, "years": [2009]}  # fmt: skip
CONCERNS = [{"id": "data", "title": "Patriot Act", "weight": 30,
             "scores": {"in-house": 90, "flex": 40}}]  # fmt: skip


def with_what_ifs(make_document, *changes, **extra):
    doc = make_document(risks=[RISK], concerns=CONCERNS, **extra)
    doc["options"][1].update(project_type="outsourcing", ob_mitigation=0.5)
    doc["what_ifs"] = [
        {"name": f"case {i}", "rationale": "test", "changes": [c]} for i, c in enumerate(changes)
    ]
    return doc


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("costs:flex:opex", "is not an input"),
        ("cost:flex", "write cost:<option or *>:<category>"),
        ("cost:flex:overheads", "is not one of"),
        ("risk:flex:overrun", "write risk:<option>:<risk>:probability or impact"),
        ("ob:flex:uplift", "write ob:<option>:mitigation"),
        ("discounting:x", "takes no parts"),
        ("carbon:flex", "write carbon:<option or *>:tonnes"),
        ("carbon:flex:kg", "write carbon:<option or *>:tonnes"),
    ],
)
def test_malformed_input_ids_are_named(text, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        parse_input(text)


def test_input_id_parts():
    assert parse_input("cost:*:opex").category is Category.OPEX
    assert parse_input("risk:flex:Over: run:impact").risk == "Over: run"
    assert parse_input("score:data:flex").option == "flex"
    carbon = parse_input("carbon:*:tonnes")
    assert (carbon.kind, carbon.option, carbon.part) == ("carbon", "*", "tonnes")


@pytest.mark.parametrize(
    ("change", "key", "message"),
    [
        ({"input": "cost:ghost:opex", "multiply": 2}, "input", "no option 'ghost'"),
        ({"input": "risk:flex:Overrun:probability", "value": 0.5}, "input", "has no risk"),
        ({"input": "weight:ghost", "value": 5}, "input", "no concern 'ghost'"),
        ({"input": "ob:in-house:mitigation", "value": 0.5}, "input", "no optimism-bias"),
        ({"input": "risk:flex:Transition overrun:probability", "value": 1.5}, "value", "0 to 1"),
        ({"input": "cost:flex:opex", "value": 5}, "value", "take multiply"),
        ({"input": "cost:flex:opex", "multiply": -1}, "multiply", "at least 0"),
        ({"input": "value_per_point", "multiply": 2}, "multiply", "no value per concerns point"),
        ({"input": "discounting", "value": "treasury"}, "value", "a rate such as 0.05"),
        ({"input": "discounting", "multiply": 2}, "multiply", "not a multiplier"),
        ({"input": "carbon:ghost:tonnes", "multiply": 2}, "input", "no option 'ghost'"),
        ({"input": "carbon:*:tonnes", "multiply": 2}, "input", "no option has tonnes of CO2e"),
        ({"input": "carbon_values", "value": "extreme"}, "value", "low, central or high"),
        ({"input": "carbon_values", "multiply": -1}, "multiply", "at least 0"),
        ({"input": "tonnes:flex", "multiply": 2}, "input", "'tonnes:flex' is not an input"),
        ({"input": "cost:flex:opex"}, "input", "give multiply or value"),
        ({"line": {"option": "flex", "line": "Fee", "category": "opex"}, "set": {"2009": 1}},
         "line", "has no opex line 'Fee'"),
        ({"remove": {"option": "flex", "line": "Staff", "category": "opex"}},
         "remove", "has no opex line 'Staff'"),
        ({"add": {"option": "flex", "line": "Service charge", "category": "opex", "year": 2009,
                  "amount": 1}}, "add", "already has a 2009 amount"),
    ],
)  # fmt: skip
def test_a_change_that_names_nothing_real_is_refused_at_its_path(
    make_document, change, key, message
):
    with pytest.raises(InputError) as excinfo:
        scenario_from_dict(with_what_ifs(make_document, change), file="s.json")
    (p,) = excinfo.value.problems
    assert p.column == f"what_ifs[0].changes[0].{key}" and message in p.message, p.message


def test_changes_need_exactly_one_kind(make_document):
    change = {"input": "discounting", "value": 0.05, "remove": {"option": "flex"}}
    with pytest.raises(InputError) as excinfo:
        scenario_from_dict(with_what_ifs(make_document, change))
    assert "give exactly one of input, line, add or remove" in excinfo.value.problems[0].message


def test_duplicate_what_if_names_are_refused(make_document):
    doc = with_what_ifs(make_document, {"input": "discounting", "value": 0.05})
    doc["what_ifs"].append(dict(doc["what_ifs"][0], name="Case 0"))
    with pytest.raises(InputError) as excinfo:
        scenario_from_dict(doc)
    assert excinfo.value.problems[0].reason is Reason.DUPLICATE_ID


def _appraised(make_document, change):
    s = scenario_from_dict(with_what_ifs(make_document, change))
    return appraise(s, draws=1), appraise(apply_what_if(s, s.what_ifs[0]), draws=1)


def test_a_cost_multiplier_scales_every_amount_of_the_category(make_document):
    """cost:*:opex × 1.1: in-house 1.1 × £1m × PV5; Flex's opex too, its transition not."""
    base, case = _appraised(make_document, {"input": "cost:*:opex", "multiply": 1.1})
    for a, b in zip(base.options, case.options, strict=True):
        opex = {"in-house": 1e6 * 4.673079, "flex": 0.8e6 * 4.673079}[a.id]
        assert b.pv_costs - a.pv_costs == pytest.approx(0.1 * opex, rel=1e-6)


def test_optimism_bias_follows_the_estimate_it_is_a_percentage_of(make_document):
    """cost:flex:opex × 2 doubles Flex's opex, so its optimism bias on opex doubles too
    (20.5 % of £0.8m × PV5 more)."""
    base, case = _appraised(make_document, {"input": "cost:flex:opex", "multiply": 2})
    extra = 0.205 * 0.8e6 * 4.673079
    assert case.options[1].optimism_bias - base.options[1].optimism_bias == pytest.approx(
        extra, rel=1e-6
    )


def test_risk_probability_value_and_impact_multiplier(make_document):
    """EV = p × (100k + 4 × 250k + 900k) / 6 in 2009: at p = 0.6, £200,000 / 1.035; with
    the impacts × 2 at p = 0.3, the same £200,000 / 1.035."""
    _, case = _appraised(
        make_document, {"input": "risk:flex:transition OVERRUN:probability", "value": 0.6}
    )
    assert case.options[1].risk == pytest.approx(200_000 / 1.035)
    _, case = _appraised(
        make_document, {"input": "risk:flex:Transition overrun:impact", "multiply": 2}
    )
    assert case.options[1].risk == pytest.approx(200_000 / 1.035)


def test_mitigation_weight_score_discounting_and_price(make_document):
    s = scenario_from_dict(
        with_what_ifs(
            make_document,
            {"input": "ob:flex:mitigation", "value": 1.0},
            {"input": "weight:data", "multiply": 2},
            {"input": "score:data:flex", "value": 95},
            {"input": "discounting", "value": 0.05},
            {"input": "value_per_point", "value": 20_000},
            {"input": "carbon_values", "value": "high"},
        )
    )
    cases = [apply_what_if(s, w) for w in s.what_ifs]
    assert cases[0].option("flex").ob_mitigation == 1.0
    assert cases[1].concerns[0].weight == 60
    assert dict(cases[2].concerns[0].scores)["flex"] == 95
    assert cases[3].discounting == 0.05
    assert cases[4].value_per_point == 20_000
    assert cases[5].carbon_values.value == "high"
    assert all(c.what_ifs == () for c in cases)


def test_line_set_add_and_remove(make_document):
    """Set Flex's 2009 and 2013 service charge; add a 2010 exit cost; remove the
    transition. Hand: PV costs = 0.8m × PV5 − 0.8m/1.035 + 0.5m/1.035 + 0.3m/1.035⁵ +
    0.2m/1.035²."""
    line = {"option": "flex", "line": "Service charge", "category": "opex"}
    doc = make_document()
    doc["what_ifs"] = [{"name": "all", "changes": [
        {"line": line, "set": {"2009": 500_000, "2013": 300_000}},
        {"add": {"option": "flex", "line": "Exit", "category": "exit", "year": 2010,
                 "amount": 200_000}},
        {"remove": {"option": "flex", "line": "Transition", "category": "transition"}},
    ]}]  # fmt: skip
    s = scenario_from_dict(doc)
    got = appraise(apply_what_if(s, s.what_ifs[0]), draws=1).options[1].pv_costs
    expected = 0.8e6 * 4.673079 - 0.3e6 / 1.035 + 0.3e6 / 1.035**5 + 0.2e6 / 1.035**2
    assert got == pytest.approx(expected, rel=1e-6)


def test_what_ifs_round_trip(make_document):
    s = scenario_from_dict(
        with_what_ifs(
            make_document,
            {"input": "value_per_point", "value": None},
            {
                "line": {"option": "flex", "line": "Transition", "category": "transition"},
                "set": {"2008": 1},
            },
        )
    )
    again = scenario_from_dict(json.loads(dump_scenario(s)))
    assert again == s and again.what_ifs[0].changes[0].has_value


def test_a_stale_what_if_is_refused_naming_it(make_document):
    """A what-if whose line was later removed from the scenario fails as a whole."""
    from dataclasses import replace

    change = {"line": {"option": "flex", "line": "Transition", "category": "transition"},
              "set": {"2008": 1}}  # fmt: skip
    s = scenario_from_dict(with_what_ifs(make_document, change))
    edited = replace(s, costs=tuple(c for c in s.costs if c.line != "Transition"))
    with pytest.raises(InputError) as excinfo:
        apply_what_if(edited, edited.what_ifs[0])
    assert excinfo.value.problems[0].file == "what-if 'case 0'"


def test_find_what_if_ignores_case_and_lists_the_names(make_document):
    s = scenario_from_dict(with_what_ifs(make_document, {"input": "discounting", "value": 0.05}))
    assert find_what_if(s, " CASE 0 ").name == "case 0"
    with pytest.raises(InputError, match="its what-ifs: 'case 0'"):
        find_what_if(s, "nope")


def _carbon_cases(make_document, *changes):
    """In-house emits 100 t in 2009 and Flex 40 t in 2010, valued at Defra's 2007 shadow
    price (£26.50 in 2008, in 2008 prices, rising 2 % a year: the price base, so no
    rebasing); returns the carbon cost of each option, base case then each what-if."""
    doc = with_what_ifs(make_document, *changes, carbon_series="shadow-price-2007")
    doc["options"][0]["carbon_tco2e"] = {"2009": 100}
    doc["options"][1]["carbon_tco2e"] = {"2010": 40}
    s = scenario_from_dict(doc)
    cases = [s, *(apply_what_if(s, w) for w in s.what_ifs)]
    return [[o.carbon_cost for o in appraise(c, draws=1).options] for c in cases]


def test_carbon_tonnes_multiply_one_option_or_all(make_document):
    """Hand: in-house 100 × £27.03 (26.50 × 1.02) / 1.035 = £2,611.59; Flex 40 × £27.5706
    (26.50 × 1.02²) / 1.035² = £1,029.51. carbon:in-house:tonnes × 2 doubles in-house's
    alone; carbon:*:tonnes × 0.5 halves both."""
    inhouse, flex = 100 * 26.5 * 1.02 / 1.035, 40 * 26.5 * 1.02**2 / 1.035**2
    base, doubled, halved = _carbon_cases(
        make_document,
        {"input": "carbon:in-house:tonnes", "multiply": 2},
        {"input": "carbon:*:tonnes", "multiply": 0.5},
    )
    assert base == pytest.approx([inhouse, flex], rel=1e-9)
    assert doubled == pytest.approx([2 * inhouse, flex], rel=1e-9)
    assert halved == pytest.approx([0.5 * inhouse, 0.5 * flex], rel=1e-9)


def test_carbon_values_multiply_scales_the_series_and_composes_with_high(make_document):
    """carbon_values × 1.5 scales every £ a tonne: 1.5 × each base figure; the shadow
    price's published high values are 120 % of central (Defra 2007: −10 %/+20 %), so
    high and then × 1.5 give 1.8 ×."""
    inhouse, flex = 100 * 26.5 * 1.02 / 1.035, 40 * 26.5 * 1.02**2 / 1.035**2
    doc_changes = [
        {"input": "carbon_values", "multiply": 1.5},
        {"input": "carbon_values", "value": "high"},
    ]
    _, scaled, high = _carbon_cases(make_document, *doc_changes)
    assert scaled == pytest.approx([1.5 * inhouse, 1.5 * flex], rel=1e-9)
    assert high == pytest.approx([1.2 * inhouse, 1.2 * flex], rel=1e-9)
    s = scenario_from_dict(with_what_ifs(make_document, *doc_changes))
    both = apply_what_if(apply_what_if(s, s.what_ifs[1]), s.what_ifs[0])
    assert (both.carbon_scale, both.carbon_values.value) == (1.5, "high")


def test_carbon_tonnes_take_no_value(make_document):
    doc = with_what_ifs(make_document, {"input": "carbon:flex:tonnes", "value": 600})
    doc["options"][1]["carbon_tco2e"] = {"2010": 40}
    with pytest.raises(InputError) as excinfo:
        scenario_from_dict(doc)
    (p,) = excinfo.value.problems
    assert p.column == "what_ifs[0].changes[0].value"
    assert "carbon:<option>:tonnes takes multiply (a factor on every year's tonnes)" in p.message


def test_carbon_scale_defaults_to_one_round_trips_and_is_checked(make_document):
    s = scenario_from_dict(with_what_ifs(make_document, {"input": "carbon_values", "multiply": 2}))
    assert s.carbon_scale == 1.0
    scaled = apply_what_if(s, s.what_ifs[0])
    assert scaled.carbon_scale == 2.0
    assert scenario_from_dict(json.loads(dump_scenario(scaled))) == scaled
    with pytest.raises(InputError) as excinfo:
        scenario_from_dict(make_document(carbon_scale=-1))
    assert excinfo.value.problems[0].column == "carbon_scale"
