"""Whatever a loader accepts, the engine accepts: one set of cost-line rules.

A scenario file, a cost file read alone, and a cost file merged into the example
all meet the same rules (:mod:`options.cost_rules`); these properties feed them
awkward values (a high multiplier of 0, a nominal line before the deflator, an
amount beyond ±10^15, a year before the base) and require that each input is
either refused with an :class:`~options.errors.InputError` or appraised without
any other exception.
"""

from __future__ import annotations

import copy
import csv
import io
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from appraisal.appraise import appraise, settle
from options.costs import merge_costs, read_cost_file, scenario_from_costs
from options.errors import InputError, Reason
from options.examples import EXAMPLE_PATH, load_example
from options.scenario_file import scenario_from_dict

EXAMPLE = json.loads(EXAMPLE_PATH.read_text(encoding="utf-8"))
MULTIPLIERS = st.sampled_from([None, -1.0, 0.0, 0.5, 0.9, 1.0, 1.2, 2.0, 100.0, 150.0])
AMOUNTS = st.sampled_from([0.0, -5_000.0, 1_250_000.0, 9e14, 2e15, -2e15])
YEARS = st.sampled_from([1950, 2005, 2006, 2007, 2008, 2012, 2030, 3010])
BASES = st.sampled_from(["real", "nominal"])
CHECKS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def appraised(scenario) -> None:
    """The engine runs to the end on it (a few draws suffice to reach every path)."""
    result = appraise(settle(scenario), draws=20, seed=3)
    assert len(result.options) == len(scenario.options)


@st.composite
def cost_rows(draw) -> list[dict[str, object]]:
    rows = []
    for _ in range(draw(st.integers(1, 8))):
        rows.append(
            {
                "option": draw(st.sampled_from(["in-house", "flex", "In House", "alternative"])),
                "line": draw(st.sampled_from(["Staff", "Fee", "Kit"])),
                "category": draw(st.sampled_from(["opex", "capex", "benefit", "residual"])),
                "year": draw(YEARS),
                "amount": draw(AMOUNTS),
                "basis": draw(BASES),
                "low": draw(MULTIPLIERS),
                "high": draw(MULTIPLIERS),
            }
        )
    return rows


def as_csv(rows: list[dict[str, object]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows({k: "" if v is None else v for k, v in r.items()} for r in rows)
    return out.getvalue().encode()


@CHECKS
@given(cost_rows())
def test_a_cost_file_the_loader_accepts_is_appraised(rows):
    data = as_csv(rows)
    try:
        table = read_cost_file(data, name="costs.csv")
    except InputError:
        return
    for make in (
        lambda: scenario_from_costs(table, {"In House": "in-house"}),
        lambda: merge_costs(load_example(), table, {"In House": "in-house"})[0],
    ):
        try:
            scenario = make()
        except InputError:
            continue
        appraised(scenario)


@CHECKS
@given(
    st.lists(
        st.tuples(
            st.integers(0, len(EXAMPLE["costs"]) - 1),
            st.sampled_from(["low", "high", "year", "amount", "basis", "price_year"]),
            st.one_of(MULTIPLIERS, AMOUNTS, YEARS, BASES),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_a_scenario_file_the_loader_accepts_is_appraised(changes):
    doc = copy.deepcopy(EXAMPLE)
    for index, key, value in changes:
        doc["costs"][index][key] = value
    try:
        scenario = scenario_from_dict(doc, file="s.json")
    except InputError:
        return
    appraised(scenario)


def test_the_two_cases_the_review_found_are_refused_at_their_place():
    """A JSON line with "high": 0 once crashed the engine (PERT needs low ≤ likely ≤
    high); a nominal line before the deflator once exited 1 from a cost file."""
    doc = copy.deepcopy(EXAMPLE)
    doc["costs"][0]["high"] = 0
    try:
        scenario_from_dict(doc, file="s.json")
    except InputError as exc:
        first = exc.problems[0]
        assert (first.column, first.reason) == ("costs[0].high", Reason.OUT_OF_RANGE)
    else:
        raise AssertionError("a high multiplier of 0 was accepted")
    data = b"option,line,category,year,amount,basis\nin-house,Staff,opex,1950,100,nominal\n"
    table = read_cost_file(data, name="old.csv")
    try:
        scenario_from_costs(table)
    except InputError as exc:
        found = {(p.row, p.column, p.reason) for p in exc.problems}
        assert (2, "year", Reason.DEFLATOR_MISSING_YEAR) in found
    else:
        raise AssertionError("a nominal line of 1950 was accepted with a deflator from 2007")
