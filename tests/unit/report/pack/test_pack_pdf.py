"""The PDF pack, read back: text per page (pypdf), the embedded font, page size, and a
picture of each page (pdftoppm) in tests/artifacts/pack for a person to look at."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pack_helpers import ARTEFACTS, SCRIPT, by_npsv, make
from pypdf import PdfReader

from report.formatting import money_m

FOOTER = (
    "unsaved scenario",
    "2,000 Monte Carlo draws, seed 7",
    "£ in real 2007 prices",
    "options-appraisal 0.1.0",
    "Shadow Price of Carbon",
)


@pytest.fixture(scope="module")
def pdf(scenario_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make(scenario_file, tmp_path_factory.mktemp("pdf"), "pdf")


@pytest.fixture(scope="module")
def pages(pdf: Path) -> list[str]:
    """Each page's text, whitespace collapsed (lines wrap anywhere)."""
    return [re.sub(r"\s+", " ", p.extract_text()) for p in PdfReader(pdf).pages]


def test_every_page_has_the_provenance_footer_and_its_number(pages: list[str]):
    for n, text in enumerate(pages, 1):
        assert f"Page {n} of {len(pages)}" in text
        for part in FOOTER:
            assert part in text, (n, part)


def test_it_names_the_preferred_option_and_its_figures(pages: list[str], engine: dict[str, Any]):
    """The preferred option is the JSON's NPSV leader; its NPSV and its margin over the
    runner-up are the JSON's figures, the margin worked as the difference of the two."""
    first, second = by_npsv(engine)[:2]
    assert engine["preferred"]["npsv"] == first["id"]
    assert f"Preferred option: {first['name']}" in pages[0]
    text = " ".join(pages)
    assert money_m(first["npsv"]) in text
    margin = money_m(first["npsv"] - second["npsv"])
    assert f"{margin} more than {second['name']}" in text


def test_the_options_table_has_every_option_s_npsv(pages: list[str], engine: dict[str, Any]):
    table = next(p for p in pages if "The options side by side" in p)
    row = re.search(r"higher is better\) (.*?) Difference", table)
    assert row is not None
    assert row.group(1).split() == [money_m(o["npsv"]) for o in by_npsv(engine)]


def test_each_chart_page_holds_its_one_picture(pdf: Path, pages: list[str]):
    """The example scores its concerns, so the pack has four charts (NPC range, plane,
    concerns, cost profile), each a picture drawn while the text was laid out and put
    on the page under its heading: four pages with one picture each, none elsewhere, at
    1,100 CSS pixels × 2 = 2,200 pixels wide."""
    reader = PdfReader(pdf)
    counts = [len(p.images) for p in reader.pages]
    assert sorted(counts, reverse=True)[:5] == [1, 1, 1, 1, 0]
    pictured = [n for n, k in enumerate(counts) if k]
    assert pictured == list(range(pictured[0], pictured[0] + 4))  # one after the other
    assert "The options side by side" in pages[pictured[0] - 1]
    assert "Net present cost" in pages[pictured[0]]
    for n in pictured:
        assert reader.pages[n].images[0].image.width == 2200


def test_user_text_prints_as_text(pages: list[str]):
    assert SCRIPT in " ".join(pages)


def test_a4_landscape_with_an_embedded_truetype_font(pdf: Path):
    reader = PdfReader(pdf)
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)
    fonts = reader.pages[0]["/Resources"]["/Font"]
    for ref in fonts.values():
        font = ref.get_object()
        descendant = font["/DescendantFonts"][0].get_object()
        assert "/FontFile2" in descendant["/FontDescriptor"].get_object()  # TrueType, embedded


def test_pages_drawn_for_a_person_to_look_at(pdf: Path):
    """pdftoppm draws every page; the pictures stay in tests/artifacts/pack."""
    assert shutil.which("pdftoppm"), "poppler-utils is in the Makefile's DEB_PACKAGES"
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTEFACTS.glob("pdf-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(ARTEFACTS / "pdf")], check=True)
    assert len(list(ARTEFACTS.glob("pdf-*.png"))) == len(PdfReader(pdf).pages)
