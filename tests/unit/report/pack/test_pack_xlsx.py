"""The Excel pack, read back with openpyxl: figures are numbers equal to the JSON's,
the flows' formulas give the engine's NPSV when worked by a small evaluator written
here (independent of the engine and of the writer), and formula-like text stays text."""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from pack_helpers import COMMAND, FORMULA, by_npsv, make


@pytest.fixture(scope="module")
def xlsx(scenario_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make(scenario_file, tmp_path_factory.mktemp("xlsx"), "xlsx")


@pytest.fixture(scope="module")
def book(xlsx: Path) -> Any:
    return openpyxl.load_workbook(xlsx)


def _evaluate(ws: Any, formula: str) -> float:
    """An Excel formula of this sheet, worked: cell references, + − * / ^, MIN, MAX and
    SUMPRODUCT of two equal ranges (enough for the Flows sheet)."""

    def cell(ref: str) -> float:
        value = ws[ref.replace("$", "")].value
        return _evaluate(ws, value) if isinstance(value, str) else float(value or 0.0)

    def rng(ref: str) -> list[float]:
        return [cell(c.coordinate) for row in ws[ref.replace("$", "")] for c in row]

    text = formula.removeprefix("=")
    text = re.sub(
        r"SUMPRODUCT\(([$A-Z0-9]+:[$A-Z0-9]+),([$A-Z0-9]+:[$A-Z0-9]+)\)",
        lambda m: repr(math.fsum(a * b for a, b in zip(rng(m[1]), rng(m[2]), strict=True))),
        text,
    )
    text = re.sub(r"\$?([A-Z]{1,3})\$?([0-9]+)", lambda m: repr(cell(m[1] + m[2])), text)
    text = text.replace("^", "**").replace("MIN", "min").replace("MAX", "max")
    assert re.fullmatch(r"[0-9eE.+\-*/(), minax]+", text), text  # numbers and operators only
    return float(eval(text))  # digits, operators, min and max only (checked above)


def test_flows_formulas_give_the_engine_s_npsv_to_the_penny(book: Any, engine: dict[str, Any]):
    ws = book["Flows"]
    npsv_cells = [row for row in ws.iter_rows() if row[1].value == "NPSV (£)"]
    assert len(npsv_cells) == len(engine["options"])
    for row, o in zip(npsv_cells, engine["options"], strict=True):
        formula = next(c.value for c in row if isinstance(c.value, str) and c.value.startswith("="))
        assert _evaluate(ws, formula) == pytest.approx(o["npsv"], abs=0.005)


def test_discount_factors_are_live_formulas_of_the_green_book_schedule(book: Any):
    """DF(t) = 1 / 1.035^t to year 30 (Green Book Table 8)."""
    ws = book["Flows"]
    row = next(r for r in ws.iter_rows() if str(r[1].value).startswith("Discount factor"))
    values = [_evaluate(ws, c.value) for c in row[2:] if isinstance(c.value, str)]
    assert values == pytest.approx([1 / 1.035**t for t in range(len(values))], rel=1e-12)


def test_cached_values_are_there_for_viewers_that_do_not_recalculate(xlsx: Path, engine):
    ws = openpyxl.load_workbook(xlsx, data_only=True)["Flows"]
    cached = [next(c.value for c in r[2:] if c.value is not None)
              for r in ws.iter_rows() if r[1].value == "NPSV (£)"]  # fmt: skip
    assert cached == pytest.approx([o["npsv"] for o in engine["options"]], abs=0.005)


def test_results_sheet_has_the_json_figures(book: Any, engine: dict[str, Any]):
    ws = book["Results"]
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    head = rows[0]
    for values, o in zip(rows[1:], engine["options"], strict=True):
        got = dict(zip(head, values, strict=True))
        for key in ("npsv", "pv_costs", "optimism_bias", "risk", "eac", "mcda_score", "npc_p90"):
            assert got[key] == pytest.approx(o[key], abs=1e-6), key
        assert got["monte_carlo_prob_best"] == pytest.approx(o["monte_carlo"]["prob_best"])


def test_options_sheet_numbers_with_formats_in_npsv_order(book: Any, engine: dict[str, Any]):
    ws = book["Options"]
    row = next(
        r for r in ws.iter_rows(min_row=5) if str(r[0].value).startswith("Net present social")
    )
    assert [c.value for c in row[1:]] == pytest.approx([o["npsv"] for o in by_npsv(engine)])
    assert all(c.data_type == "n" and "£" in c.number_format for c in row[1:])


def test_formula_like_text_is_neutralised(book: Any):
    concerns = [c for r in book["Concerns"].iter_rows() for c in r if c.value]
    hit = next(c for c in concerns if FORMULA in str(c.value))
    assert hit.value == "'" + FORMULA and hit.data_type == "s"
    found = [c for r in book["Assumptions"].iter_rows() for c in r if COMMAND in str(c.value)]
    assert found and found[0].value == "'" + COMMAND and found[0].data_type == "s"


def test_every_sheet_starts_with_the_provenance(book: Any):
    for ws in book.worksheets:
        assert "unsaved scenario" in ws["A2"].value and "seed 7" in ws["A2"].value, ws.title
