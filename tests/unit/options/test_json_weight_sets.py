"""Weight sets: stakeholders' own weights on the concerns, read whole or refused whole.

The document is the base document of ``tests/conftest.py`` with two concerns, ``data``
and ``service``; each bad set is refused at its JSON path, with every problem listed.
"""

from __future__ import annotations

import json

import pytest

from options.errors import InputError, Reason
from options.model import WeightSet
from options.scenario_file import dump_scenario, scenario_from_dict

CONCERNS = [
    {"id": "data", "title": "Patriot Act", "weight": 30, "scores": {"in-house": 90, "flex": 40}},
    {"id": "service", "title": "Service", "weight": 70, "scores": {"in-house": 60, "flex": 80}},
]


def document(make_document, **sets):
    return make_document(concerns=CONCERNS, weight_sets=sets)


def refused(doc):
    with pytest.raises(InputError) as excinfo:
        scenario_from_dict(doc, file="s.json")
    return excinfo.value.problems


def test_a_set_is_read_in_concern_order_with_its_price_rule(make_document):
    """Weights come back in the concerns' order whatever the file's; a set without
    value_per_point follows the scenario's price, one with null has none."""
    doc = document(
        make_document,
        Union={"weights": {"service": 1, "data": 3}, "value_per_point": None,
               "rationale": "data first", "source": "illustrative"},
        Board={"weights": {"data": 30, "service": 70}},
        Finance={"weights": {"data": 0, "service": 1}, "value_per_point": 5_000},
    )  # fmt: skip
    doc["value_per_point"] = 20_000
    union, board, finance = scenario_from_dict(doc).weight_sets
    assert union == WeightSet("Union", (("data", 3.0), ("service", 1.0)), None, True,
                              "data first", "illustrative")  # fmt: skip
    assert (union.price(20_000.0), board.price(20_000.0), finance.price(20_000.0)) == (
        None,
        20_000.0,
        5_000.0,
    )
    assert board.has_price is False and board.rationale == "" and board.source == ""


def test_weight_sets_round_trip(make_document):
    doc = document(
        make_document,
        Union={"weights": {"data": 3, "service": 1}, "value_per_point": None},
        Board={"weights": {"data": 30, "service": 70}, "rationale": "as the concerns"},
        Finance={"weights": {"data": 1, "service": 1}, "value_per_point": 5_000},
    )
    s = scenario_from_dict(doc)
    written = json.loads(dump_scenario(s))
    assert scenario_from_dict(written) == s
    assert "value_per_point" not in written["weight_sets"]["Board"]
    assert written["weight_sets"]["Union"]["value_per_point"] is None


def test_no_weight_sets_by_default_and_in_schema_1(make_document):
    assert scenario_from_dict(make_document(concerns=CONCERNS)).weight_sets == ()
    assert scenario_from_dict(make_document(schema=1, concerns=CONCERNS)).weight_sets == ()


@pytest.mark.parametrize(
    ("weight_set", "reason", "column", "words"),
    [
        ({"weights": {"data": 1, "service": 1, "ghost": 2}}, Reason.UNKNOWN_VALUE,
         "weight_sets.Union.weights.ghost", "no concern 'ghost'; concerns: data, service"),
        ({"weights": {"data": 1}}, Reason.MISSING_KEY, "weight_sets.Union.weights",
         "set 'Union' gives no weight for service"),
        ({"weights": {"data": -1, "service": 1}}, Reason.NEGATIVE_WEIGHT,
         "weight_sets.Union.weights.data", "must be at least 0"),
        ({"weights": {"data": "high", "service": 1}}, Reason.WRONG_TYPE,
         "weight_sets.Union.weights.data", "should be a number"),
        ({"weights": {"data": 0, "service": 0}}, Reason.ZERO_WEIGHTS,
         "weight_sets.Union.weights", "add up to zero"),
        ({"weights": {"data": 1, "service": 1}, "value_per_point": -1}, Reason.OUT_OF_RANGE,
         "weight_sets.Union.value_per_point", "must be between 0 and"),
        ({"data": 1, "service": 1}, Reason.MISSING_KEY, "weight_sets.Union.weights",
         "is required"),
        ([1, 2], Reason.WRONG_TYPE, "weight_sets.Union", "should be a JSON object"),
    ],
)  # fmt: skip
def test_a_bad_set_is_refused_naming_its_key(make_document, weight_set, reason, column, words):
    (p,) = refused(document(make_document, Union=weight_set))
    assert (p.reason, p.column) == (reason, column), p.line()
    assert words in p.message and p.message.startswith(column), p.message


@pytest.mark.parametrize(
    ("names", "words"),
    [
        (("current weights",), "the label of the concerns' own weights"),
        (("Board", "board"), "'board' and 'Board' differ only in case"),
        (("  ",), "a set's name is empty"),
    ],
)
def test_set_names_are_their_own(make_document, names, words):
    sets = {n: {"weights": {"data": 1, "service": 1}} for n in names}
    (p,) = refused(document(make_document, **sets))
    assert p.column == "weight_sets" and words in p.message, p.message


@pytest.mark.parametrize(
    ("doc_changes", "words"),
    [
        ({"weight_sets": ["Board"]}, "should be an object keyed by the set's name"),
        ({"concerns": []}, "the scenario has no concerns to weight"),
        ({"schema": 1}, 'write "schema": 2'),
    ],
)
def test_weight_sets_need_an_object_concerns_and_schema_2(make_document, doc_changes, words):
    doc = document(make_document, Board={"weights": {"data": 1, "service": 1}})
    doc.update(doc_changes)
    (p,) = refused(doc)
    assert p.column == "weight_sets" and words in p.message, p.message


def test_every_problem_of_every_set_is_listed_and_nothing_is_loaded(make_document):
    """Three sets, two bad, and a bad cost line elsewhere: one InputError lists all four
    problems (the good set is not loaded on its own either)."""
    doc = document(
        make_document,
        Good={"weights": {"data": 1, "service": 1}},
        Left={"weights": {"data": 1}},
        Odd={"weights": {"data": -2, "service": 1, "lock-in": 1}},
    )
    doc["costs"][0]["amount"] = "x"
    problems = refused(doc)
    assert sorted(p.column or "" for p in problems) == [
        "costs[0].amount",
        "weight_sets.Left.weights",
        "weight_sets.Odd.weights.data",
        "weight_sets.Odd.weights.lock-in",
    ]
