"""One error shape: located problems, collected, printed one per line."""

from __future__ import annotations

import pytest

from options.errors import Collector, InputError, Problem, Reason, moved


def test_problem_line_with_and_without_location():
    assert Problem("c.csv", 7, "amount", "x", Reason.NOT_A_NUMBER, "bad").line() == (
        "c.csv:7:amount: bad"
    )
    assert Problem("c.csv", None, None, None, Reason.EMPTY_FILE, "empty").line() == (
        "c.csv:-:-: empty"
    )


def test_lines_stop_at_the_limit_and_count_the_rest():
    problems = [Problem("f", i, "a", str(i), Reason.NOT_A_NUMBER, f"m{i}") for i in range(2, 152)]
    lines = InputError(problems).lines()
    assert len(lines) == 101 and lines[-1] == "… and 50 more problems"
    assert InputError(problems[:3]).lines() == ["f:2:a: m2", "f:3:a: m3", "f:4:a: m4"]


def test_identical_problems_in_many_rows_are_one_line_at_the_first_row():
    """26 rows of 'Capitl' (rows 2–27) and one of 'Revnue' (row 28): two lines; the
    group keeps the file:row:column shape, with every row kept as data."""
    message = "'{}' is not a category: use capex, opex"
    problems = [
        Problem("c.csv", r, "category", "Capitl", Reason.UNKNOWN_CATEGORY, message.format("Capitl"))
        for r in range(2, 28)
    ]
    problems.append(
        Problem(
            "c.csv", 28, "category", "Revnue", Reason.UNKNOWN_CATEGORY, message.format("Revnue")
        )
    )
    error = InputError(problems)
    assert error.lines() == [
        "c.csv:2:category: 'Capitl' is not a category — 26 rows: 2–27; use capex, opex",
        "c.csv:28:category: 'Revnue' is not a category: use capex, opex",
    ]
    assert error.problems[0].rows == tuple(range(2, 28)) and error.problems[1].rows == ()


def test_rows_in_runs_and_problems_without_rows_never_grouped():
    lost = Problem("s.json", None, "name", None, Reason.MISSING_KEY, "name is required")
    assert len(InputError([lost, lost]).problems) == 2
    bad = [
        Problem("c.csv", r, "year", "x", Reason.NOT_AN_INTEGER_YEAR, "bad") for r in (9, 4, 5, 6)
    ]
    assert InputError(bad).lines() == ["c.csv:4:year: bad — 4 rows: 4–6, 9"]


def test_collector_raises_everything_at_once():
    out = Collector("s.json")
    out.raise_if_any()  # nothing yet
    out.add(Reason.MISSING_KEY, "name is required", column="name")
    out.add(Reason.OUT_OF_RANGE, "too big", column="money_weight", value=3)
    with pytest.raises(InputError) as excinfo:
        out.raise_if_any()
    assert [p.reason for p in excinfo.value.problems] == [Reason.MISSING_KEY, Reason.OUT_OF_RANGE]
    assert excinfo.value.problems[1].value == "3"
    assert "and 1 more problems" in str(excinfo.value)


def test_an_input_error_needs_a_problem():
    with pytest.raises(ValueError):
        InputError([])


def test_a_group_is_never_grouped_again_and_moves_with_its_rows():
    """Wrapping grouped problems in a new InputError (a workbook's merged-cell notes, the
    table editor's row numbers) keeps one '— 3 rows' clause; moved by −1, the table's
    rows 1–3 are said, not the file's 2–4."""
    bad = [Problem("c", r, "category", "x", Reason.UNKNOWN_CATEGORY, "'x' is bad: use y")
           for r in (2, 3, 4)]  # fmt: skip
    once = InputError(bad)
    again = InputError(once.problems)
    assert again.lines() == once.lines() == ["c:2:category: 'x' is bad — 3 rows: 2–4; use y"]
    assert [moved(p, -1).line() for p in again.problems] == [
        "c:1:category: 'x' is bad — 3 rows: 1–3; use y"
    ]
