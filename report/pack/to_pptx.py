"""The board pack as PowerPoint: the same story in about ten 16:9 slides.

Charts are native, editable PowerPoint charts (python-pptx chart objects whose series
hold the real figures, £m), never pictures: the net-present-cost range is a stacked
bar (P50, then P50 to P80, then P80 to P90, since python-pptx has no error bars), the
plane an XY scatter, the concerns a stacked bar and the cost profile a line chart.
Every slide carries the provenance footer and its number; the speaker notes say
where each slide's figures come from.
"""

# python-pptx's annotations say Length where any int of EMUs works, and name chart
# attributes (plots, axes) only on some classes: its own checks are left to its tests.
# mypy: disable-error-code="arg-type, attr-defined, assignment, valid-type"
from __future__ import annotations

import io
from collections.abc import Sequence

from pptx import Presentation
from pptx.chart.data import CategoryChartData, XyChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import (
    XL_CHART_TYPE,
    XL_LABEL_POSITION,
    XL_LEGEND_POSITION,
    XL_MARKER_STYLE,
    XL_TICK_LABEL_POSITION,
)
from pptx.slide import Slide
from pptx.util import Emu, Inches, Pt

from report.charts import PALETTE, option_colours
from report.formatting import money_m
from report.pack.charts import PackChart
from report.pack.content import BoardPack, ranked
from report.pack.table import Table

W, H = Inches(13.333), Inches(7.5)
LEFT, TOP = Inches(0.5), Inches(1.25)
INK, GREY, HEAD = RGBColor(0x0B, 0x0C, 0x0C), RGBColor(0x50, 0x5A, 0x5F), RGBColor(0x12, 0x43, 0x6D)
TINT = RGBColor(0xD6, 0xE4, 0xF0)  # the preferred option's column (ink on it: 15:1)
MARKERS = (
    XL_MARKER_STYLE.CIRCLE,
    XL_MARKER_STYLE.SQUARE,
    XL_MARKER_STYLE.DIAMOND,
    XL_MARKER_STYLE.TRIANGLE,
    XL_MARKER_STYLE.X,
    XL_MARKER_STYLE.STAR,
)
#: The range's three segments: up to P50 unfilled (the bar floats), then dark pink and
#: dark grey (each ≥ 3:1 on white).
RANGE = (
    ("P50: where each bar starts", "12436D"),
    ("P50 to P80", "801650"),
    ("P80 to P90", "505A5F"),
)
#: Concern segments: the afcharts palette and two more, each at least 3:1 on white.
SEGMENTS = (*(c.lstrip("#") for c in PALETTE), "6B8E23", "8B4513")


def _slide(prs: Presentation, pack: BoardPack, title: str, notes: str) -> Slide:
    """A slide with its title, the provenance footer, its number and speaker notes."""
    slide = prs.slides.add_slide(prs.slide_layouts[5])  # "Title Only"
    head = slide.shapes.title
    head.left, head.top, head.width, head.height = LEFT, Inches(0.3), W - 2 * LEFT, Inches(0.9)
    head.text = title
    for p in head.text_frame.paragraphs:
        p.font.size, p.font.bold, p.font.color.rgb = Pt(26 if len(title) <= 60 else 20), True, HEAD
    head.text_frame.word_wrap = True
    number = len(prs.slides)
    _box(
        slide,
        pack.provenance.line(),
        LEFT,
        H - Inches(0.55),
        W - 2 * LEFT - Inches(0.8),
        Inches(0.45),
        size=9,
        colour=GREY,
    )
    _box(
        slide,
        str(number),
        W - LEFT - Inches(0.6),
        H - Inches(0.55),
        Inches(0.6),
        Inches(0.45),
        size=11,
        colour=GREY,
    )
    slide.notes_slide.notes_text_frame.text = f"{notes}\n\nProvenance: {pack.provenance.line()}"
    return slide


def _box(
    slide: Slide,
    text: str,
    left: Emu,
    top: Emu,
    width: Emu,
    height: Emu,
    *,
    size: float = 16,
    colour: RGBColor = INK,
    bold: bool = False,
) -> None:
    frame = slide.shapes.add_textbox(left, top, width, height).text_frame
    frame.word_wrap = True
    for i, line in enumerate(text.split("\n")):
        p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        p.text = line
        p.font.size, p.font.color.rgb, p.font.bold = Pt(size), colour, bold


def _points(slide: Slide, points: Sequence[tuple[str, str]], size: float) -> None:
    """Headed paragraphs: each heading bold, its text beneath."""
    frame = slide.shapes.add_textbox(LEFT, TOP, W - 2 * LEFT, H - TOP - Inches(0.7)).text_frame
    frame.word_wrap = True
    first = True
    for heading, text in points:
        for part, bold in ((heading, True), (text, False)):
            if not part:
                continue
            p = frame.paragraphs[0] if first else frame.add_paragraph()
            first = False
            p.text = part
            p.font.size, p.font.bold = Pt(size), bold
            p.font.color.rgb = HEAD if bold else INK
            p.space_after = Pt(2 if bold else 8)


def _table(slide: Slide, t: Table, size: float = 12, rows: int | None = None) -> None:
    """A native table: headings on dark blue, figures right-aligned, the marked column bold."""
    texts = t.texts()[:rows]
    shape = slide.shapes.add_table(
        len(texts) + 1, len(t.columns), LEFT, TOP, W - 2 * LEFT, Inches(0.4) * (len(texts) + 1)
    )
    grid = shape.table
    for c, width in enumerate(t.widths(W - 2 * LEFT)):
        grid.columns[c].width = Emu(int(width))
    for r, cells in enumerate([t.headings, *texts]):
        for c, text in enumerate(cells):
            cell = grid.cell(r, c)
            cell.text = text
            p = cell.text_frame.paragraphs[0]
            p.font.size = Pt(size - 1 if r == 0 else size)  # long headings wrap less
            p.font.bold = r == 0 or c in t.marked
            if r == 0:  # white on dark blue (10:1), not the theme's mid blue (4.0:1)
                cell.fill.solid()
                cell.fill.fore_color.rgb = HEAD
                p.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
            elif c in t.marked:
                cell.fill.solid()
                cell.fill.fore_color.rgb = TINT
            if r and c and t.kind(r - 1, c) != "text":
                p.alignment = 3  # PP_ALIGN.RIGHT


def _category_chart(
    slide: Slide,
    kind: XL_CHART_TYPE,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    fmt: str,
) -> object:
    data = CategoryChartData(number_format=fmt)
    data.categories = list(categories)
    for name, values in series:
        data.add_series(name, [float(v) for v in values])
    frame = slide.shapes.add_chart(kind, LEFT, TOP, W - 2 * LEFT, H - TOP - Inches(0.8), data)
    chart = frame.chart
    chart.has_legend = True
    chart.legend.position, chart.legend.include_in_layout = XL_LEGEND_POSITION.BOTTOM, False
    chart.font.size = Pt(13)
    return chart


def _npc_chart(slide: Slide, pack: BoardPack) -> None:
    """Net present cost, £m: P50, then the step to P80 and to P90, stacked."""
    order = ranked(pack.results)
    p = [[o.monte_carlo.npc(k) / 1e6 for o in order] for k in (50, 80, 90)]
    steps = [
        p[0],
        [b - a for a, b in zip(p[0], p[1], strict=True)],
        [b - a for a, b in zip(p[1], p[2], strict=True)],
    ]
    names = [f"{o.name} (NPSV {money_m(o.npsv)})" for o in order]
    chart = _category_chart(
        slide,
        XL_CHART_TYPE.BAR_STACKED,
        names,
        [(n, v) for (n, _), v in zip(RANGE, steps, strict=True)],
        '"£"0.0"m"',
    )
    plot = chart.plots[0]
    for s, (_, colour) in list(zip(plot.series, RANGE, strict=True))[1:]:
        s.format.fill.solid()
        s.format.fill.fore_color.rgb = RGBColor.from_string(colour)
    plot.gap_width = 60
    # The axis starts near the lowest P50, so a bar from zero would mislead: the P50 part
    # is left unfilled (a floating bar from P50 to P90) and its value written at its end.
    base = plot.series[0]
    base.format.fill.background()
    base.format.line.fill.background()
    base.data_labels.show_value, base.data_labels.number_format_is_linked = True, False
    base.data_labels.number_format = '"P50 £"0.0"m"'
    base.data_labels.position = XL_LABEL_POSITION.INSIDE_END
    base.data_labels.font.color.rgb, base.data_labels.font.bold = INK, True
    low = min(p[0])
    chart.value_axis.minimum_scale = max(0.0, 5 * (low // 5) - 10)
    chart.category_axis.reverse_order = True
    chart.value_axis.has_title = True
    chart.value_axis.axis_title.text_frame.text = (
        f"Net present cost, £m, {pack.results.price_base} prices: each bar runs from P50 "
        "(the middle case) to P90 (nine in ten outcomes cost less)"
    )


def _plane_chart(slide: Slide, pack: BoardPack) -> None:
    """NPSV (£m) against the concerns score, one series (and marker shape) per option."""
    results = pack.results
    data = XyChartData()
    for o in ranked(results):
        data.add_series(o.name).add_data_point(float(o.mcda_score or 0.0), o.npsv / 1e6)
    chart = slide.shapes.add_chart(
        XL_CHART_TYPE.XY_SCATTER, LEFT, TOP, W - 2 * LEFT, H - TOP - Inches(0.8), data
    ).chart
    chart.has_legend, chart.font.size = True, Pt(13)
    chart.legend.position, chart.legend.include_in_layout = XL_LEGEND_POSITION.RIGHT, False
    colours = option_colours(results)
    for i, (s, o) in enumerate(zip(chart.plots[0].series, ranked(results), strict=True)):
        s.marker.style, s.marker.size = MARKERS[i % len(MARKERS)], 14
        s.marker.format.fill.solid()
        s.marker.format.fill.fore_color.rgb = RGBColor.from_string(colours[o.id].lstrip("#"))
        s.format.line.fill.background()
    _axis_titles(
        chart, "Score on the concerns, MCDA (0-100)", f"NPSV, £m, {results.price_base} prices"
    )
    chart.category_axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW  # below the plot
    ticks = chart.value_axis.tick_labels
    ticks.number_format, ticks.number_format_is_linked = '"£"0"m";"−£"0"m"', False


def _axis_titles(chart: object, x: str, y: str) -> None:
    for axis, text in ((chart.category_axis, x), (chart.value_axis, y)):
        axis.has_title = True
        axis.axis_title.text_frame.text = text


def _concerns_chart(slide: Slide, pack: BoardPack) -> None:
    """Each concern's weighted points for each option, stacked: the total is the MCDA score."""
    order, c = ranked(pack.results), pack.results.concerns
    series = []
    for cid in dict.fromkeys(c["concern"]):
        rows = c[c["concern"] == cid].set_index("option")
        series.append((str(rows["title"].iloc[0]), [rows.at[o.id, "contribution"] for o in order]))
    chart = _category_chart(
        slide, XL_CHART_TYPE.BAR_STACKED, [o.name for o in order], series, "0.0"
    )
    chart.category_axis.reverse_order = True
    chart.value_axis.minimum_scale, chart.value_axis.maximum_scale = 0, 100
    chart.value_axis.has_title = True
    chart.value_axis.axis_title.text_frame.text = (
        "Weighted score on the concerns, MCDA (0-100): each segment is one concern"
    )
    chart.legend.font.size = Pt(11)
    for i, s in enumerate(chart.plots[0].series):
        s.format.fill.solid()
        s.format.fill.fore_color.rgb = RGBColor.from_string(SEGMENTS[i % len(SEGMENTS)])
        s.format.line.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)


def _profile_chart(slide: Slide, pack: BoardPack) -> None:
    """Each option's costs a year, £m, undiscounted: a line per option."""
    chart_table = next(c.table for c in pack.charts if c.key == "profile")
    years = sorted(set(chart_table["Year"]))
    series = [
        (o.name, chart_table.loc[chart_table["Option"] == o.name, "Costs (£m)"].tolist())
        for o in pack.results.options
    ]
    chart = _category_chart(
        slide, XL_CHART_TYPE.LINE_MARKERS, [str(y) for y in years], series, '"£"0.0"m"'
    )
    colours = option_colours(pack.results)
    for i, (s, o) in enumerate(zip(chart.plots[0].series, pack.results.options, strict=True)):
        s.format.line.color.rgb = RGBColor.from_string(colours[o.id].lstrip("#"))
        s.format.line.width = Pt(2.5)
        s.smooth = False
        s.marker.style, s.marker.size = MARKERS[i % len(MARKERS)], 9
    _axis_titles(chart, "Year", f"Costs a year, £m, {pack.results.price_base} prices")


CHARTS = {
    "npc": _npc_chart,
    "plane": _plane_chart,
    "concerns": _concerns_chart,
    "profile": _profile_chart,
}


def _chart_notes(c: PackChart) -> str:
    rows = c.table.round(3).to_string(index=False, max_colwidth=40)
    return f"{c.caption}\n\nSource of the figures: {c.source}\n\nPlotted figures:\n{rows}"


def render(pack: BoardPack) -> bytes:
    """The pack as PPTX bytes."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = W, H
    run = "Figures from appraise() of the scenario, as python -m appraisal --format json."
    s = _slide(prs, pack, pack.title, f"Board pack cover. {run}")
    _box(s, pack.question, LEFT, Inches(1.5), W - 2 * LEFT, Inches(1.2), size=22)
    _box(s, pack.verdict, LEFT, Inches(2.8), W - 2 * LEFT, Inches(1.2), size=26, bold=True,
         colour=HEAD)  # fmt: skip
    _box(s, pack.summary[0].text, LEFT, Inches(4.3), W - 2 * LEFT, Inches(2), size=16)
    half = (len(pack.summary) + 1) // 2
    for part, title in (
        (pack.summary[:half], f"{pack.verdict} — and why"),
        (pack.summary[half:], "Concerns, what would change it, affordability"),
    ):
        s = _slide(prs, pack, title, f"Every sentence is built from the results. {run}")
        _points(s, [(p.heading, p.text) for p in part], 15)
    s = _slide(prs, pack, "The options side by side (NPSV order)", f"{pack.options.note} {run}")
    _table(s, pack.options, 13)
    for c in pack.charts:
        CHARTS[c.key](_slide(prs, pack, c.title, _chart_notes(c)), pack)
    s = _slide(prs, pack, "The largest risks and their expected values", pack.risks.note)
    _table(s, pack.risks, 11, rows=8)
    s = _slide(prs, pack, "Concerns raised and how each option scores", pack.concern_scores.note)
    _table(s, pack.concern_scores, 10.5)
    s = _slide(
        prs,
        pack,
        "What would change the choice: switching values",
        "Switching values from appraisal.sensitivity (one input moved at a time).",
    )
    _points(s, [("", line) for line in pack.switching[:4]], 14)
    s = _slide(
        prs,
        pack,
        "Method, assumptions and sources",
        "The full assumptions register, decision log and method are in the PDF and the workbook.",
    )
    method = "HM Treasury Green Book appraisal: " + pack.method[0]
    _points(s, [("Method", method), ("Sources", "\n".join(pack.sources[:6]))], 13)
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()
