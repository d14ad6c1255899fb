"""The pack's four charts, drawn by the dashboard's own figure builders (:mod:`report.charts`).

Net present cost at P50 / P80 / P90 with the expected value (−NPSV), the
cost-effectiveness plane, the concerns scores and the cost profile over time; the
plane and the concerns only where concerns are scored. Each :class:`PackChart` keeps
its figure (for the HTML), its active title and caption as plain text (for a page
heading), the plotted numbers (for a table or a workbook) and where the figures come
from (for speaker notes). :func:`chart_images` turns them into PNG pictures with one
browser for the whole pack.
"""

from __future__ import annotations

import html
import re
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from appraisal.results import Results
from report import charts

#: Width of a chart picture in CSS pixels (A4 landscape's text width at about 105 dpi, so
#: the figures' 15-16 px text prints at about 11 pt).
IMAGE_WIDTH = 1100
IMAGE_SCALE = 2  # device pixels per CSS pixel: about 250 dpi on the page


class ChartImageError(RuntimeError):
    """The charts could not be drawn as pictures (no Chromium for kaleido)."""


@dataclass(frozen=True, eq=False)
class PackChart:
    """One chart of the pack."""

    key: str
    title: str  # the active title, plain text
    caption: str  # the measure, price base and scenario, plain text
    figure: go.Figure
    table: pd.DataFrame  # the plotted numbers under readable headers
    source: str  # where the figures come from, for speaker notes


def plain(text: str | None) -> str:
    """A plotly label as plain text: line breaks as spaces, entities decoded, tags dropped.

    >>> plain("Keep in-house<br>(business &#60;as&#62; usual)")
    'Keep in-house (business <as> usual)'
    """
    text = re.sub(r"<br\s*/?>", " ", text or "")
    return html.unescape(re.sub(r"</?[a-zA-Z][^>]*>", "", text)).strip()


def _chart(key: str, fig: go.Figure, table: pd.DataFrame, source: str) -> PackChart:
    title = plain(fig.layout.title.text)
    caption = plain(fig.layout.title.subtitle.text)
    return PackChart(key, title, caption, fig, table, source)


def pack_charts(results: Results) -> tuple[PackChart, ...]:
    """The pack's charts in reading order (two without scored concerns)."""
    run = f"appraise() of '{results.scenario}', {results.draws:,} draws, seed {results.seed}"
    made: list[tuple[str, Callable[[Results], go.Figure], Callable[[Results], pd.DataFrame], str]]
    made = [
        (
            "npc",
            charts.fig_npc_range,
            charts.npc_range_table,
            f"Net present cost = −NPSV; P50, P80 and P90 are percentiles of the {run}.",
        )
    ]
    if not results.concerns.empty:
        made += [
            (
                "plane",
                charts.fig_plane,
                charts.plane_table,
                f"NPSV and the weighted 0-100 concerns score (MCDA) of each option; {run}.",
            ),
            (
                "concerns",
                charts.fig_concerns,
                charts.concerns_table,
                "Each concern's normalised swing weight × the option's 0-100 score, from the "
                "scenario's concerns register.",
            ),
        ]
    made.append(
        (
            "profile",
            charts.fig_profile,
            charts.profile_table,
            "Undiscounted costs and benefits a year, in real prices of the price base, at "
            "expected values with optimism bias, expected risk and carbon.",
        )
    )
    return tuple(_chart(key, fig(results), table(results), src) for key, fig, table, src in made)


def picture_figure(fig: go.Figure) -> go.Figure:
    """A copy of ``fig`` without its title and subtitle (the page prints them as text)."""
    out = go.Figure(fig)
    top = out.layout.margin.t or 0
    out.update_layout(
        title={"text": "", "subtitle": {"text": ""}},
        margin={"t": 16},
        height=(out.layout.height or 450) - top + 16,
    )
    return out


def start_browser() -> None:
    """Start kaleido's browser for :func:`chart_images`, which stops it when done; it
    starts in the background, so a caller with other work to do first (reading and
    appraising a scenario) may start it early. Nothing happens if it is running.

    Raises
    ------
    ChartImageError
        kaleido could not start (no Chromium).
    """
    import kaleido

    try:
        kaleido.start_sync_server(silence_warnings=True, mathjax=False)  # no CDN fetch
    except Exception as exc:  # kaleido raises its own types for a missing browser
        raise ChartImageError(_no_browser(exc)) from exc


def stop_browser() -> None:
    """Stop kaleido's browser if it is running (:func:`start_browser`)."""
    import kaleido

    kaleido.stop_sync_server(silence_warnings=True)


def chart_images(items: Sequence[PackChart], *, stop: bool = True) -> dict[str, bytes]:
    """PNG pictures of ``items`` (key -> bytes), drawn by kaleido with one browser, which
    is then stopped; with ``stop=False`` the caller stops it (:func:`stop_browser`), for
    example while it uses the pictures, since Chromium takes a moment to close.

    Raises
    ------
    ChartImageError
        Chromium (which kaleido drives) is missing or fails to start.
    """
    start_browser()
    try:
        out = {}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "kopts is ignored if using a server"
            for c in items:
                fig = picture_figure(c.figure)
                out[c.key] = fig.to_image(
                    format="png", width=IMAGE_WIDTH, height=fig.layout.height, scale=IMAGE_SCALE
                )
        return out
    except ChartImageError:
        raise
    except Exception as exc:
        raise ChartImageError(_no_browser(exc)) from exc
    finally:
        if stop:
            stop_browser()


def _no_browser(exc: Exception) -> str:
    return (
        "the charts could not be drawn as pictures: kaleido needs Chromium "
        f"(apt-get install chromium) — {type(exc).__name__}: {exc}"
    )
