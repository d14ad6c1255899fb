"""Charts draw what ``Results`` says, in the option's colour, with user text escaped.

Every expected number here is read from the ``Results`` object (its fields and
frames) and converted to £m or % in the test itself, independently of the chart
code: a chart's job is to show those numbers, so they are the source. The one
hand calculation: the in-house option's PV costs in the base scenario of
``tests/conftest.py`` are £1m a year for 2008-2012 at 3.5%, so
1 + 1/1.035 + … + 1/1.035⁴ = 4.6730 (£m).
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
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
COLOURED = ("npc_range", "plane", "profile", "s_curves", "prob_best", "risk_ev")
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


def subtitle(fig: go.Figure) -> str:
    """The subtitle as one line (wrapped with ``<br>``, ``:`` escaped)."""
    return fig.layout.title.subtitle.text.replace("<br>", " ").replace("&#58;", ":")


def legend_entries(fig: go.Figure) -> list[Any]:
    return [t for t in fig.data if t.showlegend is not False]


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
    """Six charts colour each option as ``option_colours`` does: a trace per option
    (grouped by the escaped option id) or, on the Overview's redrawn charts, a colour
    per point in option order."""
    expected = {escape_text(k): v for k, v in charts.option_colours(example).items()}
    in_order = list(expected.values())
    for name in COLOURED:
        fig = getattr(charts, f"fig_{name}")(example)
        groups = by_group(fig)
        for group, traces in groups.items():
            assert {colour_of(t) for t in traces} == {expected[group]}, (name, group)
        per_point = [t for t in fig.data if isinstance(t.marker.color, tuple)]
        for t in per_point:
            assert list(t.marker.color) == in_order, (name, t.name)
        assert groups or per_point, name


@pytest.mark.parametrize("name", ["npsv_components", "npc_range", "plane"])
def test_figures_built_without_plotlys_check_pass_it(name, example, bare, priced):
    """The Overview's charts are built without plotly's validation (for speed): each,
    rebuilt with it, is the same figure, so no property is misspelt or out of range."""
    for r in (example, bare, priced):
        fig = getattr(charts, f"fig_{name}")(r)
        checked = go.Figure(fig.to_dict())  # raises on an invalid property or value
        assert json.loads(pio.to_json(checked, validate=False)) == json.loads(
            pio.to_json(fig, validate=False)
        )
        assert fig.layout.template.layout.colorway == checked.layout.template.layout.colorway


def test_every_figure_uses_the_afcharts_template_and_no_webgl(example, bare):
    for r in (example, bare):
        for name, fig in figures(r).items():
            assert list(fig.layout.template.layout.colorway) == PALETTE, name
            assert all(t.type != "scattergl" for t in fig.data), name
            assert "scattergl" not in fig.to_json(), name
            assert 250 <= fig.layout.height <= 1000, name


# --- NPSV ----------------------------------------------------------------------------


def test_npsv_components_stack_the_present_values(full):
    """Horizontal bars, one row per option: benefits right of zero, costs left of it."""
    fig = charts.fig_npsv_components(full)
    bars = {t.name: t for t in fig.data if t.type == "bar"}
    assert fig.layout.barmode == "relative" and len(bars) == 5
    assert {t.orientation for t in bars.values()} == {"h"}
    for o, i in zip(full.options, range(2), strict=True):
        assert bars["PV benefits"].x[i] == pytest.approx(m(o.pv_benefits))
        assert bars["PV costs"].x[i] == pytest.approx(-m(o.pv_costs))
        assert bars["Optimism bias"].x[i] == pytest.approx(-m(o.optimism_bias))
        assert bars["Risk (expected)"].x[i] == pytest.approx(-m(o.risk))
        assert bars["Carbon"].x[i] == pytest.approx(-m(o.carbon_cost))
        assert sum(b.x[i] for b in bars.values()) == pytest.approx(m(o.npsv))
    npsv = next(t for t in fig.data if t.name == "NPSV")
    assert list(npsv.x) == pytest.approx([m(o.npsv) for o in full.options])
    assert npsv.marker.symbol == "diamond"
    labels = [a.text for a in fig.layout.annotations]
    assert labels == [escape_text(f"NPSV {money_m(o.npsv)}") for o in full.options]


def test_npsv_components_options_on_the_y_axis_unrotated(example):
    """Options are rows, named (wrapped, not rotated) on the y axis, first at the top."""
    fig = charts.fig_npsv_components(example)
    for t in fig.data:
        assert [y.replace("<br>", " ") for y in t.y] == [
            escape_text(o.name) for o in example.options
        ]
    assert fig.layout.yaxis.autorange == "reversed"
    assert not fig.layout.xaxis.tickangle and not fig.layout.yaxis.tickangle
    assert "£m, 2007 prices" in fig.layout.xaxis.title.text.replace("&#44;", ",")


def test_npsv_labels_sit_left_of_the_bars(example):
    """Each NPSV label ends left of its bar's left end and of its diamond, in its row."""
    fig = charts.fig_npsv_components(example)
    for a, o in zip(fig.layout.annotations, example.options, strict=True):
        parts = [m(getattr(o, field)) * sign for _, field, sign, *_ in charts.COMPONENTS]
        left_end = sum(v for v in parts if v < 0)
        assert a.xanchor == "right" and a.xshift < 0 and a.showarrow is False
        assert a.x <= min(left_end, m(o.npsv)) + 1e-9
        assert a.y.replace("<br>", " ") == escape_text(o.name)
    assert fig.layout.xaxis.range[0] < min(a.x for a in fig.layout.annotations)


def test_npsv_components_are_distinct_and_in_the_legend(example):
    fig = charts.fig_npsv_components(example)
    bars = [t for t in fig.data if t.type == "bar"]
    assert [t.name for t in legend_entries(fig)] == [c[0] for c in charts.COMPONENTS] + ["NPSV"]
    colours = [t.marker.color for t in bars]
    assert len(set(colours)) == len(colours) == 5
    assert not set(colours) & set(PALETTE)  # not an option's colour


def test_npsv_components_by_hand(bare):
    """In-house PV costs: £1m a year for 5 years at 3.5% = £4.6730m (module docstring)."""
    costs = next(t for t in charts.fig_npsv_components(bare).data if t.name == "PV costs")
    assert costs.x[0] == pytest.approx(-sum(1 / 1.035**t for t in range(5)), abs=5e-5)
    assert costs.customdata[0] == f"£{bare.options[0].pv_costs:,.0f}"  # exact £ on hover


def test_npsv_components_active_title_and_axis(bare):
    """Flex: £0.2m a year less for 5 years (× 4.673) less £0.5m transition = £0.43m more."""
    fig = charts.fig_npsv_components(bare)
    assert fig.layout.title.text.startswith(escape_text("Join Flex has the highest NPSV: £0.4m"))
    assert escape_text("more than Keep in-house") in fig.layout.title.text.replace("<br>", " ")
    assert "£m, 2008 prices" in fig.layout.xaxis.title.text.replace("&#44;", ",")


def test_npc_range_runs_from_p50_to_p90_with_a_tick_at_p80(example):
    """Per option, in option order: a bar from its P50 to its P90 net present cost
    (−NPSV at percentiles 50 and 10), a tick at P80 (−NPSV at 20) and a marker at the
    expected NPC labelled with it; three traces, however many options."""
    fig = charts.fig_npc_range(example)
    bar, tick, dot = fig.data
    assert (bar.type, bar.orientation, tick.marker.symbol) == ("bar", "h", "line-ns")
    for i, o in enumerate(example.options):
        q = o.monte_carlo.quantiles
        assert bar.base[i] == pytest.approx(-m(q[50]))
        assert bar.base[i] + bar.x[i] == pytest.approx(-m(q[10]))
        assert tick.x[i] == pytest.approx(-m(q[20]))
        assert dot.x[i] == pytest.approx(m(-o.npsv))
        assert dot.text[i] == escape_text(f"£{-o.npsv / 1e6:.1f}m")
        assert bar.y[i] == tick.y[i] == dot.y[i]
        assert bar.y[i].replace("<br>", " ") == escape_text(o.name)


def test_npc_range_title_says_whether_the_lead_is_clear(bare, example):
    """With nothing uncertain (bare) Flex's P90 equals its NPC, below in-house's P50."""
    assert charts.npc_range_title(bare).endswith("even its P90 is below Keep in-house's P50")
    best = min(example.options, key=lambda o: o.npc)
    assert charts.npc_range_title(example).startswith(f"{best.name} has the lowest net present")


def test_npc_range_table(example):
    table = charts.npc_range_table(example)
    assert list(table.columns) == [
        "Option",
        "Expected NPC (£m)",
        "P50 (£m)",
        "P80 (£m)",
        "P90 (£m)",
    ]
    assert table["Option"].tolist() == [o.name for o in example.options]
    assert table["P90 (£m)"].tolist() == pytest.approx(
        [-m(o.monte_carlo.quantiles[10]) for o in example.options]
    )


def test_npsv_components_table(full):
    table = charts.npsv_components_table(full)
    assert len(table) == 2 and table.loc[1, "Option"] == "Join Flex"
    assert table.loc[1, "NPSV (£m)"] == pytest.approx(m(full.options[1].npsv))
    assert table.loc[1, "Risk (expected) (£m)"] == pytest.approx(m(full.options[1].risk))


# --- the cost-effectiveness plane -----------------------------------------------------


@pytest.fixture(scope="module")
def priced() -> Results:
    """The built-in example with a value of £150,000 a concerns point."""
    return appraise(dataclasses.replace(load_example(), value_per_point=150_000), draws=50)


def test_plane_points_are_npsv_against_concerns(example):
    """y is NPSV (£m), x the concerns score; dominated options have open markers, say so
    under their name and, on hover, by which option."""
    fig = charts.fig_plane(example)
    (points,) = [t for t in fig.data if t.mode == "markers+text"]
    names = {o.id: o.name for o in example.options}
    for i, o in enumerate(example.options):
        assert (points.x[i], points.y[i]) == pytest.approx((o.mcda_score, m(o.npsv)))
        label = points.text[i].replace("<br>", " ")
        assert label.startswith(escape_text(o.name))
        assert (points.marker.symbol[i].endswith("-open")) == (o.dominated_by is not None)
        assert label.endswith("(dominated)") == (o.dominated_by is not None)
        hover = points.customdata[i][2].replace("<br>", " ")
        by = names.get(o.dominated_by or "")
        assert hover == (f" Dominated by {escape_text(by)}" if by else "")
    assert any(o.dominated_by for o in example.options)  # the example has one to check


def test_plane_without_a_price_has_no_equal_value_lines(example):
    fig = charts.fig_plane(example)
    assert not [t for t in fig.data if (t.name or "").startswith("Equal overall value")]
    assert "dashed" not in subtitle(fig)


def test_plane_equal_value_lines_have_slope_minus_the_price(priced):
    """At λ = £150,000 a point each dashed line through an option falls £0.15m per point,
    and every point on it has that option's overall value; the leader's line is the
    thicker one, and no option lies above it."""
    fig = charts.fig_plane(priced)
    lines = {t.name: t for t in fig.data if (t.name or "").startswith("Equal overall value")}
    assert len(lines) == len(priced.options)
    for o in priced.options:
        t = lines[f"Equal overall value: {escape_text(o.name)}"]
        assert t.line.dash == "dash"
        for x, y in zip(t.x, t.y, strict=True):
            assert y * 1e6 + 150_000 * x == pytest.approx(o.overall_value)
    top = priced.option(priced.preferred.overall)
    widest = max(lines.values(), key=lambda t: t.line.width)
    assert widest.name == f"Equal overall value: {escape_text(top.name)}"
    assert all(o.overall_value <= top.overall_value + 1e-6 for o in priced.options)
    assert "dashed: equal overall value at £150,000 a point" in subtitle(fig)


def test_plane_title_names_the_trade_off_or_the_leader(example, priced):
    """Without a price: the concerns leader's extra points and what they cost (hand: in
    the example, Keep in-house scores 8 points more than Do minimum for £1.7m more)."""
    best, mcda = example.option(example.preferred.npsv), example.option(example.preferred.mcda)
    points = round(mcda.mcda_score - best.mcda_score)
    assert charts.plane_title(example) == (
        f"{mcda.name} scores {points} points higher on the concerns than {best.name} for "
        f"{money_m(best.npsv - mcda.npsv)} more"
    )
    top = priced.option(priced.preferred.overall).name
    assert charts.plane_title(priced) == (
        f"At £150,000 a concerns point, {top} has the highest overall value"
    )


def test_plane_table(priced):
    table = charts.plane_table(priced)
    assert table["Overall value (£m)"].tolist() == [m(o.overall_value) for o in priced.options]
    assert table["Concerns score (0-100)"].tolist() == [o.mcda_score for o in priced.options]
    best = priced.option(priced.preferred.npsv)
    for row, o in zip(table.itertuples(), priced.options, strict=True):
        expected = dict(o.switching_prices).get(best.id)
        assert (row[6] is None or row[6] != row[6]) if expected is None else row[6] == expected


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


def test_profile_subtitle_names_discounting_only_when_discounted(example):
    """The example's price base is 2007 (its "price_base")."""
    plain = subtitle(charts.fig_profile(example))
    assert "undiscounted. £m in 2007 prices." in plain and "discounting" not in plain
    discounted = subtitle(charts.fig_profile(example, discounted=True))
    assert "£m in 2007 prices; discounting Green Book (standard)." in discounted


def test_profile_legend_explains_the_dotted_benefit_lines(example, bare):
    """One grey dotted, data-less legend entry says dotted lines are benefits, after the
    options; a scenario without benefits draws no dotted lines and has no such entry."""
    fig = charts.fig_profile(example)
    key = [t for t in legend_entries(fig) if not t.legendgroup]
    assert [t.name for t in key] == ["dotted: benefits"]
    assert key[0].line.dash == "dot" and key[0].line.color not in PALETTE
    assert all(v is None for v in key[0].x) and legend_entries(fig)[-1] is key[0]
    assert any(t.line.dash == "dot" for t in fig.data if t.legendgroup)
    f = bare.flows
    assert not f.loc[f["component"].isin(["benefit", "residual"]), "amount"].any()
    plain = charts.fig_profile(bare)
    assert all(t.legendgroup for t in plain.data)
    assert all(t.line.dash != "dot" for t in plain.data)


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


def risk_bars(fig: go.Figure) -> list[Any]:
    """The bars that draw the register (the legend swatches have no data)."""
    return [t for t in fig.data if t.showlegend is False]


def short_money(pounds: float) -> str:
    """The bar label the review asked for: £k under £1m, else £m with one decimal."""
    return f"£{pounds / 1e3:,.0f}k" if pounds < 999_500 else money_m(pounds)


def test_risk_bars_are_the_register_sorted_with_transfers_marked(full):
    fig = charts.fig_risk_ev(full)
    register = full.risks
    bars = [(y, x, t.marker.pattern.shape[i], t.text[i]) for t in risk_bars(fig)
            for i, (x, y) in enumerate(zip(t.x, t.y, strict=True))]  # fmt: skip
    assert len(bars) == len(register) == 3
    ordered = [x for _, x, *_ in sorted(bars)]
    assert ordered == pytest.approx(sorted(register["pv"] / 1e6, reverse=True))
    ticks = [t.replace("<br>", " ").split(" — ")[0] for t in fig.layout.yaxis.ticktext]
    assert sorted(ticks) == sorted(register["risk"])
    marked = {tick: (shape, text) for (y, _, shape, text) in bars for tick in [ticks[y]]}
    assert marked["Service failure"][0] == "/" and "transferred" in marked["Service failure"][1]
    assert marked["Outage"][0] == "" and "transferred" not in marked["Outage"][1]


def test_risk_bars_are_labelled_with_risk_and_option(full, example):
    """Each bar's axis label is "Risk — Option", escaped and wrapped, in register order."""
    for r in (full, example):
        fig = charts.fig_risk_ev(r)
        names = {o.id: o.name for o in r.options}
        reg = r.risks.sort_values("pv", ascending=False, kind="stable")
        ticks = [t.replace("<br>", " ") for t in fig.layout.yaxis.ticktext]
        assert len(ticks) == len(reg) and all(
            len(t.split("<br>")) <= 2 for t in fig.layout.yaxis.ticktext
        )
        for tick, (_, row) in zip(ticks, reg.iterrows(), strict=True):
            assert tick.endswith(f" — {escape_text(names[row['option']])}")
            risk = tick.removesuffix(f" — {escape_text(names[row['option']])}")
            assert escape_text(row["risk"]).startswith(risk.removesuffix(" …"))
    ticks = [t.replace("<br>", " ") for t in charts.fig_risk_ev(full).layout.yaxis.ticktext]
    assert "Transition overrun — Join Flex" in ticks and "Outage — Keep in-house" in ticks


def test_risk_same_name_in_two_options_is_told_apart(make_scenario):
    twin = [{**RISKS[0], "option": "in-house"}, RISKS[0]]
    r = appraise(make_scenario(risks=twin), draws=20)
    ticks = {t.replace("<br>", " ") for t in charts.fig_risk_ev(r).layout.yaxis.ticktext}
    assert ticks == {"Transition overrun — Keep in-house", "Transition overrun — Join Flex"}


def test_risk_legend_swatches_are_solid_with_one_hatched_key(full):
    """One solid swatch per option with risks (even if its first bar is transferred), the
    real bars out of the legend, and one hatched "transferred" entry."""
    fig = charts.fig_risk_ev(full)
    colours = charts.option_colours(full)
    entries = legend_entries(fig)
    owners = [o for o in full.options if (full.risks["option"] == o.id).any()]
    swatches = [t for t in entries if t.legendgroup]
    assert [t.legendgroup for t in swatches] == [escape_text(o.id) for o in owners]
    for t, o in zip(swatches, owners, strict=True):
        assert t.marker.color == colours[o.id] and not t.marker.pattern.shape
        assert t.name.replace("<br>", " ") == escape_text(o.name)
        assert all(v is None for v in t.x)
    (key,) = [t for t in entries if not t.legendgroup]
    assert key.name.replace("<br>", " ") == "hatched: transferred (costed at its premium)"
    assert key.marker.pattern.shape == "/" and key.marker.color not in PALETTE
    assert len(risk_bars(fig)) == len(owners)
    assert "hatched" not in subtitle(fig)  # the legend explains it


def test_risk_legend_has_no_hatched_key_without_transfers(make_scenario):
    r = appraise(make_scenario(risks=RISKS[:2]), draws=20)
    assert all(t.legendgroup for t in legend_entries(charts.fig_risk_ev(r)))


def test_risk_values_in_thousands_under_a_million(make_scenario):
    """Bar labels: £k under £1m, £m with one decimal from £1m; hover keeps exact pounds."""
    big = {"option": "in-house", "name": "Data centre fire", "probability": 1.0,
           "low": 2_000_000, "likely": 2_500_000, "high": 3_000_000, "years": [2008]}  # fmt: skip
    r = appraise(make_scenario(risks=[*RISKS, big]), draws=20)
    reg = r.risks.set_index("risk")
    fig = charts.fig_risk_ev(r)
    ticks = [t.replace("<br>", " ").split(" — ")[0] for t in fig.layout.yaxis.ticktext]
    seen = 0
    for t in risk_bars(fig):
        for y, text, hover in zip(t.y, t.text, t.customdata, strict=True):
            row = reg.loc[ticks[y]]
            label = short_money(row["pv"]) + (" transferred" if row["treatment"] == "transferred"
                                              else "")  # fmt: skip
            assert text == escape_text(label)
            assert hover[-1] == f"£{row['pv']:,.0f}"
            seen += 1
    assert seen == 4
    assert reg.loc["Data centre fire", "pv"] > 1e6 > reg.loc["Outage", "pv"]
    texts = [x for t in risk_bars(fig) for x in t.text]
    assert any(x.endswith("m") for x in texts) and any(x.endswith("k") for x in texts)


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


def luminance(colour: str) -> float:
    """WCAG relative luminance of ``#rrggbb`` or ``rgb(r, g, b)``."""
    if colour.startswith("#"):
        rgb = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    else:
        rgb = [int(v) / 255 for v in colour.removeprefix("rgb(").rstrip(")").split(",")]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def test_concerns_palette_patterns_and_labels(example):
    """Eight concerns, eight distinct colours and eight distinct patterns, none an option
    colour; each segment's label 4.5:1 or more on its fill (WCAG 2.2 SC 1.4.3)."""
    fig = charts.fig_concerns(example)
    bars = [t for t in fig.data if t.type == "bar"]
    colours = [t.marker.color for t in bars]
    assert len(bars) == example.concerns["concern"].nunique() == 8
    assert colours == list(charts.CONCERN_COLOURS)
    assert len(set(colours)) == 8 and not set(colours) & set(PALETTE)
    assert len({t.marker.pattern.shape for t in bars}) == 8
    for t in bars:  # WCAG contrast of each label on its fill
        fill, ink = sorted((luminance(t.marker.color), luminance(t.insidetextfont.color)))
        assert (ink + 0.05) / (fill + 0.05) >= 4.5, t.marker.color


def test_concern_colours_cycle_past_the_palette(make_scenario):
    n = len(charts.CONCERN_COLOURS) + 2
    concerns = [{"id": f"c{i}", "title": f"Concern {i}", "raised_by": "PCS", "weight": n - i,
                 "scores": {"in-house": 50, "flex": 50}} for i in range(n)]  # fmt: skip
    fig = charts.fig_concerns(appraise(make_scenario(concerns=concerns), draws=5))
    colours = [t.marker.color for t in fig.data if t.type == "bar"]
    assert colours == [charts.CONCERN_COLOURS[i % (n - 2)] for i in range(n)]


def test_money_captions_only_on_money_charts(example):
    """Scores and probabilities carry no "£m in … prices; discounting …" caption."""
    for fig in (charts.fig_concerns(example), charts.fig_prob_best(example)):
        assert "£m" not in subtitle(fig) and "discounting" not in subtitle(fig)
        assert "prices" not in subtitle(fig)
    for name in ("npsv_components", "npc_range", "plane", "s_curves", "risk_ev"):
        text = subtitle(getattr(charts, f"fig_{name}")(example))
        assert "£m in 2007 prices; discounting Green Book (standard)." in text, name


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
    for fig in (charts.fig_plane(bare), charts.fig_concerns(bare)):
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
    for name in ("npsv_components", "npc_range", "plane", "prob_best", "concerns"):
        table = getattr(charts, f"{name}_table")(example)
        assert isinstance(table, pd.DataFrame)
        assert table["Option"].tolist() == [o.name for o in example.options], name
