"""The board view: the board pack on screen in a meeting, its downloads, and presentation mode.

The view shows :func:`report.pack.build_pack`'s content for the scenario on screen (the
what-if chosen in the sidebar applied), so the numbers on the screen are the numbers in
the pack; the pack is built once per scenario content (:func:`dashboard.state.digest`).

``?view=board`` in the URL is presentation mode: the board view alone, with no sidebar,
no page menu, no Streamlit header and no editing widget (:func:`navigation`). The
board view never draws the sidebar's controls; their values are kept while it is on
screen (:func:`dashboard.state.keep_controls`), so leaving it loses no setting.

The board pack's files (PDF, PowerPoint, Excel, HTML) are made only when asked for
("Prepare the board pack") and cached by the scenario's content, so a second download
is instant.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from html import escape

import plotly.graph_objects as go
import streamlit as st
from streamlit.navigation.page import StreamlitPage

from dashboard import access, library, state
from options.model import Scenario
from options.store_tables import slugify
from report.board import chart_table, split_summary, table_html
from report.formatting import escape_text
from report.pack import FORMATS, BoardPack, build_pack, render
from report.pack.charts import ChartImageError, PackChart, picture_figure
from report.pack.provenance import Provenance, SavedVersion, provenance, version_text
from report.pack.to_html import PAGE_BOXES, css_string

VIEW, PRESENT = "view", "board"  # ?view=board: presentation mode
PAGE = "dashboard/pages/board.py"
TITLE = "Board view"
URL_PATH = "board"

#: Each format: the button's label, the file's ending, its MIME type.
FILES = {
    "pdf": ("PDF", "pdf", "application/pdf"),
    "pptx": (
        "PowerPoint",
        "pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    "xlsx": ("Excel", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "html": ("HTML", "html", "text/html"),
}
#: Each chart's section heading: what it shows in plain words, the acronym after.
CHART_HEADINGS = {
    "npc": "What each option costs, and how sure that is: net present cost (NPC), "
    "expected and at P50, P80 and P90",
    "plane": "Money against the concerns: net present social value (NPSV) and the concerns "
    "score (multi-criteria analysis, MCDA)",
    "concerns": "The staff and union concerns: how well each option addresses each one",
    "profile": "Costs over time: each option's costs year by year",
}
SIDEBAR_NOTE = (
    "The board view is read-only: the assumptions are not shown here, and stay as you set "
    "them. Any other page shows them."
)
#: Chart width : table width, side by side on a wide screen (a table with a column per
#: option gets as much room as its chart).
CHART_SPLIT = {"npc": [3, 2], "plane": [3, 2], "concerns": [1, 1], "profile": [1, 1]}
_RENDER = threading.Lock()  # one pack at a time: the PDF starts a browser for its charts


def presenting() -> bool:
    """Whether the URL asks for presentation mode (``?view=board``), or the session is
    read-only (a viewer's, with sign-in on: :mod:`dashboard.access`), which has no other."""
    return st.query_params.get(VIEW) == PRESENT or not access.can_edit()


def navigation(pages: list[StreamlitPage]) -> StreamlitPage:
    """``st.navigation(pages)``; in presentation mode with the page menu hidden (so no
    sidebar is drawn at all) and the board view shown whatever page the URL names (it
    moves there, the URL's parameters kept: ``/?view=board`` becomes
    ``/board?view=board``)."""
    if not presenting():
        return st.navigation(pages)
    page = st.navigation(pages, position="hidden")
    if not is_board(page):
        st.switch_page(PAGE, query_params=st.query_params.to_dict())
    return page


def page() -> StreamlitPage:
    """The board view's entry in the page menu."""
    return st.Page(PAGE, title=TITLE, url_path=URL_PATH)


def is_board(page: StreamlitPage) -> bool:
    return page.url_path == URL_PATH


def saved_version() -> SavedVersion | None:
    """The scenario library's saved version of the scenario on screen, or None (the
    footer then says "unsaved scenario"): none was opened or saved, it has been edited
    since, or the library cannot be read now."""
    base = state.base()
    if base is None or state.unsaved():
        return None
    try:
        return next((v for v in library.history(base.slug) if v.number == base.number), None)
    except library.LibraryError:
        return None


def provenance_for_view(saved: SavedVersion | None) -> Provenance:
    """The footer of the scenario on screen: scenario, ``saved`` version and who saved it
    (None: "unsaved scenario"), date, price base and discounting, draws and seed,
    parameter vintage and software version (:func:`report.pack.provenance.provenance`)."""
    s = _shown()
    return provenance(s, state.results(s), saved, dt.date.today())


def _shown() -> Scenario:
    """The scenario on screen, as the pack appraises it (a what-if applied)."""
    return state.shown()


@st.cache_resource(max_entries=8, show_spinner="Building the board view…")
def _pack(key: tuple[str, ...], _scenario: Scenario, _saved: SavedVersion | None) -> BoardPack:
    _, case, _, day = key
    return build_pack(
        _scenario,
        state.results(_scenario),
        saved=_saved,
        today=dt.date.fromisoformat(day),
        case=case or None,
        model=state.sensitivity_model(_scenario),  # shared with the other pages
    )


def pack_key(s: Scenario, saved: SavedVersion | None) -> tuple[str, ...]:
    """What a pack depends on: the content, the what-if shown, the version, the day."""
    case = state.case()
    day = dt.date.today().isoformat()
    return (state.digest(s), case.name if case else "", version_text(saved), day)


def board_pack(saved: SavedVersion | None = None) -> tuple[BoardPack, tuple[str, ...]]:
    """The board pack of the scenario on screen (cached by content) and its cache key."""
    s = _shown()
    key = pack_key(s, saved)
    return _pack(key, s, saved), key


@st.cache_data(max_entries=32, show_spinner=False)
def _file(key: tuple[str, ...], fmt: str, _pack: BoardPack) -> bytes:
    with _RENDER:
        return render(_pack, fmt)


def file_name(pack: BoardPack, fmt: str) -> str:
    """``<scenario>-board-pack-<version>-<date>.<ending>``, safe in any file system.

    >>> from types import SimpleNamespace as NS
    >>> p = NS(title="ONS & Flex (2007)", provenance=NS(version="unsaved scenario",
    ...        date="made 2026-12-04"))
    >>> file_name(p, "pdf")
    'ons-flex-2007-board-pack-unsaved-2026-12-04.pdf'
    """
    version = pack.provenance.version.split(",")[0]  # "version 3" or "unsaved scenario"
    version = "unsaved" if version == "unsaved scenario" else slugify(version)
    day = pack.provenance.date.removeprefix("made ")
    return f"{slugify(pack.title)}-board-pack-{version}-{day}.{FILES[fmt][1]}"


def downloads(pack: BoardPack, key: tuple[str, ...]) -> None:
    """ "Prepare the board pack", then a download button per format (made once per
    scenario content: a second download, or a rerun, costs nothing)."""
    st.button(
        "Prepare the board pack",
        key="board:prepare",
        on_click=state.ask_for_pack,
        args=(key,),
        help="PDF, PowerPoint, Excel and HTML of what is on screen. The PDF takes a few "
        "seconds: a browser draws its charts.",
    )
    if not state.pack_asked(key):
        return
    files: dict[str, bytes] = {}
    start = time.perf_counter()
    for fmt in FORMATS:
        with st.spinner(f"Preparing the {FILES[fmt][0]} file…"):
            try:
                files[fmt] = _file(key, fmt, pack)
            except ChartImageError as exc:  # no Chromium: the other formats still work
                st.error(f"The {FILES[fmt][0]} file could not be made: {escape_text(exc)}.")
    took = time.perf_counter() - start
    for col, fmt in zip(st.columns(len(FORMATS)), FORMATS, strict=True):
        if fmt not in files:
            continue
        label, _, mime = FILES[fmt]
        col.download_button(
            f"Download {label} ({_size(len(files[fmt]))})",
            data=files[fmt],
            file_name=file_name(pack, fmt),
            mime=mime,
            key=f"board:download:{fmt}",
            on_click="ignore",
            width="stretch",
        )
    if took > 0.5:
        st.markdown(f"The board pack was prepared in {took:.1f} seconds.")


def present_button() -> None:
    """Into presentation mode, in this session (every setting kept)."""
    st.button(
        "Present: full screen, no sidebar",
        key="board:present",
        icon=":material/present_to_all:",
        on_click=_set_view,
        args=(PRESENT,),
        help="The board view alone, for a projector; the URL (with ?view=board) opens it "
        "directly. Leave it with the button at the end of the page.",
    )


def leave_button() -> None:
    """Back to the board view with its sidebar (the URL's other parameters kept); none
    for a read-only session, which has no sidebar to go back to."""
    if not access.can_edit():
        return
    st.button(
        "Leave presentation mode",
        key="board:leave",
        icon=":material/close:",
        on_click=_set_view,
        args=(None,),
    )


def _set_view(view: str | None) -> None:
    if view is None:
        st.query_params.pop(VIEW, None)
    else:
        st.query_params[VIEW] = view


def _size(n: int) -> str:
    """A file size as a reader says it.

    >>> _size(2_400_000), _size(35_000)
    ('2.4 MB', '35 KB')
    """
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{n / 1e3:.0f} KB"


# ---------------------------------------------------------------------- the page's HTML


def head_html(pack: BoardPack) -> str:
    """The scenario's name, its question answered, and the preferred option: the first
    screen of the view, in the largest type."""
    answer, preferred, _ = split_summary(pack)
    out = [f'<h1 class="board-title">{escape(pack.title)}</h1>']
    out.append('<section class="board-question" aria-label="The question">')
    out.append(f'<p class="board-ask">{escape(pack.question)}</p>')
    if answer is not None:
        out.append(f'<p class="board-answer">{escape(answer.text)}</p>')
    out.append("</section>")
    out.append(
        f'<section class="board-preferred" aria-label="The preferred option">'
        f"<h2>{escape(preferred.heading)}</h2><p>{escape(preferred.text)}</p></section>"
    )
    return "".join(out)


def points_html(pack: BoardPack) -> str:
    """The rest of the summary, "why": one heading and paragraph per point."""
    _, _, rest = split_summary(pack)
    body = "".join(
        f'<div class="board-point"><h3>{escape(p.heading)}</h3><p>{escape(p.text)}</p></div>'
        for p in rest
    )
    return f'<section class="board-points" aria-label="Why">{body}</section>'


def chart_heading_html(chart: PackChart) -> str:
    """A chart's section: what it shows in plain words, its finding, its measure."""
    heading = CHART_HEADINGS.get(chart.key, chart.title)
    return (
        f'<h2 class="board-h2">{escape(heading)}</h2>'
        f'<p class="board-finding">{escape(chart.title)}</p>'
        f'<p class="board-note">{escape(chart.caption)}</p>'
    )


def chart_tables_html(chart: PackChart) -> str:
    """The chart's numbers, to read beside it."""
    return "".join(table_html(t) + _note(t.note) for t in chart_table(chart))


def _note(text: str) -> str:
    return f'<p class="board-note">{escape(text)}</p>' if text else ""


def options_html(pack: BoardPack) -> str:
    t = pack.options
    return (
        f'<h2 class="board-h2">{escape(t.title)}</h2>'
        + table_html(t, cls="board-table board-options", caption=False)
        + _note(t.note)
    )


def terms_html(pack: BoardPack) -> str:
    """What the terms mean, and what the scenario is about (its description)."""
    t = pack.terms
    about = (
        f'<h2 class="board-h2">About this appraisal</h2>'
        f'<p class="board-about">{escape(pack.description)}</p>'
        if pack.description
        else ""
    )
    terms = f'<h2 class="board-h2">{escape(t.title)}</h2>' + table_html(t, caption=False)
    return f'<section class="board-terms">{terms}</section>{about}'


def downloads_heading_html() -> str:
    return (
        '<h2 class="board-h2">The board pack to take away</h2>'
        '<p class="board-note">The same figures and charts as PDF, PowerPoint, Excel and '
        "HTML, made when asked for.</p>"
    )


def footer_html(p: Provenance) -> str:
    """The provenance footer: one phrase per piece, in reading order."""
    parts = " · ".join(f"<span>{escape(x)}</span>" for x in p.parts())
    label = "Where these figures come from"
    return f'<footer class="board-footer" aria-label="{label}">{parts}</footer>'


def figure(chart: PackChart) -> go.Figure:
    """The chart's figure for the screen: its title and caption are the section's text."""
    return picture_figure(chart.figure)


# ---------------------------------------------------------------------- style

#: Type that reads from the back of a room: 18 px on a laptop, 24 px on a 1920 projector.
STYLE = """
<style>
.stMainBlockContainer { max-width: 1800px; padding-top: 2rem; }
.st-key-board-page, .st-key-board-page p, .st-key-board-page li, .st-key-board-page td,
.st-key-board-page th { font-size: clamp(18px, 1.25vw, 24px); line-height: 1.4; color: #0b0c0c; }
.st-key-board-page h1, .st-key-board-page h2, .st-key-board-page h3 { padding: 0;
                                                                        line-height: 1.2; }
.st-key-board-page .board-title { font-size: 2em; margin: 0 0 .3em; color: #0b0c0c; }
.st-key-board-page h2, .st-key-board-page h3 { color: #12436d; }
.st-key-board-page .board-h2 { font-size: 1.5em; margin: 1.2em 0 .3em; }
.st-key-board-page h3 { font-size: 1.1em; margin: .9em 0 .2em; }
.board-question { border-left: 8px solid #12436d; padding: .1em 0 .1em 1em; margin: .6em 0; }
.st-key-board-page .board-ask { font-weight: 700; margin: 0 0 .3em; }
.st-key-board-page .board-answer { font-size: 1.25em; margin: 0; max-width: 56em; }
.board-preferred { background: #e8f0f7; border: 3px solid #12436d; padding: .5em 1em;
                   margin: 1em 0; }
.st-key-board-page .board-preferred h2 { font-size: 1.6em; margin: 0 0 .3em; color: #0b2c48; }
.board-preferred p { margin: 0; max-width: 62em; }
.board-points, .board-about { max-width: 62em; }
.board-points p { margin: 0 0 .4em; }
.st-key-board-page .board-finding { font-weight: 700; margin: 0 0 .2em; }
.st-key-board-page .board-note { color: #383f43; margin: .3em 0 .8em; }
.board-table { border-collapse: collapse; width: 100%; margin: .2em 0; table-layout: fixed; }
.board-table caption { text-align: left; font-weight: 700; padding: 0 0 .3em; color: #0b0c0c;
                       caption-side: top; }
.st-key-board-page .board-table th, .st-key-board-page .board-table td {
  font-size: max(16px, .85em); border-bottom: 1px solid #b1b4b6; padding: .3em .45em;
  vertical-align: top; text-align: left; overflow-wrap: break-word; }
.st-key-board-page .board-options th, .st-key-board-page .board-options td { font-size: 1em; }
.board-table thead th { border-bottom: 3px solid #0b0c0c; vertical-align: bottom; }
.board-table tbody th { font-weight: 400; }
.st-key-board-page .board-table .num { text-align: right; font-variant-numeric: tabular-nums; }
.board-table td.num { white-space: nowrap; }
.board-table .marked { background: #e8f0f7; font-weight: 700; }
.board-table thead th.marked { background: #12436d; color: #ffffff; }
.st-key-board-page .board-footer, .st-key-board-page .board-footer span {
  border-top: 2px solid #0b0c0c; margin-top: 1.5em; padding-top: .5em; color: #0b0c0c;
  font-size: clamp(16px, 1vw, 20px); }
.st-key-board-page .board-footer span { border: 0; margin: 0; padding: 0; }
/* a chart and its table side by side on a wide screen, one above the other below 1500 px;
   the chart never wider than a printed A4 landscape page (273 mm, 1032 px) */
[class*="st-key-board-chart-"] [data-testid="stColumn"]:first-child { max-width: 1000px; }
@media (max-width: 1500px) {
  [class*="st-key-board-chart-"] [data-testid="stHorizontalBlock"] { flex-wrap: wrap; }
  [class*="st-key-board-chart-"] [data-testid="stColumn"] { flex: 1 1 100% !important;
                                                             width: 100% !important; }
}
</style>
"""

#: Presentation mode: no sidebar, no toggle to open one, no header or toolbar.
PRESENTING = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stExpandSidebarButton"], [data-testid="stSidebarCollapseButton"],
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stStatusWidget"] { display: none !important; }
.stMainBlockContainer { padding-top: 1.5rem; }
</style>
"""

#: Printing from the browser: A4 landscape, the whole page (not only the scrolled part),
#: no Streamlit chrome, no buttons; a chart and its table kept on one page.
PRINT = """
<style>
@page { size: A4 landscape; margin: 12mm 12mm 20mm; }
@media print {
  html, body, #root, .stApp, [data-testid="stAppViewContainer"], [data-testid="stMain"],
  .stMain, .stMainBlockContainer { height: auto !important; min-height: 0 !important;
    overflow: visible !important; position: static !important; }
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
  [data-testid="stExpandSidebarButton"], [data-testid="stHeader"], [data-testid="stToolbar"],
  [data-testid="stDecoration"], [data-testid="stStatusWidget"], [data-testid="stBottom"],
  [class*="st-key-board-toolbar"], [data-testid="stToast"] { display: none !important; }
  .stMainBlockContainer { max-width: none !important; padding: 0 !important; margin: 0 !important; }
  .st-key-board-page, .st-key-board-page p, .st-key-board-page td,
  .st-key-board-page th { font-size: 11pt; }
  .board-title { font-size: 22pt !important; }
  [class*="st-key-board-chart-"] { break-before: page; }
  .stPlotlyChart, [data-testid="stPlotlyChart"], .board-table, .board-terms, .board-point,
  .board-preferred { break-inside: avoid; }
  /* a chart and its heading on one printed page: zoom the element's box, which Streamlit
     sizes, not only the chart inside it */
  [data-testid="stElementContainer"]:has(.stPlotlyChart) { zoom: 0.72; }
  .board-h2 { break-after: avoid; }
  [class*="st-key-board-chart-"] [data-testid="stHorizontalBlock"] { flex-wrap: wrap; }
  [class*="st-key-board-chart-"] [data-testid="stColumn"] { flex: 1 1 100% !important;
                                                             width: 100% !important; }
  .board-table tr { break-inside: avoid; }
  .board-footer { font-size: 9pt; }
}
</style>
"""


def style(footer: Provenance) -> None:
    """The board view's type and print stylesheet (``footer`` and "Page n of N" in the
    margin of every printed page, as in the HTML pack); in presentation mode, no chrome."""
    pages = f"<style>{PAGE_BOXES % css_string(footer.line())}</style>"
    st.html(STYLE + PRINT + pages + (PRESENTING if presenting() else ""))
