"""The tornado: which inputs move the difference between two options most.

Each bar runs from the base-case difference to the difference with one input at the
low (or high) end of its plausible range (:func:`appraisal.sensitivity.tornado`).
The two ends are told apart by fill and pattern as well as colour (the low end
solid dark blue, the high end hatched orange), and labelled with the input's value.

>>> import pandas as pd
>>> from options.examples import load_example
>>> from appraisal.appraise import appraise
>>> frame = pd.DataFrame({"input": ["cost:flex:opex"], "label": ["Flex's opex estimate"],
...     "short": ["Flex: opex estimate"],
...     "kind": ["multiplier"], "low": [0.95], "high": [1.15], "at_low": [-1e6], "at_high": [3e6],
...     "base": [1e6], "swing": [4e6]})
>>> fig = fig_tornado(appraise(load_example(), draws=10), frame, "flex", "in-house")
>>> [t.name for t in fig.data], fig.data[1].x   # from the base case, £m
(['Low end of its range', 'High end of its range'], (2.0,))
"""

from __future__ import annotations

import afcharts.pio_template  # noqa: F401  (registers the "afcharts" plotly template)
import pandas as pd
import plotly.graph_objects as go

from appraisal.results import Results
from report.charts.style import _GREY, _INK, _caption, _empty, _finish, _m, _wrap
from report.formatting import escape_text, money_m
from report.sensitivity import with_end_texts

#: Fills of the two ends: afcharts dark blue and orange, each ≥ 3:1 against white, and
#: the high end hatched so the ends differ without colour.
LOW_FILL, HIGH_FILL = "#12436D", "#F46A25"
TOP = 12  # bars drawn; the table lists every input


def tornado_title(frame: pd.DataFrame, a: str, b: str) -> str:
    """The finding: which input moves the difference most, and whether it can flip it."""
    if frame.empty or float(frame["swing"].iloc[0]) == 0.0:
        return f"No input moves the difference between {a} and {b}"
    top = frame.iloc[0]
    lo, hi, base = float(top["at_low"]), float(top["at_high"]), float(top["base"])
    flips = (lo < 0 < base or base < 0 < lo) or (hi < 0 < base or base < 0 < hi)
    verb = "can reverse" if flips else "moves most, not enough to reverse,"
    return f"{top['label']} {verb} the difference between {a} and {b}"


def tornado_table(results: Results, frame: pd.DataFrame, a: str, b: str) -> pd.DataFrame:
    """The tornado's numbers under readable headers (£m, ``a`` less ``b``), every input."""
    head = f"{results.option(a).name} less {results.option(b).name}"
    frame = with_end_texts(frame)
    return pd.DataFrame(
        {
            "Input": frame["label"],
            "Low end": frame["low_text"],
            "High end": frame["high_text"],
            f"{head} at the low end (£m)": frame["at_low"] / 1e6,
            f"{head} at the high end (£m)": frame["at_high"] / 1e6,
            "Swing (£m)": frame["swing"] / 1e6,
            "Range from": frame["range_source"],
        }
    )


def fig_tornado(results: Results, frame: pd.DataFrame, a: str, b: str) -> go.Figure:
    """Horizontal bars of the difference ``a`` less ``b`` (£m) at each input's range ends.

    The largest swings first (at the top), at most :data:`TOP` inputs with a swing
    above zero; a vertical line marks the base case and another zero (where the order
    of the two options flips). Hover gives exact pounds.
    """
    shown = with_end_texts(frame[frame["swing"] > 0].head(TOP).iloc[::-1])
    name_a, name_b = results.option(a).name, results.option(b).name
    if shown.empty:
        return _empty(f"No input moves the difference between {name_a} and {name_b}")
    base = float(frame["base"].iloc[0])
    labels = [_wrap(str(x), 36, 3) for x in shown["short"]]
    fig = go.Figure()
    for end, fill, pattern, name in (
        ("low", LOW_FILL, "", "Low end of its range"),
        ("high", HIGH_FILL, "/", "High end of its range"),
    ):
        values = shown[f"at_{end}"].astype(float)
        fig.add_bar(
            y=labels, x=[_m(v - base) for v in values], base=_m(base), orientation="h",
            name=name, cliponaxis=False, textposition="outside",
            marker={"color": fill, "line": {"color": _INK, "width": 1},
                    "pattern": {"shape": pattern, "fgcolor": "white", "bgcolor": fill,
                                "fillmode": "overlay", "solidity": 0.25}},
            text=[escape_text(t) for t in shown[f"{end}_text"]],
            customdata=[money_m(v) for v in values],
            hovertemplate="%{y}<br>" + name + ": %{text}<br>difference %{customdata}"
            "<extra></extra>",
        )  # fmt: skip
    ends = [_m(float(v)) for v in (*shown["at_low"], *shown["at_high"], base, 0.0)]
    pad = 0.18 * (max(ends) - min(ends) or 1.0)  # room for the value labels
    fig.add_vline(x=_m(base), line={"color": _INK, "width": 2})
    fig.add_annotation(x=_m(base), y=1.0, yref="paper", yanchor="bottom", showarrow=False,
                       text=f"Base case {money_m(base)}", font={"color": _INK})  # fmt: skip
    if base != 0:
        fig.add_vline(x=0, line={"color": _GREY, "width": 1, "dash": "dash"})
    fig.update_layout(barmode="overlay", bargap=0.35)
    fig.update_xaxes(
        title=_wrap(f"£m: NPSV of {name_a} less {name_b}", 60),
        range=[min(ends) - pad, max(ends) + pad],
    )
    title = tornado_title(frame, name_a, name_b)  # plain text: _finish escapes it
    caption = _caption(
        results, "Difference in net present social value (NPSV); below zero the order flips"
    )
    return _finish(fig, title, caption, height=110 + 46 * len(shown), legend=True)
