"""The scenario diff, on hand-built pairs of scenarios with the expected changes written out.

The base scenario (tests/small_scenario.py): in-house "Staff" £1m a year and Flex "Service
charge" £0.8m a year, 2008-12, plus Flex's "Transition" £0.5m in 2008. Every total
below is that arithmetic, done by hand.
"""

from __future__ import annotations

import copy
from dataclasses import replace
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from options.diff import SECTIONS, Change, diff_documents, diff_scenarios
from options.examples import load_example
from options.model import Category, CostLine, Risk, Scenario
from options.model import Change as ModelChange
from options.scenario_dump import scenario_to_dict
from tests.small_scenario import CONCERNS, set_amounts

RISK = {
    "option": "flex",
    "name": "Transition overrun",
    "probability": 0.3,
    "low": 100_000,
    "likely": 300_000,
    "high": 900_000,
    "years": [2008],
}


def test_identical_scenarios_have_no_changes(make_scenario):
    s = make_scenario(concerns=CONCERNS, risks=[RISK])
    assert diff_scenarios(s, s) == ()
    assert diff_scenarios(load_example(), load_example()) == ()


def test_a_line_raised_in_two_years_is_one_change_with_both_totals(make_scenario):
    """Service charge £0.8m × 5 = £4.0m; raised to £0.9m in 2009 and £1.0m in 2011:
    4.0 + 0.1 + 0.2 = £4.3m, and the detail names those two years only."""
    old = make_scenario()
    new = set_amounts(old, "flex", "Service charge", {2009: 900_000, 2011: 1_000_000})
    assert diff_scenarios(old, new) == (
        Change(
            "costs",
            "changed",
            "Join Flex: Service charge",
            "amount",
            4_000_000,
            4_300_000,
            ("flex", "Service charge", "opex"),
            "flex",
            ((2009, 800_000, 900_000), (2011, 800_000, 1_000_000)),
        ),
    )
    assert diff_scenarios(old, new)[0].delta == 300_000


def test_amounts_moved_between_years_are_a_change_with_the_same_totals(make_scenario):
    old = make_scenario()
    new = set_amounts(old, "flex", "Service charge", {2008: 700_000, 2012: 900_000})
    (change,) = diff_scenarios(old, new)
    assert (change.old, change.new, change.delta) == (4_000_000, 4_000_000, 0)
    assert change.years == ((2008, 800_000, 700_000), (2012, 800_000, 900_000))


def test_lines_added_and_removed_carry_their_totals(make_scenario):
    """Removing Flex's transition (£0.5m in 2008) and adding "Exit" of £0.2m in 2011 and 2012
    (£0.4m)."""
    old = make_scenario()
    exit_rows = tuple(CostLine("flex", "Exit", Category.EXIT, y, 200_000) for y in (2011, 2012))
    kept = tuple(c for c in old.costs if c.line != "Transition")
    new = replace(old, costs=kept + exit_rows)
    assert [(c.kind, c.item, c.old, c.new, c.years) for c in diff_scenarios(old, new)] == [
        ("added", "Join Flex: Exit", None, 400_000, ((2011, None, 200_000), (2012, None, 200_000))),
        ("removed", "Join Flex: Transition", 500_000, None, ((2008, 500_000, None),)),
    ]


def test_a_line_field_other_than_itsset_amounts(make_scenario):
    old = make_scenario()
    new = replace(old, costs=tuple(replace(c, source="Quote 2") if c.line == "Staff" else c
                                   for c in old.costs))  # fmt: skip
    assert [(c.section, c.item, c.field, c.old, c.new) for c in diff_scenarios(old, new)] == [
        ("costs", "Keep in-house: Staff", "source", "", "Quote 2")
    ]


def test_a_renamed_option_is_a_changed_name_not_a_removal(make_scenario):
    old = make_scenario()
    opts = tuple(
        replace(o, name="Public Sector Flex") if o.id == "flex" else o for o in old.options
    )
    assert diff_scenarios(old, replace(old, options=opts)) == (
        Change("options", "changed", "Public Sector Flex", "name", "Join Flex",
               "Public Sector Flex", ("flex",), "flex"),
    )  # fmt: skip


def test_risks_added_removed_and_changed(make_scenario):
    old = make_scenario(risks=[RISK])
    added = Risk("in-house", "Loss of key staff", 0.2, 50_000, 100_000, 200_000, (2009,))
    assert [(c.section, c.kind, c.item, c.field) for c in
            diff_scenarios(old, replace(old, risks=(*old.risks, added)))] == [
        ("risks", "added", "Keep in-house: Loss of key staff", "")
    ]  # fmt: skip
    (gone,) = diff_scenarios(old, replace(old, risks=()))
    assert (gone.kind, gone.item, gone.old["probability"], gone.new) == (
        "removed", "Join Flex: Transition overrun", 0.3, None)  # fmt: skip
    raised = replace(old, risks=(replace(old.risks[0], probability=0.5, likely=400_000),))
    assert [(c.field, c.old, c.new) for c in diff_scenarios(old, raised)] == [
        ("probability", 0.3, 0.5),
        ("likely", 300_000, 400_000),
    ]


def test_a_weight_change_and_a_score_change(make_scenario):
    old = make_scenario(concerns=CONCERNS)
    data, jobs = old.concerns
    scores = (("flex", 60.0), ("in-house", 80.0))
    new = replace(old, concerns=(replace(data, weight=20.0), replace(jobs, scores=scores)))
    assert diff_scenarios(old, new) == (
        Change("concerns", "changed", "Job security", "score:flex", 50, 60, ("jobs",), "flex"),
        Change("weights", "changed", "Patriot Act", "weight", 30, 20, ("data",)),
    )


def test_weight_sets_and_the_price_of_a_point(make_scenario):
    sets = {"Union": {"weights": {"data": 30, "jobs": 70}}}
    old = make_scenario(concerns=CONCERNS, weight_sets=sets)
    union = old.weight_sets[0]
    union = replace(union, weights=(("data", 40.0), ("jobs", 70.0)))
    new = replace(old, value_per_point=10_000.0, weight_sets=(union,))
    assert [(c.section, c.item, c.field, c.old, c.new) for c in diff_scenarios(old, new)] == [
        ("weights", "Concerns", "value_per_point", None, 10_000),
        ("weights", "Weight set: Union", "weight:data", 30, 40),
    ]


def test_sections_come_in_order(make_scenario):
    """Costs, risks, concerns, weights, options, settings — whatever order they were made."""
    old = make_scenario(concerns=CONCERNS, risks=[RISK])
    new = replace(
        set_amounts(old, "flex", "Transition", {2008: 600_000}),
        settings=replace(old.settings, seed=7),
        concerns=(replace(old.concerns[0], weight=20.0), old.concerns[1]),
        risks=(replace(old.risks[0], probability=0.4),),
        options=(old.options[0], replace(old.options[1], ob_mitigation=0.5)),
    )
    sections = [c.section for c in diff_scenarios(old, new)]
    assert sections == ["costs", "risks", "weights", "options", "settings"]
    assert sections == sorted(sections, key=SECTIONS.index)


def test_devices_and_workforce_have_sections_of_their_own():
    """The example's Flex runs devices and has a workforce (options/examples/ons_flex.json)."""
    s = load_example()
    flex = s.option("flex")
    assert flex.workforce is not None and flex.devices
    fewer = replace(flex.devices[0], count=flex.devices[0].count - 10)
    new_flex = replace(flex, workforce=replace(flex.workforce, salary=30_000.0),
                       devices=(fewer, *flex.devices[1:]))  # fmt: skip
    new = replace(s, options=tuple(new_flex if o.id == "flex" else o for o in s.options))
    changes = diff_scenarios(s, new)
    assert [(c.section, c.field, c.new, c.option) for c in changes] == [
        ("workforce", "salary", 30_000, "flex"),
        ("devices", "count", fewer.count, "flex"),
    ]
    assert changes[1].item == f"{flex.name}: {fewer.type} (#1)"  # its type is not unique


def test_records_without_a_unique_identity_pair_up_by_content():
    """Flex's devices repeat their types (two desktop PC groups, two thin-client groups):
    dropping the first group is one removal, not a shift of every group after it."""
    s = load_example()
    flex = s.option("flex")
    fewer = replace(flex, devices=flex.devices[1:])
    new = replace(s, options=tuple(fewer if o.id == "flex" else o for o in s.options))
    assert [(c.section, c.kind, c.item) for c in diff_scenarios(s, new)] == [
        ("devices", "removed", f"{flex.name}: {flex.devices[0].type} (#1)")
    ]


def test_a_what_if_change_added():
    s = load_example()
    w = s.what_ifs[0]
    extra = ModelChange(input="cost:flex:transition", multiply=2.0)
    new = replace(s, what_ifs=(replace(w, changes=(*w.changes, extra)), *s.what_ifs[1:]))
    (change,) = diff_scenarios(s, new)
    assert (change.section, change.kind, change.item, change.field) == (
        "what_ifs", "added", w.name, "change")  # fmt: skip
    assert change.new == {"input": extra.input, "multiply": 2.0}


def test_keys_the_diff_does_not_know_are_walked_not_missed(make_document):
    """An assumptions register, a parameters vintage and an unknown key, as a later schema
    may add them: records by id, dicts key by key, anything else whole."""
    old = make_document(
        assumptions=[{"id": "A1", "value": 3.5, "owner": "HMT"}, {"id": "A2", "value": 1}],
        parameters={"vintage": "2007-08", "carbon": "shadow-price-2007"},
        colour="blue",
    )
    new = copy.deepcopy(old)
    new["assumptions"][0]["value"] = 3.0
    del new["assumptions"][1]
    new["assumptions"].append({"id": "A3", "value": 2})
    new["parameters"]["vintage"] = "2026"
    new["colour"] = "green"
    got = [(c.section, c.kind, c.item, c.field, c.old, c.new) for c in diff_documents(old, new)]
    assert got == [
        ("assumptions", "changed", "A1", "value", 3.5, 3.0),
        ("assumptions", "removed", "A2", "", {"id": "A2", "value": 1}, None),
        ("assumptions", "added", "A3", "", None, {"id": "A3", "value": 2}),
        ("parameters", "changed", "Parameters", "vintage", "2007-08", "2026"),
        ("other", "changed", "Colour", "colour", "blue", "green"),
    ]


def test_records_without_an_identity_are_matched_by_position(make_document):
    old = make_document(decisions=[{"what": "Go to Flex"}, {"what": "Review in 2010"}])
    new = make_document(decisions=[{"what": "Go to Flex"}, {"what": "Review in 2011"}])
    assert [(c.section, c.item, c.field, c.new) for c in diff_documents(old, new)] == [
        ("decisions", "#2", "what", "Review in 2011")
    ]


# ------------------------------------------------------------------------ properties

EXAMPLE = load_example()
DOC = scenario_to_dict(EXAMPLE)


def _leaves(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a number, text, boolean or null in a JSON value."""
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _leaves(v, (*path, k))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _leaves(v, (*path, i))]
    return [path]


LEAVES = _leaves(DOC)


def _other(value: Any, n: int) -> Any:
    """A value of the same kind as ``value`` that differs from it."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int | float):
        return value + n
    if isinstance(value, str):
        return value + "x" * n
    return n


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.sampled_from(LEAVES), st.integers(1, 1000)),
        min_size=1,
        max_size=3,
        unique_by=lambda e: e[0],
    )
)
def test_any_changed_field_of_the_example_document_is_reported(edits):
    """Change one to three leaves anywhere in the example's document (costs, options,
    devices, workforce, what-ifs, weight sets…): the diff is never empty."""
    new = copy.deepcopy(DOC)
    for path, n in edits:
        parent = new
        for step in path[:-1]:
            parent = parent[step]
        parent[path[-1]] = _other(parent[path[-1]], n)
    assert diff_documents(DOC, DOC) == ()
    assert diff_documents(DOC, new) != ()


def _edits() -> st.SearchStrategy[Scenario]:
    """Small edits of the example as a Scenario: an amount, a probability, a weight, a score,
    a name, a setting, or a risk or a cost row dropped."""
    s = EXAMPLE
    i_cost = st.integers(0, len(s.costs) - 1)
    i_risk = st.integers(0, len(s.risks) - 1)
    i_con = st.integers(0, len(s.concerns) - 1)
    money = st.floats(0, 5e6, allow_nan=False)

    def cost(i: int, x: float) -> Scenario:
        costs = list(s.costs)
        costs[i] = replace(costs[i], amount=x)
        return replace(s, costs=tuple(costs))

    def risk(i: int, p: float) -> Scenario:
        return replace(s, risks=tuple(replace(r, probability=p) if j == i else r
                                      for j, r in enumerate(s.risks)))  # fmt: skip

    def weight(i: int, w: float) -> Scenario:
        return replace(s, concerns=tuple(replace(c, weight=w) if j == i else c
                                         for j, c in enumerate(s.concerns)))  # fmt: skip

    def score(i: int, x: float) -> Scenario:
        c = s.concerns[i]
        scores = ((c.scores[0][0], x), *c.scores[1:])
        return replace(s, concerns=tuple(replace(d, scores=scores) if d is c else d
                                         for d in s.concerns))  # fmt: skip

    def name(text: str) -> Scenario:
        return replace(s, options=(replace(s.options[0], name=text), *s.options[1:]))

    return st.one_of(
        st.builds(cost, i_cost, money),
        st.builds(risk, i_risk, st.floats(0, 1)),
        st.builds(weight, i_con, st.floats(0, 100)),
        st.builds(score, i_con, st.floats(0, 100)),
        st.builds(name, st.text(min_size=1, max_size=20)),
        st.builds(lambda n: replace(s, settings=replace(s.settings, draws=n)), st.integers(1, 9)),
        st.builds(lambda i: replace(s, risks=s.risks[:i] + s.risks[i + 1:]), i_risk),
        st.builds(lambda i: replace(s, costs=s.costs[:i] + s.costs[i + 1:]), i_cost),
    )  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(_edits())
def test_diff_is_empty_exactly_when_the_documents_agree(new):
    """diff(a, a) is empty; diff(a, b) is not whenever the canonical documents differ."""
    assert diff_scenarios(new, new) == ()
    differs = scenario_to_dict(EXAMPLE) != scenario_to_dict(new)
    assert bool(diff_scenarios(EXAMPLE, new)) == differs


def test_a_vintage_change_is_a_change_like_any_other():
    """The same scenario re-appraised with the 2007-08 vintage: exactly one change, in the
    parameters section, old and new the vintages' ids."""
    from dataclasses import replace

    from options.examples import load_example
    from options.parameters import load_parameters

    s = load_example()
    (change,) = diff_scenarios(s, replace(s, parameters=load_parameters("green-book-2003")))
    assert (change.section, change.old, change.new) == (
        "parameters", "green-book-2022", "green-book-2003")  # fmt: skip
