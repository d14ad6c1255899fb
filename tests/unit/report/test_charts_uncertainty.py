"""The pair-difference S-curve and the spread comparison draw what appraisal.uncertainty says.

Expected numbers are read from the estimates (``PairDifference``, the comparison frame)
and converted to £m or % in the test; the hand calculation: two options identical but
for a certain £300,000 licence in the base year differ by £0.3m in every draw.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from afcharts.af_colours import get_af_colours

from appraisal.appraise import appraise
from appraisal.results import Results
from appraisal.uncertainty import (
    PairDifference,
    npsv_draws,
    pair_difference,
    spread_comparison,
    top_two,
)
from options.examples import load_example
from options.model import Scenario
from report.charts import option_colours
from report.charts.uncertainty import (
    CASE_STYLES,
    fig_pair_difference,
    fig_spread_comparison,
    pair_difference_table,
    spread_comparison_table,
)
from report.formatting import escape_text, money_m, percent

DRAWS = 2_000
PALETTE = get_af_colours("categorical")


def _cost(option: str, line: str, amount: float, **extra: Any) -> dict[str, Any]:
    return {"option": option, "line": line, "category": "opex", "year": 2008, "amount": amount,
            **extra}  # fmt: skip


def _pair(s: Scenario, r: Results, a: str, b: str) -> PairDifference:
    ids = [o.id for o in r.options]
    draws = npsv_draws(s, draws=r.draws, rng=np.random.default_rng(r.seed))
    return pair_difference(draws, ids.index(a), ids.index(b))


def _text(fig: go.Figure) -> str:
    return fig.layout.title.text.replace("<br>", " ")


def _notes(fig: go.Figure) -> list[str]:
    return [a.text.replace("<br>", " ") for a in fig.layout.annotations]


@pytest.fixture(scope="module")
def example() -> tuple[Scenario, Results]:
    s = load_example()
    return s, appraise(s, draws=DRAWS)


@pytest.fixture
def twins(make_scenario: Callable[..., Scenario]) -> Callable[[float, str], Scenario]:
    """``twins(licence_gap, name_a)``: two options with one shared uncertain staff line;
    b's certain licence costs ``licence_gap`` more than a's."""

    def make(gap: float, name_a: str = "Option A") -> Scenario:
        return make_scenario(
            options=[{"id": "a", "name": name_a, "kind": "in-house"},
                     {"id": "b", "name": "Option B", "kind": "alternative"}],
            costs=[*(_cost(o, "Staff", 1e6) for o in "ab"),
                   _cost("a", "Licence", 100_000, low=1.0, high=1.0),
                   _cost("b", "Licence", 100_000 + gap, low=1.0, high=1.0)],
            uncertainty={"opex": {"low": 0.9, "high": 1.5}},
        )  # fmt: skip

    return make


# --- the pair difference -------------------------------------------------------------------


def test_a_certain_gap_is_a_vertical_s_curve_favouring_the_cheaper(twins):
    """£300,000 cheaper in every draw: every percentile at £0.3m, favours A in 100%."""
    s = twins(300_000)
    r = appraise(s, draws=DRAWS)
    d = _pair(s, r, "a", "b")
    fig = fig_pair_difference(r, d, "a", "b")
    curve = fig.data[0]
    np.testing.assert_allclose(curve.x, 0.3, atol=1e-9)
    assert list(curve.y) == list(range(101))
    assert _text(fig) == "Option A beats Option B in every draw; by £0.3m at the median"
    assert _notes(fig) == ["← Favours Option B in 0% of draws",
                           "Favours Option A in 100% of draws →"]  # fmt: skip
    (zero,) = fig.layout.shapes
    assert (zero.x0, zero.x1, zero.line.dash) == (0, 0, "dash")
    assert fig.layout.xaxis.range[0] < 0 < 0.3 < fig.layout.xaxis.range[1]


def test_identical_options_tie_in_every_draw(twins):
    s = twins(0.0)
    r = appraise(s, draws=200)
    d = _pair(s, r, "a", "b")
    assert d.ties == 1.0
    assert _text(fig_pair_difference(r, d, "a", "b")) == (
        "Option A and Option B have the same NPSV in every draw"
    )


def test_pair_difference_on_the_example_names_the_favourite_and_its_share(example):
    """The leader and runner-up over the same draws as the Results: the curve is the
    difference's percentiles in £m and the title gives the share favouring the leader."""
    s, r = example
    a, b = top_two(r)
    d = _pair(s, r, a, b)
    fig = fig_pair_difference(r, d, a, b)
    np.testing.assert_allclose(fig.data[0].x, d.quantiles / 1e6)
    assert d.favours_a > d.favours_b
    ahead, behind = r.option(a).name, r.option(b).name
    expected = (f"{ahead} beats {behind} in {percent(d.favours_a, 0)} of draws; "
                f"by {money_m(abs(d.quantiles[50]))} at the median")  # fmt: skip
    assert _text(fig) == escape_text(expected)
    assert _notes(fig)[1] == escape_text(f"Favours {ahead} in {percent(d.favours_a, 0)} of draws →")
    assert f"{DRAWS:,} draws" in fig.layout.title.subtitle.text.replace("<br>", " ")
    assert fig.data[0].line.dash in (None, "solid") and fig.data[0].type == "scatter"


def test_pair_difference_table(example):
    s, r = example
    a, b = top_two(r)
    d = _pair(s, r, a, b)
    t = pair_difference_table(r, d, a, b)
    column = f"{r.option(a).name} less {r.option(b).name} (£m)"
    assert list(t.columns) == ["Percentile", column]
    assert t["Percentile"].tolist() == list(range(101))
    np.testing.assert_allclose(t[column], d.quantiles / 1e6)


def test_user_text_is_escaped_in_the_pair_chart(twins):
    s = twins(300_000, "<b>Evil</b>")
    r = appraise(s, draws=100)
    fig = fig_pair_difference(r, _pair(s, r, "a", "b"), "a", "b")
    for text in (fig.layout.title.text, *(a.text for a in fig.layout.annotations)):
        assert "<b>" not in text
    assert escape_text("<b>Evil</b>") in fig.layout.title.text


# --- the spread comparison ------------------------------------------------------------------


def _ranges(fig: go.Figure) -> list[Any]:
    return [t for t in fig.data if t.showlegend is False]


def test_spread_comparison_draws_each_option_and_case(example):
    """Per option, one line per case at P10, P50, P90 (£m), in the option's colour, with
    the case's dash and marker; grey legend keys name the cases."""
    s, r = example
    c = spread_comparison(s, draws=DRAWS, seed=1, rho=0.6)
    fig = fig_spread_comparison(r, c)
    cases = ["as entered", "independent", "ρ = 0.6 on every category"]
    colours = option_colours(r)
    traces = iter(_ranges(fig))
    for o in r.options:
        for case, (dash, symbol) in zip(cases, CASE_STYLES, strict=True):
            t, row = next(traces), c[(c["option"] == o.id) & (c["case"] == case)].iloc[0]
            assert list(t.x) == pytest.approx([row["p10"] / 1e6, row["p50"] / 1e6,
                                               row["p90"] / 1e6])  # fmt: skip
            assert (t.line.color, t.line.dash, t.marker.symbol) == (colours[o.id], dash, symbol)
            assert t.legendgroup == escape_text(o.id)
    keys = [t for t in fig.data if t.showlegend is not False]
    assert [t.name for t in keys] == [escape_text(x) for x in cases]
    assert {t.line.color for t in keys}.isdisjoint(PALETTE)
    assert list(fig.layout.template.layout.colorway) == PALETTE
    assert 250 <= fig.layout.height <= 1000


def test_spread_title_names_the_widest_what_if(example):
    """The example enters no correlation: the title compares ρ = 0.6 with independent
    draws for the option whose range widens most (ratio of P10–P90 widths)."""
    s, r = example
    c = spread_comparison(s, draws=DRAWS, seed=1, rho=0.6)
    w = (c["p90"] - c["p10"]).to_numpy().reshape(3, -1)
    assert np.array_equal(w[0], w[1])
    i = int(np.argmax(w[2] / w[1]))
    expected = (f"If costs moved together (ρ = 0.6), {r.options[i].name}'s P10–P90 range "
                f"would widen from {money_m(w[1][i])} to {money_m(w[2][i])}")  # fmt: skip
    assert _text(fig_spread_comparison(r, c)) == escape_text(expected)


def test_spread_title_when_costs_are_entered_as_moving_together(make_scenario):
    """Opex entered with ρ = 0.6 over four lines: independent draws shrink the range."""
    s = make_scenario(
        options=[{"id": "a", "name": "A", "kind": "in-house"}],
        costs=[_cost("a", f"Line {i}", 1e6) for i in range(4)],
        uncertainty={"opex": {"low": 0.9, "high": 1.5, "correlation": 0.6}},
    )
    r = appraise(s, draws=DRAWS)
    c = spread_comparison(s, draws=DRAWS, seed=1)
    entered, alone = (c["p90"] - c["p10"]).tolist()
    assert entered > alone
    assert _text(fig_spread_comparison(r, c)) == escape_text(
        f"Drawn independently, A's P10–P90 range would shrink from {money_m(entered)} to "
        f"{money_m(alone)}: its costs move together"
    )


def test_spread_title_when_nothing_moves_together(make_scenario):
    s = make_scenario(uncertainty={"opex": {"low": 0.9, "high": 1.5}})
    r = appraise(s, draws=200)
    fig = fig_spread_comparison(r, spread_comparison(s, draws=200, seed=1))
    assert _text(fig).startswith("Independent draws give the same ranges")


def test_spread_comparison_table(example):
    s, r = example
    c = spread_comparison(s, draws=DRAWS, seed=1)
    t = spread_comparison_table(r, c)
    assert list(t.columns) == ["Option", "Case", "P10 (£m)", "P50 (£m)", "P90 (£m)",
                               "P10–P90 (£m)"]  # fmt: skip
    assert t["Option"].tolist() == [o.name for o in r.options] * 2
    np.testing.assert_allclose(t["P10–P90 (£m)"], (c["p90"] - c["p10"]) / 1e6)
    assert isinstance(t, pd.DataFrame)
