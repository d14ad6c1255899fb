"""Number formats and the one escaping function."""

from __future__ import annotations

import math

from report.formatting import escape_text, money, money_m, number, percent


def test_money_in_millions_one_decimal_true_minus():
    assert money_m(-51_922_145) == "−£51.9m"
    assert money_m(1_649_000, signed=True) == "+£1.6m"
    assert money_m(0.0, signed=True) == "£0.0m"
    assert money_m(math.nan) == money_m(None) == "—"


def test_whole_pounds_percent_number():
    assert money(1_234_567.49) == "£1,234,567"
    assert percent(0.905) == "90.5%" and percent(0.9, 0) == "90%"
    assert number(91.32) == "91.3" and number(None) == "—"


def test_escape_text_neutralises_markup_but_keeps_plain_text():
    assert escape_text("Keep in-house (business as usual)") == "Keep in-house (business as usual)"
    escaped = escape_text("<img src=x> **b** [l](u) $x$ :smile: `c`")
    for raw in ("<", ">", "*", "[", "]", "$", ":", "`"):
        assert raw not in escaped
