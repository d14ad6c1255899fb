"""Every CSV and XLSX the project writes defuses formula text (OWASP, CSV injection): with
user text that begins ``=``, ``+``, ``-``, ``@``, a tab or a carriage return in every
kind of field, no text cell of any export begins with one of those; numbers stay
numbers (a negative amount is not text). The exports: the results (the command line's
``--format csv``), the cost files long and wide, the concerns register, the assumptions
register, the decision log, and the board pack's workbook."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

import openpyxl
import pytest

from appraisal.appraise import appraise
from options.model import Assumption, Decision, Quality
from report import log
from report.pack import render
from report.pack.content import build_pack
from report.tables import costs_csv, register_csv, results_csv
from tests.hostile import FORMULA, hostile_scenario

UNSAFE = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(scope="module")
def scenario():
    s = hostile_scenario()
    options = tuple(replace(o, name=f"+{o.name}") if o.id == "flex" else o for o in s.options)
    first, *rest = s.concerns
    concern = replace(first, title="@SUM(A1) data", raised_by="\tTab", evidence="\r=1+1")
    return replace(
        s,
        name=FORMULA,
        options=options,
        concerns=(concern, *rest),
        assumptions=(Assumption("A1", "-5 seats", Quality.RED, "2026-12-04", "=1+1", "@x"),),
        decisions=(Decision("D1", "2026-12-04", "=cmd|' /C calc'!A0", "+Board", 1, "-x"),),
    )


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _defused(rows: list[list[str]]) -> list[str]:
    """The cells that a spreadsheet would run: text (not a number) with an unsafe start."""
    return [c for row in rows for c in row if c.startswith(UNSAFE) and not _number(c)]


def test_every_csv_defuses_formula_text(scenario):
    results = appraise(scenario, draws=200)
    files = {
        "results": results_csv(results),
        "costs long": costs_csv(scenario, "long"),
        "costs wide": costs_csv(scenario, "wide"),
        "concerns register": register_csv(scenario),
        "assumptions": log.assumptions_csv(scenario.assumptions),
        "decisions": log.decisions_csv(scenario.decisions),
    }
    for name, text in files.items():
        rows = list(csv.reader(io.StringIO(text)))
        assert _defused(rows) == [], name
    whole = "".join(files.values())
    for defused in ("'=HYPERLINK", "'+Join Public Sector Flex", "'@SUM(A1)", "'\tTab", "'=1+1",
                    "'-5 seats", "'=cmd", "'+Board"):  # fmt: skip
        assert defused in whole, defused
    long = list(csv.DictReader(io.StringIO(files["costs long"])))
    assert long and all(_number(r["amount"]) for r in long)  # numbers stay numbers


def test_the_pack_workbook_defuses_formula_text(scenario, tmp_path):
    pack = build_pack(scenario, appraise(scenario, draws=200))
    path = tmp_path / "pack.xlsx"
    path.write_bytes(render(pack, "xlsx"))
    book = openpyxl.load_workbook(path)
    text = [c.value for ws in book for row in ws.iter_rows() for c in row
            if c.data_type == "s" and isinstance(c.value, str)]  # fmt: skip
    assert [t for t in text if t.startswith(UNSAFE)] == []
    assert any(t.startswith("'=HYPERLINK") for t in text)
    formulas = [c.value for ws in book for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert formulas and all(f.startswith(("=SUMPRODUCT", "=", "=IF")) for f in formulas)
