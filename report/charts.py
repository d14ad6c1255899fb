"""Plotly figures of an appraisal, for the dashboard and the board pack.

Every ``fig_*(results) -> go.Figure`` reads only a :class:`~appraisal.appraise.Results`
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

>>> from options.examples import load_example
>>> from appraisal.appraise import appraise
>>> fig = fig_prob_best(appraise(load_example(), draws=2000))
>>> [round(bar.x[0]) for bar in fig.data]  # % of draws in which each option is best
[10, 90, 0, 0]
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

from appraisal.appraise import OptionResult, Results
from report.formatting import discounting_label, escape_text, money, money_m, percent
from report.summary import comparison

PALETTE: tuple[str, ...] = tuple(get_af_colours("categorical"))
SEQUENTIAL: tuple[str, ...] = tuple(get_af_colours("sequential"))
SYMBOLS = ("circle", "square", "diamond", "triangle-up", "x", "star")
COSTS = ("capex", "opex", "transition", "exit", "optimism_bias", "risk", "carbon")
BENEFITS = ("benefit", "residual")
#: NPSV parts: (label, OptionResult field, sign, colour, pattern). Not option colours:
#: benefits are the palette's neutral grey, costs a dark-to-light ramp of its blues.
COMPONENTS = (
    ("PV benefits", "pv_benefits", 1, "#BFBFBF", ""),
    ("PV costs", "pv_costs", -1, SEQUENTIAL[0], ""),
    ("Optimism bias", "optimism_bias", -1, SEQUENTIAL[2], "/"),
    ("Risk (expected)", "risk", -1, SEQUENTIAL[3], "x"),
    ("Carbon", "carbon_cost", -1, SEQUENTIAL[4], "."),
)
ISO_LEVELS = (20.0, 40.0, 60.0, 80.0)
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


def _caption(results: Results, measure: str, *, money_: bool = True) -> str:
    """The subtitle: the measure, then the price base and discounting for money charts."""
    basis = (
        f" £m in {results.price_base} prices; discounting {discounting_label(results.discounting)}."
    )
    return f"{measure}.{basis if money_ else ''} {results.scenario}"


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
    """NPSV of each option built from its present values, as stacked bars.

    PV benefits stand above zero; PV costs, the optimism-bias uplift, the expected
    value of risk and the cost of carbon hang below it (``barmode="relative"``); the
    black diamond, labelled, is the NPSV: benefits less everything below. Components
    have fixed colours and patterns (:data:`COMPONENTS`), not the option colours,
    since the options are named on the axis.
    """
    x = _names(results.options)
    fig = go.Figure()
    for label, field, sign, colour, shape in COMPONENTS:
        values = [getattr(o, field) for o in results.options]
        fig.add_bar(
            x=x, y=[sign * _m(v) for v in values], name=label, customdata=_pounds(values),
            marker={"color": colour, "pattern": {"shape": shape, "fillmode": "overlay",
                                                 "fgcolor": "white"}},
            hovertemplate=f"{label}: %{{customdata}}<extra></extra>",
        )  # fmt: skip
    npsv = [o.npsv for o in results.options]
    fig.add_scatter(
        x=x, y=[_m(v) for v in npsv], name="NPSV", mode="markers", customdata=_pounds(npsv),
        marker={"symbol": "diamond", "color": "black", "size": 14,
                "line": {"color": "white", "width": 1.5}},
        hovertemplate="NPSV: %{customdata}<extra></extra>",
    )  # fmt: skip
    for xi, v in zip(x, npsv, strict=True):
        fig.add_annotation(
            x=xi, y=_m(v), text=escape_text(money_m(v)), xanchor="left", xshift=11,
            bgcolor="rgba(255,255,255,0.85)", borderpad=2,
        )  # fmt: skip
    fig.update_layout(barmode="relative", bargap=0.45, hovermode="x unified")
    fig.update_yaxes(title=_money_axis(results, "Present value, "))
    best, other = _best(results)
    title = f"{best.name} has the highest NPSV"
    title += f": {money_m(best.npsv - other.npsv)} more than {other.name}" if other else ""
    measure = "NPSV (diamond) = PV benefits − PV costs − optimism bias − risk − carbon"
    return _finish(fig, title, _caption(results, measure), legend=True)


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


def iso_line(results: Results, score: float) -> tuple[list[float], list[float]]:
    """NPSV (£m) and concerns-score points where the overall score is ``score``.

    With money weight w, overall = w × money + (1 − w) × mcda and money = 100 ×
    (NPSV − min) ÷ (max − min), so the line is straight; it is cut where the money
    score or the concerns score leaves 0-100. Empty when it misses that box, when
    every NPSV is equal (money is 100 for all) or when w is 0 or 1.

    >>> from options.examples import load_example
    >>> from appraisal.appraise import appraise
    >>> r = appraise(load_example(), draws=10)   # money weight 0.6
    >>> x, y = iso_line(r, 60.0)                 # money 33.3 at concerns 100 ... 100 at 0
    >>> [round(v, 1) for v in y]
    [100.0, 0.0]
    """
    npsv = [o.npsv for o in results.options]
    low, span, w = min(npsv), max(npsv) - min(npsv), results.money_weight
    if span == 0 or not 0 < w < 1:
        return [], []
    money_at = np.clip([(score - 100 * (1 - w)) / w, score / w], 0, 100)  # at mcda 100, 0
    if money_at[1] <= money_at[0]:
        return [], []
    mcda = (score - w * money_at) / (1 - w)
    return [_m(low + span * m / 100) for m in money_at], [float(v) for v in mcda]


def _label_positions(xs: Sequence[float], ys: Sequence[float]) -> list[str]:
    """Label above a marker unless its nearest neighbour sits higher, then below."""
    pts = np.column_stack([xs, ys]) / np.maximum(np.ptp([xs, ys], axis=1), 1e-9)
    gap = np.linalg.norm(pts[:, None] - pts[None], axis=-1) + np.eye(len(xs)) * 1e9
    near = gap.argmin(axis=1) if len(xs) > 1 else [0]
    return ["bottom center" if ys[j] > ys[i] else "top center" for i, j in enumerate(near)]


def fig_tradeoff(results: Results, levels: Iterable[float] = ISO_LEVELS) -> go.Figure:
    """NPSV (x, £m) against the weighted score on the concerns (y, 0-100).

    One marker per option, in its colour and shape, labelled with its name. Dashed
    grey lines join points of equal overall score (at ``levels``) for the scenario's
    money weight (:func:`iso_line`); each is a trace named ``"Overall score 60"``.
    Up and to the right is better. Without scored concerns the figure says so.
    """
    if any(o.mcda_score is None for o in results.options):
        return _empty("No concerns are scored, so there is no trade-off to draw")
    fig = go.Figure()
    for level in levels:
        x, y = iso_line(results, level)
        fig.add_scatter(
            x=x, y=y, mode="lines+text", name=f"Overall score {level:g}", cliponaxis=False,
            text=["", f"overall {level:g}"] if x else [], textposition="middle right",
            line={"color": "#8A8A8A", "dash": "dash", "width": 1.5}, hoverinfo="skip",
            textfont={"color": _GREY, "size": 13}, showlegend=False,
        )  # fmt: skip
    _option_points(fig, results)
    npsv = [_m(o.npsv) for o in results.options]
    pad = max(max(npsv) - min(npsv), 1.0) * 0.18
    fig.update_layout(hovermode="closest")
    fig.update_xaxes(title=_money_axis(results, "NPSV, "), range=[min(npsv) - pad, max(npsv) + pad])
    fig.update_yaxes(title="Score on the concerns (0-100)", range=[-5, 110], dtick=20)
    top = results.option(results.preferred.overall)
    title = (f"{top.name} scores highest overall ({top.overall_score:.0f} of 100), "
             f"weighting money at {percent(results.money_weight, 0)}")  # fmt: skip
    measure = "NPSV against the weighted score on the concerns; dashed: equal overall score"
    return _finish(fig, title, _caption(results, measure), height=440)


def _option_points(fig: go.Figure, results: Results) -> None:
    """Add one labelled marker per option to the trade-off chart."""
    colours = option_colours(results)
    xs, ys = [_m(o.npsv) for o in results.options], [o.mcda_score or 0.0 for o in results.options]
    for i, (o, where) in enumerate(zip(results.options, _label_positions(xs, ys), strict=True)):
        fig.add_scatter(
            x=[xs[i]], y=[ys[i]], mode="markers+text", name=escape_text(o.name),
            legendgroup=escape_text(o.id), text=[_wrap(o.name, 24)], textposition=where,
            marker={"color": colours[o.id], "size": 16, "symbol": SYMBOLS[i % len(SYMBOLS)]},
            customdata=[[money(o.npsv), o.overall_score]], cliponaxis=False,
            hovertemplate="NPSV %{customdata[0]}<br>Concerns %{y:.1f}<br>"
            "Overall %{customdata[1]:.1f}<extra></extra>",
        )  # fmt: skip


def tradeoff_table(results: Results) -> pd.DataFrame:
    """One row per option: NPSV (£m), the scores on the concerns, money and overall."""
    rows = [
        {"Option": o.name, "NPSV (£m)": _m(o.npsv), "Concerns score (0-100)": o.mcda_score,
         "Money score (0-100)": o.money_score, "Overall score (0-100)": o.overall_score}
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
    drawn only for options that have any. One colour and marker shape per option.
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
    return _finish(fig, title, _caption(results, measure), height=380, legend=True)


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


def fig_risk_ev(results: Results) -> go.Figure:
    """Present value of each risk's expected cost, £m, largest first, in its option's colour.

    One horizontal bar per risk in the register (a trace per option, with a legend);
    transferred risks, costed at their premium, are hatched and labelled
    "transferred". An empty register gives a figure that says so.
    """
    if results.risks.empty:
        return _empty("No risks in the register")
    reg, colours = _register(results), option_colours(results)
    fig = go.Figure()
    for o in results.options:
        rows = reg[reg["option"] == o.id]
        moved = rows["treatment"].eq("transferred").to_list()
        fig.add_bar(
            x=rows["pv"] / 1e6, y=rows.index, orientation="h", name=_wrap(o.name, 34), width=0.7,
            legendgroup=escape_text(o.id), textposition="outside", cliponaxis=False,
            marker={"color": colours[o.id], "pattern": {"shape": ["/" if t else "" for t in moved],
                                                        "fillmode": "overlay", "fgcolor": "white"}},
            text=[escape_text(money_m(v) + (" transferred" if t else ""))
                  for v, t in zip(rows["pv"], moved, strict=True)],
            customdata=np.column_stack([[_wrap(r, 60) for r in rows["risk"]], _pounds(rows["pv"])]),
            hovertemplate="%{customdata[0]}<br>%{customdata[1]}<extra></extra>",
        )  # fmt: skip
    fig.update_layout(barmode="overlay", hovermode="closest")
    fig.update_xaxes(title=_money_axis(results, "PV of expected cost, "))
    ticks = [_wrap(r, 48, max_lines=2) for r in reg["risk"]]
    fig.update_yaxes(tickmode="array", tickvals=list(reg.index), ticktext=ticks,
                     tickfont={"size": 14}, range=[len(reg) - 0.5, -0.5])  # fmt: skip
    total = reg.groupby("option")["pv"].sum()
    worst = results.option(str(total.idxmax()))
    title = f"{worst.name} carries the most expected risk cost: {money_m(total.max())}"
    measure = (
        "Present value of each risk's expected cost; hatched: transferred, costed at its premium"
    )
    return _finish(fig, title, _caption(results, measure), height=90 + 42 * len(reg), legend=True)


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
    with its points; the label at the end is the total, the MCDA score. Concerns are
    shades of the ``afcharts`` sequential blue ramp, darkest for the heaviest weight
    and in legend order — deliberately not the option colours, since options are
    named on the axis. No concerns gives a figure that says so.
    """
    if results.concerns.empty:
        return _empty("No concerns are scored")
    c, order, ids = results.concerns, _concern_order(results), [o.id for o in results.options]
    shades = pcolors.sample_colorscale(list(SEQUENTIAL), np.linspace(0, 1, len(order)).tolist())
    y = _names(results.options, 26)
    fig = go.Figure()
    for (cid, weight), shade in zip(order.items(), shades, strict=True):
        rows = c[c["concern"] == cid].set_index("option").reindex(ids)
        label = f"{rows['title'].iloc[0]} ({percent(weight, 0)})"
        fig.add_bar(
            x=rows["contribution"], y=y, orientation="h", name=_wrap(label, 40),
            marker={"color": shade, "line": {"color": "white", "width": 1}},
            text=[f"{v:.0f}" for v in rows["contribution"]], textposition="inside",
            insidetextanchor="middle", customdata=rows["score"],
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
