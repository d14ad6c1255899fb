"""The board pack as an Excel workbook: the tables as sheets, and flows a reviewer can check.

Written with XlsxWriter (which python-pptx already needs) rather than openpyxl,
because it stores a formula together with its computed value: the discount factors
and each option's present values and NPSV are live formulas (SUMPRODUCT of a row of
flows and a row of factors; Excel's NPV() discounts from year 1 and cannot follow the
piecewise schedule), and a viewer that does not recalculate still shows the numbers.
Figures are numbers with number formats, never text; every text cell goes through
:func:`options.csv_safe.safe_cell` and is written as a string, so ``=cmd`` stays text.
Each sheet starts with the pack's title and provenance, and prints them in its footer.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import numpy as np
import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from appraisal.discounting import discount_factors, schedule_in
from options.csv_safe import safe_cell
from options.parameters_model import Schedule
from report.pack.content import BoardPack
from report.pack.table import EXCEL_FORMATS, Column, Table, table
from report.summary import COMPONENTS

HEAD_ROWS = 3  # title, provenance, a blank row


class _Book:
    """A workbook with the pack's formats; text always written as (neutralised) text."""

    def __init__(self, buf: io.BytesIO, pack: BoardPack) -> None:
        self.wb: Workbook = xlsxwriter.Workbook(buf, {"in_memory": True})
        self.pack = pack
        self.fmt = {k: self.wb.add_format({"num_format": v}) for k, v in EXCEL_FORMATS.items()}
        self.fmt["text"] = self.wb.add_format({"text_wrap": True, "valign": "top"})
        self.fmt["factor"] = self.wb.add_format({"num_format": "0.000000"})
        self.bold = self.wb.add_format(
            {
                "bold": True,
                "text_wrap": True,
                "valign": "top",
                "font_color": "#FFFFFF",
                "bg_color": "#12436D",
            }
        )
        self.title = self.wb.add_format({"bold": True, "font_size": 14, "font_color": "#12436D"})
        self.grey = self.wb.add_format({"font_color": "#505A5F", "italic": True})

    def sheet(self, name: str, heading: str) -> Worksheet:
        """A sheet with the title and provenance on top and in its printed footer."""
        ws = self.wb.add_worksheet(name)
        self.text(ws, 0, 0, heading, self.title)
        self.text(ws, 1, 0, self.pack.provenance.line(), self.grey)
        short = " · ".join(self.pack.provenance.parts()[:3]).replace("&", "&&")
        ws.set_footer(f"&L{short[:200]}&RPage &P of &N")
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.fit_to_pages(1, 0)
        return ws

    def text(self, ws: Worksheet, r: int, c: int, value: object, fmt: object = None) -> None:
        ws.write_string(r, c, str(safe_cell(str(value))), fmt or self.fmt["text"])

    def value(self, ws: Worksheet, r: int, c: int, value: object, kind: str) -> None:
        """A figure as a number with the kind's format; text as text; None as a blank."""
        if value is None:
            ws.write_blank(r, c, None, self.fmt[kind])
        elif isinstance(value, str) or kind == "text":
            self.text(ws, r, c, value)
        else:
            ws.write_number(r, c, float(value), self.fmt[kind])  # type: ignore[arg-type]

    def table(self, ws: Worksheet, t: Table, row: int = HEAD_ROWS) -> int:
        """``t`` from ``row`` (headings, rows, note); returns the next free row."""
        for c, col in enumerate(t.columns):
            self.text(ws, row, c, col.name, self.bold)
            ws.set_column(c, c, min(70, 12 * col.width + 4))
        for r, values in enumerate(t.rows):
            for c, v in enumerate(values):
                self.value(ws, row + 1 + r, c, v, t.kind(r, c))
        end = row + 1 + len(t.rows)
        ws.freeze_panes(row + 1, 1)
        if t.note:
            self.text(ws, end + 1, 0, t.note, self.grey)
        return end + 3


def _summary(book: _Book) -> None:
    pack = book.pack
    ws = book.sheet("Summary", pack.title)
    ws.set_column(0, 0, 34)
    ws.set_column(1, 1, 120)
    book.text(ws, 3, 0, "Question", book.bold)
    book.text(ws, 3, 1, pack.question)
    book.text(ws, 4, 0, "Preferred option", book.bold)
    book.text(ws, 4, 1, pack.verdict.removeprefix("Preferred option: "))
    for i, p in enumerate(pack.summary):
        book.text(ws, 6 + i, 0, p.heading, book.bold)
        book.text(ws, 6 + i, 1, p.text)
    book.table(ws, pack.terms, 8 + len(pack.summary))


def _df_formula(schedule: Schedule | float, t_cell: str) -> str:
    """A discount factor as a live formula of the year index in ``t_cell`` (Green Book
    Table 8: each band's rate compounds over the years spent in it)."""
    if not isinstance(schedule, Schedule):
        return f"=1/(1+{float(schedule)!r})^{t_cell}"
    rates, starts = schedule.rates, (0, *schedule.ends)
    parts = []
    for i, rate in enumerate(rates):
        end = f"MIN({t_cell},{schedule.ends[i]})" if i < len(schedule.ends) else t_cell
        years = f"MAX(0,{end}-{starts[i]})"
        parts.append(f"{1 + rate!r}^{years}")
    return "=1/(" + "*".join(parts) + ")"


def _flows(book: _Book) -> None:
    """Year-by-year expected-value flows per option, discount factors and present values
    as live formulas, each option's NPSV = PV of gains − PV of costs."""
    r, pack = book.pack.results, book.pack
    ws = book.sheet("Flows", "Expected-value flows, discount factors and present values")
    years = list(r.years)
    first, last = 2, 1 + len(years)
    ws.set_column(0, 0, 16)
    ws.set_column(1, 1, 26)
    ws.set_column(first, last + 1, 13)
    row = HEAD_ROWS
    book.text(ws, row, 1, "Year", book.bold)
    book.text(ws, row + 1, 1, "Year index t", book.bold)
    book.text(ws, row + 2, 1, f"Discount factor ({r.discounting})", book.bold)
    schedule, _ = schedule_in(book.pack.scenario.parameters, r.discounting)
    factors = discount_factors(np.array(years) - r.base_year, schedule)
    for j, y in enumerate(years):
        ws.write_number(row, first + j, y, book.fmt["whole"])
        ws.write_formula(
            row + 1,
            first + j,
            f"={xl_rowcol_to_cell(row, first + j)}-{r.base_year}",
            book.fmt["whole"],
            y - r.base_year,
        )
        formula = _df_formula(schedule, xl_rowcol_to_cell(row + 1, first + j))
        ws.write_formula(row + 2, first + j, formula, book.fmt["factor"], float(factors[j]))
    book.text(ws, row, last + 1, "Present value (£)", book.bold)
    ends = (xl_rowcol_to_cell(row + 2, c, True, True) for c in (first, last))
    df_row = ":".join(ends)
    row += 4
    wide = r.flows.pivot_table(
        index=["option", "component"],
        columns="year",
        values="amount",
        aggfunc="sum",
        fill_value=0.0,
        observed=False,
    )
    pv = r.flows.groupby(["option", "component"], observed=False)["discounted"].sum()
    for o in r.options:
        book.text(ws, row, 0, o.name, book.bold)
        pv_cells: dict[str, str] = {}
        for comp, (label, _) in COMPONENTS.items():
            amounts = (
                wide.reindex(columns=years, fill_value=0.0)
                .loc[[(o.id, comp)]]
                .to_numpy(dtype=float)[0]
            )
            book.text(ws, row, 1, f"{label} (£)")
            for j, a in enumerate(amounts):
                ws.write_number(row, first + j, float(a), book.fmt["money"])
            span = f"{xl_rowcol_to_cell(row, first)}:{xl_rowcol_to_cell(row, last)}"
            value = float(pv.get((o.id, comp), 0.0))
            if abs(value - float(amounts @ factors)) <= 0.01:
                ws.write_formula(
                    row, last + 1, f"=SUMPRODUCT({span},{df_row})", book.fmt["money"], value
                )
            else:  # some of its lines are health effects, on the health schedule
                ws.write_number(row, last + 1, value, book.fmt["money"])
                book.text(ws, row, last + 2, "includes lines on the health discount schedule")
            pv_cells[comp] = xl_rowcol_to_cell(row, last + 1)
            row += 1
        gains = "+".join(pv_cells[c] for c, (_, sign) in COMPONENTS.items() if sign < 0)
        costs = "-".join(pv_cells[c] for c, (_, sign) in COMPONENTS.items() if sign > 0)
        book.text(ws, row, 1, "NPSV (£)", book.bold)
        ws.write_formula(row, last + 1, f"={gains}-{costs}", book.fmt["money"], o.npsv)
        row += 2
    book.text(
        ws,
        row,
        0,
        "NPSV = PV of benefits and residual values − PV of capital, running, "
        "transition and exit costs, optimism bias, risk and carbon (£ in real "
        f"{r.price_base} prices). Factors: {pack.provenance.vintage}.",
        book.grey,
    )


def _results(book: _Book) -> None:
    """Every figure of ``--format json`` per option, one row each (quantiles left out)."""
    frame = book.pack.results.frame()
    frame = frame.drop(columns=[c for c in frame.columns if c.endswith("quantiles")])
    cols = [Column(str(c), "text" if frame[c].dtype == object else "score") for c in frame.columns]
    ws = book.sheet("Results", "Every figure, as in python -m appraisal --format json")
    kinds = [("text" if frame[c].dtype == object else "number") for c in frame.columns]
    for c, col in enumerate(cols):
        book.text(ws, HEAD_ROWS, c, col.name, book.bold)
        ws.set_column(c, c, 16)
    for i, values in enumerate(frame.itertuples(index=False)):
        for c, v in enumerate(values):
            if kinds[c] == "number" and v is not None and not isinstance(v, str) and v == v:
                ws.write_number(HEAD_ROWS + 1 + i, c, float(v))
            elif v is not None and v == v:
                book.text(ws, HEAD_ROWS + 1 + i, c, v)


def _inputs(book: _Book) -> None:
    s = book.pack.scenario
    cols = [
        Column("Option"),
        Column("Line", width=2.5),
        Column("Category"),
        Column("Year", "whole", 0.6),
        Column("Amount (£)", "money"),
        Column("Basis", width=0.7),
        Column("Source", width=3),
    ]
    rows = [
        [c.option, c.line, c.category.value, c.year, c.amount, c.basis.value, c.source]
        for c in s.costs
    ]
    t = table(
        "Cost lines as entered",
        cols,
        rows,
        "Most-likely amounts before expected "
        "values, optimism bias and risk; the Flows sheet has what the appraisal used.",
    )
    book.table(book.sheet("Inputs", t.title), t)


def _tables(book: _Book, tables: Sequence[tuple[str, Table]]) -> None:
    for name, t in tables:
        book.table(book.sheet(name, t.title), t)


def render(pack: BoardPack) -> bytes:
    """The pack as XLSX bytes."""
    buf = io.BytesIO()
    book = _Book(buf, pack)
    _summary(book)
    _tables(book, [("Options", pack.options)])
    _results(book)
    _flows(book)
    _tables(
        book,
        [
            ("Risks", pack.risks),
            ("Concerns", pack.concern_scores),
            ("Mitigations", pack.mitigations),
            ("Switching values", pack.switching_table),
            ("Assumptions", pack.assumptions),
            ("Decisions", pack.decisions),
        ],
    )
    _inputs(book)
    notes = table(
        "Sources, notes and method",
        [Column("Text", width=10)],
        [[s] for s in (*pack.sources, *pack.notes, *pack.method)],
    )
    _tables(book, [("Sources and method", notes)])
    book.wb.close()
    return buf.getvalue()
