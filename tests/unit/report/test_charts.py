"""Charts draw what ``Results`` says, in the option's colour, with user text escaped.

Every expected number here is read from the ``Results`` object (its fields and
frames) and converted to £m or % in the test itself, independently of the chart
code: a chart's job is to show those numbers, so they are the source. The one
hand calculation: the in-house option's PV costs in the base scenario of
``tests/conftest.py`` are £1m a year for 2008-2012 at 3.5%, so
1 + 1/1.035 + … + 1/1.035⁴ = 4.6730 (£m).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from afcharts.af_colours import get_af_colours

from appraisal.appraise import Results, appraise
from options.examples import load_example
from options.scenario_file import scenario_from_dict
from report import charts
from report.formatting import escape_text, money_m

PALETTE = get_af_colours("categorical")
RISKS = [
    {"option": "flex", "name": "Transition overrun", "probability": 0.3, "low": 100_000,
     "likely": 250_000, "high": 900_000, "years": [2009]},
    {"option": "in-house", "name": "Outage", "probability": 0.1, "low": 50_000,
     "likely": 100_000, "high": 400_000, "years": [2010, 2011]},
    {"option": "flex", "name": "Service failure", "probability": 0.2, "low": 10_000,
     "likely": 20_000, "high": 50_000, "years": [2010, 2011, 2012], "treatment": "transferred",
     "premium": 30_000},
]  # fmt: skip
CONCERNS = [
    {"id": "data", "title": "Patriot Act", "raised_by": "PCS", "weight": 3,
     "scores": {"in-house": 90, "flex": 40}},
    {"id": "tupe", "title": "TUPE terms", "raised_by": "PCS", "weight": 1,
     "scores": {"in-house": 100, "flex": 60}},
]  # fmt: skip
COLOURED = ("npsv_range", "tradeoff", "profile", "s_curves", "prob_best", "risk_ev")
ALL = ("npsv_components", *COLOURED, "concerns")


def figures(r: Results) -> dict[str, go.Figure]:
    return {name: getattr(charts, f"fig_{name}")(r) for name in ALL}


@pytest.fixture(scope="module")
def example() -> Results:
    """The built-in example: four options, a risk register and six concerns."""
    return appraise(load_example(), draws=400)


@pytest.fixture
def full(make_scenario: Callable[..., Any]) -> Results:
    """The base scenario with risks (one transferred) and two concerns."""
    return appraise(make_scenario(risks=RISKS, concerns=CONCERNS), draws=200)


@pytest.fixture
def bare(make_scenario: Callable[..., Any]) -> Results:
    """The base scenario: no risks, no concerns."""
    return appraise(make_scenario(), draws=20)


def m(x: float) -> float:
    return x / 1e6


def by_group(fig: go.Figure) -> dict[str, list[Any]]:
    """Traces keyed by legendgroup (the escaped option id)."""
    out: dict[str, list[Any]] = {}
    for t in fig.data:
        if t.legendgroup:
            out.setdefault(t.legendgroup, []).append(t)
    return out


def colour_of(trace: Any) -> str:
    if trace.type == "bar":
        return trace.marker.color
    return trace.line.color if "lines" in (trace.mode or "") else trace.marker.color


# --- colours --------------------------------------------------------------------------


def test_option_colours_follow_the_palette_and_cycle(make_document):
    doc = make_document()
    doc["options"] = [
        {"id": f"o{i}", "name": f"Option {i}", "kind": "alternative"} for i in range(8)
    ]
    doc["costs"] = [{"option": f"o{i}", "line": "x", "category": "opex", "year": 2008,
                     "amount": 1000 * (i + 1)} for i in range(8)]  # fmt: skip
    r = appraise(scenario_from_dict(doc), draws=5)
    colours = charts.option_colours(r)
    assert list(colours) == [f"o{i}" for i in range(8)]
    assert list(colours.values()) == [*PALETTE, PALETTE[0], PALETTE[1]]


def test_each_option_keeps_its_colour_on_every_chart(example):
    """Six charts colour each option as ``option_colours`` does."""
    expected = {escape_text(k): v for k, v in charts.option_colours(example).items()}
    for name in COLOURED:
        groups = by_group(getattr(charts, f"fig_{name}")(example))
        assert groups, name
        for group, traces in groups.items():
            assert {colour_of(t) for t in traces} == {expected[group]}, (name, group)


def test_every_figure_uses_the_afcharts_template_and_no_webgl(example, bare):
    for r in (example, bare):
        for name, fig in figures(r).items():
            assert list(fig.layout.template.layout.colorway) == PALETTE, name
            assert all(t.type != "scattergl" for t in fig.data), name
            assert "scattergl" not in fig.to_json(), name
            assert 250 <= fig.layout.height <= 1000, name


# --- NPSV ----------------------------------------------------------------------------


def test_npsv_components_stack_the_present_values(full):
    fig = charts.fig_npsv_components(full)
    bars = {t.name: t for t in fig.data if t.type == "bar"}
    assert fig.layout.barmode == "relative" and len(bars) == 5
    for o, i in zip(full.options, range(2), strict=True):
        assert bars["PV benefits"].y[i] == pytest.approx(m(o.pv_benefits))
        assert bars["PV costs"].y[i] == pytest.approx(-m(o.pv_costs))
        assert bars["Optimism bias"].y[i] == pytest.approx(-m(o.optimism_bias))
        assert bars["Risk (expected)"].y[i] == pytest.approx(-m(o.risk))
        assert bars["Carbon"].y[i] == pytest.approx(-m(o.carbon_cost))
        assert sum(b.y[i] for b in bars.values()) == pytest.approx(m(o.npsv))
    npsv = next(t for t in fig.data if t.name == "NPSV")
    assert list(npsv.y) == pytest.approx([m(o.npsv) for o in full.options])
    assert npsv.marker.symbol == "diamond"
    labels = [a.text for a in fig.layout.annotations]
    assert labels == [escape_text(money_m(o.npsv)) for o in full.options]


def test_npsv_components_by_hand(bare):
    """In-house PV costs: £1m a year for 5 years at 3.5% = £4.6730m (module docstring)."""
    costs = next(t for t in charts.fig_npsv_components(bare).data if t.name == "PV costs")
    assert costs.y[0] == pytest.approx(-sum(1 / 1.035**t for t in range(5)), abs=5e-5)
    assert costs.customdata[0] == f"£{bare.options[0].pv_costs:,.0f}"  # exact £ on hover


def test_npsv_components_active_title_and_axis(bare):
    """Flex: £0.2m a year less for 5 years (× 4.673) less £0.5m transition = £0.43m more."""
    fig = charts.fig_npsv_components(bare)
    assert fig.layout.title.text.startswith(escape_text("Join Flex has the highest NPSV: £0.4m"))
    assert escape_text("more than Keep in-house") in fig.layout.title.text.replace("<br>", " ")
    assert "£m, 2008 prices" in fig.layout.yaxis.title.text.replace("&#44;", ",")


def test_npsv_range_whiskers_run_from_p10_to_p90(example):
    fig = charts.fig_npsv_range(example)
    assert len(fig.data) == len(example.options)
    for t, o in zip(fig.data, example.options, strict=True):
        x = t.x[0]
        assert x == pytest.approx(m(o.npsv))
        assert x - t.error_x.arrayminus[0] == pytest.approx(m(o.monte_carlo.p10))
        assert x + t.error_x.array[0] == pytest.approx(m(o.monte_carlo.p90))
        assert t.error_x.symmetric is False


def test_npsv_range_table(example):
    table = charts.npsv_range_table(example)
    assert list(table.columns) == ["Option", "NPSV (£m)", "P10 (£m)", "P50 (£m)", "P90 (£m)"]
    assert table["Option"].tolist() == [o.name for o in example.options]
    assert table["P90 (£m)"].tolist() == pytest.approx(
        [m(o.monte_carlo.p90) for o in example.options]
    )


def test_npsv_components_table(full):
    table = charts.npsv_components_table(full)
    assert len(table) == 2 and table.loc[1, "Option"] == "Join Flex"
    assert table.loc[1, "NPSV (£m)"] == pytest.approx(m(full.options[1].npsv))
    assert table.loc[1, "Risk (expected) (£m)"] == pytest.approx(m(full.options[1].risk))


# --- trade-off ------------------------------------------------------------------------


def overall(r: Results, npsv_m: float, mcda: float) -> float:
    """DESIGN.md: overall = w × money + (1 − w) × mcda, money = 100 (x − min)/(max − min)."""
    npsv = [o.npsv for o in r.options]
    money_score = 100 * (npsv_m * 1e6 - min(npsv)) / (max(npsv) - min(npsv))
    return r.money_weight * money_score + (1 - r.money_weight) * mcda


def test_tradeoff_points_are_npsv_against_concerns(example):
    fig = charts.fig_tradeoff(example)
    points = {t.legendgroup: t for t in fig.data if t.legendgroup}
    for o in example.options:
        t = points[escape_text(o.id)]
        assert (t.x[0], t.y[0]) == pytest.approx((m(o.npsv), o.mcda_score))
        assert t.text[0].replace("<br>", " ") == escape_text(o.name)


def test_tradeoff_iso_lines_hold_their_overall_score(example):
    """Every point of a labelled dashed line has the overall score its label states."""
    fig = charts.fig_tradeoff(example)
    lines = [t for t in fig.data if (t.name or "").startswith("Overall score")]
    assert len(lines) == 4 and all(t.line.dash == "dash" for t in lines)
    drawn = [t for t in lines if len(t.x)]
    assert len(drawn) >= 3
    for t in drawn:
        level = float(t.name.removeprefix("Overall score "))
        assert f"overall {level:g}" in t.text
        for x, y in zip(t.x, t.y, strict=True):
            assert overall(example, x, y) == pytest.approx(level)
            assert -1e-9 <= y <= 100 + 1e-9


def test_tradeoff_iso_line_through_an_option_passes_it(example):
    """The line at an option's own overall score goes through that option's point."""
    o = example.options[2]
    x, y = charts.iso_line(example, o.overall_score)
    slope = (y[1] - y[0]) / (x[1] - x[0])
    assert y[0] + slope * (m(o.npsv) - x[0]) == pytest.approx(o.mcda_score)


def test_tradeoff_table(example):
    table = charts.tradeoff_table(example)
    assert len(table) == 4
    assert table["Overall score (0-100)"].tolist() == [o.overall_score for o in example.options]
    assert table["Concerns score (0-100)"].tolist() == [o.mcda_score for o in example.options]


# --- profile --------------------------------------------------------------------------


@pytest.mark.parametrize("discounted", [False, True])
def test_profile_costs_and_benefits_by_year(example, discounted):
    fig = charts.fig_profile(example, discounted=discounted)
    f = example.flows
    column = "discounted" if discounted else "amount"
    for o in example.options:
        traces = by_group(fig)[escape_text(o.id)]
        mine = f[f["option"] == o.id]
        benefit = mine["component"].isin(["benefit", "residual"])
        costs = mine[~benefit].groupby("year")[column].sum() / 1e6
        assert list(traces[0].x) == list(example.years)
        assert list(traces[0].y) == pytest.approx(costs.tolist())
        gains = mine[benefit].groupby("year")[column].sum() / 1e6
        if gains.abs().sum() > 0:
            assert list(traces[1].y) == pytest.approx(gains.tolist())
            assert traces[1].line.dash == "dot"
        else:
            assert len(traces) == 1
    word = "Discounted" if discounted else "A year"
    assert fig.layout.yaxis.title.text.startswith(word)


def test_profile_table(example):
    table = charts.profile_table(example)
    assert len(table) == len(example.options) * len(example.years)
    flows = example.flows
    expected = flows[
        (flows["option"] == "flex") & ~flows["component"].isin(["benefit", "residual"])
    ]
    got = table[table["Option"] == example.option("flex").name]["Costs (£m)"].sum()
    assert got == pytest.approx(expected["amount"].sum() / 1e6)


# --- uncertainty ----------------------------------------------------------------------


def test_s_curves_are_the_quantiles(example):
    fig = charts.fig_s_curves(example)
    assert len(fig.data) == len(example.options)
    for t, o in zip(fig.data, example.options, strict=True):
        assert t.type == "scatter"
        assert np.array_equal(t.x, np.asarray(o.monte_carlo.quantiles) / 1e6)
        assert np.all(np.diff(t.x) >= 0)
        assert list(t.y) == list(range(101))
    assert fig.layout.yaxis.ticksuffix == "%"


def test_s_curves_table(example):
    table = charts.s_curves_table(example)
    assert len(table) == 101 and table["Percentile"].tolist() == list(range(101))
    o = example.options[1]
    assert table[f"{o.name} (£m)"].tolist() == pytest.approx(
        [q / 1e6 for q in o.monte_carlo.quantiles]
    )


def test_prob_best_bars_are_percentages(example):
    fig = charts.fig_prob_best(example)
    assert [t.orientation for t in fig.data] == ["h"] * 4
    assert [t.x[0] for t in fig.data] == pytest.approx(
        [100 * o.monte_carlo.prob_best for o in example.options]
    )
    assert math.isclose(sum(t.x[0] for t in fig.data), 100)
    best = max(example.options, key=lambda o: o.monte_carlo.prob_best)
    assert fig.layout.title.text.replace("<br>", " ").startswith(escape_text(best.name))


def test_prob_best_table(example):
    table = charts.prob_best_table(example)
    assert table["Probability best (%)"].tolist() == pytest.approx(
        [100 * o.monte_carlo.prob_best for o in example.options]
    )


# --- risks and concerns ---------------------------------------------------------------


def test_risk_bars_are_the_register_sorted_with_transfers_marked(full):
    fig = charts.fig_risk_ev(full)
    register = full.risks
    bars = [(y, x, t.marker.pattern.shape[i], t.text[i]) for t in fig.data
            for i, (x, y) in enumerate(zip(t.x, t.y, strict=True))]  # fmt: skip
    assert len(bars) == len(register) == 3
    ordered = [x for _, x, *_ in sorted(bars)]
    assert ordered == pytest.approx(sorted(register["pv"] / 1e6, reverse=True))
    ticks = [t.replace("<br>", " ") for t in fig.layout.yaxis.ticktext]
    assert sorted(ticks) == sorted(register["risk"])
    marked = {tick: (shape, text) for (y, _, shape, text) in bars for tick in [ticks[y]]}
    assert marked["Service failure"][0] == "/" and "transferred" in marked["Service failure"][1]
    assert marked["Outage"][0] == "" and "transferred" not in marked["Outage"][1]


def test_risk_table(full):
    table = charts.risk_ev_table(full)
    assert len(table) == 3
    assert table["PV of expected cost (£m)"].tolist() == pytest.approx(
        sorted(full.risks["pv"] / 1e6, reverse=True)
    )
    assert set(table["Option"]) == {"Keep in-house", "Join Flex"}


def test_concerns_stack_to_the_mcda_score(full):
    fig = charts.fig_concerns(full)
    bars = [t for t in fig.data if t.type == "bar"]
    assert fig.layout.barmode == "stack" and len(bars) == 2
    totals = np.sum([t.x for t in bars], axis=0)
    assert totals == pytest.approx([o.mcda_score for o in full.options])
    heaviest = full.concerns[full.concerns["concern"] == "data"]["contribution"]
    assert list(bars[0].x) == pytest.approx(heaviest.tolist())  # heaviest weight first
    assert not {t.marker.color for t in bars} & set(PALETTE)  # not the option colours
    label = next(t for t in fig.data if t.type == "scatter")
    assert list(label.text) == [f"{o.mcda_score:.1f}" for o in full.options]


def test_concerns_table(full):
    table = charts.concerns_table(full)
    assert len(table) == 2
    assert table["Weighted score (0-100)"].tolist() == [o.mcda_score for o in full.options]
    assert table["Patriot Act (75%)"].tolist() == pytest.approx([67.5, 30.0])  # 0.75 × 90, 40


# --- empty cases and escaping -----------------------------------------------------------


def annotation_text(fig: go.Figure) -> str:
    return " ".join(a.text for a in fig.layout.annotations)


def test_empty_cases_say_so(bare):
    assert not len(charts.fig_risk_ev(bare).data)
    assert "No risks in the register" in annotation_text(charts.fig_risk_ev(bare))
    for fig in (charts.fig_tradeoff(bare), charts.fig_concerns(bare)):
        assert not len(fig.data)
        assert "No concerns are scored" in annotation_text(fig)
    assert charts.risk_ev_table(bare).empty
    assert len(charts.concerns_table(bare)) == 2


EVIL = "<b>Evil</b> *x*"


def test_user_text_is_escaped_in_every_figure(make_document):
    doc = make_document(name="<i>Scenario</i>", risks=RISKS, concerns=CONCERNS)
    doc["options"][0]["name"] = EVIL
    doc["risks"][0]["name"] = "<b>Risk</b>"
    doc["concerns"][0]["title"] = "<b>Concern</b>"
    r = appraise(scenario_from_dict(doc), draws=50)
    for name, fig in {**figures(r), "discounted": charts.fig_profile(r, discounted=True)}.items():
        text = json.dumps(json.loads(fig.to_json()), ensure_ascii=False)  # "<" as written
        assert "<b>" not in text and "<i>" not in text and "</b>" not in text, name
    fig = charts.fig_prob_best(r)
    assert escape_text(EVIL) in [t.name for t in fig.data]
    assert charts.prob_best_table(r).loc[0, "Option"] == EVIL  # tables keep the raw text


def test_long_names_are_wrapped(example):
    fig = charts.fig_prob_best(example)
    long = fig.data[3].y[0]
    assert "<br>" in long and all(len(p) <= 30 for p in long.split("<br>"))


def test_money_labels_have_at_most_one_decimal(example):
    fig = charts.fig_npsv_components(example)
    for a in fig.layout.annotations:
        digits = a.text.split(".")[1].rstrip("m")
        assert len(digits) == 1


def test_tables_are_frames_with_one_row_per_option(example):
    for name in ("npsv_components", "npsv_range", "tradeoff", "prob_best", "concerns"):
        table = getattr(charts, f"{name}_table")(example)
        assert isinstance(table, pd.DataFrame)
        assert table["Option"].tolist() == [o.name for o in example.options], name
