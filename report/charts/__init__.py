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

from report.charts.money import (
    equal_value_line,
    fig_npc_range,
    fig_npsv_components,
    fig_plane,
    npc_range_table,
    npc_range_title,
    npsv_components_table,
    plane_table,
    plane_title,
)
from report.charts.registers import concerns_table, fig_concerns, fig_risk_ev, risk_ev_table
from report.charts.spread import (
    fig_prob_best,
    fig_profile,
    fig_s_curves,
    prob_best_table,
    profile_table,
    s_curves_table,
)
from report.charts.style import (
    BENEFITS,
    COMPONENTS,
    CONCERN_COLOURS,
    CONCERN_INK,
    CONCERN_PATTERNS,
    COSTS,
    PALETTE,
    SEQUENTIAL,
    SYMBOLS,
    describe,
    option_colours,
)

__all__ = [
    "BENEFITS",
    "COMPONENTS",
    "CONCERN_COLOURS",
    "CONCERN_INK",
    "CONCERN_PATTERNS",
    "COSTS",
    "PALETTE",
    "SEQUENTIAL",
    "SYMBOLS",
    "concerns_table",
    "describe",
    "equal_value_line",
    "fig_concerns",
    "fig_npc_range",
    "fig_npsv_components",
    "fig_plane",
    "fig_prob_best",
    "fig_profile",
    "fig_risk_ev",
    "fig_s_curves",
    "npc_range_table",
    "npc_range_title",
    "npsv_components_table",
    "option_colours",
    "plane_table",
    "plane_title",
    "prob_best_table",
    "profile_table",
    "risk_ev_table",
    "s_curves_table",
]
