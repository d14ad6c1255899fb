"""The tornado chart and the sensitivity tables, from frames whose figures are set by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from appraisal.appraise import appraise
from appraisal.weight_sets import weight_set_table
from options.examples import load_example
from report.charts.sensitivity import TOP, fig_tornado, tornado_table, tornado_title
from report.sensitivity import weight_sets_frame


@pytest.fixture(scope="module")
def results():
    return appraise(load_example(), draws=20)


def frame(rows: list[tuple[str, float, float]], base: float = 1e6) -> pd.DataFrame:
    """Tornado rows (label, difference at the low end, at the high end), largest swing first."""
    out = pd.DataFrame(
        [{"input": f"cost:x{i}:opex", "label": label, "short": label, "kind": "multiplier",
          "low": 0.5, "high": 1.5, "at_low": lo, "at_high": hi, "base": base,
          "swing": abs(hi - lo), "range_source": "±50%"}
         for i, (label, lo, hi) in enumerate(rows)]
    )  # fmt: skip
    return out.sort_values("swing", ascending=False).reset_index(drop=True)


def test_bars_run_from_the_base_case_to_each_end(results):
    """A driver at −£1m and +£3m about a £1m base: bars of −2 and +2 (£m) from base 1."""
    f = frame([("Big", -1e6, 3e6), ("Small", 0.5e6, 1.5e6), ("Flat", 1e6, 1e6)])
    fig = fig_tornado(results, f, "flex", "in-house")
    low, high = fig.data
    assert list(low.y)[::-1] == ["Big", "Small"]  # the zero swing is left out; largest on top
    assert list(low.x)[::-1] == [-2.0, -0.5] and list(high.x)[::-1] == [2.0, 0.5]
    assert low.base == 1.0 and high.marker.pattern.shape == "/"
    assert "can reverse" in fig.layout.title.text  # −£1m at the low end: the order flips


def test_title_when_nothing_flips_and_when_nothing_moves():
    f = frame([("Big", 0.5e6, 1.5e6)])
    assert (
        tornado_title(f, "A", "B")
        == "Big moves most, not enough to reverse, the difference between A and B"
    )
    assert tornado_title(frame([("Flat", 1e6, 1e6)]), "A", "B").startswith("No input moves")


def test_at_most_top_bars_and_user_text_escaped(results):
    f = frame([(f"<script>{i}</script>", 0.0, float(i + 1) * 1e6) for i in range(TOP + 5)])
    fig = fig_tornado(results, f, "flex", "in-house")
    assert len(fig.data[0].y) == TOP
    assert all("<script>" not in y for y in fig.data[0].y)


def test_table_has_every_input_in_pounds_millions(results):
    f = frame([("Big", -1e6, 3e6), ("Flat", 1e6, 1e6)])
    table = tornado_table(results, f, "flex", "in-house")
    assert list(table["Swing (£m)"]) == [4.0, 0.0]
    assert table.columns[3].startswith("Join Public Sector Flex (Fujitsu) less Keep in-house")


def test_weight_sets_side_by_side():
    """The example's Board set is the current weights: the same scores (in-house 68.5, as
    worked in tests/unit/options/test_examples.py's weight-set test)."""
    s = load_example()
    from appraisal.appraise import prepare

    table = weight_sets_frame(weight_set_table(s, prepare(s).value))
    assert list(table.columns) == ["Option", "Current weights", "Management", "PCS union", "Board"]
    assert table.loc[0, "Board"] == table.loc[0, "Current weights"] == "score 68.5 · rank 2 overall"
    assert table.iloc[-1]["PCS union"] == "Do minimum (in-house, sweat assets)"
