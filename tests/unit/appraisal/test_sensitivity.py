"""Sensitivity: drivers, the tornado and switching values against figures worked by hand.

The base test scenario (tests/conftest.py): Keep in-house costs £1,000,000 a year and
Join Flex £800,000 a year, 2008–2012, plus a £500,000 transition in 2008; standard
Green Book discounting from base year 2008, no optimism bias, risk or spread. With
S = Σ_{t=0..4} 1.035^-t (the five-year annuity due at 3.5%), in-house costs 1e6·S and
Flex 8e5·S + 5e5, so Flex leads on NPSV by 2e5·S − 5e5 = £434,616.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import numpy as np
import numpy_financial as npf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from appraisal import sensitivity as sens
from appraisal.__main__ import main
from appraisal.appraise import appraise
from appraisal.drivers import RATE_SEARCH
from options.examples import load_example
from options.inputs import apply_what_if
from options.model import Change, Scenario, WhatIf
from options.scenario_file import scenario_from_dict
from report import sensitivity as words

ANNUITY = sum(1.035**-t for t in range(5))  # 4.673079…, by hand from the 3.5% rate


def _switch(switches: list[sens.Switch], input_id: str) -> list[sens.Switch]:
    return [w for w in switches if w.driver.input == input_id]


def _only(switches: list[sens.Switch], input_id: str) -> sens.Switch:
    (w,) = _switch(switches, input_id)
    return w


def test_base_leader_is_the_appraisals(make_scenario: Callable[..., Scenario]) -> None:
    s = make_scenario()
    m = sens.Model(s)
    assert m.ids[sens.leader(m.base, "npsv")] == appraise(s, draws=1).preferred.npsv == "flex"
    assert m.base.npsv[1] - m.base.npsv[0] == pytest.approx(2e5 * ANNUITY - 5e5)


def test_switching_values_of_cost_multipliers_by_hand(
    make_scenario: Callable[..., Scenario],
) -> None:
    """NPSV is linear in each multiplier, so each crossing is a ratio on paper:

    - Flex's opex: 8e5·k·S + 5e5 = 1e6·S  →  k = (1e6·S − 5e5) / (8e5·S) = 1.116256;
    - in-house's opex: 1e6·k·S = 8e5·S + 5e5  →  k = (8e5·S + 5e5) / (1e6·S) = 0.906996;
    - Flex's transition: 8e5·S + 5e5·k = 1e6·S  →  k = 0.4·S = 1.869232;
    - every option's opex: 2e5·k·S = 5e5  →  k = 2.5 / S = 0.534980 (in-house leads below).
    """
    m = sens.Model(make_scenario())
    switches = sens.switching_values(m, "npsv")
    expected = {
        "cost:flex:opex": ((1e6 * ANNUITY - 5e5) / (8e5 * ANNUITY), "up", "in-house"),
        "cost:in-house:opex": ((8e5 * ANNUITY + 5e5) / (1e6 * ANNUITY), "down", "in-house"),
        "cost:flex:transition": (0.4 * ANNUITY, "up", "in-house"),
        "cost:*:opex": (2.5 / ANNUITY, "down", "in-house"),
    }
    for input_id, (value, direction, challenger) in expected.items():
        w = _only(switches, input_id)
        assert w.value == pytest.approx(value, rel=1e-9), input_id
        assert (w.direction, w.challenger, w.method) == (direction, challenger, "closed form")
        assert abs(w.residual or 0.0) <= sens.TOLERANCE
        assert w.change == pytest.approx(value - 1.0)
    # no plausible range given: ±50%, so only the transition's is outside it
    assert _only(switches, "cost:flex:transition").plausible is False
    assert _only(switches, "cost:flex:opex").plausible is True
    # sorted by how close each is to the base case
    distances = [w.distance for w in switches if w.direction in ("up", "down")]
    assert distances == sorted(distances)


def test_switching_values_driver_by_driver(make_scenario: Callable[..., Scenario]) -> None:
    """One list of rows per driver, in the drivers' order, each found as if searched alone;
    ordered, drivers with a crossing come nearest first and the rest keep their order."""
    m = sens.Model(make_scenario())
    each = list(sens.switching_values_by_driver(m, "npsv"))
    assert [rows[0].driver for rows in each] == m.drivers
    alone = [sens.switching_values(m, "npsv", only=[d]) for d in m.drivers]
    assert [[(w.direction, w.value) for w in rows] for rows in each] == [
        [(w.direction, w.value) for w in rows] for rows in alone
    ]
    d = m.drivers[0]
    rows = [
        [sens.Switch(d, "npsv", "a", "none")],
        [sens.Switch(d, "npsv", "a", "up", distance=0.3)],
        [sens.Switch(d, "npsv", "a", "no effect")],
        [sens.Switch(d, "npsv", "a", "down", distance=0.1),
         sens.Switch(d, "npsv", "a", "up", distance=0.5)],
    ]  # fmt: skip
    ordered = sens.nearest_first(rows)
    assert [(w.direction, w.distance) for w in ordered[:3]] == [
        ("down", 0.1),
        ("up", 0.3),
        ("up", 0.5),
    ]
    assert [w.direction for w in ordered[3:]] == ["none", "no effect"]
    with pytest.raises(ValueError, match="measure must be one of"):
        next(sens.switching_values_by_driver(m, "irr"))


def test_switching_value_in_words(make_scenario: Callable[..., Scenario]) -> None:
    """£800,000 × 1.116256 = 1e6 − 5e5/S = £893,004 a year."""
    m = sens.Model(make_scenario())
    w = _only(sens.switching_values(m, "npsv"), "cost:flex:opex")
    assert words.sentence(m, w) == (
        "Join Flex stays preferred on NPSV unless its opex estimate is more than 12% higher "
        "(£893,004 a year instead of £800,000, before optimism bias); then Keep in-house "
        "leads (inside its plausible range, 0.50× to 1.50×)."
    )
    assert words.change_text(w) == "+12%"
    assert words.nearest_clause(m, sens.nearest([w])) == (
        "this would change if Join Flex's opex estimate were 12% higher "
        "(inside its plausible range)"
    )


def test_a_tie_at_the_edge_of_the_search_is_not_a_switch() -> None:
    """A costs £100 and B £110: scaling both by k, they tie only at k = 0, the edge of
    the search, where A has not lost its place; the table says no value moves it."""
    m = sens.Model(scenario_from_dict(_concerns_document(None)))
    w = _only(sens.switching_values(m, "npsv"), "cost:*:opex")
    assert w.direction == "none"
    assert words.sentence(m, w) == (
        "A stays preferred on NPSV: no value of every option's opex estimate in a wide "
        "search range (multipliers 0–5×) makes it lose its place."
    )


def _rate_document() -> dict[str, Any]:
    """A: £100m now and £10m a year for ten years; B: £22m a year for ten years."""
    years = range(2008, 2018)
    return {
        "schema": 2,
        "name": "Rates",
        "base_year": 2008,
        "options": [
            {"id": "a", "name": "A", "kind": "in-house"},
            {"id": "b", "name": "B", "kind": "alternative"},
        ],
        "costs": [
            {"option": "a", "line": "Build", "category": "capex", "year": 2008, "amount": 100e6},
            *({"option": "a", "line": "Run", "category": "opex", "year": y, "amount": 10e6}
              for y in years),
            *({"option": "b", "line": "Fee", "category": "opex", "year": y, "amount": 22e6}
              for y in years),
        ],
    }  # fmt: skip


def test_switching_discount_rate_found_by_root_finding() -> None:
    """A and B cost the same when 100 = 12 × the ten-year annuity due at r: the rate
    numpy-financial's ``rate(10, 12, -100, 0, when="begin")`` gives (4.30%).
    Below it A (the capital option) leads; above it, B."""
    r_star = float(npf.rate(10, 12, -100, 0, when="begin"))
    m = sens.Model(scenario_from_dict(_rate_document()))
    assert m.ids[sens.leader(m.base, "npsv")] == "a"  # at 3.5%
    (w,) = _switch(sens.switching_values(m, "npsv"), "discounting")
    assert w.direction == "range" and w.method == "root finding"
    assert w.value == pytest.approx(r_star, abs=1e-9)
    assert w.value_to == pytest.approx(RATE_SEARCH[1])
    assert w.challenger == "b"
    assert abs(w.residual or 0.0) <= sens.TOLERANCE
    assert words.sentence(m, w) == (
        "A stays preferred on NPSV unless a constant discount rate from 4.30% to 15.00% is "
        "used instead of the scenario's discounting (Green Book (standard)); then B leads "
        "(outside the plausible range: the schedules' first-band rates 3.0% to 3.5%)."
    )


def _concerns_document(price: float | None) -> dict[str, Any]:
    """Two options with equal costs, two concerns weighted 60/40."""
    return {
        "schema": 2,
        "name": "Concerns",
        "base_year": 2008,
        "value_per_point": price,
        "options": [
            {"id": "a", "name": "A", "kind": "in-house"},
            {"id": "b", "name": "B", "kind": "alternative"},
        ],
        "costs": [
            {"option": "a", "line": "Fee", "category": "opex", "year": 2008, "amount": 100.0},
            {"option": "b", "line": "Fee", "category": "opex", "year": 2008, "amount": 110.0},
        ],
        "concerns": [
            {"id": "one", "title": "One", "raised_by": "x", "weight": 60,
             "scores": {"a": 80, "b": 30}},
            {"id": "two", "title": "Two", "raised_by": "x", "weight": 40,
             "scores": {"a": 20, "b": 60}},
        ],
    }  # fmt: skip


def test_weight_switching_value_by_hand() -> None:
    """A scores 80w + 20(1 − w) and B 30w + 60(1 − w) on a share w of concern one; at
    £1 a point (NPSV A −100, B −110) A leads overall while 20 + 60w − 100 ≥ 60 − 30w −
    110, i.e. w ≥ −30/90: always. At £10 a point A leads while 10(20 + 60w) − 100 ≥
    10(60 − 30w) − 110, i.e. 900w ≥ 390, w ≥ 13/30."""
    m = sens.Model(scenario_from_dict(_concerns_document(10.0)))
    switches = sens.switching_values(m, "overall")
    w = _only(switches, "weight:one")
    assert (w.direction, w.challenger) == ("down", "b")
    assert w.value == pytest.approx(13 / 30, abs=1e-12)
    assert "One's share of the concern weights falls below 43% (now 60%), the value of a " in (
        words.sentence(m, w)
    )
    held = sens.Model(scenario_from_dict(_concerns_document(0.1)))  # 9w ≥ −6: always
    assert _only(sens.switching_values(held, "overall"), "weight:one").direction == "none"
    assert _only(sens.switching_values(m, "npsv"), "weight:one").direction == "no effect"


def test_price_switching_value_is_the_switching_price() -> None:
    """Scores A 56, B 42 at 60/40: B, dearer and lower scoring, never leads. With A
    scoring 30 and B 80 on concern one, A 26 and B 72: B's 46 more points cost £10, so
    it leads above £10/46 a point (the switching price, (NPSV_a − NPSV_b) ÷ (score_b −
    score_a))."""
    m = sens.Model(scenario_from_dict(_concerns_document(None)))
    assert _only(sens.switching_values(m, "overall"), "value_per_point").direction == "none"
    doc = _concerns_document(None)
    doc["concerns"][0]["scores"] = {"a": 30, "b": 80}
    m = sens.Model(scenario_from_dict(doc))
    w = _only(sens.switching_values(m, "overall"), "value_per_point")
    assert w.value == pytest.approx(10 / 46)
    assert w.challenger == "b"
    assert "(none is set); then B leads" in words.sentence(m, w)


def test_probability_switching_value_by_hand(make_document: Callable[..., dict[str, Any]]) -> None:
    """A retained £1m risk on Flex in 2008 (no spread): Flex costs 8e5·S + 5e5 + p·1e6 and
    loses once p > (2e5·S − 5e5) / 1e6 = 0.434616."""
    risk = {"option": "flex", "name": "Overrun", "probability": 0.1, "low": 1e6,
            "likely": 1e6, "high": 1e6, "years": [2008]}  # fmt: skip
    m = sens.Model(scenario_from_dict(make_document(risks=[risk])))
    w = _only(sens.switching_values(m, "npsv"), "risk:flex:Overrun:probability")
    assert w.value == pytest.approx((2e5 * ANNUITY - 5e5) / 1e6, abs=1e-9)
    assert "the probability of 'Overrun' (Join Flex) rises above 43% (now 10%)" in (
        words.sentence(m, w)
    )


def test_tornado_zero_swing_and_sorted(make_document: Callable[..., dict[str, Any]]) -> None:
    """A third option's costs do not move Flex less in-house: swing 0. In-house's opex
    multiplier at ±50% moves the difference by 1e6·S·(1.5 − 0.5) = £4,673,079."""
    doc = make_document()
    doc["options"].append({"id": "c", "name": "C", "kind": "alternative"})
    doc["costs"].append({"option": "c", "line": "Fee", "category": "capex", "year": 2008,
                         "amount": 9e6})  # fmt: skip
    m = sens.Model(scenario_from_dict(doc))
    t = sens.tornado(m, "flex", "in-house")
    assert list(t["swing"]) == sorted(t["swing"], reverse=True)
    swing = dict(zip(t["input"], t["swing"], strict=True))
    assert swing["cost:c:capex"] == 0.0
    assert swing["cost:in-house:opex"] == pytest.approx(1e6 * ANNUITY)
    assert t["base"].iloc[0] == pytest.approx(2e5 * ANNUITY - 5e5)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(a=st.floats(1e4, 1e7), b=st.floats(1e4, 1e7), t=st.floats(0, 5e6), years=st.integers(1, 8))
def test_switching_values_are_sign_changes(
    make_document: Callable[..., dict[str, Any]], a: float, b: float, t: float, years: int
) -> None:
    """Any switching value found, applied as a what-if and appraised the full way, leaves
    the two options within £1 of each other, and the base leader is the appraisal's."""
    doc = make_document()
    doc["costs"] = [
        *({"option": "in-house", "line": "Run", "category": "opex", "year": 2008 + y,
           "amount": a} for y in range(years)),
        *({"option": "flex", "line": "Fee", "category": "opex", "year": 2008 + y,
           "amount": b} for y in range(years)),
        {"option": "flex", "line": "Move", "category": "transition", "year": 2008, "amount": t},
    ]  # fmt: skip
    s = scenario_from_dict(doc)
    m = sens.Model(s)
    assert m.ids[sens.leader(m.base, "npsv")] == appraise(s, draws=1).preferred.npsv
    for w in sens.switching_values(m, "npsv"):
        if w.direction not in ("up", "down") or w.driver.kind != "multiplier":
            continue
        change = Change(input=w.driver.input, multiply=w.value)
        npsv = [
            o.npsv for o in appraise(apply_what_if(s, WhatIf("x", "", (change,))), draws=1).options
        ]
        assert abs(npsv[0] - npsv[1]) <= sens.TOLERANCE + 1e-9 * max(abs(x) for x in npsv)


def test_cli_sensitivity_json_and_table(
    tmp_path: Any, make_document: Callable[..., dict[str, Any]], capsys: Any
) -> None:
    path = tmp_path / "s.json"
    path.write_text(json.dumps(make_document()), encoding="utf-8")
    assert main(["sensitivity", str(path), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    rows = {r["input"]: r for r in doc["switching_values"]["npsv"]["values"]}
    assert rows["cost:flex:opex"]["value"] == pytest.approx((1e6 * ANNUITY - 5e5) / (8e5 * ANNUITY))
    assert doc["switching_values"]["npsv"]["leader"] == "flex"
    assert (doc["tornado"]["a"], doc["tornado"]["b"]) == ("flex", "in-house")
    assert main(["sensitivity", str(path)]) == 0
    out = capsys.readouterr().out
    assert (
        "Join Flex stays preferred on NPSV unless its opex estimate is more than 12% higher" in out
    )
    assert "Tornado: NPSV of Join Flex less Keep in-house" in out


def test_cli_sensitivity_bad_pair(capsys: Any) -> None:
    assert main(["sensitivity", "--pair", "flex,nowhere"]) == 2
    err = capsys.readouterr().err
    assert "--pair takes two different option ids" in err and "Traceback" not in err
    with pytest.raises(SystemExit) as exit_:
        main(["sensitivity", "--format", "csv"])
    assert exit_.value.code == 2


def test_example_switching_values_are_fast_enough_to_share() -> None:
    """The whole table re-appraises a few dozen times, not thousands (the bench times it)."""
    m = sens.Model(load_example())
    sens.switching_values(m, "npsv")
    sens.switching_values(m, "overall")
    sens.tornado(m, "do-minimum", "in-house")
    assert m.evaluations < 300
    assert np.isfinite(m.base.npsv).all()


def test_what_if_frame_reappraises_each_case(make_document: Callable[..., dict[str, Any]]) -> None:
    """A what-if that doubles Flex's opex (8e5 → 1.6e6 a year) makes in-house preferred:
    1e6·S against 1.6e6·S + 5e5."""
    doc = make_document()
    doc["what_ifs"] = [{"name": "Dear Flex", "rationale": "r",
                        "changes": [{"input": "cost:flex:opex", "multiply": 2}]}]  # fmt: skip
    frame = sens.what_if_frame(scenario_from_dict(doc))
    dear = frame[frame["case"] == "Dear Flex"].set_index("option")
    assert dear.loc["flex", "npsv"] == pytest.approx(-(1.6e6 * ANNUITY + 5e5))
    assert set(dear["preferred_npsv"]) == {"in-house"}
    central = frame[frame["case"] == "Central case"]
    assert set(central["preferred_npsv"]) == {"flex"}


def test_models_share_reappraisals_across_weight_moves() -> None:
    """Two scenarios that differ only in a concern weight have the same money part, so a
    model of the second re-appraises nothing the first has (and gets the same NPSVs)."""
    from dataclasses import replace

    s = load_example()
    first = sens.Model(s, npsv_cache={})
    sens.switching_values(first, "npsv")
    moved = replace(s, concerns=(replace(s.concerns[0], weight=40.0), *s.concerns[1:]))
    assert sens.money_part(moved) == sens.money_part(s)
    second = sens.Model(moved, npsv_cache=first.npsv_cache)
    found = sens.switching_values(second, "npsv")
    assert second.evaluations == 0
    assert [w.value for w in found] == [w.value for w in sens.switching_values(first, "npsv")]


def test_weight_range_sentence_by_hand() -> None:
    """Concern one's share w: A 20 + 60w, B 60 − 30w (see the weight test): A leads the
    concerns while w ≥ 4/9 = 44.4%; below it B does."""
    m = sens.Model(scenario_from_dict(_concerns_document(None)))
    (one, _) = sens.weight_ranges(m)
    assert one.mcda.lo == pytest.approx(4 / 9)
    assert words.weight_range_sentence(m, one) == (
        "One (its share of the weights, the others keeping their proportions): A stays first "
        "on the concerns while the share is between 44.4% and 100.0% (now 60.0%): below "
        "44.4% B leads."
    )


def test_cli_sensitivity_joint_uncertainty(capsys: Any, tmp_path: Any) -> None:
    """With the concerns document: B (dearer by £10, scoring 72 against A's 26 after the
    change below) is first in some joint draws; acceptabilities sum to 1 for each rank."""
    doc = _concerns_document(None)
    doc["concerns"][0]["scores"] = {"a": 30, "b": 80}
    path = tmp_path / "c.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert main(["sensitivity", str(path), "--format", "json", "--draws", "500"]) == 0
    out = json.loads(capsys.readouterr().out)
    joint = out["smaa"]
    assert joint["draws"] == 500 and out["seed"] == 1
    first = [o["acceptability"][0] for o in joint["options"]]
    assert sum(first) == pytest.approx(1.0) and 0 < first[1] < 1
    assert joint["value_per_point_range"] == {"low": 0.0, "high": pytest.approx(20 / 46),
                                              "distribution": "uniform"}  # fmt: skip
    assert main(["sensitivity", str(path), "--draws", "500"]) == 0
    assert "Joint uncertainty (SMAA-2): 500 joint draws" in capsys.readouterr().out


def _staff_document(make_document: Callable[..., dict[str, Any]]) -> dict[str, Any]:
    """The base document with Flex transferring 10 FTE on £30,000, 50% of pay passed back
    for their pensions (old Fair Deal), no TUPE risks: £15,000 a year per transferee."""
    doc = make_document()
    doc["options"][1]["workforce"] = {
        "in_scope": 10, "transferring": 10, "years": [2008, 2012], "salary": 30_000,
        "fair_deal": "old-1999", "pension_passback_rate": 0.5,
        "risk_probabilities": {k: 0 for k in ("employee_liability_information",
                                              "inform_and_consult", "objection",
                                              "second_generation")},
    }  # fmt: skip
    return doc


def test_staff_transferring_switching_value_by_hand(make_document):
    """Without staff Flex leads by 2e5·S − 5e5 = £434,616; each transferee costs £15,000 a
    year for five years, 15,000·S = £70,096 of PV. At 10 transferees in-house leads; Flex
    leads again below t* = 434,616 / 70,096 = 6.2002 FTE."""
    m = sens.Model(scenario_from_dict(_staff_document(make_document)))
    assert m.ids[sens.leader(m.base, "npsv")] == "in-house"
    (w,) = _switch(sens.switching_values(m, "npsv"), "workforce:flex:transferring")
    assert w.direction == "down" and w.challenger == "flex" and w.method == "root finding"
    assert w.value == pytest.approx((2e5 * ANNUITY - 5e5) / (15_000 * ANNUITY), abs=1e-6)
    assert "Join Flex's staff transferring falls below 6.2 FTE (now 10 FTE)" in words.sentence(m, w)


def test_pension_rate_switching_value_by_hand(make_document):
    """Under the new Fair Deal with no passback rate given, Flex passes back the employer
    rate less the 3% auto-enrolment minimum on 10 transferees' £30,000: at rate r the PV
    is 300,000 (r − 0.03) S. Flex leads without staff by 434,616 (2e5·S − 5e5), so
    in-house leads above r* = 0.03 + 434,616 / (300,000 S) = 0.34001 — linear, closed form."""
    doc = _staff_document(make_document)
    w = doc["options"][1]["workforce"]
    del w["pension_passback_rate"]
    w.update(fair_deal="new-2013", pension_rate=0.2)
    doc["options"][0]["workforce"] = {
        "in_scope": 1,
        "retained": 1,
        "years": [2008, 2012],
        "pension_rate": 0.3,
    }  # another rate: one driver each
    m = sens.Model(scenario_from_dict(doc))
    (d,) = [d for d in m.drivers if d.input == "workforce:flex:pension_rate"]
    assert (d.low, d.high, d.kind) == (0.171, 0.287, "pension")
    (w,) = _switch(sens.switching_values(m, "npsv"), "workforce:flex:pension_rate")
    expected = 0.03 + (2e5 * ANNUITY - 5e5) / (300_000 * ANNUITY)
    assert w.direction == "up" and w.challenger == "in-house" and w.method == "closed form"
    assert w.value == pytest.approx(expected, abs=1e-9)
    assert "employer pension rate rises above 34.0% (now 20.0%)" in words.sentence(m, w)


def test_staff_transferring_what_if_is_checked(make_document):
    s = scenario_from_dict(_staff_document(make_document))
    change = Change(input="workforce:flex:transferring", value=4.0, has_value=True)
    moved = apply_what_if(s, WhatIf("x", "", (change,)))
    assert (moved.option("flex").workforce.transferring,
            moved.option("flex").workforce.redeployed) == (4.0, 6.0)  # fmt: skip
    from options.errors import InputError

    too_many = Change(input="workforce:flex:transferring", value=12.0, has_value=True)
    with pytest.raises(InputError, match="can transfer 0 to 10 FTE"):
        apply_what_if(s, WhatIf("x", "", (too_many,)))
    nobody = Change(input="workforce:in-house:transferring", multiply=2.0)
    with pytest.raises(InputError, match="has no workforce inputs"):
        apply_what_if(s, WhatIf("x", "", (nobody,)))


def test_a_what_if_cannot_add_a_typed_workforce_line(make_document):
    """Staff are counted once: an option with workforce inputs gets its 'workforce: …'
    lines from them, so a what-if adding one by hand is refused."""
    from options.errors import InputError
    from options.model import Category, CostLine

    s = scenario_from_dict(_staff_document(make_document))
    line = CostLine("flex", "Workforce: extra staff", Category.OPEX, 2009, 1e5)
    with pytest.raises(InputError, match="change the workforce instead"):
        apply_what_if(s, WhatIf("x", "", (Change(add=line),)))
