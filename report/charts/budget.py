"""The financial case as a chart: each option's cost to its capital and resource budgets.

>>> import pandas as pd
>>> from options.examples import load_example
>>> from appraisal.appraise import appraise
>>> r = appraise(load_example(), draws=10)
>>> summary = pd.DataFrame({"real: capital (CDEL)": [2e6, 0, 0, 0],
...     "real: resource (RDEL)": [5e6, 9e6, 1e6, 1e6]}, index=[o.id for o in r.options])
>>> fig = fig_budgets(r, summary)
>>> [t.name for t in fig.data], list(fig.data[0].x)
(['Capital (CDEL)', 'Resource (RDEL)'], [2.0, 0.0, 0.0, 0.0])
"""

from __future__ import annotations

import afcharts.pio_template  # noqa: F401  (registers the "afcharts" plotly template)
import pandas as pd
import plotly.graph_objects as go

from appraisal.financial import CAPITAL, RESOURCE
from appraisal.results import Results
from report.charts.style import _INK, _finish, _names, _rows_height
from report.formatting import money_m

#: Capital dark blue and solid, resource orange and hatched: told apart without colour.
FILLS = {CAPITAL: ("#12436D", ""), RESOURCE: ("#F46A25", "/")}


def fig_budgets(results: Results, summary: pd.DataFrame, kind: str = "real") -> go.Figure:
    """Stacked horizontal bars: each option's capital and resource cost over every year, £m.

    ``summary`` is :func:`appraisal.financial.financial_summary`'s table; ``kind`` is
    ``real`` (£ in the price base) or ``nominal`` (cash £ of each year).
    """
    fig = go.Figure()
    names = _names(results.options, 24)
    for budget, (fill, pattern) in FILLS.items():
        values = [_cell(summary, o.id, f"{kind}: {budget}") for o in results.options]
        label = budget[0].upper() + budget[1:]
        fig.add_bar(
            y=names, x=[v / 1e6 for v in values], orientation="h", name=label,
            marker={"color": fill, "line": {"color": _INK, "width": 1},
                    "pattern": {"shape": pattern, "fgcolor": "white", "bgcolor": fill,
                                "fillmode": "overlay", "solidity": 0.25}},
            customdata=[money_m(v) for v in values],
            hovertemplate="%{y}<br>" + label + ": %{customdata}<extra></extra>",
        )  # fmt: skip
    fig.update_layout(barmode="stack")
    fig.update_yaxes(autorange="reversed")
    prices = f"£m in {results.price_base} prices" if kind == "real" else "£m cash (nominal)"
    fig.update_xaxes(title=f"Cost to the budgets over the appraisal, {prices}")
    totals = {o.id: sum(_cell(summary, o.id, f"{kind}: {b}") for b in FILLS)
              for o in results.options}  # fmt: skip
    cheapest = min(totals, key=totals.__getitem__)
    title = (
        f"{results.option(cheapest).name} costs the budgets least: "
        f"{money_m(totals[cheapest])} {'in real terms' if kind == 'real' else 'in cash'}"
    )
    caption = (
        "Financial case: costs at expected values with optimism bias and risk as provisions, "
        "irrecoverable VAT and energy at the price paid; carbon left out. "
        f"{results.scenario}"
    )
    return _finish(fig, title, caption, height=_rows_height(results.options, 24), legend=True)


def budgets_table(results: Results, frame: pd.DataFrame, kind: str = "real") -> pd.DataFrame:
    """The financial case by year: one row per option and year, capital and resource £."""
    wide = frame.pivot_table(index=["option", "year"], columns="budget", values=kind,
                             aggfunc="sum", fill_value=0.0, observed=True)  # fmt: skip
    names = {o.id: o.name for o in results.options}
    out = pd.DataFrame(
        {
            "Option": [names[o] for o, _ in wide.index],
            "Year": [y for _, y in wide.index],
            "Capital, CDEL (£)": _column(wide, CAPITAL),
            "Resource, RDEL (£)": _column(wide, RESOURCE),
        }
    )
    out["Total (£)"] = out["Capital, CDEL (£)"] + out["Resource, RDEL (£)"]
    return out


def _cell(summary: pd.DataFrame, option: str, column: str) -> float:
    return float(summary.at[option, column])  # type: ignore[arg-type]


def _column(wide: pd.DataFrame, budget: str) -> list[float]:
    return wide[budget].tolist() if budget in wide.columns else [0.0] * len(wide)
