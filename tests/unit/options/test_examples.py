"""The built-in example (options/examples/ons_flex.json) keeps the rules its SOURCES.md
states: decided in 2007 and priced in 2007 prices, the published per-seat price as the
central case, every departure a named what-if, every option's optimism-bias decision
evidenced, and no price per concerns point."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from appraisal.appraise import appraise
from appraisal.weight_sets import weight_set_table
from appraisal.workforce import with_workforce
from options.examples import EXAMPLE_PATH, SOURCES_PATH, load_example
from options.inputs import apply_what_if
from options.model import Basis, Category
from options.scenario_file import scenario_from_dict


@pytest.fixture(scope="module")
def document():
    return json.loads(EXAMPLE_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def example():
    return load_example()


def test_decided_and_priced_in_2007(document, example):
    assert document["base_year"] == 2007 and document["price_base"] == 2007
    assert (example.base_year, example.prices) == (2007, 2007)


def test_every_option_serves_2008_to_2017(example):
    """The same period for every option: service from 2008, ten years to 2017, with
    what follows each 7-year term inside it; 2007 (t = 0) carries no flows."""
    for o in example.options:
        assert o.service_years == (2008, 2017), o.id
        years = {c.year for c in example.costs if c.option == o.id}
        assert min(years) == 2008 and max(years) == 2017, o.id


def test_every_line_says_its_price_basis(example):
    """Each line is either held in 2008 prices (price_year 2008) or a 2008 cash sum
    (nominal); none is left to mean 2007 prices by default."""
    for c in example.costs:
        nominal = c.basis is Basis.NOMINAL
        assert nominal != (c.price_year is not None), (c.option, c.line)
        assert c.price_year in (None, 2008), (c.option, c.line)
        if nominal:
            assert c.year == 2008, (c.option, c.line)


def test_flex_core_is_the_published_price_per_seat(example):
    """S8: £800-£1,000 a PC, midpoint £900; A1: 4,500 seats. Hand figure: 4,500 × £900 =
    £4,050,000 a year, 2008-2017, in 2008 prices (price_year 2008), carrying the
    outsourcing optimism bias; and no line adds the transferees again at cost."""
    core = [c for c in example.costs if c.option == "flex" and c.line.startswith("Flex core")]
    assert [(c.year, c.amount, c.price_year, c.optimism_bias) for c in core] == [
        (y, 4_050_000.0, 2008, True) for y in range(2008, 2018)
    ]
    assert 4_500 * 900 == 4_050_000
    for c in example.costs:
        assert "transferred staff" not in c.line.casefold(), (c.option, c.line)


def test_alternative_is_the_price_25_percent_below_which_flex_sits(example):
    """S7: Flex is about 25% below what other departments get, so they pay £900 / 0.75 =
    £1,200 a seat: 4,500 × £1,200 = £5,400,000 a year, 2009-2017."""
    managed = [c for c in example.costs if c.option == "alternative" and "Managed" in c.line]
    assert [(c.year, c.amount) for c in managed] == [(y, 5_400_000.0) for y in range(2009, 2018)]


def test_every_option_has_optimism_bias_evidence(example):
    for o in example.options:
        assert o.ob_evidence.strip(), o.id
    notes = appraise(example, draws=1).notes
    assert not [n for n in notes if "ob_evidence" in n]


def test_value_per_point_is_null(document, example):
    assert "value_per_point" in document and document["value_per_point"] is None
    assert example.value_per_point is None


def test_what_ifs_each_have_a_rationale_and_load(document):
    """Every what-if loads through the one gate, applies and is appraised, and departs from
    the central case (its costs and options, or a setting such as the discount rate or
    the carbon values); SOURCES.md names each one: W1-W14."""
    s = scenario_from_dict(document)
    sources = SOURCES_PATH.read_text(encoding="utf-8")
    assert len(s.what_ifs) == 14
    for w in s.what_ifs:
        assert w.rationale.strip() and w.changes, w.name
        changed = apply_what_if(s, w)
        assert changed != replace(s, what_ifs=()), w.name
        assert appraise(changed, draws=1).preferred.npsv in s.option_ids, w.name
        assert w.name in sources, w.name


def test_the_green_book_sensitivity_what_ifs(example):
    """W12-W14: the reduced discount schedule, the high carbon values and every transition
    half as much again, each citing the Green Book or its guidance (S24)."""
    w = {x.name: x for x in example.what_ifs}
    reduced = apply_what_if(example, w["Reduced discount rates"])
    assert reduced.discounting == "green-book-reduced"
    assert apply_what_if(example, w["High carbon values"]).carbon_values.value == "high"
    overrun = apply_what_if(example, w["Transition overruns by 50%"])
    for before, after in zip(example.costs, overrun.costs, strict=True):
        k = 1.5 if before.category is Category.TRANSITION else 1.0
        assert after.amount == before.amount * k, (before.option, before.line)
    for name in ("Reduced discount rates", "High carbon values", "Transition overruns by 50%"):
        assert "Green Book" in w[name].rationale or "S24" in w[name].rationale, name


def test_stakeholder_weight_sets_are_illustrative_and_follow_the_scenarios_price(example):
    """Three sets (A32), each naming all six concerns, none with its own price; the Board's
    are the concerns' own weights (A28)."""
    assert [w.name for w in example.weight_sets] == ["Management", "PCS union", "Board"]
    concerns = {c.id: c.weight for c in example.concerns}
    for w in example.weight_sets:
        assert set(w.weights_map) == set(concerns), w.name
        assert not w.has_price and w.price(example.value_per_point) is None, w.name
        assert w.rationale.strip() and "not published" in w.source, w.name
    board = example.weight_sets[2]
    assert board.weights_map == concerns


def test_weight_sets_score_in_house_by_hand(example):
    """A28 and A33's scores under each set's weights (out of 100). In-house scores 90, 100,
    100, 90, 65, 90, 30, 55 and do minimum 85, 100, 100, 80, 40, 85, 20, 15 on data
    sovereignty, TUPE terms, pensions, job security, service quality, lock-in, flexible
    working and desktop modernisation; data sovereignty counts at its residual share 0.5
    (45 and 42.5). Management (10, 5, 5, 5, 30, 15, 15, 15): in-house 4.5 + 5 + 5 + 4.5 +
    19.5 + 13.5 + 4.5 + 8.25 = 64.75, do minimum 4.25 + 5 + 5 + 4 + 12 + 12.75 + 3 + 2.25
    = 48.25. PCS union (30, 20, 20, 25, 5, 0, 0, 0): in-house 13.5 + 20 + 20 + 22.5 + 3.25
    = 79.25, do minimum 12.75 + 20 + 20 + 20 + 2 = 74.75."""
    npsv = [o.npsv for o in appraise(example, draws=1).options]
    t = weight_set_table(example, npsv).set_index(["set", "option"])["mcda_score"]
    assert t["Management", "in-house"] == pytest.approx(64.75)
    assert t["Management", "do-minimum"] == pytest.approx(48.25)
    assert t["PCS union", "in-house"] == pytest.approx(79.25)
    assert t["PCS union", "do-minimum"] == pytest.approx(74.75)


def test_risk_lines_link_the_transition_overruns(example):
    """Flex's transition overrun quantifies its transition and transfer-cost lines, so
    their optimism bias is netted of it (counted once per line)."""
    (overrun,) = [r for r in example.risks if r.option == "flex" and "Transition" in r.name]
    assert {n.split(" (")[0] for n in overrun.lines} == {
        "Transition to Flex",
        "workforce: TUPE consultation, HR and legal",
    }
    names = {(c.option, c.line) for c in with_workforce(example)[0].costs}
    for r in example.risks:
        for n in r.lines:
            assert (r.option, n) in names, (r.option, r.name, n)


def test_optimism_bias_flags(example):
    """The outsourcing uplift is off only on lines as firm as in-house's own: the staff and
    retained client the workforces generate (appraisal.workforce) and the alternative's
    2008 in-house year. (Desktop electricity is the devices' generated energy lines, which
    never carry the uplift: appraisal.energy.)"""
    exempt = {(c.option, c.line.split(" (")[0]) for c in with_workforce(example)[0].costs
              if not c.optimism_bias}  # fmt: skip
    assert exempt == {
        ("in-house", "workforce: staff"),
        ("do-minimum", "workforce: staff"),
        ("flex", "workforce: intelligent client"),
        ("alternative", "workforce: intelligent client"),
        ("alternative", "In-house service continues during procurement"),
    }
    for c in example.costs:
        if c.option in ("in-house", "do-minimum"):
            assert example.option(c.option).project_type is None
        if c.category is Category.EXIT:
            assert c.optimism_bias  # outsourcing's uplift does not cover exit anyway
