"""Formula injection: one rule for every text cell the project writes to CSV or XLSX.

The dangerous starts are those OWASP's *CSV Injection* lists: ``=``, ``+``, ``-``, ``@``,
a tab and a carriage return; a spreadsheet shows a cell with a leading single quote as
text.
"""

from __future__ import annotations

import pandas as pd
import pytest

from options.csv_safe import UNSAFE_START, safe_cell, safe_frame


@pytest.mark.parametrize("start", UNSAFE_START)
def test_every_dangerous_start_gets_a_quote(start):
    assert safe_cell(f"{start}cmd|' /C calc'!A0") == f"'{start}cmd|' /C calc'!A0"


@pytest.mark.parametrize("value", ["Flex", "", "A1 = 4,500", " =x", "'=x", "£900"])
def test_safe_text_is_unchanged(value):
    """Only the first character counts: an equals sign later, a leading space or a quote
    already there leave the text as it is."""
    assert safe_cell(value) == value


@pytest.mark.parametrize("value", [-5.0, -3, 0, None, True, 2.5])
def test_numbers_and_null_pass_untouched(value):
    assert safe_cell(value) is value


def test_a_frame_is_defused_cell_by_cell_and_keeps_its_numbers():
    frame = pd.DataFrame(
        {"=name": ["@SUM(A1)", "Flex", None], "amount": [-1.5, 2.0, 3.0], "n": [-1, 2, 3]}
    )
    out = safe_frame(frame)
    assert list(out.columns) == ["'=name", "amount", "n"]
    assert out["'=name"].tolist()[:2] == ["'@SUM(A1)", "Flex"] and out["'=name"].isna()[2]
    assert out["amount"].tolist() == [-1.5, 2.0, 3.0] and out["n"].dtype == frame["n"].dtype
    assert frame["=name"].tolist()[:2] == ["@SUM(A1)", "Flex"]  # the input is not changed


def test_the_csv_writer_uses_the_same_rule():
    """report.tables writes every CSV (results, cost files, registers) through this rule."""
    from report.tables import csv_text, neutralise

    assert neutralise is safe_cell
    assert csv_text(["-h"], [["+1"], [-1]]) == "'-h\n'+1\n-1\n"
