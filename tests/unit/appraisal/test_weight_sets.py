"""Weight sets beside the current weights: scores, overall values, ranks and the sentence.

Every expected figure is worked by hand from a 2-concern, 2-option case: concern c1
scores A 80 and B 20, c2 scores A 30 and B 90; NPSVs A -£10.0m, B -£10.5m.
"""

from __future__ import annotations

import numpy as np
import pytest

from appraisal.appraise import appraise
from appraisal.weight_sets import COLUMNS, weight_set_table, weight_set_verdict
from options.examples import load_example
from options.model import Concern, Option, OptionKind, Scenario, WeightSet

NPSV = [-10e6, -10.5e6]


def scenario(*sets: WeightSet, price: float | None = 20_000.0) -> Scenario:
    return Scenario(
        "hand",
        2024,
        (Option("a", "A", OptionKind.IN_HOUSE), Option("b", "B", OptionKind.FRAMEWORK)),
        (),
        value_per_point=price,
        concerns=(
            Concern("c1", "C1", "", 60, (("a", 80), ("b", 20))),
            Concern("c2", "C2", "", 40, (("a", 30), ("b", 90))),
        ),
        weight_sets=sets,
    )


UNION = WeightSet("Union", (("c1", 1.0), ("c2", 3.0)))
AUDITOR = WeightSet("Auditor", (("c1", 5.0), ("c2", 5.0)), None, has_price=True)
FINANCE = WeightSet("Finance", (("c1", 1.0), ("c2", 3.0)), 0.0, has_price=True)


def rows(table, name):
    return table[table["set"] == name].set_index("option")


def test_each_set_scores_prices_and_ranks_by_hand():
    """Current 60/40: A 0.6×80 + 0.4×30 = 60, B 0.6×20 + 0.4×90 = 48; at £20,000 a point
    A -£8.80m, B -£9.54m: A first. Union 1:3 (0.25/0.75): A 20 + 22.5 = 42.5, B 5 + 67.5 =
    72.5; A -£9.15m, B -£9.05m: B first. Auditor 1:1 with no price: A 55, B 55, overall =
    NPSV: A first. Finance, Union's weights at £0 a point: NPSV again, A first."""
    t = weight_set_table(scenario(UNION, AUDITOR, FINANCE), NPSV)
    assert tuple(t.columns) == COLUMNS
    assert list(dict.fromkeys(t["set"])) == ["Current weights", "Union", "Auditor", "Finance"]
    expected = {
        "Current weights": ([60.0, 48.0], 20_000.0, [-8.80e6, -9.54e6], [1, 2]),
        "Union": ([42.5, 72.5], 20_000.0, [-9.15e6, -9.05e6], [2, 1]),
        "Auditor": ([55.0, 55.0], np.nan, NPSV, [1, 2]),
        "Finance": ([42.5, 72.5], 0.0, NPSV, [1, 2]),
    }
    for name, (scores, price, overall, ranks) in expected.items():
        got = rows(t, name)
        np.testing.assert_allclose(got["mcda_score"], scores, rtol=1e-12)
        np.testing.assert_allclose(got["value_per_point"], [price] * 2)
        np.testing.assert_allclose(got["overall_value"], overall, rtol=1e-12)
        assert got["rank"].tolist() == ranks, name
        assert got["preferred"].tolist() == [r == 1 for r in ranks], name
        assert got["npsv"].tolist() == NPSV and got["name"].tolist() == ["A", "B"]


def test_switching_prices_are_against_the_npsv_leader_under_each_sets_weights():
    """A leads on NPSV by £0.5m. Under Union's (and Finance's) weights B scores 30 more,
    so it passes A from £500,000 / 30 = £16,666.67 a point, whatever the set's own price;
    under the current weights B scores less and under the Auditor's the same: never."""
    t = weight_set_table(scenario(UNION, AUDITOR, FINANCE), NPSV)
    got = t.set_index(["set", "option"])["switching_price"]
    assert got["Union", "b"] == pytest.approx(500_000 / 30) == got["Finance", "b"]
    assert got.drop([("Union", "b"), ("Finance", "b")]).isna().all()


def test_a_tie_in_overall_value_goes_to_the_higher_npsv():
    """Weights 0:1 score A 30 and B 90; at £5 a point, NPSVs -£1,000 and -£1,300 give
    -1,000 + 150 = -850 and -1,300 + 450 = -850: a tie, which A wins on NPSV."""
    s = scenario(WeightSet("Tie", (("c1", 0.0), ("c2", 1.0)), 5.0, has_price=True))
    got = rows(weight_set_table(s, [-1000.0, -1300.0]), "Tie")
    assert got["overall_value"].tolist() == [-850.0, -850.0]
    assert got["rank"].tolist() == [1, 2]


def test_the_current_weights_row_is_what_appraise_reports():
    """On the built-in example the current weights give appraise()'s own MCDA scores,
    overall values and ranks."""
    s = load_example()
    results = appraise(s, draws=1)
    npsv = [o.npsv for o in results.options]
    got = rows(weight_set_table(s, npsv), "Current weights")
    for o in results.options:
        assert got.loc[o.id, "mcda_score"] == pytest.approx(o.mcda_score, rel=1e-12)
        assert got.loc[o.id, "overall_value"] == pytest.approx(o.overall_value, rel=1e-12)
        assert got.loc[o.id, "rank"] == o.rank


def test_without_concerns_the_overall_value_is_npsv():
    s = Scenario("none", 2024, scenario().options, ())
    t = weight_set_table(s, NPSV)
    assert t["set"].tolist() == ["Current weights"] * 2 and t["mcda_score"].isna().all()
    assert t["overall_value"].tolist() == NPSV and t["rank"].tolist() == [1, 2]
    assert weight_set_verdict(t) == "The current weights prefer A."


def test_one_npsv_per_option():
    with pytest.raises(ValueError, match="npsv: one value per option"):
        weight_set_table(scenario(), [1.0, 2.0, 3.0])


def test_the_sentence_says_where_the_sets_part():
    """Union prefers B, scoring it 72.5 against A's 42.5 under its own weights, for an
    overall -£9.05m against -£9.15m; the Auditor has no price, so NPSV decides for it."""
    t = weight_set_table(scenario(UNION, AUDITOR), NPSV)
    assert weight_set_verdict(t) == (
        "The current weights and Auditor prefer A; Union prefers B (score 72.5 v 42.5, "
        "overall -£9.1m v -£9.2m); "
        "Auditor prices no concerns point, so NPSV decides for it."
    )


def test_the_sentence_when_every_set_agrees():
    t = weight_set_table(scenario(WeightSet("Board", (("c1", 3.0), ("c2", 2.0)))), NPSV)
    assert weight_set_verdict(t) == ("Every weight set (the current weights and Board) prefers A.")


def test_the_sentence_without_a_price_says_what_the_scores_favour():
    """No price anywhere: every set ranks by NPSV (A), and on the scores alone the
    current weights favour A (60 v 48) while Union favours B (72.5 v 42.5); B's 30 more
    points pass A's £0.5m more NPSV at £500,000 / 30 = £16,667 a point."""
    t = weight_set_table(scenario(UNION, price=None), NPSV)
    assert weight_set_verdict(t) == (
        "Every weight set (the current weights and Union) prefers A: none prices a concerns "
        "point, so NPSV decides; on the concerns score alone the current weights favour A; "
        "Union favours B (score 72.5 v 42.5); from £16,667 a point Union would prefer B."
    )


def test_a_set_missing_a_concern_is_refused():
    """The loader never builds one; a Scenario made by hand is checked all the same."""
    s = scenario(WeightSet("Half", (("c1", 1.0),)))
    with pytest.raises(ValueError, match="weight set 'Half' has no weight for c2"):
        weight_set_table(s, NPSV)
