"""Charts of what decides under uncertainty: how surely the leader beats the runner-up,
and how much of each option's range comes from costs that move together.

Each ``fig_*`` reads a :class:`~appraisal.results.Results` (for colours, names and the
caption) and an estimate from :mod:`appraisal.uncertainty`; each has a companion
``*_table`` of the plotted numbers. Cases and marks are told apart by line dash and
marker shape as well as colour.

An option ahead by £300,000 in each of four draws: its S-curve stands at £0.3m.

>>> from options.examples import load_example
>>> from appraisal.appraise import appraise
>>> from appraisal.uncertainty import pair_difference
>>> r = appraise(load_example(), draws=10)
>>> d = pair_difference([[3e5, 0.0]] * 4, 0, 1)
>>> fig = fig_pair_difference(r, d, "in-house", "do-minimum")
>>> fig.data[0].x[[0, 50, 100]].tolist(), d.favours_a
([0.3, 0.3, 0.3], 1.0)
"""

from __future__ import annotations

import afcharts.pio_template  # noqa: F401  (registers the "afcharts" plotly template)
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from appraisal.results import Results
from appraisal.uncertainty import PairDifference
from report.charts.style import (
    _GREY,
    _INK,
    _caption,
    _finish,
    _m,
    _money_axis,
    _names,
    _pounds,
    _wrap,
    option_colours,
)
from report.formatting import escape_text, money_m, percent

#: Line dash and marker of each case of a spread comparison, in its order: as entered,
#: independent, correlated at ρ (never colour alone: the colour is the option's).
CASE_STYLES = (("solid", "circle"), ("dot", "square-open"), ("dash", "diamond"))
_PCT = np.arange(101)

# --- the difference that decides -----------------------------------------------------------


def _pair_title(d: PairDifference, a: str, b: str) -> str:
    """Who is favoured and how surely, with the median difference."""
    if d.ties == 1.0:
        return f"{a} and {b} have the same NPSV in every draw"
    ahead, behind, share = (
        (a, b, d.favours_a) if d.favours_a >= d.favours_b else (b, a, d.favours_b)
    )
    median = abs(float(d.quantiles[50]))
    surely = "every draw" if share == 1.0 else f"{percent(share, 0)} of draws"
    return f"{ahead} beats {behind} in {surely}; by {money_m(median)} at the median"


def fig_pair_difference(results: Results, difference: PairDifference, a: str, b: str) -> go.Figure:
    """S-curve of NPSV_a − NPSV_b (£m) over the draws, with zero marked.

    The curve (dark ink, markers at P10, P50 and P90) gives the cumulative probability of
    the difference; right of the dashed zero line ``a`` is ahead. Above the curve, at the
    left and right of the plot, arrowed annotations give the shares of draws favouring
    each option (ahead by more than £1); the title says which option is favoured and in
    what share of draws.
    """
    oa, ob = results.option(a), results.option(b)
    q = np.asarray(difference.quantiles, dtype=float)
    fig = go.Figure()
    fig.add_scatter(
        x=q / 1e6, y=_PCT, mode="lines+markers", name=escape_text(f"{oa.name} − {ob.name}"),
        line={"color": _INK, "width": 3}, customdata=_pounds(q), hovertemplate=
        "P%{y}: %{customdata}<extra></extra>",
        marker={"symbol": "circle", "size": np.where(_PCT % 40 == 10, 11, 0), "color": _INK},
    )  # fmt: skip
    fig.add_shape(type="line", x0=0, x1=0, y0=0, y1=100, xref="x", yref="y",
                  line={"color": _GREY, "dash": "dash", "width": 2})  # fmt: skip
    sides = (
        (ob, difference.favours_b, 0, "left", "← "),
        (oa, difference.favours_a, 1, "right", ""),
    )
    for o, share, x, anchor, arrow in sides:  # above the curve, which never passes 100%
        text = f"{arrow}Favours {o.name} in {percent(share, 0)} of draws"
        fig.add_annotation(
            x=x, xref="paper", y=114, text=_wrap(text + (" →" if x else ""), 34),
            xanchor=anchor, align=anchor, showarrow=False, font={"size": 14, "color": _INK},
        )  # fmt: skip
    low, high = min(float(q[0]), 0.0) / 1e6, max(float(q[-1]), 0.0) / 1e6
    pad = 0.08 * (high - low) or 1.0
    fig.update_xaxes(title=_money_axis(results, "NPSV difference, "), range=[low - pad, high + pad])
    ticks = list(range(0, 101, 20))
    fig.update_yaxes(title="Cumulative probability", range=[0, 128], tickvals=ticks,
                     ticktext=[f"{t}%" for t in ticks])  # fmt: skip
    fig.update_layout(hovermode="closest")
    measure = (f"NPSV of {oa.name} less NPSV of {ob.name} over {difference.draws:,} draws "
               "with common random numbers; markers at P10, P50 and P90")  # fmt: skip
    title = _pair_title(difference, oa.name, ob.name)
    return _finish(fig, title, _caption(results, measure), height=400)


def pair_difference_table(
    results: Results, difference: PairDifference, a: str, b: str
) -> pd.DataFrame:
    """One row per percentile 0-100: the NPSV difference ``a`` less ``b``, £m."""
    column = f"{results.option(a).name} less {results.option(b).name} (£m)"
    return pd.DataFrame({"Percentile": _PCT, column: np.asarray(difference.quantiles) / 1e6})


# --- spread as entered, independent, correlated ---------------------------------------------


def _widths(comparison: pd.DataFrame) -> pd.DataFrame:
    """P10–P90 width (£) by option (rows, in order) and case (columns, in order)."""
    width = comparison.assign(width=comparison["p90"] - comparison["p10"])
    table = width.pivot(index="option", columns="case", values="width")
    options, cases = list(pd.unique(comparison["option"])), list(pd.unique(comparison["case"]))
    return table.reindex(index=options, columns=cases)


def _spread_title(results: Results, comparison: pd.DataFrame) -> str:
    """The finding: which option's range independent draws change most, and how."""
    w = _widths(comparison)
    entered, alone, *what_if = w.columns
    compare = entered if (w[entered] > 1.005 * w[alone]).any() else (what_if or [entered])[0]
    ratio = w[compare] / w[alone].where(w[alone] > 0)
    if not (ratio > 1.005).any():
        return "Independent draws give the same ranges: no costs are entered as moving together"
    top = str(ratio.idxmax())
    name, wide, narrow = results.option(top).name, float(w[compare][top]), float(w[alone][top])
    if compare == entered:
        return (f"Drawn independently, {name}'s P10–P90 range would shrink from "
                f"{money_m(wide)} to {money_m(narrow)}: its costs move together")  # fmt: skip
    return (
        f"If costs moved together ({compare.replace(' on every category', '')}), "
        f"{name}'s P10–P90 range would widen from {money_m(narrow)} to {money_m(wide)}"
    )


def fig_spread_comparison(results: Results, comparison: pd.DataFrame) -> go.Figure:
    """Each option's P10–P90 NPSV range (£m) as entered, drawn independently and, when
    the comparison has it, with every category's costs correlated at ρ.

    One row per option (named on the axis, first at the top), one line per case within
    it in the option's colour: the case is told by its dash and marker (:data:`CASE_STYLES`:
    solid circles as entered, dotted open squares independent, dashed diamonds at ρ),
    keyed in a grey legend. Markers sit at P10, P50 and P90. ``comparison`` is
    :func:`appraisal.uncertainty.spread_comparison` of the same scenario.
    """
    colours, cases = option_colours(results), list(pd.unique(comparison["case"]))
    rows = comparison.set_index(["option", "case"])
    offsets = (np.arange(len(cases)) - (len(cases) - 1) / 2) * 0.22
    fig = go.Figure()
    for i, o in enumerate(results.options):
        for case, off, (dash, symbol) in zip(cases, offsets, CASE_STYLES, strict=False):
            r = rows.loc[(o.id, case)]
            x = [r["p10"], r["p50"], r["p90"]]
            fig.add_scatter(
                x=[_m(v) for v in x], y=[i + off] * 3, mode="lines+markers",
                legendgroup=escape_text(o.id), showlegend=False, customdata=_pounds(x),
                line={"color": colours[o.id], "dash": dash, "width": 3},
                marker={"symbol": symbol, "size": 10, "color": colours[o.id],
                        "line": {"color": colours[o.id], "width": 2}},
                hovertemplate=f"{escape_text(case)}: %{{customdata}}<extra></extra>",
            )  # fmt: skip
    for case, (dash, symbol) in zip(cases, CASE_STYLES, strict=False):  # keys, not options
        fig.add_scatter(
            x=[None], y=[None], mode="lines+markers", name=escape_text(case), hoverinfo="skip",
            line={"color": _GREY, "dash": dash}, marker={"symbol": symbol, "color": _GREY},
        )  # fmt: skip
    k = len(results.options)
    fig.update_yaxes(tickvals=list(range(k)), ticktext=_names(results.options, 26),
                     autorange="reversed", showgrid=False, zeroline=False)  # fmt: skip
    fig.update_xaxes(title=_money_axis(results, "NPSV, "))
    fig.update_layout(hovermode="closest")
    measure = "NPSV from P10 to P90, markers at P10, P50 and P90; every case drawn from one seed"
    height = 80 + k * (40 + 26 * len(cases))
    title = _spread_title(results, comparison)
    return _finish(fig, title, _caption(results, measure), height=height, legend=True)


def spread_comparison_table(results: Results, comparison: pd.DataFrame) -> pd.DataFrame:
    """One row per option and case: NPSV P10, P50, P90 and the P10–P90 width, £m."""
    names = {o.id: o.name for o in results.options}
    return pd.DataFrame({
        "Option": comparison["option"].map(names).to_numpy(),
        "Case": comparison["case"].to_numpy(),
        "P10 (£m)": comparison["p10"].to_numpy() / 1e6,
        "P50 (£m)": comparison["p50"].to_numpy() / 1e6,
        "P90 (£m)": comparison["p90"].to_numpy() / 1e6,
        "P10–P90 (£m)": (comparison["p90"] - comparison["p10"]).to_numpy() / 1e6,
    })  # fmt: skip
