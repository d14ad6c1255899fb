"""Weight-stability and rank-acceptability charts draw the numbers worked out here.

Source: the built-in example's first concern table (its six staff-side and management
concerns at weights 25, 15, 15, 15, 20, 10, every residual share 1: rebuilt by
:func:`six_concerns` so the working below stays put as the example's register grows;
normalised weights and 0-100 scores read from ``Results.concerns``), with the lines and
crossings of the MCDA manual's sensitivity test on one weight (DCLG 2009, §6.2.12)
computed by hand in this file:
``R_i`` is the score on the other concerns at their relative weights and two lines
meet at ``w* = (R_b − R_a)/((s_ac − s_bc) + (R_b − R_a))``.

By hand for "data-sovereignty" (weight 0.25; the others 0.15, 0.15, 0.15, 0.20, 0.10,
together 0.75): Flex scores 50 on it and ``R = (60·.15 + 55·.15 + 45·.15 + 70·.2 +
45·.1)/.75 = 42.5/.75 = 56.67``; Alternative 45 and ``R = 43.25/.75 = 57.67``; so they
cross at ``w* = 1/((50 − 45) + 1) = 1/6``, at 16.7%. In-house (R 87.33, 90 on it) is
above every other line from 0 to 1.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest
from afcharts.af_colours import get_af_colours

from appraisal.appraise import Results, appraise, prepare, settle
from appraisal.montecarlo import rng_from_seed, simulate_draws
from appraisal.smaa import Smaa, smaa
from options.examples import load_example
from report.charts.weights import (
    RANK_FILLS,
    contrast,
    fig_rank_acceptability,
    fig_weight_stability,
    rank_acceptability_table,
    weight_stability_table,
)
from report.formatting import escape_text

PALETTE = get_af_colours("categorical")
EVIL = "<script>alert(1)</script> & co"


def six_concerns():
    """The example with its first six concerns at weights 25, 15, 15, 15, 20, 10, each
    counted in full (residual share 1), and no weight sets."""
    s = load_example()
    weights = {"data-sovereignty": 25, "tupe-terms": 15, "pensions": 15, "job-security": 15,
               "service-quality": 20, "lock-in": 10}  # fmt: skip
    concerns = tuple(
        dataclasses.replace(c, weight=float(weights[c.id]), residual_share=1.0)
        for c in s.concerns
        if c.id in weights
    )
    return dataclasses.replace(s, concerns=concerns, weight_sets=())


@pytest.fixture(scope="module")
def example() -> Results:
    return appraise(six_concerns(), draws=50)


@pytest.fixture(scope="module")
def priced() -> Results:
    """The six-concern example at £150,000 a concerns point."""
    return appraise(dataclasses.replace(six_concerns(), value_per_point=150_000.0), draws=50)


def matrix(r: Results) -> tuple[pd.Series, pd.DataFrame]:
    """Weights by concern and scores (concerns × options) read from the concern table."""
    c = r.concerns
    weights = c.groupby("concern", sort=False)["weight"].first()
    scores = c.pivot(index="concern", columns="option", values="score")
    return weights, scores.loc[weights.index, [o.id for o in r.options]]


def hand_lines(r: Results, concern: str, lam: float | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Intercept and slope of each option's line, by the formulas of the module docstring."""
    weights, scores = matrix(r)
    rest = weights.drop(concern)
    R = (scores.drop(concern).mul(rest, axis=0).sum() / rest.sum()).to_numpy()
    s = scores.loc[concern].to_numpy()
    if lam is None:
        return R, s - R
    npsv = np.array([o.npsv for o in r.options])
    return (npsv + lam * R) / 1e6, lam * (s - R) / 1e6


def hand_crossings(intercept: np.ndarray, slope: np.ndarray) -> list[float]:
    out = []
    for a in range(intercept.size):
        for b in range(a + 1, intercept.size):
            if abs(slope[a] - slope[b]) > 1e-12:
                w = (intercept[b] - intercept[a]) / (slope[a] - slope[b])
                out += [100 * w] if 0 <= w <= 1 else []
    return sorted(out)


def lines_of(fig) -> list[Any]:
    return [t for t in fig.data if t.legendgroup]


def crossings_of(fig) -> Any:
    return next(t for t in fig.data if t.name == "Lines cross")


def test_crossings_match_the_hand_formula(example):
    fig = fig_weight_stability(example, "data-sovereignty")
    assert list(crossings_of(fig).x) == pytest.approx([100 / 6])  # Flex = Alternative
    assert list(crossings_of(fig).y) == pytest.approx([50 / 6 + 5 / 6 * 170 / 3])  # 55.56
    for concern in matrix(example)[0].index:
        fig = fig_weight_stability(example, concern)
        assert sorted(crossings_of(fig).x) == pytest.approx(
            hand_crossings(*hand_lines(example, concern))
        )


def test_each_option_is_a_line_from_its_other_scores_to_its_score(example):
    """At 0% an option scores R_i, at 100% its score on the concern."""
    fig = fig_weight_stability(example, "data-sovereignty")
    R, slope = hand_lines(example, "data-sovereignty")
    lines = lines_of(fig)
    assert [t.legendgroup for t in lines] == [escape_text(o.id) for o in example.options]
    for i, t in enumerate(lines):
        assert list(t.x) == [0, 100]
        assert list(t.y) == pytest.approx([R[i], R[i] + slope[i]])
        assert t.line.color == PALETTE[i]
    assert len({t.marker.symbol for t in lines}) == len({t.line.dash for t in lines}) == 4
    assert list(lines[0].y) == pytest.approx([87 + 1 / 3, 90])  # in-house: 65.5/.75, then 90


def test_current_weight_and_the_leaders_range_are_marked(example, priced):
    """MCDA: in-house is above every line, so the shaded range is 0-100%. Overall at
    £150,000 a point on service quality, do-minimum leads until in-house meets it."""
    fig = fig_weight_stability(example, "data-sovereignty")
    (rect,), (line,) = (
        [s for s in fig.layout.shapes if s.type == "rect"],
        [s for s in fig.layout.shapes if s.type == "line"],
    )
    assert (rect.x0, rect.x1) == (0, 100)
    assert line.x0 == pytest.approx(25)
    assert any(a.text == "Now 25%" for a in fig.layout.annotations)
    assert (
        "Keep in-house (business as usual) stays top on the concerns at any"
        in fig.layout.title.text
    )

    fig = fig_weight_stability(priced, "service-quality", "overall")
    a, b = hand_lines(priced, "service-quality", 150_000.0)
    meet = 100 * (a[0] - a[1]) / (b[1] - b[0])  # in-house (0) meets do-minimum (1)
    rect = next(s for s in fig.layout.shapes if s.type == "rect")
    assert (rect.x0, rect.x1) == (0, pytest.approx(meet))
    assert sorted(crossings_of(fig).x) == pytest.approx(hand_crossings(a, b))
    table = weight_stability_table(priced, "service-quality", "overall").set_index("Point")
    assert table.at["Do minimum (in-house, sweat assets) top to", "Share of the weight (%)"] == (
        pytest.approx(meet)
    )


def test_overall_without_a_price_is_flat_and_says_so(example):
    fig = fig_weight_stability(example, "data-sovereignty", "overall")
    for t, o in zip(lines_of(fig), example.options, strict=True):
        assert list(t.y) == pytest.approx([o.npsv / 1e6] * 2)
    assert not [s for s in fig.layout.shapes if s.type == "rect"]
    assert fig.layout.title.text.startswith("No price per point is set")


def test_table_holds_the_plotted_numbers(priced):
    fig = fig_weight_stability(priced, "service-quality", "overall")
    table = weight_stability_table(priced, "service-quality", "overall")
    ends = table.iloc[: 2 * len(priced.options)]
    plotted = [y for t in lines_of(fig) for y in t.y]
    assert ends["Overall value (£m)"].tolist() == pytest.approx(plotted)
    crossed = table[table["Point"].str.contains(" = ")]
    assert crossed["Share of the weight (%)"].tolist() == pytest.approx(list(crossings_of(fig).x))
    assert crossed["Overall value (£m)"].tolist() == pytest.approx(list(crossings_of(fig).y))
    assert table.set_index("Point").at[
        "Current weight", "Share of the weight (%)"
    ] == pytest.approx(20)


def test_unknown_concern_is_named(example):
    with pytest.raises(ValueError, match="concern_id"):
        fig_weight_stability(example, "nope")


@pytest.fixture(scope="module")
def ranked(example) -> Smaa:
    p = prepare(settle(load_example()))
    draws = simulate_draws(p.value, p.lines, p.risks, draws=1_000, rng=rng_from_seed(3))
    weights, scores = matrix(example)
    return smaa(draws, scores.to_numpy(), weights.to_numpy(), rng=np.random.default_rng(3))


def test_rank_acceptability_bars(example, ranked):
    fig = fig_rank_acceptability(example, ranked)
    assert [t.name for t in fig.data] == ["Rank 1 (best)", "Rank 2", "Rank 3", "Rank 4 (worst)"]
    for r, t in enumerate(fig.data):
        assert list(t.x) == pytest.approx(100 * ranked.acceptability[:, r])
        assert list(t.text) == [f"{x:.0f}%" if x >= 8 else "" for x in t.x]
        assert t.marker.color == RANK_FILLS[r]
    for a, b in zip(fig.data, fig.data[1:], strict=False):
        assert contrast(a.marker.color, b.marker.color) >= 3
    top = int(np.argmax(ranked.prob_best))
    assert fig.layout.title.text.replace("<br>", " ").startswith(
        escape_text(f"{example.options[top].name} ranks first in")
    )
    table = rank_acceptability_table(example, ranked)
    assert table["Option"].tolist() == [o.name for o in example.options]
    assert table["Rank 1 (best) (%)"].tolist() == pytest.approx(list(fig.data[0].x))


def test_user_text_arrives_escaped(make_document: Callable[..., dict[str, Any]]):
    from options.scenario_file import scenario_from_dict

    doc = make_document(
        concerns=[
            {"id": "a", "title": "<b>Data</b>", "raised_by": "PCS", "weight": 3,
             "scores": {"in-house": 90, "flex": 40}},
            {"id": "b", "title": "TUPE", "raised_by": "PCS", "weight": 1,
             "scores": {"in-house": 30, "flex": 100}},
        ]
    )  # fmt: skip
    doc["options"][1]["name"] = EVIL
    r = appraise(scenario_from_dict(doc), draws=20)
    result = smaa(np.zeros((50, 2)), [[90, 40], [30, 100]], [3, 1], rng=np.random.default_rng(0))
    for fig in (fig_weight_stability(r, "a"), fig_rank_acceptability(r, result)):
        text = json.dumps(fig.to_plotly_json(), default=str)
        assert "<script>" not in text and "<b>Data" not in text
        assert escape_text("<script>alert(1)</script>") in text.replace("<br>", " ")
    assert EVIL in weight_stability_table(r, "a")["Point"].tolist()
    assert EVIL in rank_acceptability_table(r, result)["Option"].tolist()
