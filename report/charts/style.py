"""The charts' shared style: the afcharts palette, option colours, wrapping, titles and captions.

Every figure is finished by :func:`_finish` on the afcharts template, with an active title and
a caption naming the measure, the price base and the scenario.
"""

from __future__ import annotations

import copy
import functools
import html
import re
import textwrap
from collections.abc import Iterable, Sequence
from typing import Any

import afcharts.pio_template  # noqa: F401  (registers the "afcharts" plotly template)
import plotly.graph_objects as go
import plotly.io as pio
from afcharts.af_colours import get_af_colours

from appraisal.results import OptionResult, Results
from report.formatting import discounting_label, escape_text, money
from report.summary import comparison

PALETTE: tuple[str, ...] = tuple(get_af_colours("categorical"))
SEQUENTIAL: tuple[str, ...] = tuple(get_af_colours("sequential"))
#: Concern colours, in stacking order: mid tones (3.5-4.2:1 against white, dark labels)
#: alternate with dark ones (over 9:1, white labels), so that every fill meets WCAG 2.2's
#: 3:1 for graphics (SC 1.4.11) and each segment is 3:1 or more from the next, the eighth
#: from the first too; each concern also has a pattern of its own (SC 1.4.1, use of
#: colour), shown in the legend, and segments are parted by white lines.
CONCERN_COLOURS: tuple[str, ...] = (
    "#2B8CBE", "#4A2A00", "#D6457A", "#0B2C48", "#3A9B3F", "#6B0F42", "#A88400", "#163F2A",
)  # fmt: skip
CONCERN_PATTERNS: tuple[str, ...] = ("", "/", "\\", "x", "-", "|", "+", ".")
_INK = "#0B0C0C"  # dark text on light fills (GOV.UK's text colour)
_WHITE = "#FFFFFF"
#: The label colour on each concern fill: dark on the mid tones, white on the dark ones.
CONCERN_INK: tuple[str, ...] = tuple(_INK if i % 2 == 0 else _WHITE for i in range(8))
SYMBOLS = ("circle", "square", "diamond", "triangle-up", "x", "star")
COSTS = ("capex", "opex", "transition", "exit", "optimism_bias", "risk", "carbon")
BENEFITS = ("benefit", "residual")
#: NPSV parts: (label, OptionResult field, sign, colour, pattern), in stacking order out
#: from zero (benefits right of it, the rest left). Not option colours: mid tones and dark
#: ones alternate, so every fill is 3:1 or more against white and against its neighbour
#: (WCAG 2.2 SC 1.4.11), and the parts left of zero carry patterns of their own as well.
COMPONENTS = (
    ("PV benefits", "pv_benefits", 1, "#8C8C8C", ""),
    ("PV costs", "pv_costs", -1, "#092135", ""),
    ("Optimism bias", "optimism_bias", -1, "#5592CC", "/"),
    ("Risk (expected)", "risk", -1, "#691A00", "x"),
    ("Carbon", "carbon_cost", -1, "#3A9B3F", "."),
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


def describe(fig: go.Figure) -> str:
    """The chart's text alternative, in plain words: its active title (the finding, one
    sentence) then its caption (the measure, the price base, the scenario).

    Screen readers read it as the chart's accessible name (WCAG 2.2 SC 1.1.1, non-text
    content); the numbers themselves are in the HTML table beside every chart.

    >>> fig = _finish(go.Figure(), "<b>A</b> leads by £2m", "NPSV. Scenario")
    >>> describe(fig)
    '<b>A</b> leads by £2m. NPSV. Scenario'
    """

    def plain(text: str | None) -> str:
        return " ".join(html.unescape(re.sub(r"<br\s*/?>", " ", text or "")).split())

    title = plain(fig.layout.title.text)
    sub = plain(fig.layout.title.subtitle.text)
    return f"{title.rstrip('.')}. {sub}" if sub else title


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


def _legend_height(traces: Iterable[tuple[str | None, bool | None]], width: int = 680) -> int:
    """Rough px height of the horizontal legend, laid out as plotly does, from each
    trace's (name, showlegend).

    Plotly puts every entry on one row when they fit in the plot's width, else in
    columns as wide as the widest entry; ``width`` is a narrow plot, to err tall.
    """
    entries = [
        re.sub(r"&#\d+;", "x", name or "").split("<br>")
        for name, showlegend in traces
        if showlegend is not False
    ]
    widths = [45 + 8 * max(len(line) for line in lines) for lines in entries]
    per_row = len(widths) if sum(widths) <= width else max(1, width // max(widths, default=1))
    heights = [len(lines) for lines in entries]
    rows = [max(heights[i : i + per_row]) for i in range(0, len(heights), per_row)]
    return sum(19 * n + 8 for n in rows)


def _finish(
    fig: go.Figure,
    title: str,
    caption: str,
    *,
    height: int = 400,
    legend: bool = False,
    most: int | None = None,
) -> go.Figure:
    """Template, active title, caption, margins; ``height`` is for the plot and its axes.

    With ``legend`` the legend runs horizontally along the bottom and the figure grows
    to hold it; otherwise there is none (options are named on an axis or a label).
    ``most`` caps the whole figure's height (the plot shrinks to fit).
    """
    traces = [(t.name, t.showlegend) for t in fig.data]
    fig.update_layout(
        _finish_layout(traces, title, caption, height=height, legend=legend, most=most)
    )
    return fig


def _figure(
    data: list[dict[str, Any]],
    layout: dict[str, Any],
    title: str,
    caption: str,
    *,
    height: int = 400,
    legend: bool = False,
) -> go.Figure:
    """The figure of traces and a layout given as plain dicts, finished as :func:`_finish`
    finishes one: the same figure, built in one step. ``layout`` holds none of the keys
    :func:`_finish_layout` sets (they would replace, not merge), and is written in
    plotly's full form (an axis title as ``{"text": ...}``).

    Plotly checks every property as it is set, about 6 ms a figure here; these figures
    are redrawn on every move of a slider (the Overview's), so they are built without
    that check, with the template as its plain dict. Their tests check each against
    plotly's validation (tests/unit/report/test_charts.py).
    """
    traces = [(t.get("name"), t.get("showlegend")) for t in data]
    finish = _finish_layout(traces, title, caption, height=height, legend=legend)
    finish["template"] = copy.deepcopy(_template())
    return go.Figure({"data": data, "layout": layout | finish}, _validate=False)


@functools.cache
def _template() -> dict[str, Any]:
    """The afcharts template as plotly JSON (a plain dict: copy before use)."""
    template: dict[str, Any] = pio.templates["afcharts"].to_plotly_json()
    return template


def _finish_layout(
    traces: Sequence[tuple[str | None, bool | None]],
    title: str,
    caption: str,
    *,
    height: int = 400,
    legend: bool = False,
    most: int | None = None,
) -> dict[str, Any]:
    """The layout :func:`_finish` sets, for a figure whose traces have these (name,
    showlegend)."""
    head, sub = _wrap(title, 72), _wrap(caption, 120)
    top = 36 + 28 * _lines(head) + 18 * _lines(sub)
    bottom = 20 + (_legend_height(traces) if legend else 0)
    if most is not None:
        height = min(height, most - top - bottom)
    return {
        "template": "afcharts",
        "height": top + height + bottom,
        "title": {
            "text": head, "font": {"size": 22}, "xref": "container", "x": 0.01, "y": 0.99,
            "yanchor": "top", "subtitle": {"text": sub, "font": {"size": 14, "color": _GREY}},
        },
        "margin": {"l": 10, "r": 40, "t": top, "b": bottom},
        "showlegend": legend,
        "legend": {"orientation": "h", "xref": "container", "x": 0.01, "y": 0, "yref": "container",
                   "yanchor": "bottom", "font": {"size": 15}},
    }  # fmt: skip


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
