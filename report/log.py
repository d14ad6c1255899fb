"""The assumptions register and the decision log as text: counts, filters, CSV and HTML.

The Aqua Book (HM Treasury 2015; 2025 edition) asks that analysis keep a log of its
assumptions, each with its source, owner and quality, and of the decisions taken, by
whom and when, so that those who use the results can see what they rest on. These
functions draw both from a :class:`~options.model.Scenario` for the screen and for
files; nothing here reads session state. A quality rating is always shown as its word
(red, amber, green), never by colour alone.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from options.model import Assumption, Decision, Quality
from report.tables import csv_text

#: Worst first, as a register is read.
QUALITY_ORDER = (Quality.RED, Quality.AMBER, Quality.GREEN)
QUALITY_MEANING = {
    Quality.RED: "a judgement with no source",
    Quality.AMBER: "derived from published figures by stated reasoning",
    Quality.GREEN: "a published figure used as published",
}
ASSUMPTION_HEADER = ("id", "assumption", "value", "quality", "source", "owner", "date", "notes")
DECISION_HEADER = ("id", "date", "decision", "decided_by", "version", "rationale", "source")


def quality_counts(assumptions: Iterable[Assumption]) -> dict[Quality, int]:
    """How many assumptions carry each rating, red first (every rating, 0 included).

    >>> a = Assumption("A1", "Seats", Quality.AMBER, "2026-12-03")
    >>> {q.value: n for q, n in quality_counts([a, a]).items()}
    {'red': 0, 'amber': 2, 'green': 0}
    """
    counts = dict.fromkeys(QUALITY_ORDER, 0)
    for a in assumptions:
        counts[a.quality] += 1
    return counts


def quality_sentence(assumptions: Sequence[Assumption]) -> str:
    """The register's quality in one sentence, each rating in words.

    >>> quality_sentence([Assumption("A1", "Seats", Quality.GREEN, "2007")])
    '1 assumption: 0 red, 0 amber, 1 green.'
    """
    if not assumptions:
        return "The register has no assumptions yet."
    n, counts = len(assumptions), quality_counts(assumptions)
    parts = ", ".join(f"{k} {q.value}" for q, k in counts.items())
    return f"{n} assumption{'s' if n != 1 else ''}: {parts}."


def _matches(text: str, fields: Iterable[str]) -> bool:
    """Whether every word of ``text`` appears in one of ``fields`` (any case)."""
    haystack = " ".join(fields).casefold()
    return all(word in haystack for word in text.casefold().split())


def filter_assumptions(
    assumptions: Iterable[Assumption],
    *,
    qualities: Iterable[Quality] | None = None,
    owner: str | None = None,
    text: str = "",
) -> tuple[Assumption, ...]:
    """The assumptions with one of ``qualities`` (None: any), that ``owner`` owns (None:
    anyone) and that mention every word of ``text`` (in any field), in register order.

    >>> a = [Assumption("A1", "Seats", Quality.AMBER, "2007", value="4,500"),
    ...      Assumption("A2", "Pay", Quality.RED, "2007", owner="HR")]
    >>> [x.id for x in filter_assumptions(a, qualities=[Quality.RED])]
    ['A2']
    >>> [x.id for x in filter_assumptions(a, text="4,500")], filter_assumptions(a, owner="X")
    (['A1'], ())
    """
    wanted = set(QUALITY_ORDER if qualities is None else qualities)
    return tuple(
        a
        for a in assumptions
        if a.quality in wanted
        and (owner is None or a.owner == owner)
        and _matches(text, (a.id, a.text, a.value, a.source, a.owner, a.date, a.notes))
    )


def filter_decisions(
    decisions: Iterable[Decision], *, decided_by: str | None = None, text: str = ""
) -> tuple[Decision, ...]:
    """The decisions taken by ``decided_by`` (None: anyone) that mention every word of
    ``text`` (in any field), in log order."""
    return tuple(
        d
        for d in decisions
        if (decided_by is None or d.decided_by == decided_by)
        and _matches(text, (d.id, d.date, d.text, d.decided_by, d.rationale, d.source))
    )


def _assumption_row(a: Assumption) -> list[object]:
    return [a.id, a.text, a.value, a.quality.value, a.source, a.owner, a.date, a.notes]


def _decision_row(d: Decision) -> list[object]:
    return [d.id, d.date, d.text, d.decided_by, d.version, d.rationale, d.source]


def assumptions_csv(assumptions: Iterable[Assumption]) -> str:
    """The assumptions as CSV, one row each, the quality as its word; text that a
    spreadsheet would run as a formula is neutralised (:mod:`options.csv_safe`)."""
    return csv_text(ASSUMPTION_HEADER, (_assumption_row(a) for a in assumptions))


def decisions_csv(decisions: Iterable[Decision]) -> str:
    """The decisions as CSV, one row each (``version`` empty when made on no saved
    version); text neutralised as for :func:`assumptions_csv`."""
    return csv_text(DECISION_HEADER, (_decision_row(d) for d in decisions))


# Tints behind near-black text (#0b0c0c): every pair is above 12:1, well over WCAG 2.2 AA's
# 4.5:1, and the word is always in the cell, so the colour only repeats it.
_TINT = {Quality.RED: "#f6d5d1", Quality.AMBER: "#fde7c4", Quality.GREEN: "#d2eadb"}
_CSS = (
    "<style>.oa-log{border-collapse:collapse;width:100%;font-size:0.95rem}"
    ".oa-log th,.oa-log td{border-bottom:1px solid #e6e6e6;padding:6px 10px;"
    "vertical-align:top;text-align:left;color:#0b0c0c}.oa-log th{font-weight:600}"
    ".oa-log .rag{font-weight:600;white-space:nowrap}"
    ".oa-log-wrap{max-height:36rem;overflow:auto}"
    ".oa-log .c-id,.oa-log .c-date,.oa-log .c-version{white-space:nowrap}"
    ".oa-log .c-assumption,.oa-log .c-decision{min-width:9rem}"
    ".oa-log .c-notes,.oa-log .c-rationale{min-width:11rem}"
    ".oa-log thead th{position:sticky;top:0;background:#ffffff}"
    + "".join(f".oa-log .rag-{q.value}{{background:{c}}}" for q, c in _TINT.items())
    + "</style>"
)


@dataclass(frozen=True)
class _Link:
    """A cell that links to ``href`` (both escaped when drawn)."""

    text: str
    href: str


def _html_table(
    header: Sequence[str], rows: Iterable[list[object]], rag: int | None, label: str
) -> str:
    """An HTML table of escaped cells; column ``rag`` (if any) holds a quality word and is
    tinted to match it. A long table scrolls inside a region named ``label`` that the
    keyboard can reach (WCAG 2.2, 2.1.1), under a header that stays in view."""
    kinds = [f"c-{h}" for h in header]
    head = "".join(
        f"<th scope='col' class='{k}'>{html.escape(h.replace('_', ' '))}</th>"
        for h, k in zip(header, kinds, strict=True)
    )
    body = []
    for row in rows:
        cells = []
        for i, value in enumerate(row):
            if isinstance(value, _Link):
                text = (
                    f"<a href='{html.escape(value.href)}' target='_blank' rel='noopener'>"
                    f"{html.escape(value.text)}</a>"
                )
            else:
                text = "—" if value in (None, "") else html.escape(str(value))
            tint = f" rag rag-{html.escape(str(value))}" if i == rag else ""
            cells.append(f"<td class='{kinds[i]}{tint}'>{text}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f"{_CSS}<div class='oa-log-wrap' tabindex='0' role='region' "
        f"aria-label='{html.escape(label)}'><table class='oa-log'><thead><tr>{head}</tr>"
        f"</thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def assumptions_html(assumptions: Iterable[Assumption]) -> str:
    """The assumptions as an HTML table (a screen reader reads it): every cell escaped,
    the quality as its word on a matching tint.

    >>> "<td class='c-quality rag rag-red'>red</td>" in assumptions_html(
    ...     [Assumption("A1", "<b>Seats</b>", Quality.RED, "2007")])
    True
    """
    rows = (_assumption_row(a) for a in assumptions)
    return _html_table(
        ASSUMPTION_HEADER, rows, ASSUMPTION_HEADER.index("quality"), "Assumptions register"
    )


def decisions_html(
    decisions: Iterable[Decision], version_links: Mapping[int, str] | None = None
) -> str:
    """The decisions as an HTML table, every cell escaped (a blank version: none). With
    ``version_links`` (a saved version's number → its permalink), each version the
    library has links to it, opening in a new tab; one it lacks says so in words."""

    def row(d: Decision) -> list[object]:
        cells = _decision_row(d)
        if version_links is not None and d.version is not None:
            link = version_links.get(d.version)
            cells[4] = _Link(f"v{d.version}", link) if link else f"{d.version} (not saved)"
        return cells

    return _html_table(DECISION_HEADER, (row(d) for d in decisions), None, "Decision log")


def versions_missing(decisions: Iterable[Decision], saved: Iterable[int]) -> list[str]:
    """One sentence for each decision naming a version that is not among ``saved``.

    >>> d = [Decision("D1", "2007", "Join", "Board", version=2),
    ...      Decision("D2", "2007", "Sign", "Board", version=9)]
    >>> versions_missing(d, [1, 2, 3])
    ['D2 was made on version 9, which the library does not have (it has versions 1 to 3).']
    >>> versions_missing(d, [1])[0].endswith("(it has only version 1).")
    True
    """
    numbers = sorted(set(saved))
    if len(numbers) < 2:
        have = f"only version {numbers[0]}" if numbers else "no versions"
    elif numbers == list(range(1, len(numbers) + 1)):
        have = f"versions 1 to {numbers[-1]}"
    else:
        have = "versions " + ", ".join(map(str, numbers))
    return [
        f"{d.id} was made on version {d.version}, which the library does not have (it has {have})."
        for d in decisions
        if d.version is not None and d.version not in numbers
    ]


def decisions_on(decisions: Iterable[Decision], version: int) -> list[str]:
    """The ids of the decisions made on ``version``, in log order."""
    return [d.id for d in decisions if d.version == version]
