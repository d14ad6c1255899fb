"""Money charts: NPSV and its parts, NPSV with its simulated range, and the
cost-effectiveness plane.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import afcharts.pio_template  # noqa: F401  (registers the "afcharts" plotly template)
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from appraisal.results import OptionResult, Results
from report.charts.style import (
    _GREY,
    COMPONENTS,
    SYMBOLS,
    _best,
    _caption,
    _empty,
    _figure,
    _m,
    _money_axis,
    _names,
    _pounds,
    _rows_height,
    _wrap,
    option_colours,
)
from report.formatting import escape_text, money, money_m

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
    data: list[dict[str, Any]] = []
    for label, field, sign, colour, shape in COMPONENTS:
        values = [getattr(o, field) for o in results.options]
        data.append({
            "type": "bar", "x": [sign * _m(v) for v in values], "y": y, "orientation": "h",
            "name": label, "width": 0.6, "customdata": _pounds(values),
            "hovertemplate": f"{label}: %{{customdata}}<extra></extra>",
            "marker": {"color": colour, "line": {"color": "white", "width": 1},
                       "pattern": {"shape": shape, "fillmode": "overlay", "fgcolor": "white"}},
        })  # fmt: skip
    npsv = [o.npsv for o in results.options]
    data.append({
        "type": "scatter", "x": [_m(v) for v in npsv], "y": y, "name": "NPSV", "mode": "markers",
        "customdata": _pounds(npsv),
        "marker": {"symbol": "diamond", "color": "black", "size": 14,
                   "line": {"color": "white", "width": 1.5}},
        "hovertemplate": "NPSV: %{customdata}<extra></extra>",
    })  # fmt: skip
    parts = np.array([[sign * _m(getattr(o, field)) for _, field, sign, *_ in COMPONENTS]
                      for o in results.options])  # fmt: skip
    left, right = np.minimum(parts, 0).sum(axis=1), np.maximum(parts, 0).sum(axis=1)
    notes = [  # left of the bar and the diamond
        {"x": min(end, _m(v)), "y": yi, "text": escape_text(f"NPSV {money_m(v)}"),
         "xanchor": "right", "xshift": -12, "showarrow": False, "font": {"size": 13}}
        for yi, v, end in zip(y, npsv, left, strict=True)
    ]  # fmt: skip
    low, high = float(left.min()), float(right.max())
    span = max(high - low, 1e-6)
    layout = {
        "barmode": "relative", "bargap": 0.4, "hovermode": "y unified", "annotations": notes,
        "xaxis": {"title": {"text": _money_axis(results, "Present value, ")},
                  "range": [low - 0.36 * span, high + 0.04 * span]},
        "yaxis": {"autorange": "reversed"},
    }  # fmt: skip
    best, other = _best(results)
    title = f"{best.name} has the highest NPSV"
    title += f": {money_m(best.npsv - other.npsv)} more than {other.name}" if other else ""
    measure = "NPSV (diamond) = PV benefits − PV costs − optimism bias − risk − carbon"
    height = _rows_height(results.options, 26)
    return _figure(data, layout, title, _caption(results, measure), height=height, legend=True)


def npsv_components_table(results: Results) -> pd.DataFrame:
    """One row per option: the NPSV and its present-value parts, £m."""
    rows = [
        {"Option": o.name}
        | {f"{label} (£m)": _m(getattr(o, field)) for label, field, *_ in COMPONENTS}
        | {"NPSV (£m)": _m(o.npsv)}
        for o in results.options
    ]
    return pd.DataFrame(rows)


def fig_npc_range(results: Results) -> go.Figure:
    """Net present cost of each option: expected (marker) and P50 to P90 of the simulation.

    One row per option in its colour and marker shape. The thin bar runs from the P50 to
    the P90 net present cost (a higher P is a more pessimistic cost, the IPA's P-cost
    convention) with a tick at P80; the marker is the expected NPC, the headline figure
    (−NPSV), which lies within sampling error of the simulation's mean. Lower is better.

    Three traces whatever the number of options (the ranges, the P80 ticks, the expected
    values), each point coloured as its option: the Overview redraws this chart on every
    move of a slider, and plotly.js redraws a few traces of several points faster than a
    trace per point.
    """
    options = results.options
    colours = [option_colours(results)[o.id] for o in options]
    y = _names(options, 26)
    p50, p80, p90 = ([_m(o.monte_carlo.npc(p)) for o in options] for p in (50, 80, 90))
    height = _rows_height(options, 26)
    data: list[dict[str, Any]] = [
        {"type": "bar", "orientation": "h", "y": y, "base": p50,
         "x": [b - a for a, b in zip(p50, p90, strict=True)], "name": "P50 to P90",
         "width": 3 * (len(options) + 0.4) / height,  # about 3 px: the y range over the plot
         "marker": {"color": colours, "line": {"width": 0}}, "showlegend": False,
         "hoverinfo": "skip"},
        {"type": "scatter", "x": p80, "y": y, "mode": "markers", "name": "P80",
         "showlegend": False, "hoverinfo": "skip",
         "marker": {"color": colours, "size": 18, "symbol": "line-ns",
                    "line": {"width": 3, "color": colours}}},
        {"type": "scatter", "x": [_m(o.npc) for o in options], "y": y, "name": "Expected",
         "mode": "markers+text", "text": [escape_text(money_m(o.npc)) for o in options],
         "textposition": "top center", "cliponaxis": False, "showlegend": False,
         "marker": {"color": colours, "size": 14,
                    "symbol": [SYMBOLS[i % len(SYMBOLS)] for i in range(len(options))]},
         "customdata": [_pounds((o.npc, o.monte_carlo.npc(50), o.monte_carlo.npc(80),
                                 o.monte_carlo.npc(90))) for o in options],
         "hovertemplate": "Expected %{customdata[0]}<br>P50 %{customdata[1]}<br>"
         "P80 %{customdata[2]}<br>P90 %{customdata[3]}<extra></extra>"},
    ]  # fmt: skip
    layout = {
        "hovermode": "closest",
        "yaxis": {"range": [len(options) - 0.5, -0.9]},
        "xaxis": {"title": {"text": _money_axis(results, "Net present cost, ")}},
    }
    return _figure(data, layout, npc_range_title(results), _caption(results, (
        f"Net present cost: expected (marker), and P50 to P90 of {results.draws:,} simulations "
        "(tick at P80); lower is better")), height=height)  # fmt: skip


def npc_range_title(results: Results) -> str:
    """The cheapest option in net present terms, and whether its P90 stays below the next
    option's P50 (clear) or not (the ranges overlap)."""
    ranked = sorted(results.options, key=lambda o: o.npc)
    best = ranked[0]
    title = f"{best.name} has the lowest net present cost, {money_m(best.npc)}"
    if len(ranked) > 1:
        nxt = ranked[1]
        clear = best.monte_carlo.npc(90) < nxt.monte_carlo.npc(50)
        title += (f"; even its P90 is below {nxt.name}'s P50" if clear
                  else f"; its P50-P90 range overlaps {nxt.name}'s")  # fmt: skip
    return title


def npc_range_table(results: Results) -> pd.DataFrame:
    """One row per option: expected net present cost and its P50, P80 and P90, £m."""
    rows = [
        {"Option": o.name, "Expected NPC (£m)": _m(o.npc), "P50 (£m)": _m(o.monte_carlo.npc(50)),
         "P80 (£m)": _m(o.monte_carlo.npc(80)), "P90 (£m)": _m(o.monte_carlo.npc(90))}
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
    data: list[dict[str, Any]] = []
    top = results.preferred.overall
    for o in results.options:
        line = equal_value_line(results, o, [-5.0, 110.0])
        if line:
            lead = o.id == top
            style = {"color": _GREY, "width": 2.5} if lead else {"color": "#8A8A8A", "width": 1.2}
            data.append({
                "type": "scatter", "x": [-5.0, 110.0], "y": line, "mode": "lines",
                "hoverinfo": "skip", "showlegend": False,
                "name": f"Equal overall value: {escape_text(o.name)}",
                "line": {**style, "dash": "dash"},
            })  # fmt: skip
    colours = [option_colours(results)[o.id] for o in results.options]
    names = {o.id: o.name for o in results.options}
    by = [f"<br>Dominated by {_wrap(names[o.dominated_by], 40)}" if o.dominated_by else ""
          for o in results.options]  # fmt: skip
    data.append({  # one trace of every option: plotly.js redraws it faster than one each
        "type": "scatter", "x": xs, "y": ys, "mode": "markers+text", "name": "Options",
        "text": [_wrap(o.name, 26) + ("<br>(dominated)" if o.dominated_by else "")
                 for o in results.options],
        "textposition": _label_positions(xs, ys), "cliponaxis": False, "showlegend": False,
        "marker": {"color": colours, "size": 16, "line": {"color": colours, "width": 2.5},
                   "symbol": [SYMBOLS[i % len(SYMBOLS)] + ("-open" if o.dominated_by else "")
                              for i, o in enumerate(results.options)]},
        "customdata": [[money(o.npsv), money(o.overall_value), b]
                       for o, b in zip(results.options, by, strict=True)],
        "hovertemplate": "NPSV %{customdata[0]}<br>Concerns %{x:.1f}<br>"
        "Overall value %{customdata[1]}%{customdata[2]}<extra></extra>",
    })  # fmt: skip
    layout = {
        "hovermode": "closest",
        "xaxis": {"title": {"text": "Score on the concerns (0-100)"}, "range": [-5.0, 110.0],
                  "dtick": 20},
        "yaxis": {"title": {"text": _money_axis(results, "NPSV, ")},
                  "range": [min(ys) - 2 * pad, max(ys) + pad]},
    }  # fmt: skip
    measure = "NPSV against the weighted score on the concerns; up and right is better"
    if results.value_per_point is not None:
        measure += f"; dashed: equal overall value at {money(results.value_per_point)} a point"
    return _figure(data, layout, plane_title(results), _caption(results, measure), height=460)


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
