"""The registers as charts: each risk's expected cost, and the concerns by weighted score."""

from __future__ import annotations

import textwrap

import afcharts.pio_template  # noqa: F401  (registers the "afcharts" plotly template)
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from appraisal.results import Results
from report.charts.style import (
    _GREY,
    CONCERN_COLOURS,
    CONCERN_INK,
    CONCERN_PATTERNS,
    _caption,
    _empty,
    _finish,
    _lines,
    _m,
    _money_axis,
    _names,
    _pounds,
    _rows_height,
    _wrap,
    option_colours,
)
from report.formatting import escape_text, money_m, percent

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


MAX_HEIGHT = 1000  # px, the whole figure: a long register's rows pack closer


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
    return _finish(fig, title, _caption(results, measure), height=90 + row * len(reg),
                   legend=True, most=MAX_HEIGHT)  # fmt: skip


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
    Concerns take :data:`CONCERN_COLOURS` and :data:`CONCERN_PATTERNS` in legend order
    (heaviest weight first, cycling past eight; each label in its fill's
    :data:`CONCERN_INK`) — deliberately not the option colours, since options are named
    on the axis. No concerns gives a figure that says so.
    """
    if results.concerns.empty:
        return _empty("No concerns are scored")
    c, order, ids = results.concerns, _concern_order(results), [o.id for o in results.options]
    n = len(CONCERN_COLOURS)
    looks = [(CONCERN_COLOURS[i % n], CONCERN_PATTERNS[i % n], CONCERN_INK[i % n])
             for i in range(len(order))]  # fmt: skip
    y = _names(results.options, 26)
    fig = go.Figure()
    for (cid, weight), (shade, shape, ink) in zip(order.items(), looks, strict=True):
        rows = c[c["concern"] == cid].set_index("option").reindex(ids)
        label = f"{rows['title'].iloc[0]} ({percent(weight, 0)})"
        fig.add_bar(
            x=rows["contribution"], y=y, orientation="h", name=_wrap(label, 40),
            marker={"color": shade, "line": {"color": "white", "width": 1.5},
                    "pattern": {"shape": shape, "fillmode": "overlay", "fgcolor": ink,
                                "fgopacity": 0.45, "size": 9, "solidity": 0.15}},
            text=[f"{v:.0f}" for v in rows["contribution"]], textposition="inside",
            insidetextanchor="middle", insidetextfont={"color": ink}, customdata=rows["score"],
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
