"""The board pack as one self-contained HTML file, for the screen and for printing.

The charts are the dashboard's plotly figures, interactive, with plotly.js embedded
once (no network fetch when the file is opened), at a fixed A4-landscape width so
that printing never clips them. Every user text is escaped (``html.escape``) and the
chart texts are escaped by the figure builders. A print stylesheet sets A4 landscape,
starts each section on a new page and prints the provenance footer and "Page n of N"
in the page margins of every printed page (CSS page-margin boxes).
"""

from __future__ import annotations

from html import escape

import plotly.graph_objects as go

from report.pack.charts import picture_figure
from report.pack.content import BoardPack
from report.pack.table import Table

CHART_WIDTH = "262mm"  # A4 landscape less the print margins

STYLE = """
:root { --ink: #0b0c0c; --grey: #505a5f; --head: #12436d; --tint: #e8f0f7; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: var(--ink);
       margin: 0 auto; max-width: 1000px; padding: 1rem 1.5rem 5rem; line-height: 1.45; }
h1, h2, h3 { color: var(--head); line-height: 1.2; }
h1 { font-size: 2rem; } h2 { font-size: 1.5rem; margin-top: 2.5rem; } h3 { font-size: 1.15rem; }
.question { font-size: 1.25rem; }
.preferred { background: var(--tint); font-size: 1.4rem; font-weight: bold; padding: .6rem 1rem;
             border-left: 6px solid var(--head); }
.caption, .note, footer { color: var(--grey); font-size: .9rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; font-size: .92rem; }
th { background: var(--head); color: #fff; text-align: left; padding: .35rem .45rem;
     vertical-align: bottom; }
td { border-bottom: 1px solid #b1b4b6; padding: .3rem .45rem; vertical-align: top; }
td.figure { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.marked { background: var(--tint); font-weight: bold; }
th.marked { background: #0b2c48; color: #fff; text-decoration: underline; }
footer { border-top: 1px solid var(--grey); margin-top: 2rem; padding-top: .4rem; }
@page { size: A4 landscape; margin: 12mm 12mm 20mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  section { break-before: page; }
  section.cover { break-before: auto; }
  h2 { margin-top: 0; }
  .chart { break-inside: avoid-page; }
  tr { break-inside: avoid; }
  thead { display: table-header-group; }
  footer { display: none; }
}
"""
#: The printed page's margin boxes: the provenance (a CSS string) and the page number.
PAGE_BOXES = """
@page { @bottom-left { content: %s; font: 7pt "DejaVu Sans", Arial, sans-serif;
        color: #505a5f; vertical-align: top; padding-top: 3mm; }
        @bottom-right { content: "Page " counter(page) " of " counter(pages);
        font: 8pt "DejaVu Sans", Arial, sans-serif; color: #505a5f; white-space: nowrap; } }
"""
MAX_CHART_HEIGHT = 500  # px: a chart, its heading and caption fit one printed page


def css_string(text: str) -> str:
    r"""``text`` as a CSS string literal that cannot end the string or the style element.

    >>> print(css_string('a "b" </style>'))
    "a \22 b\22  \3C /style\3E "
    """
    safe = "".join(f"\\{ord(ch):X} " if ch in '\\"<>' or ord(ch) < 32 else ch for ch in text)
    return f'"{safe}"'


def _table(t: Table, heading: bool = True) -> str:
    """A table with escaped cells, figures right-aligned, the marked column emphasised."""
    out = [f"<h3>{escape(t.title)}</h3>"] if heading else []
    if not t.rows:
        return "".join(out) + f'<p class="note">{escape(t.note or "None.")}</p>'
    cls = [' class="marked"' if c in t.marked else "" for c in range(len(t.columns))]
    head = "".join(f'<th scope="col"{cls[c]}>{escape(h)}</th>' for c, h in enumerate(t.headings))
    body = []
    for r, cells in enumerate(t.texts()):
        tds = []
        for c, text in enumerate(cells):
            kinds = ["figure"] if c and t.kind(r, c) != "text" else []
            kinds += ["marked"] if c in t.marked else []
            attr = f' class="{" ".join(kinds)}"' if kinds else ""
            tds.append(f"<td{attr}>{escape(text)}</td>")
        body.append(f"<tr>{''.join(tds)}</tr>")
    note = f'<p class="note">{escape(t.note)}</p>' if t.note else ""
    return (
        "".join(out)
        + f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>{note}"
    )


def _chart(fig: go.Figure, first: bool) -> str:
    """A figure at a fixed print width, no taller than a printed page allows, without its
    title (the section's heading says it); plotly.js inline with the first one only."""
    fig = picture_figure(fig)
    fig.update_layout(height=min(fig.layout.height or 450, MAX_CHART_HEIGHT))
    return fig.to_html(
        full_html=False,
        include_plotlyjs=first,  # True: the whole library inline; False: already there
        default_width=CHART_WIDTH,
        default_height=f"{fig.layout.height or 450}px",
        config={"responsive": False, "displaylogo": False},
    )


def _section(title: str, body: str, cls: str = "") -> str:
    return f'<section class="{cls}"><h2>{escape(title)}</h2>{body}</section>'


def render(pack: BoardPack) -> bytes:
    """The pack as a UTF-8 HTML document."""
    p = [f"<p>{escape(x)}</p>" for x in (pack.description,) if x]
    cover = (
        f'<p class="caption">Board pack: the preferred option and why</p>'
        f'<h1>{escape(pack.title)}</h1><p class="question">{escape(pack.question)}</p>'
        f'<p class="preferred">{escape(pack.verdict)}</p>{"".join(p)}'
    )
    summary = "".join(f"<h3>{escape(x.heading)}</h3><p>{escape(x.text)}</p>" for x in pack.summary)
    parts = [
        f'<section class="cover">{cover}</section>',
        _section("The preferred option and why", summary + _table(pack.terms)),
        _section("The options side by side", _table(pack.options, heading=False)),
    ]
    for i, c in enumerate(pack.charts):
        label = f'role="figure" aria-label="{escape(c.title)}"'
        body = f'<div class="chart" {label}>{_chart(c.figure, i == 0)}</div>'
        parts.append(_section(c.title, f'<p class="caption">{escape(c.caption)}</p>{body}'))
    parts += [
        _section("Risks and their expected values", _table(pack.risks, heading=False)),
        _section(
            "Concerns raised, scores and mitigations",
            _table(pack.concern_scores, heading=False) + _table(pack.mitigations),
        ),
        _section(
            "Sensitivity: what would change the choice",
            "<ol>" + "".join(f"<li>{escape(x)}</li>" for x in pack.switching) + "</ol>",
        ),
        _section(
            "Assumptions and sources",
            _table(pack.assumptions)
            + _table(pack.decisions)
            + "<h3>Sources</h3><ul>"
            + "".join(f"<li>{escape(s)}</li>" for s in pack.sources)
            + "</ul><h3>Notes on the appraisal</h3><ul>"
            + "".join(f"<li>{escape(n)}</li>" for n in pack.notes)
            + "</ul>",
        ),
        _section("Method", "".join(f"<p>{escape(m)}</p>" for m in pack.method)),
    ]
    footer = f"<footer>{escape(pack.provenance.line())}</footer>"
    doc = (
        f'<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(pack.title)} — board pack</title>"
        f"<style>{STYLE}{PAGE_BOXES % css_string(pack.provenance.line())}</style></head>"
        f"<body><main>{''.join(parts)}</main>{footer}</body></html>"
    )
    return doc.encode("utf-8")
