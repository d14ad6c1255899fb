"""Plotly figures of an appraisal, for the dashboard and the board pack.

Every ``fig_*(results) -> go.Figure`` reads only a :class:`~appraisal.results.Results`
and draws it with the Government Analysis Function's ``afcharts`` template. Each
option keeps its colour from the ``afcharts`` categorical palette on every chart
(:func:`option_colours`). Titles are active (they say the finding); the subtitle
names the measure, the price base and the scenario. Money axes are £m in real
prices of the price base; hover labels give exact pounds. Every text a user typed
(option names, risk names, concern titles, the scenario name) passes through
:func:`report.formatting.escape_text` before it reaches a figure, and long names are
wrapped with ``<br>`` after escaping. Lines are SVG ``go.Scatter``, never WebGL.

Each figure has a companion ``*_table(results) -> pandas.DataFrame`` with the plotted
numbers under readable headers, for the dashboard's "show data" table. Its cells
hold the raw text (not escaped: the renderer escapes) and unrounded £m.

Two options with nothing uncertain: the cheaper one is best in every draw.

>>> from options.scenario_file import scenario_from_dict
>>> from appraisal.appraise import appraise
>>> fee = {"line": "Fee", "category": "opex", "year": 2008}
>>> s = scenario_from_dict({"schema": 1, "name": "Two", "base_year": 2008,
...     "options": [{"id": "a", "name": "A", "kind": "in-house"},
...                 {"id": "b", "name": "B", "kind": "alternative"}],
...     "costs": [{**fee, "option": "a", "amount": 100}, {**fee, "option": "b", "amount": 90}]})
>>> fig = fig_prob_best(appraise(s, draws=100))
>>> [round(bar.x[0]) for bar in fig.data]  # % of draws in which each option is best
[0, 100]
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable, Sequence

import afcharts.pio_template  # noqa: F401  (registers the "afcharts" plotly template)
import numpy as np
import pandas as pd
import plotly.colors as pcolors
import plotly.graph_objects as go
from afcharts.af_colours import get_af_colours

from appraisal.results import OptionResult, Results
from report.formatting import discounting_label, escape_text, money, money_m, percent
from report.summary import comparison

PALETTE: tuple[str, ...] = tuple(get_af_colours("categorical"))
SEQUENTIAL: tuple[str, ...] = tuple(get_af_colours("sequential"))
#: Concern colours: ColorBrewer's Set2 (plotly's ``qualitative.Set2``), light fills that
#: take dark labels and stay apart from the options' darker ``afcharts`` palette.
CONCERN_COLOURS: tuple[str, ...] = tuple(pcolors.qualitative.Set2)
_INK = "#0B0C0C"  # dark text on light fills
SYMBOLS = ("circle", "square", "diamond", "triangle-up", "x", "star")
COSTS = ("capex", "opex", "transition", "exit", "optimism_bias", "risk", "carbon")
BENEFITS = ("benefit", "residual")
#: NPSV parts: (label, OptionResult field, sign, colour, pattern). Not option colours:
#: benefits are the palette's neutral grey, PV costs and optimism bias blues of its
#: sequential ramp; risk and carbon, often thin slivers, strong hues of their own.
COMPONENTS = (
    ("PV benefits", "pv_benefits", 1, "#BFBFBF", ""),
    ("PV costs", "pv_costs", -1, SEQUENTIAL[0], ""),
    ("Optimism bias", "optimism_bias", -1, SEQUENTIAL[2], "/"),
    ("Risk (expected)", "risk", -1, "#E8A33D", ""),
    ("Carbon", "carbon_cost", -1, "#3A9B3F", ""),
)
_GREY = "#505A5F"
_LINE = 23  # px of one line of legend or tick text at the template's font size


def option_colours(results: Results) -> dict[str, str]:
    """Option id -> its ``afcharts`` categorical colour, in option order (cycling past 6).

    Every chart colours an option with this, so an option keeps one colour.

    >>> from options.examples import load_example
    >>> from appraisal.appraise import appraise
    >>> option_colours(appraise(load_example(), draws=10))["in-house"]
    '#12436D'
    """
    return {o.id: PALETTE[i % len(PALETTE)] for i, o in enumerate(results.options)}


# --- helpers ------------------------------------------------------------------------


def _wrap(text: object, width: int = 22, max_lines: int | None = None) -> str:
    """Plain text wrapped to ``width`` characters, each line escaped, joined by ``<br>``.

    >>> _wrap("<b>Evil</b> and a long name", 12)
    '&#60;b&#62;Evil&#60;/b&#62;<br>and a long<br>name'
    """

    def wrap(w: int) -> list[str]:
        return textwrap.wrap(
            str(text), w, max_lines=max_lines, placeholder=" …", break_on_hyphens=False
        )

    lines, longest = wrap(width), max(map(len, str(text).split()), default=0)
    while max_lines is None and width > longest and len(wrap(width - 1)) == len(lines):
        width -= 1  # balance the lines: the narrowest width that needs no more of them
    return "<br>".join(escape_text(line) for line in wrap(width) or [""])


def _lines(text: str) -> int:
    return text.count("<br>") + 1


def _m(value: float) -> float:
    return value / 1e6


def _pounds(values: Iterable[float]) -> list[str]:
    """Exact pounds for hover labels: ``£12,345,678``."""
    return [money(v) for v in values]


def _money_axis(results: Results, what: str = "") -> str:
    return escape_text(f"{what}£m, {results.price_base} prices")


def _caption(
    results: Results, measure: str, *, money_: bool = True, discounted: bool = True
) -> str:
    """The subtitle: the measure, then the price base (and discounting) for money charts.

    Charts of scores or probabilities (``money_=False``) name neither; money charts of
    undiscounted amounts (``discounted=False``) name the price base but no discounting.
    """
    basis = f" £m in {results.price_base} prices"
    if discounted:
        basis += f"; discounting {discounting_label(results.discounting)}"
    return f"{measure}.{basis + '.' if money_ else ''} {results.scenario}"


def _legend_height(fig: go.Figure, width: int = 680) -> int:
    """Rough px height of the horizontal legend, laid out as plotly does.

    Plotly puts every entry on one row when they fit in the plot's width, else in
    columns as wide as the widest entry; ``width`` is a narrow plot, to err tall.
    """
    entries = [
        re.sub(r"&#\d+;", "x", t.name or "").split("<br>")
        for t in fig.data
        if t.showlegend is not False
    ]
    widths = [45 + 8 * max(len(line) for line in lines) for lines in entries]
    per_row = len(widths) if sum(widths) <= width else max(1, width // max(widths, default=1))
    heights = [len(lines) for lines in entries]
    rows = [max(heights[i : i + per_row]) for i in range(0, len(heights), per_row)]
    return sum(19 * n + 8 for n in rows)


def _finish(
    fig: go.Figure, title: str, caption: str, *, height: int = 400, legend: bool = False
) -> go.Figure:
    """Template, active title, caption, margins; ``height`` is for the plot and its axes.

    With ``legend`` the legend runs horizontally along the bottom and the figure grows
    to hold it; otherwise there is none (options are named on an axis or a label).
    """
    head, sub = _wrap(title, 72), _wrap(caption, 120)
    top = 36 + 28 * _lines(head) + 18 * _lines(sub)
    bottom = 20 + (_legend_height(fig) if legend else 0)
    fig.update_layout(
        template="afcharts",
        height=top + height + bottom,
        title={
            "text": head, "font": {"size": 22}, "xref": "container", "x": 0.01, "y": 0.99,
            "yanchor": "top", "subtitle": {"text": sub, "font": {"size": 14, "color": _GREY}},
        },
        margin={"l": 10, "r": 40, "t": top, "b": bottom},
        showlegend=legend,
        legend={"orientation": "h", "xref": "container", "x": 0.01, "y": 0, "yref": "container",
                "yanchor": "bottom", "font": {"size": 15}},
    )  # fmt: skip
    return fig


def _empty(message: str) -> go.Figure:
    """A figure with no data and ``message`` as its title and in the middle."""
    fig = go.Figure()
    fig.add_annotation(text=escape_text(message), x=0.5, y=0.5, xref="paper", yref="paper")
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _finish(fig, message, "Nothing to draw", height=200)


def _names(options: Iterable[OptionResult], width: int = 22) -> list[str]:
    return [_wrap(o.name, width) for o in options]


def _best(results: Results) -> tuple[OptionResult, OptionResult | None]:
    """The highest-NPSV option and what it is compared with: in-house, else the runner-up."""
    best, other, _ = comparison(results)
    return best, other


def _rows_height(options: Sequence[OptionResult], width: int) -> int:
    """Plot height for one horizontal row per option, tall enough for wrapped names."""
    lines = max(_lines(_wrap(o.name, width)) for o in options)
    return 80 + len(options) * max(56, 16 + _LINE * lines)


# --- NPSV and its parts ---------------------------------------------------------------


def fig_npsv_components(results: Results) -> go.Figure:
    """NPSV of each option built from its present values, as stacked horizontal bars.

    One row per option (named on the axis, as on the other option charts). PV benefits
    stand right of zero; PV costs, the optimism-bias uplift, the expected value of risk
    and the cost of carbon run left of it (``barmode="relative"``); the black diamond is
    the NPSV: benefits less everything left of zero. Its label, "NPSV −£51.9m", sits
    just left of the bar's end, clear of the bars. Components have fixed colours and
    patterns (:data:`COMPONENTS`), not the option colours, since the options are named
    on the axis.
    """
    y = _names(results.options, 26)
    fig = go.Figure()
    for label, field, sign, colour, shape in COMPONENTS:
        values = [getattr(o, field) for o in results.options]
        fig.add_bar(
            x=[sign * _m(v) for v in values], y=y, orientation="h", name=label, width=0.6,
            customdata=_pounds(values), hovertemplate=f"{label}: %{{customdata}}<extra></extra>",
            marker={"color": colour, "pattern": {"shape": shape, "fillmode": "overlay",
                                                 "fgcolor": "white"}},
        )  # fmt: skip
    npsv = [o.npsv for o in results.options]
    fig.add_scatter(
        x=[_m(v) for v in npsv], y=y, name="NPSV", mode="markers", customdata=_pounds(npsv),
        marker={"symbol": "diamond", "color": "black", "size": 14,
                "line": {"color": "white", "width": 1.5}},
        hovertemplate="NPSV: %{customdata}<extra></extra>",
    )  # fmt: skip
    parts = np.array([[sign * _m(getattr(o, field)) for _, field, sign, *_ in COMPONENTS]
                      for o in results.options])  # fmt: skip
    left, right = np.minimum(parts, 0).sum(axis=1), np.maximum(parts, 0).sum(axis=1)
    for yi, v, end in zip(y, npsv, left, strict=True):  # left of the bar and the diamond
        fig.add_annotation(
            x=min(end, _m(v)), y=yi, text=escape_text(f"NPSV {money_m(v)}"), xanchor="right",
            xshift=-12, showarrow=False, font={"size": 13},
        )  # fmt: skip
    low, high = float(left.min()), float(right.max())
    span = max(high - low, 1e-6)
    fig.update_layout(barmode="relative", bargap=0.4, hovermode="y unified")
    fig.update_xaxes(title=_money_axis(results, "Present value, "),
                     range=[low - 0.36 * span, high + 0.04 * span])  # fmt: skip
    fig.update_yaxes(autorange="reversed")
    best, other = _best(results)
    title = f"{best.name} has the highest NPSV"
    title += f": {money_m(best.npsv - other.npsv)} more than {other.name}" if other else ""
    measure = "NPSV (diamond) = PV benefits − PV costs − optimism bias − risk − carbon"
    height = _rows_height(results.options, 26)
    return _finish(fig, title, _caption(results, measure), height=height, legend=True)


def npsv_components_table(results: Results) -> pd.DataFrame:
    """One row per option: the NPSV and its present-value parts, £m."""
    rows = [
        {"Option": o.name}
        | {f"{label} (£m)": _m(getattr(o, field)) for label, field, *_ in COMPONENTS}
        | {"NPSV (£m)": _m(o.npsv)}
        for o in results.options
    ]
    return pd.DataFrame(rows)


def fig_npsv_range(results: Results) -> go.Figure:
    """NPSV of each option (dot) with the P10-P90 range of the Monte Carlo (whiskers).

    One trace per option in its colour, one row each. The whiskers are asymmetric
    error bars from P10 to P90 measured from the deterministic NPSV; where the NPSV
    lies outside that range (right-skewed costs can put it above P90) the negative
    error value draws the whisker where the range is, apart from the dot.
    """
    colours = option_colours(results)
    fig = go.Figure()
    for o, y in zip(results.options, _names(results.options, 26), strict=True):
        mc, colour = o.monte_carlo, colours[o.id]
        fig.add_scatter(
            x=[_m(o.npsv)], y=[y], name=escape_text(o.name), legendgroup=escape_text(o.id),
            mode="markers+text", text=[escape_text(money_m(o.npsv))], textposition="top center",
            marker={"color": colour, "size": 15, "symbol": "circle"}, cliponaxis=False,
            error_x={"type": "data", "symmetric": False, "array": [_m(mc.p90 - o.npsv)],
                     "arrayminus": [_m(o.npsv - mc.p10)], "color": colour, "thickness": 2.5},
            customdata=[_pounds((o.npsv, mc.p10, mc.p90))],
            hovertemplate="NPSV %{customdata[0]}<br>P10 %{customdata[1]}<br>"
            "P90 %{customdata[2]}<extra></extra>",
        )  # fmt: skip
    fig.update_layout(hovermode="closest")
    fig.update_yaxes(range=[len(results.options) - 0.5, -0.9])
    fig.update_xaxes(title=_money_axis(results, "NPSV, "))
    best = results.option(results.preferred.npsv)
    rivals = [o.name for o in results.options if o is not best
              and o.monte_carlo.p90 >= best.monte_carlo.p10]  # fmt: skip
    title = f"{best.name} has the highest NPSV, {money_m(best.npsv)}"
    if len(results.options) > 1:
        title += (f"; its P10-P90 range overlaps {rivals[0]}'s" if rivals
                  else ", clear of every other option's P10-P90 range")  # fmt: skip
    measure = f"NPSV (dot) and the 10th to 90th percentiles of {results.draws:,} simulations"
    return _finish(fig, title, _caption(results, measure), height=_rows_height(results.options, 26))


def npsv_range_table(results: Results) -> pd.DataFrame:
    """One row per option: NPSV and its Monte Carlo P10, P50 and P90, £m."""
    rows = [
        {"Option": o.name, "NPSV (£m)": _m(o.npsv), "P10 (£m)": _m(o.monte_carlo.p10),
         "P50 (£m)": _m(o.monte_carlo.p50), "P90 (£m)": _m(o.monte_carlo.p90)}
        for o in results.options
    ]  # fmt: skip
    return pd.DataFrame(rows)


# --- money against the concerns ---------------------------------------------------------


def _label_positions(xs: Sequence[float], ys: Sequence[float]) -> list[str]:
    """Label above a marker unless its nearest neighbour sits higher, then below."""
    pts = np.column_stack([xs, ys]) / np.maximum(np.ptp([xs, ys], axis=1), 1e-9)
    gap = np.linalg.norm(pts[:, None] - pts[None], axis=-1) + np.eye(len(xs)) * 1e9
    near = gap.argmin(axis=1) if len(xs) > 1 else [0]
    return ["bottom center" if ys[j] > ys[i] else "top center" for i, j in enumerate(near)]


def equal_value_line(results: Results, o: OptionResult, xs: Sequence[float]) -> list[float]:
    """NPSV (£m) at concerns scores ``xs`` with the same overall value as ``o``.

    Overall value = NPSV + λ × score, so the line through ``o`` has slope −λ (£m a
    point): an option above it has more overall value. Empty with no price set.

    >>> from types import SimpleNamespace
    >>> o = SimpleNamespace(overall_value=-40e6)
    >>> equal_value_line(SimpleNamespace(value_per_point=100_000), o, [0, 100])
    [-40.0, -50.0]
    """
    lam = results.value_per_point
    if lam is None:
        return []
    return [_m(o.overall_value - lam * x) for x in xs]


def plane_title(results: Results) -> str:
    """The plane's finding: the overall leader at the price set, or the trade-off itself."""
    best = results.option(results.preferred.npsv)
    if results.value_per_point is not None:
        top = results.option(results.preferred.overall)
        return (f"At {money(results.value_per_point)} a concerns point, {top.name} has the "
                "highest overall value")  # fmt: skip
    mcda = results.option(results.preferred.mcda or best.id)
    if mcda.id == best.id:
        return f"{best.name} leads on both NPSV and the concerns"
    points = (mcda.mcda_score or 0.0) - (best.mcda_score or 0.0)
    return (f"{mcda.name} scores {points:.0f} points higher on the concerns than {best.name} "
            f"for {money_m(best.npsv - mcda.npsv)} more")  # fmt: skip


def fig_plane(results: Results) -> go.Figure:
    """The cost-effectiveness plane: NPSV (y, £m) against the concerns score (x, 0-100).

    One marker per option, in its colour and shape, labelled with its name; a
    dominated option (another has no higher net present cost and no lower score) has
    an open marker, "(dominated)" under its name and, on hover, which option dominates
    it. With a price per concerns point λ set, a dashed line through each option joins
    the points of equal overall value (NPSV + λ × score; slope −λ), the leader's drawn
    darker: an option above a line has more overall value. Up and to the right is
    better. Without scored concerns the figure says so.
    """
    if any(o.mcda_score is None for o in results.options):
        return _empty("No concerns are scored, so there is no trade-off to draw")
    xs = [o.mcda_score or 0.0 for o in results.options]
    ys = [_m(o.npsv) for o in results.options]
    pad = max(max(ys) - min(ys), 1.0) * 0.2  # room for two-to-four-line labels
    fig = go.Figure()
    top = results.preferred.overall
    for o in results.options:
        line = equal_value_line(results, o, [-5.0, 110.0])
        if line:
            lead = o.id == top
            style = {"color": _GREY, "width": 2.5} if lead else {"color": "#8A8A8A", "width": 1.2}
            fig.add_scatter(
                x=[-5.0, 110.0], y=line, mode="lines", hoverinfo="skip", showlegend=False,
                name=f"Equal overall value: {escape_text(o.name)}", line={**style, "dash": "dash"},
            )  # fmt: skip
    colours = option_colours(results)
    names = {o.id: o.name for o in results.options}
    by = [f"<br>Dominated by {_wrap(names[o.dominated_by], 40)}" if o.dominated_by else ""
          for o in results.options]  # fmt: skip
    for i, (o, where) in enumerate(zip(results.options, _label_positions(xs, ys), strict=True)):
        symbol = SYMBOLS[i % len(SYMBOLS)] + ("-open" if o.dominated_by else "")
        label = _wrap(o.name, 26) + ("<br>(dominated)" if o.dominated_by else "")
        fig.add_scatter(
            x=[xs[i]], y=[ys[i]], mode="markers+text", name=escape_text(o.name),
            legendgroup=escape_text(o.id), text=[label], textposition=where,
            marker={"color": colours[o.id], "size": 16, "symbol": symbol,
                    "line": {"color": colours[o.id], "width": 2.5}},
            customdata=[[money(o.npsv), money(o.overall_value), by[i]]], cliponaxis=False,
            hovertemplate="NPSV %{customdata[0]}<br>Concerns %{x:.1f}<br>"
            "Overall value %{customdata[1]}%{customdata[2]}<extra></extra>",
        )  # fmt: skip
    fig.update_layout(hovermode="closest")
    fig.update_xaxes(title="Score on the concerns (0-100)", range=[-5.0, 110.0], dtick=20)
    fig.update_yaxes(title=_money_axis(results, "NPSV, "), range=[min(ys) - 2 * pad, max(ys) + pad])
    measure = "NPSV against the weighted score on the concerns; up and right is better"
    if results.value_per_point is not None:
        measure += f"; dashed: equal overall value at {money(results.value_per_point)} a point"
    return _finish(fig, plane_title(results), _caption(results, measure), height=460)


def plane_table(results: Results) -> pd.DataFrame:
    """One row per option: concerns score, NPSV and overall value (£m), dominance and
    the switching price against the NPSV-preferred option."""
    names = {o.id: o.name for o in results.options}
    rows = [
        {"Option": o.name, "Concerns score (0-100)": o.mcda_score, "NPSV (£m)": _m(o.npsv),
         "Overall value (£m)": _m(o.overall_value),
         "Dominated by": names.get(o.dominated_by or "", ""),
         "Switching price (£ a point)": next((v for _, v in o.switching_prices), None)}
        for o in results.options
    ]  # fmt: skip
    return pd.DataFrame(rows)


# --- over time --------------------------------------------------------------------------


def _yearly(results: Results, discounted: bool) -> pd.DataFrame:
    """Costs and benefits a year (£), columns costs and benefits, by (option, year)."""
    f, col = results.flows, "discounted" if discounted else "amount"
    kind = f["component"].map(dict.fromkeys(COSTS, "costs") | dict.fromkeys(BENEFITS, "benefits"))
    table = f.groupby(["option", "year", kind])[col].sum().unstack(fill_value=0)
    index = pd.MultiIndex.from_product([[o.id for o in results.options], results.years])
    return table.reindex(index=index, columns=["costs", "benefits"], fill_value=0.0)


def fig_profile(results: Results, *, discounted: bool = False) -> go.Figure:
    """Costs and benefits of each option year by year, £m (undiscounted unless asked).

    Costs are solid lines (capex, opex, transition, exit, optimism bias, expected risk
    and carbon); benefits including residual values are dotted lines with open markers,
    drawn only for options that have any. One colour and marker shape per option; the
    legend names the options and, when any benefits are drawn, has a grey dotted entry
    "dotted: benefits". The subtitle names the discounting only for discounted amounts.
    """
    yearly, colours = _yearly(results, discounted), option_colours(results)
    fig = go.Figure()
    for i, o in enumerate(results.options):
        rows, symbol = yearly.loc[o.id], SYMBOLS[i % len(SYMBOLS)]
        for kind, dash, sym in (("costs", "solid", symbol), ("benefits", "dot", f"{symbol}-open")):
            if kind == "costs" or rows[kind].any():
                fig.add_scatter(
                    x=list(rows.index), y=rows[kind] / 1e6, mode="lines+markers",
                    name=_wrap(o.name, 34), legendgroup=escape_text(o.id), hovertemplate=
                    f"{kind} %{{customdata}}", customdata=_pounds(rows[kind]),
                    line={"color": colours[o.id], "dash": dash}, showlegend=kind == "costs",
                    marker={"symbol": sym, "size": 8},
                )  # fmt: skip
    if yearly["benefits"].any():  # a key to the line styles, not an option
        fig.add_scatter(
            x=[None], y=[None], mode="lines", name="dotted: benefits", hoverinfo="skip",
            line={"color": _GREY, "dash": "dot"},
        )  # fmt: skip
    basis = "discounted" if discounted else "undiscounted"
    fig.update_xaxes(title="Year", dtick=1)
    fig.update_yaxes(title=_money_axis(results, "A year, " if not discounted else "Discounted, "))
    total = yearly["costs"].groupby(level=0).sum()
    most, least = results.option(str(total.idxmax())), results.option(str(total.idxmin()))
    span = f"{results.years[0]}–{results.years[-1]}"
    title = f"{most.name} costs most over {span}: {money_m(total.max())}"
    if most is not least:
        gap = money_m(total.max() - total.min())
        title = f"{most.name} costs {gap} more than {least.name} over {span}"
    measure = f"Costs a year (solid) and benefits incl. residual values (dotted), {basis}"
    caption = _caption(results, measure, discounted=discounted)
    return _finish(fig, title, caption, height=380, legend=True)


def profile_table(results: Results, *, discounted: bool = False) -> pd.DataFrame:
    """One row per option and year: costs and benefits, £m."""
    yearly = _yearly(results, discounted) / 1e6
    names = {o.id: o.name for o in results.options}
    return pd.DataFrame({
        "Option": [names[i] for i in yearly.index.get_level_values(0)],
        "Year": yearly.index.get_level_values(1),
        "Costs (£m)": yearly["costs"].to_numpy(),
        "Benefits (£m)": yearly["benefits"].to_numpy(),
    })  # fmt: skip


# --- uncertainty --------------------------------------------------------------------------


def fig_s_curves(results: Results) -> go.Figure:
    """S-curves: the cumulative probability of each option's NPSV (£m) over the simulation.

    Drawn from ``monte_carlo.quantiles`` (NPSV at percentiles 0 to 100) as plain SVG
    lines (never WebGL), one colour per option, with its marker shape at P10, P50 and
    P90. Further right is better; a curve wholly right of another beats it at every
    percentile.
    """
    colours, pct = option_colours(results), np.arange(101)
    fig = go.Figure()
    for i, o in enumerate(results.options):
        q = np.asarray(o.monte_carlo.quantiles, dtype=float)
        fig.add_scatter(
            x=q / 1e6, y=pct, mode="lines+markers", name=_wrap(o.name, 34),
            legendgroup=escape_text(o.id), line={"color": colours[o.id]},
            marker={"symbol": SYMBOLS[i % len(SYMBOLS)], "size": np.where(pct % 40 == 10, 11, 0)},
            customdata=_pounds(q), hovertemplate="P%{y}: %{customdata}",
        )  # fmt: skip
    fig.update_layout(hovermode="closest")
    fig.update_xaxes(title=_money_axis(results, "NPSV, "))
    fig.update_yaxes(title="Cumulative probability", ticksuffix="%", range=[0, 102], dtick=20)
    top = max(results.options, key=lambda o: o.monte_carlo.p50)
    q_top = np.asarray(top.monte_carlo.quantiles)
    ahead = all(np.all(q_top >= o.monte_carlo.quantiles) for o in results.options)
    title = f"{top.name} has the highest median NPSV, {money_m(top.monte_carlo.p50)}"
    if len(results.options) > 1:
        title += "; its curve is right of every other" if ahead else "; the curves cross"
    measure = (f"Cumulative probability of NPSV over {results.draws:,} simulations; "
               "markers at P10, P50 and P90")  # fmt: skip
    return _finish(fig, title, _caption(results, measure), height=400, legend=True)


def s_curves_table(results: Results) -> pd.DataFrame:
    """One row per percentile 0-100: each option's NPSV at it, £m."""
    data: dict[str, object] = {"Percentile": np.arange(101)}
    for o in results.options:
        data[f"{o.name} (£m)"] = np.asarray(o.monte_carlo.quantiles, dtype=float) / 1e6
    return pd.DataFrame(data)


def fig_prob_best(results: Results) -> go.Figure:
    """Probability that each option has the highest NPSV, %, a horizontal bar each."""
    colours = option_colours(results)
    fig = go.Figure()
    for o, y in zip(results.options, _names(results.options, 26), strict=True):
        p = o.monte_carlo.prob_best
        fig.add_bar(
            x=[100 * p], y=[y], orientation="h", name=escape_text(o.name),
            legendgroup=escape_text(o.id), marker={"color": colours[o.id]},
            text=[escape_text(percent(p, 0))], textposition="outside", cliponaxis=False,
            customdata=[percent(p)], hovertemplate="%{customdata} of draws<extra></extra>",
        )  # fmt: skip
    fig.update_layout(barmode="overlay", hovermode="closest")
    fig.update_xaxes(title="Probability of the highest NPSV", ticksuffix="%", range=[0, 108])
    fig.update_yaxes(autorange="reversed")
    top = max(results.options, key=lambda o: o.monte_carlo.prob_best)
    title = (
        f"{top.name} has the highest NPSV in {percent(top.monte_carlo.prob_best, 0)} of simulations"
    )
    measure = (
        f"Share of {results.draws:,} Monte Carlo draws in which each option has the highest NPSV"
    )
    caption = _caption(results, measure, money_=False)
    return _finish(fig, title, caption, height=_rows_height(results.options, 26))


def prob_best_table(results: Results) -> pd.DataFrame:
    """One row per option: the probability it has the highest NPSV, %."""
    rows = [{"Option": o.name, "Probability best (%)": 100 * o.monte_carlo.prob_best}
            for o in results.options]  # fmt: skip
    return pd.DataFrame(rows)


# --- risks and concerns -----------------------------------------------------------------


def _register(results: Results) -> pd.DataFrame:
    """The risk register, largest present value of expected cost first."""
    return results.risks.sort_values("pv", ascending=False, kind="stable").reset_index(drop=True)


def _money_short(value: float) -> str:
    """A bar label: £k (whole thousands) under £1m, else £m with one decimal.

    >>> _money_short(205_400), _money_short(999_700), _money_short(1_260_000)
    ('£205k', '£1.0m', '£1.3m')
    """
    if round(abs(value) / 1e3) < 1000:
        return f"{'−' if value < 0 else ''}£{abs(value) / 1e3:,.0f}k"
    return money_m(value)


def _risk_label(risk: str, option: str, width: int = 58) -> str:
    """A risk's axis label "Risk — Option" on two lines of ``width``, wrapped and escaped.

    The option name is kept (up to ``width`` characters); the risk name is shortened to fit.

    >>> _risk_label("Outage of the <b>core</b> network at the data centre", "Keep in-house", 30)
    'Outage of the &#60;b&#62;core&#60;/b&#62;<br>network at … — Keep in-house'
    """
    option = textwrap.shorten(option, width - 2, placeholder=" …")
    text = f"{risk} — {option}"
    for n in range(len(risk), 8, -2):  # shorten the risk until the label takes two lines
        short = textwrap.shorten(risk, n, placeholder=" …")
        text = f"{short if short != '…' else risk[: n - 1] + '…'} — {option}"
        if len(textwrap.wrap(text, width, break_on_hyphens=False)) <= 2:
            break
    return _wrap(text, width)


def fig_risk_ev(results: Results) -> go.Figure:
    """Present value of each risk's expected cost, £m, largest first, in its option's colour.

    One horizontal bar per risk in the register, labelled "Risk — Option" on the axis
    and with its value at the end (£k under £1m; exact pounds on hover). Transferred
    risks, costed at their premium, are hatched and labelled "transferred". The legend
    has a solid swatch per option with risks (the bars themselves are a trace per
    option without a legend entry) and, when any risk is transferred, a hatched grey
    "hatched: transferred" swatch. An empty register gives a figure that says so.
    """
    if results.risks.empty:
        return _empty("No risks in the register")
    reg, colours = _register(results), option_colours(results)
    names = {o.id: o.name for o in results.options}
    owners = [o for o in results.options if reg["option"].eq(o.id).any()]
    moved_any = bool(reg["treatment"].eq("transferred").any())
    fig = go.Figure()
    for o in owners:  # legend swatches, solid whatever the treatment of the option's risks
        fig.add_bar(x=[None], y=[None], orientation="h", name=_wrap(o.name, 26),
                    legendgroup=escape_text(o.id), marker={"color": colours[o.id]},
                    hoverinfo="skip")  # fmt: skip
    if moved_any:
        fig.add_bar(
            x=[None], y=[None], orientation="h", hoverinfo="skip",
            name="hatched: transferred<br>(costed at its premium)",
            marker={"color": _GREY, "pattern": {"shape": "/", "fillmode": "overlay",
                                                "fgcolor": "white"}},
        )  # fmt: skip
    for o in owners:
        rows = reg[reg["option"] == o.id]
        moved = rows["treatment"].eq("transferred").to_list()
        fig.add_bar(
            x=rows["pv"] / 1e6, y=rows.index, orientation="h", name=_wrap(o.name, 26), width=0.7,
            legendgroup=escape_text(o.id), textposition="outside", cliponaxis=False,
            showlegend=False,
            marker={"color": colours[o.id], "pattern": {"shape": ["/" if t else "" for t in moved],
                                                        "fillmode": "overlay", "fgcolor": "white"}},
            text=[escape_text(_money_short(v) + (" transferred" if t else ""))
                  for v, t in zip(rows["pv"], moved, strict=True)],
            customdata=np.column_stack([[_wrap(r, 60) for r in rows["risk"]],
                                        [_wrap(o.name, 60)] * len(rows), _pounds(rows["pv"])]),
            hovertemplate="%{customdata[0]}<br>%{customdata[1]}<br>%{customdata[2]}"
            "<extra></extra>",
        )  # fmt: skip
    ticks = [_risk_label(r, names[o]) for r, o in zip(reg["risk"], reg["option"], strict=True)]
    longest = reg["pv"].idxmax()
    room = 1.4 if reg.at[longest, "treatment"] == "transferred" else 1.18  # for the end label
    fig.update_layout(barmode="overlay", hovermode="closest")
    fig.update_xaxes(title=_money_axis(results, "PV of expected cost, "),
                     range=[0, room * _m(max(reg["pv"].max(), 1.0))])  # fmt: skip
    fig.update_yaxes(tickmode="array", tickvals=list(reg.index), ticktext=ticks,
                     tickfont={"size": 14}, range=[len(reg) - 0.5, -0.5])  # fmt: skip
    total = reg.groupby("option")["pv"].sum()
    worst = results.option(str(total.idxmax()))
    title = f"{worst.name} carries the most expected risk cost: {money_m(total.max())}"
    measure = "Present value of each risk's expected cost, labelled with its option"
    row = max(42, 12 + 17 * max(map(_lines, ticks)))
    return _finish(fig, title, _caption(results, measure), height=90 + row * len(reg), legend=True)


def risk_ev_table(results: Results) -> pd.DataFrame:
    """One row per risk, largest first: option, treatment, years and PV of expected cost (£m)."""
    reg = _register(results)
    names = {o.id: o.name for o in results.options}
    return pd.DataFrame({
        "Risk": reg["risk"], "Option": reg["option"].map(names), "Treatment": reg["treatment"],
        "Years": reg["years"], "Probability (%)": 100 * reg["probability_used"],
        "PV of expected cost (£m)": reg["pv"] / 1e6,
    })  # fmt: skip


def _concern_order(results: Results) -> pd.Series:
    """Concern id -> normalised weight, heaviest first."""
    weights = results.concerns.groupby("concern", sort=False)["weight"].first()
    return weights.sort_values(ascending=False, kind="stable")


def fig_concerns(results: Results) -> go.Figure:
    """Weighted score on the concerns (0-100) of each option, stacked by concern.

    Each segment is a concern's normalised weight × the option's 0-100 score, labelled
    with its points in dark text; the label at the end is the total, the MCDA score.
    Concerns take the light qualitative :data:`CONCERN_COLOURS` in legend order
    (heaviest weight first, cycling past eight) — deliberately not the option colours,
    since options are named on the axis. No concerns gives a figure that says so.
    """
    if results.concerns.empty:
        return _empty("No concerns are scored")
    c, order, ids = results.concerns, _concern_order(results), [o.id for o in results.options]
    shades = [CONCERN_COLOURS[i % len(CONCERN_COLOURS)] for i in range(len(order))]
    y = _names(results.options, 26)
    fig = go.Figure()
    for (cid, weight), shade in zip(order.items(), shades, strict=True):
        rows = c[c["concern"] == cid].set_index("option").reindex(ids)
        label = f"{rows['title'].iloc[0]} ({percent(weight, 0)})"
        fig.add_bar(
            x=rows["contribution"], y=y, orientation="h", name=_wrap(label, 40),
            marker={"color": shade, "line": {"color": "white", "width": 1}},
            text=[f"{v:.0f}" for v in rows["contribution"]], textposition="inside",
            insidetextanchor="middle", insidetextfont={"color": _INK}, customdata=rows["score"],
            hovertemplate=f"{_wrap(label, 60)}: %{{x:.1f}} points, score %{{customdata:.0f}}"
            "<extra></extra>",
        )  # fmt: skip
    scores = [o.mcda_score for o in results.options]
    fig.add_scatter(x=scores, y=y, mode="text", text=[f"{s:.1f}" for s in scores], name="Total",
                    textposition="middle right", showlegend=False, hoverinfo="skip")  # fmt: skip
    fig.update_layout(barmode="stack", hovermode="y unified")
    fig.update_xaxes(title="Weighted score on the concerns (0-100)", range=[0, 108])
    fig.update_yaxes(autorange="reversed")
    top = results.option(results.preferred.mcda or results.preferred.overall)
    title = f"{top.name} scores highest on the concerns: {top.mcda_score:.0f} of 100"
    measure = "Each concern's weight × the option's 0-100 score, stacked; total at the end"
    caption = _caption(results, measure, money_=False)
    return _finish(fig, title, caption, height=_rows_height(results.options, 26), legend=True)


def concerns_table(results: Results) -> pd.DataFrame:
    """One row per option: each concern's weighted points (heaviest first) and the total."""
    c, rows = results.concerns, []
    for o in results.options:
        mine = c[c["option"] == o.id].set_index("concern")
        row: dict[str, object] = {"Option": o.name}
        for cid, weight in _concern_order(results).items():
            row[f"{mine.at[cid, 'title']!s} ({percent(weight, 0)})"] = mine.at[cid, "contribution"]
        rows.append(row | {"Weighted score (0-100)": o.mcda_score})
    return pd.DataFrame(rows)
