"""Charts over time and under uncertainty: the cost profile, S-curves and the
chance each option is best.
"""

from __future__ import annotations

import afcharts.pio_template  # noqa: F401  (registers the "afcharts" plotly template)
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from appraisal.results import Results
from report.charts.style import (
    _GREY,
    BENEFITS,
    COSTS,
    SYMBOLS,
    _caption,
    _finish,
    _money_axis,
    _names,
    _pounds,
    _rows_height,
    _wrap,
    option_colours,
)
from report.formatting import escape_text, money_m, percent

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
