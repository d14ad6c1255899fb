"""Spreadsheet formula injection: the one rule every CSV or XLSX the project writes follows.

A spreadsheet opening a CSV or XLSX treats a text cell that begins with ``=``, ``+``,
``-`` or ``@`` as a formula, and a tab or carriage return at the start can hide one
(OWASP, *CSV Injection*). Any text that came from a user or a file (an option's name,
an assumption, a decision's rationale) could carry one, so before a table is written,
every such text cell gets a leading single quote, which spreadsheets show as text.
Numbers are left alone, so a negative amount stays a number.
"""

from __future__ import annotations

import pandas as pd

UNSAFE_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """One cell, defused: text that a spreadsheet would read as a formula gets a
    leading single quote; anything else (numbers, None, safe text) is returned as is.

    >>> safe_cell("=HYPERLINK(1)"), safe_cell("-x"), safe_cell(-5.0), safe_cell("Flex")
    ("'=HYPERLINK(1)", "'-x", -5.0, 'Flex')
    """
    if isinstance(value, str) and value.startswith(UNSAFE_START):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every text cell and column name passed through
    :func:`safe_cell` (for a frame written to CSV or XLSX); numbers keep their dtype.

    >>> safe_frame(pd.DataFrame({"=name": ["@SUM(A1)", "ok"], "amount": [-1, 2]}))
      '=name  amount
    0  '@SUM(A1)      -1
    1        ok       2
    """
    out = frame.copy()
    for column in out.columns:
        if not pd.api.types.is_numeric_dtype(out[column].dtype):
            out[column] = out[column].map(safe_cell)
    return out.rename(columns=safe_cell)
