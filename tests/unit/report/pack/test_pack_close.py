"""A lead too close to call, said on the pack's cover and one-page summary in every format.

The scenario is built by hand from tests/conftest.py's base document: Keep in-house costs
£1,000,000 a year over 2008–12 and Join Flex £999,999.92 a year (no transition, nothing
uncertain, no concerns). Discounted at the Green Book's 3.5 % from 2008, Flex is cheaper
by 0.08 × Σ 1/1.035^t (t = 0..4) = 0.08 × 4.67308 = £0.37, under the £1 below which two
options with nothing uncertain are too close to call. So Join Flex has the higher NPSV,
but the pack must never call it "preferred" without "too close to call with Keep
in-house" beside it: not on the cover, not on the summary page or slide.
"""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from pptx import Presentation
from pypdf import PdfReader

from appraisal.appraise import appraise
from options.scenario_file import scenario_from_dict
from report.pack import build_pack, render
from report.pack.content import BoardPack
from tests.conftest import base_document

VERDICT = "Preferred option: Join Flex, but too close to call with Keep in-house"
BARE = re.compile(r"Preferred option: Join Flex(?!, but too close to call with Keep in-house)")
MARGIN = 0.08 * sum(1 / 1.035**t for t in range(5))  # £0.37, worked by hand above


@pytest.fixture(scope="module")
def pack() -> BoardPack:
    doc = base_document()
    doc["costs"] = [c for c in doc["costs"] if c["option"] == "in-house"]
    doc["costs"] += [
        {**c, "option": "flex", "line": "Service charge", "amount": c["amount"] - 0.08}
        for c in doc["costs"]
    ]
    s = scenario_from_dict(doc)
    return build_pack(s, appraise(s, draws=200, seed=5), today=dt.date(2026, 1, 2))


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_the_two_options_are_within_the_closeness_threshold(pack: BoardPack):
    c = pack.results.closeness_npsv
    assert c is not None and c.too_close
    assert c.margin == pytest.approx(MARGIN, abs=1e-6) and MARGIN < 1
    assert pack.preferred == "Join Flex"
    assert pack.verdict == VERDICT


def test_pdf_cover_and_summary_say_too_close_to_call(pack: BoardPack):
    pages = [flat(p.extract_text()) for p in PdfReader(io.BytesIO(render(pack, "pdf"))).pages]
    assert VERDICT in pages[0]  # the cover
    summary = next(p for p in pages if "The preferred option and why" in p)
    assert VERDICT in summary
    assert "the two are too close to call" in summary
    for n, text in enumerate(pages):
        assert not BARE.search(text), n
    options = next(p for p in pages if "The options side by side" in p)
    assert "Join Flex — preferred (highest NPSV, but too close to call)" in options


def test_pptx_cover_and_summary_slide_say_too_close_to_call(pack: BoardPack):
    slides = Presentation(io.BytesIO(render(pack, "pptx"))).slides
    texts = [
        flat(" ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame))
        for slide in slides
    ]
    assert VERDICT in texts[0]
    assert slides[1].shapes.title.text == f"{VERDICT} — and why"
    for n, text in enumerate(texts):
        assert not BARE.search(text), n


def test_html_cover_says_too_close_to_call(pack: BoardPack):
    page = render(pack, "html").decode("utf-8")
    cover = re.search(r'<p class="preferred">(.*?)</p>', page)
    assert cover is not None and cover.group(1) == VERDICT
    assert f"<h3>{VERDICT}</h3>" in page  # the summary's heading
    assert not BARE.search(page)


def test_a_clear_lead_is_called_preferred_plainly(make_scenario):
    """The base document: Flex £0.4m cheaper, nothing uncertain — a clear lead."""
    s = make_scenario()
    pack = build_pack(s, appraise(s, draws=50, seed=3), today=dt.date(2026, 1, 2))
    assert pack.verdict == "Preferred option: Join Flex"


def test_a_lead_of_37_pence_is_not_written_as_0_0m(pack: BoardPack):
    """£0.37 rounds to £0.0m; the summary says how small it is instead."""
    text = " ".join(p.text for p in pack.summary)
    assert "less than £0.1m more than Keep in-house" in text
    assert "£0.0m more" not in text
