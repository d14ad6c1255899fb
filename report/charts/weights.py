"""Charts of the weights: how far one concern's weight can move before the leader changes
(:mod:`appraisal.stability`), and how often each option takes each rank when weights,
scores, costs and the price per point all vary (:mod:`appraisal.smaa`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import afcharts.pio_template  # noqa: F401  (registers the "afcharts" plotly template)
import numpy as np
import numpy.typing as npt
import pandas as pd
import plotly.graph_objects as go

from appraisal import stability
from appraisal.results import Results
from appraisal.smaa import Smaa
from report.charts.style import (
    _GREY,
    _INK,
    SYMBOLS,
    _caption,
    _empty,
    _finish,
    _money_axis,
    _names,
    _rows_height,
    _wrap,
    option_colours,
)
from report.formatting import escape_text, percent

Measure = Literal["mcda", "overall"]
DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
#: Rank fills, best first: one blue hue alternating a dark step and a light one, each track
#: lighter as the rank falls, so that neighbouring segments differ by at least 3:1 (WCAG
#: 1.4.11). A ramp in one direction cannot: six steps of 3:1 would need 3⁵ = 243:1.
RANK_FILLS = ("#092135", "#ADD1F1", "#12436D", "#C5DFF5", "#1D5F9C", "#E3EFFA")
_LABEL_FROM = 8.0  # % of draws: narrower segments carry no label (the hover has it)

__all__ = [
    "RANK_FILLS",
    "contrast",
    "fig_rank_acceptability",
    "fig_weight_stability",
    "rank_acceptability_table",
    "weight_stability_table",
]


def _luminance(colour: str) -> float:
    """WCAG 2 relative luminance of ``#RRGGBB``."""
    rgb = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)]) / 255
    lin = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return float(lin @ [0.2126, 0.7152, 0.0722])


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two colours, 1 to 21.

    >>> round(contrast("#FFFFFF", "#000000"), 1)
    21.0
    >>> min(contrast(a, b) for a, b in zip(RANK_FILLS, RANK_FILLS[1:] + RANK_FILLS[:1])) >= 3
    True
    """
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _matrix(results: Results) -> tuple[list[str], npt.NDArray[np.float64], pd.DataFrame]:
    """Concern ids (as listed), their weights, and the scores that count (concerns × options:
    each score × its residual share) from the frame."""
    c = results.concerns.assign(counted=lambda f: f["score"] * f["residual_share"])
    ids = list(dict.fromkeys(c["concern"]))
    scores = c.pivot(index="concern", columns="option", values="counted")
    weights = c.groupby("concern")["weight"].first().loc[ids].to_numpy(dtype=float)
    return ids, weights, scores.loc[ids, [o.id for o in results.options]]


@dataclass(frozen=True, slots=True)
class _Lines:
    """What a stability chart draws, all from :mod:`appraisal.stability`."""

    ends: npt.NDArray[np.float64]  # (2, options): each line at share 0 and at share 1
    cross: pd.DataFrame  # share, value, a, b
    range: stability.WeightRange
    holds: stability.Holds | None  # the measure's leader and range; None: weights cannot move it
    title: str  # the concern's title


def _lines(results: Results, concern_id: str, measure: Measure) -> _Lines:
    """The lines (score, or £m value), their crossings and the leader's range."""
    ids, weights, scores = _matrix(results)
    if concern_id not in ids:
        raise ValueError(f"concern_id {concern_id!r} is not one of the concerns {ids}")
    c, npsv, lam = ids.index(concern_id), [o.npsv for o in results.options], results.value_per_point
    if measure == "mcda":
        a, b = stability.score_lines(scores, weights, c)
    else:
        a, b = (x / 1e6 for x in stability.value_lines(npsv, scores, weights, c, lam or 0.0))
    held = stability.weight_range(scores, weights, c, npsv=npsv, lam=lam)
    frame = results.concerns
    return _Lines(
        ends=stability.score_at(a, b, [0.0, 1.0]),
        cross=stability.crossovers(a, b),
        range=held,
        holds=held.mcda if measure == "mcda" else held.overall,
        title=str(frame.loc[frame["concern"] == concern_id, "title"].iloc[0]),
    )


def _stability_title(results: Results, got: _Lines, measure: Measure) -> str:
    holds, title = got.holds, got.title
    if holds is None:
        lead = results.option(results.preferred.overall).name
        return f"No price per point is set: the weight on {title} cannot change {lead}'s lead"
    name = results.options[holds.leader].name
    what = "on the concerns" if measure == "mcda" else "overall"
    if holds.lo == 0 and holds.hi == 1:
        return f"{name} stays top {what} at any weight on {title}"
    span = f"{percent(holds.lo, 0)} to {percent(holds.hi, 0)}"
    now = percent(got.range.share, 0)
    return f"{name} stays top {what} while {title} has {span} of the weight (now {now})"


def fig_weight_stability(results: Results, concern_id: str, measure: Measure = "mcda") -> go.Figure:
    """Each option's score (or overall value, £m) against one concern's share of the weight.

    One straight line per option in its colour, with its own dash and end markers; the
    other concerns keep their proportions (MCDA manual §6.2.12). The current share is a
    labelled vertical line, crossings are open circles, and the range over which the
    leader stays top is shaded. With ``measure="overall"`` and no price per point the
    lines are flat (overall value is NPSV) and the title says so.
    """
    if results.concerns.empty:
        return _empty("No concerns are scored")
    got, colours = _lines(results, concern_id, measure), option_colours(results)
    ends, cross, holds, r = got.ends, got.cross, got.holds, got.range
    unit = "" if measure == "mcda" else "£m"
    fig = go.Figure()
    for i, o in enumerate(results.options):
        fig.add_scatter(
            x=[0, 100], y=ends[:, i], mode="lines+markers", name=_wrap(o.name, 26),
            legendgroup=escape_text(o.id), line={"color": colours[o.id], "dash": DASHES[i % 6]},
            marker={"symbol": SYMBOLS[i % len(SYMBOLS)], "size": 10, "color": colours[o.id]},
            hovertemplate=f"{_wrap(o.name, 60)}: %{{y:.1f}}{unit} at %{{x:.0f}}%<extra></extra>",
        )  # fmt: skip
    names = [o.name for o in results.options]
    fig.add_scatter(
        x=100 * cross["share"], y=cross["value"], mode="markers", name="Lines cross",
        marker={"symbol": "circle-open", "size": 13, "color": _INK, "line": {"width": 2}},
        text=[_wrap(f"{names[a]} = {names[b]}", 60) for a, b in cross[["a", "b"]].to_numpy()],
        hovertemplate=f"%{{text}} at %{{x:.1f}}%: %{{y:.1f}}{unit}<extra></extra>",
    )  # fmt: skip
    if holds is not None:
        fig.add_vrect(x0=100 * holds.lo, x1=100 * holds.hi, fillcolor=_GREY, opacity=0.12,
                      line_width=0, layer="below")  # fmt: skip
    now = {"text": f"Now {percent(r.share, 0)}", "font": {"color": _INK}}
    fig.add_vline(x=100 * r.share, line={"color": _INK, "dash": "dot"}, annotation=now)
    fig.update_xaxes(title=_wrap(f"Share of the weight on {got.title} (%)", 80), range=[-2, 102])
    fig.update_yaxes(
        title="Weighted score (0-100)"
        if measure == "mcda"
        else _money_axis(results, "Overall value, ")
    )
    measure_text = (
        "Weighted score on the concerns"
        if measure == "mcda"
        else "Overall value: NPSV + price per point × score"
    )
    measure_text += "; the other concerns keep their proportions; shaded: the leader holds"
    caption = _caption(results, measure_text, money_=measure == "overall")
    return _finish(fig, _stability_title(results, got, measure), caption, height=380, legend=True)


def weight_stability_table(
    results: Results, concern_id: str, measure: Measure = "mcda"
) -> pd.DataFrame:
    """The plotted numbers: each line's ends, the crossings, the current share and the range."""
    got = _lines(results, concern_id, measure)
    ends, cross, r, holds = got.ends, got.cross, got.range, got.holds
    names = [o.name for o in results.options]
    col = "Weighted score (0-100)" if measure == "mcda" else "Overall value (£m)"
    rows: list[tuple[str, float, float]] = [
        (n, 100.0 * w, ends[j, i]) for i, n in enumerate(names) for j, w in enumerate((0, 1))
    ]
    rows += [
        (f"{names[a]} = {names[b]}", 100 * w, v) for w, v, a, b in cross.itertuples(index=False)
    ]
    rows.append(("Current weight", 100 * r.share, np.nan))
    if holds is not None:
        lead = names[holds.leader]
        rows += [
            (f"{lead} top from", 100 * holds.lo, np.nan),
            (f"{lead} top to", 100 * holds.hi, np.nan),
        ]
    return pd.DataFrame(rows, columns=["Point", "Share of the weight (%)", col])


def _rank_label(r: int, k: int) -> str:
    return f"Rank {r}" + (" (best)" if r == 1 else " (worst)" if r == k and k > 1 else "")


def fig_rank_acceptability(results: Results, smaa: Smaa) -> go.Figure:
    """Share of joint draws in which each option takes each rank, stacked (SMAA-2).

    One bar per option, segments rank 1 (best, darkest) to rank k in :data:`RANK_FILLS`,
    white lines between; segments of 8% or more carry their % (white on dark fills, dark
    on light ones).
    """
    acc = smaa.acceptability
    if acc.shape[0] != len(results.options):
        raise ValueError(f"smaa has {acc.shape[0]} options but results {len(results.options)}")
    k, y = acc.shape[1], _names(results.options, 26)
    fig = go.Figure()
    for r in range(k):
        fill, pct = RANK_FILLS[r % len(RANK_FILLS)], 100 * acc[:, r]
        ink = "white" if contrast(fill, "#FFFFFF") >= 4.5 else _INK
        fig.add_bar(
            x=pct, y=y, orientation="h", name=_rank_label(r + 1, k),
            marker={"color": fill, "line": {"color": "white", "width": 1}},
            text=[f"{p:.0f}%" if p >= _LABEL_FROM else "" for p in pct], textposition="inside",
            insidetextanchor="middle", insidetextfont={"color": ink},
            hovertemplate=f"%{{y}}: {_rank_label(r + 1, k)} in %{{x:.1f}}% of draws<extra></extra>",
        )  # fmt: skip
    fig.update_layout(barmode="stack", hovermode="closest")
    fig.update_xaxes(title="Share of joint draws (%)", range=[0, 100])
    fig.update_yaxes(autorange="reversed")
    top = int(np.argmax(smaa.prob_best))
    share = percent(smaa.prob_best[top], 0)
    title = f"{results.options[top].name} ranks first in {share} of the joint draws"
    measure = (f"Rank acceptability (SMAA-2) over {smaa.draws:,} joint draws of costs, weights, "
               "scores and the price per point")  # fmt: skip
    caption = _caption(results, measure, money_=False)
    return _finish(fig, title, caption, height=_rows_height(results.options, 26), legend=True)


def rank_acceptability_table(results: Results, smaa: Smaa) -> pd.DataFrame:
    """One row per option: % of draws at each rank, and the confidence factor (%)."""
    acc, k = smaa.acceptability, smaa.acceptability.shape[1]
    table = pd.DataFrame(100 * acc, columns=[f"{_rank_label(r + 1, k)} (%)" for r in range(k)])
    table.insert(0, "Option", [o.name for o in results.options])
    return table.assign(**{"Confidence factor (%)": 100 * smaa.confidence})
