"""The board view's tables: the options side by side and each chart's numbers, as HTML.

The board view (``dashboard/pages/board.py``) shows the board pack
(:func:`report.pack.build_pack`) on screen, so the figures on the screen are the
figures in the pack. Here are the parts that are HTML rather than Streamlit: each
chart's plotted numbers laid out to sit beside it (WCAG: a data table for every
chart), shown exactly as the pack shows a figure (:func:`report.pack.table.cell_text`),
and a table renderer that escapes every cell and says in words which option is
preferred. Nothing here imports Streamlit.
"""

from __future__ import annotations

from html import escape

import pandas as pd

from report.pack.charts import PackChart
from report.pack.content import BoardPack
from report.pack.story import Point, question
from report.pack.table import Column, Table, table

M = 1e6  # the charts' tables hold £m; the pack's money formats take £


def split_summary(pack: BoardPack) -> tuple[Point | None, Point, tuple[Point, ...]]:
    """The pack's summary as the board view lays it out: the scenario's question answered
    (None when there is no in-house option to compare with), the preferred option and
    why, then the other points (:func:`report.pack.story.story`'s order)."""
    points = list(pack.summary)
    answer = points.pop(0) if question(pack.results) is not None else None
    preferred = points.pop(0)
    return answer, preferred, tuple(points)


def chart_table(chart: PackChart) -> tuple[Table, ...]:
    """The numbers of one of the pack's charts as tables to read beside it.

    The net present cost range and the plane: one row per option, as the chart
    orders them. The concerns: one row per concern and a column per option (eight
    concerns fit; eight columns would not). The cost profile: one row per year and
    a column per option, then the years with benefits or residual values, if any.
    """
    t = chart.table
    if chart.key == "npc":
        return (_npc(t),)
    if chart.key == "plane":
        return (_plane(t),)
    if chart.key == "concerns":
        return (_concerns(t),)
    if chart.key == "profile":
        return _profile(t)
    raise ValueError(f"no board table for chart {chart.key!r}")


def _npc(t: pd.DataFrame) -> Table:
    cols = [Column("Option", width=2)] + [
        Column(name, "money_m")
        for name in ("Expected (−NPSV)", "Middle case, P50", "Cautious, P80", "Pessimistic, P90")
    ]
    plotted = ("Expected NPC (£m)", "P50 (£m)", "P80 (£m)", "P90 (£m)")
    rows = [[r["Option"], *(r[c] * M for c in plotted)] for _, r in t.iterrows()]
    return table(
        "Net present cost of each option (£m)",
        cols,
        rows,
        "Lower is better. P50, P80, P90: the cost that 50, 80 and 90 in 100 simulated "
        "outcomes stay under.",
    )


def _plane(t: pd.DataFrame) -> Table:
    priced = not t["Overall value (£m)"].equals(t["NPSV (£m)"])
    cols = [
        Column("Option", width=2),
        Column("NPSV", "money_m"),
        Column("Concerns score, MCDA (0-100)", "score"),
    ]
    cols += [Column("Overall value", "money_m")] if priced else []
    cols += [Column("Dominated by (costs no less, scores no higher)", width=2)]
    rows = []
    for _, r in t.iterrows():
        row = [r["Option"], r["NPSV (£m)"] * M, r["Concerns score (0-100)"]]
        row += [r["Overall value (£m)"] * M] if priced else []
        rows.append([*row, r["Dominated by"] or None])
    return table("Money against the concerns", cols, rows, "Higher is better on both.")


def _concerns(t: pd.DataFrame) -> Table:
    options = list(t["Option"])
    concerns = [c for c in t.columns if c not in ("Option", "Weighted score (0-100)")]
    cols = [Column("Concern (its weight)", width=2)] + [Column(o, "score") for o in options]
    rows = [[c, *t[c]] for c in concerns]
    rows.append(["Weighted score (0-100)", *t["Weighted score (0-100)"]])
    return table(
        "Points on each concern (weight × 0-100 score)",
        cols,
        rows,
        "Points add up to the weighted score; higher is better.",
    )


def _profile(t: pd.DataFrame) -> tuple[Table, ...]:
    options = list(dict.fromkeys(t["Option"]))
    costs = t.pivot_table(index="Year", columns="Option", values="Costs (£m)", sort=False)
    cols = [Column("Year", "whole")] + [Column(o, "money_m") for o in options]
    rows = [[year, *(costs.loc[year, options].to_numpy() * M)] for year in costs.index]
    out = [
        table(
            "Costs a year, undiscounted (£m)",
            cols,
            rows,
            "Expected values with optimism bias, expected risk and carbon.",
        )
    ]
    gains = t[t["Benefits (£m)"].abs() > 0]
    if not gains.empty:
        out.append(
            table(
                "Benefits and residual values, undiscounted (£m)",
                [Column("Year", "whole"), Column("Option", width=2), Column("Amount", "money_m")],
                [[r["Year"], r["Option"], r["Benefits (£m)"] * M] for _, r in gains.iterrows()],
            )
        )
    return tuple(out)


def table_html(t: Table, *, cls: str = "board-table", caption: bool = True) -> str:
    """``t`` as an HTML table: every cell and heading escaped, figures right-aligned,
    the marked (preferred) column emphasised, its title as the caption.

    >>> t = table("T", [Column("Option"), Column("NPSV", "money_m")], [["<b>A</b>", -1.5e6]])
    >>> html = table_html(t)
    >>> html[html.index("<tbody>") : html.index("</tbody>")]
    '<tbody><tr><th scope="row">&lt;b&gt;A&lt;/b&gt;</th><td class="num">−£1.5m</td></tr>'
    """
    marked = set(t.marked)

    def attrs(c: int, numeric: bool) -> str:
        classes = (["num"] if numeric else []) + (["marked"] if c in marked else [])
        return f' class="{" ".join(classes)}"' if classes else ""

    numeric_col = [c > 0 and (t.row_kinds is not None or col.kind != "text")
                   for c, col in enumerate(t.columns)]  # fmt: skip
    head = "".join(
        f'<th scope="col"{attrs(c, numeric_col[c])}>{escape(h)}</th>'
        for c, h in enumerate(t.headings)
    )
    body = []
    for r, cells in enumerate(t.texts()):
        first = f'<th scope="row">{escape(cells[0])}</th>'
        rest = "".join(
            f"<td{attrs(c, t.kind(r, c) != 'text')}>{escape(text)}</td>"
            for c, text in enumerate(cells)
            if c > 0
        )
        body.append(f"<tr>{first}{rest}</tr>")
    title = f"<caption>{escape(t.title)}</caption>" if caption else ""
    cols = "".join(f'<col style="width: {w:.1f}%">' for w in t.widths(100.0))
    return (
        f'<table class="{escape(cls)}">{title}<colgroup>{cols}</colgroup>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )
