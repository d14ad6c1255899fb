"""The board pack as a PDF: A4 landscape, page numbers, an embedded TrueType font.

Laid out with fpdf2. The font is DejaVu Sans (or Liberation Sans), embedded, so £,
—, ≤ and any user text print; text is written as text, never markup, so an option
named ``<script>`` prints as those characters. Charts are the dashboard's figures as
high-resolution pictures (:func:`report.pack.charts.chart_images`, one browser for
the whole pack, drawing while the text is laid out), under their active titles set as
text. Every page ends with the
provenance footer and "Page n of N"; the PDF's outline lists the sections.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

from report.pack.charts import IMAGE_WIDTH, chart_images, stop_browser
from report.pack.content import BoardPack
from report.pack.table import Table

#: Where Debian's packages put the fonts (fonts-dejavu-core, fonts-liberation).
FONT_FILES = (
    (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    ),
    (
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    ),
)
FONT = "PackSans"
INK, GREY, HEAD, TINT = (11, 12, 12), (80, 90, 95), (18, 67, 109), (232, 240, 247)
MARGIN, FOOTER = 14.0, 19.0  # mm
BODY, SMALL, TABLE = 11.0, 8.0, 9.5  # pt
KEEP = 45.0  # mm: a table's heading starts a new page when less than this is left


class FontMissing(RuntimeError):
    """No TrueType font to embed (install fonts-dejavu-core or fonts-liberation)."""


def font_files() -> tuple[str, str]:
    """The regular and bold TrueType files of the first font family installed."""
    for regular, bold in FONT_FILES:
        if Path(regular).exists() and Path(bold).exists():
            return regular, bold
    raise FontMissing(
        "the PDF pack needs a TrueType font to embed: apt-get install fonts-dejavu-core"
    )


class _Document(FPDF):
    """A4 landscape with the provenance footer and page numbers on every page."""

    def __init__(self, footer: str) -> None:
        super().__init__(orientation="landscape", unit="mm", format="A4")
        self.footer_text = footer
        regular, bold = font_files()
        self.add_font(FONT, "", regular)
        self.add_font(FONT, "B", bold)
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=FOOTER + 4)
        self.alias_nb_pages()
        self.footer_lines: list[str] = []  # broken into lines once, on the first page

    def footer(self) -> None:
        self.set_y(-FOOTER)
        self.set_draw_color(*GREY)
        self.line(MARGIN, self.get_y(), self.w - MARGIN, self.get_y())
        self.set_font(FONT, "", SMALL)
        self.set_text_color(*GREY)
        if not self.footer_lines:
            width = self.w - 2 * MARGIN - 28
            lines = self.multi_cell(width, 3.4, self.footer_text, dry_run=True, output="LINES")
            assert isinstance(lines, list)  # output="LINES": the lines as strings
            self.footer_lines = lines
        for n, line in enumerate(self.footer_lines):
            self.set_xy(MARGIN, -FOOTER + 1.5 + 3.4 * n)
            self.cell(text=line, h=3.4)
        self.set_xy(self.w - MARGIN - 26, -FOOTER + 1.5)
        self.cell(26, 3.4, f"Page {self.page_no()} of {{nb}}", align="R")
        self.set_text_color(*INK)


def _heading(pdf: _Document, text: str, size: float = 18, *, new_page: bool = True) -> None:
    """A section heading (in the PDF's outline), on a new page unless told not to."""
    if new_page:
        pdf.add_page()
    pdf.start_section(text[:120])
    pdf.set_font(FONT, "B", size)
    pdf.set_text_color(*HEAD)
    pdf.multi_cell(0, size * 0.48, text, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*INK)
    pdf.ln(2)


def _text(
    pdf: _Document,
    text: str,
    size: float = BODY,
    *,
    bold: bool = False,
    colour: tuple[int, int, int] = INK,
    gap: float = 2.0,
) -> None:
    pdf.set_font(FONT, "B" if bold else "", size)
    pdf.set_text_color(*colour)
    pdf.multi_cell(0, size * 0.5, text, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*INK)
    pdf.ln(gap)


def _table(pdf: _Document, t: Table, *, heading: bool = True, size: float = TABLE) -> None:
    """A table with its headings repeated on each page, figures right-aligned and the
    marked (preferred) column in bold on a light tint; its note beneath."""
    if heading:
        if pdf.get_y() > pdf.h - FOOTER - KEEP:  # keep a heading with its table
            pdf.add_page()
        _text(pdf, t.title, 13, bold=True, colour=HEAD, gap=1)
    if not t.rows:
        _text(pdf, t.note or "None.", size)
        return
    pdf.set_font(FONT, "", size)
    head = FontFace(emphasis="BOLD", color=(255, 255, 255), fill_color=HEAD)
    widths = t.widths(pdf.epw)
    with pdf.table(
        col_widths=widths,
        headings_style=head,
        line_height=size * 0.48,
        repeat_headings=1,
        text_align="LEFT",
        padding=1.2,
        borders_layout="HORIZONTAL_LINES",
    ) as grid:
        row = grid.row()
        for name in t.headings:
            row.cell(name)
        for r, cells in enumerate(t.texts()):
            row = grid.row()
            for c, text in enumerate(cells):
                figure = t.kind(r, c) != "text" and c > 0
                style = FontFace(emphasis="BOLD", fill_color=TINT) if c in t.marked else None
                row.cell(text, align="RIGHT" if figure else "LEFT", style=style)
    pdf.ln(1.5)
    if t.note:
        _text(pdf, t.note, SMALL + 1, colour=GREY)


def _cover(pdf: _Document, pack: BoardPack) -> None:
    pdf.add_page()
    pdf.start_section("Cover")
    pdf.ln(18)
    _text(pdf, "Board pack: the preferred option and why", 13, colour=GREY)
    _text(pdf, pack.title, 26, bold=True, colour=HEAD, gap=6)
    _text(pdf, pack.question, 16, gap=8)
    pdf.set_fill_color(*TINT)
    pdf.set_font(FONT, "B", 18)
    pdf.multi_cell(
        0,
        10,
        pack.verdict,
        fill=True,
        padding=(3, 5),
        align="L",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(4)
    _text(pdf, pack.summary[0].text, 13, gap=6)
    if pack.description:
        _text(pdf, pack.description, 10, colour=GREY)


def _summary(pdf: _Document, pack: BoardPack) -> None:
    _heading(pdf, "The preferred option and why")
    for p in pack.summary:  # on one page: 10.5 pt, still readable at 100%
        _text(pdf, p.heading, 12, bold=True, colour=HEAD, gap=0.3)
        _text(pdf, p.text, 10.5, gap=2.2)
    _table(pdf, pack.terms, size=9)


@dataclass(frozen=True, slots=True)
class _Place:
    """Where a chart's picture goes: its page, its left edge and top (mm) and its width."""

    key: str
    title: str
    page: int
    x: float
    y: float
    w: float


def _chart_pages(pdf: _Document, pack: BoardPack) -> list[_Place]:
    """A page per chart with its title and caption; the room left below for its picture."""
    places = []
    for c in pack.charts:
        _heading(pdf, c.title, 15)
        _text(pdf, c.caption, 9.5, colour=GREY, gap=2)
        room_h = pdf.h - FOOTER - 6 - pdf.get_y()
        fig = c.figure
        ratio = (fig.layout.height - (fig.layout.margin.t or 0) + 16) / IMAGE_WIDTH
        width = min(pdf.epw, room_h / ratio)
        places.append(_Place(c.key, c.title, pdf.page, (pdf.w - width) / 2, pdf.get_y(), width))
    return places


def _pictures(pdf: _Document, places: list[_Place], images: dict[str, bytes]) -> None:
    """Each chart's picture on the page kept for it (fpdf2 draws on an earlier page when
    its ``page`` is set back), then the last page current again."""
    last = pdf.page
    for p in places:
        pdf.page = p.page
        pdf.image(images[p.key], x=p.x, y=p.y, w=p.w, alt_text=p.title)
    pdf.page = last


def _sensitivity(pdf: _Document, pack: BoardPack) -> None:
    _heading(pdf, "Sensitivity: what would change the choice")
    _text(
        pdf,
        "A switching value is the value an input would have to take for another "
        "option to be preferred (Green Book 5.60). Nearest first:",
        BODY,
    )
    for n, line in enumerate(pack.switching, 1):
        found = n < len(pack.switching) or "stays preferred" in line
        _text(pdf, f"{n}. {line}" if found else line, 10.5, gap=1.5)


def _sources(pdf: _Document, pack: BoardPack) -> None:
    _heading(pdf, "Assumptions and sources")
    _table(pdf, pack.assumptions, size=8.5)
    if pack.decisions.rows:
        _table(pdf, pack.decisions, size=8.5)
    _text(pdf, "Sources", 13, bold=True, colour=HEAD, gap=1)
    for s in pack.sources:
        _text(pdf, s, 9.5, gap=1)
    if pack.notes:
        _text(pdf, "Notes on the appraisal", 13, bold=True, colour=HEAD, gap=1)
        for n in pack.notes:
            _text(pdf, n, 9.5, gap=1)


def render(pack: BoardPack) -> bytes:
    """The pack as PDF bytes.

    The chart pictures are drawn by a browser (:func:`report.pack.charts.chart_images`)
    while the pages are laid out, and put on their pages last; the browser closes while
    they are placed and the file is written. Its start and drawing, not the text, then
    set how long a pack takes.
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        pictures = pool.submit(chart_images, pack.charts, stop=False)
        try:
            pdf = _Document(pack.provenance.line())
            pdf.set_title(pack.title)
            pdf.set_author(pack.provenance.software)
            pdf.set_subject(pack.question)
            pdf.set_lang("en-GB")
            _cover(pdf, pack)
            _summary(pdf, pack)
            _heading(pdf, "The options side by side")
            _table(pdf, pack.options, heading=False, size=10.5)
            places = _chart_pages(pdf, pack)
            _heading(pdf, "Risks and their expected values")
            _table(pdf, pack.risks, heading=False)
            _heading(pdf, "Concerns raised, scores and mitigations")
            _table(pdf, pack.concern_scores, heading=False)
            _table(pdf, pack.mitigations)
            _sensitivity(pdf, pack)
            _sources(pdf, pack)
            _heading(pdf, "Method")
            for p in pack.method:
                _text(pdf, p, 10.5, gap=2)
            images = pictures.result()
        finally:
            pool.submit(stop_browser)  # after the pictures, whatever happened; waited for below
        _pictures(pdf, places, images)
        return bytes(pdf.output())
