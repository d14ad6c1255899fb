"""The log as text: the quality summary in words, filters, CSV (defused) and HTML
(escaped, the rating always a word). Expected values are written out from the entries
given here."""

from __future__ import annotations

import csv
import io
import re

from options.model import Assumption, Decision, Quality
from report.log import (
    assumptions_csv,
    assumptions_html,
    decisions_csv,
    decisions_html,
    decisions_on,
    filter_assumptions,
    filter_decisions,
    quality_counts,
    quality_sentence,
    versions_missing,
)

A = (
    Assumption("A1", "Seats in scope", Quality.AMBER, "2026-12-03", "4,500", "S30", "Analyst"),
    Assumption("A2", "=HYPERLINK(\"http://x\")", Quality.RED, "2026-12-03", "-5", "", "Finance",
               "@risk"),
    Assumption("A3", "Flex price", Quality.GREEN, "2007", "£900 a seat", "S8", "Analyst"),
    Assumption("A4", "Refresh", Quality.RED, "2007", "4 years", "", "Analyst"),
)  # fmt: skip
D = (
    Decision("D1", "2007-10-01", "Join Flex", "ONS", None, "18 months' evaluation", "S2, S3"),
    Decision("D2", "2026-12-03", "+ Use the midpoint", "Board", 3),
)


def test_counts_and_sentence_name_every_rating_in_words():
    assert quality_counts(A) == {Quality.RED: 2, Quality.AMBER: 1, Quality.GREEN: 1}
    assert quality_sentence(A) == "4 assumptions: 2 red, 1 amber, 1 green."
    assert quality_sentence(()) == "The register has no assumptions yet."


def test_filters_combine():
    assert [a.id for a in filter_assumptions(A, qualities=[Quality.RED])] == ["A2", "A4"]
    assert [a.id for a in filter_assumptions(A, qualities=[Quality.RED], owner="Analyst")] == ["A4"]
    assert [a.id for a in filter_assumptions(A, text="seat")] == ["A1", "A3"]  # any field
    assert [a.id for a in filter_assumptions(A, text="SEATS analyst")] == ["A1"]  # every word
    assert filter_assumptions(A, qualities=[]) == ()
    assert [d.id for d in filter_decisions(D, decided_by="Board")] == ["D2"]
    assert [d.id for d in filter_decisions(D, text="s3")] == ["D1"]


def test_csv_has_every_field_and_defuses_formulas():
    rows = list(csv.reader(io.StringIO(assumptions_csv(A))))
    assert rows[0] == ["id", "assumption", "value", "quality", "source", "owner", "date", "notes"]
    assert rows[1] == ["A1", "Seats in scope", "4,500", "amber", "S30", "Analyst", "2026-12-03",
                       ""]  # fmt: skip
    assert rows[2][:4] == ["A2", '\'=HYPERLINK("http://x")', "'-5", "red"]
    assert rows[2][-1] == "'@risk"
    decisions = list(csv.reader(io.StringIO(decisions_csv(D))))
    assert decisions[0] == ["id", "date", "decision", "decided_by", "version", "rationale",
                            "source"]  # fmt: skip
    assert decisions[1][4] == "" and decisions[2][4] == "3"  # no version: an empty cell
    assert decisions[2][2] == "'+ Use the midpoint"
    assert assumptions_csv(A).endswith("\n") and "\r" not in assumptions_csv(A)


def test_html_escapes_text_and_shows_each_rating_as_a_word():
    page = assumptions_html(
        [Assumption("A9", "<script>alert(1)</script>", Quality.AMBER, "2007", notes="a & b")]
    )
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "a &amp; b" in page
    assert "<td class='c-quality rag rag-amber'>amber</td>" in page
    assert "<th scope='col' class='c-quality'>quality</th>" in page
    page = assumptions_html(A)
    for q in Quality:  # the colour repeats the word, never stands alone
        assert (
            re.findall(rf"<td class='c-quality rag rag-{q.value}'>([^<]*)</td>", page)
            == [q.value] * (quality_counts(A)[q])
        )
    decisions = decisions_html(D)
    assert "<td class='c-version'>—</td>" in decisions  # a blank version
    assert "<th scope='col' class='c-decided_by'>decided by</th>" in decisions


def test_versions_link_to_the_library_and_a_missing_one_is_said():
    d = (*D, Decision("D3", "2026-12-04", "Sign", "Board", 7))
    page = decisions_html(d, {3: "?scenario=ons&version=3", 4: "?scenario=ons&version=4"})
    assert (
        "<td class='c-version'><a href='?scenario=ons&amp;version=3' target='_blank' "
        "rel='noopener'>v3</a></td>" in page
    )
    assert "<td class='c-version'>7 (not saved)</td>" in page
    assert "<td class='c-version'>—</td>" in page  # D1: made on no version
    assert versions_missing(d, [3, 4]) == [
        "D3 was made on version 7, which the library does not have (it has versions 3, 4)."
    ]
    assert versions_missing(d, []) == [
        "D2 was made on version 3, which the library does not have (it has no versions).",
        "D3 was made on version 7, which the library does not have (it has no versions).",
    ]
    assert decisions_on(d, 3) == ["D2"] and decisions_on(d, 5) == []


def _luminance(hex_colour: str) -> float:
    """Relative luminance (WCAG 2.2, 'relative luminance' definition)."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_every_tint_keeps_text_above_the_aa_contrast_ratio():
    """WCAG 2.2 AA: contrast (L1 + 0.05) / (L2 + 0.05) of at least 4.5:1 for normal text;
    the cells' text is #0b0c0c on each tint."""
    from report.log import _TINT

    text = _luminance("#0b0c0c")
    for colour in _TINT.values():
        assert (_luminance(colour) + 0.05) / (text + 0.05) >= 4.5, colour
