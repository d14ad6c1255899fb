"""One error shape: located problems, collected, printed one per line."""

from __future__ import annotations

import pytest

from options.errors import Collector, InputError, Problem, Reason


def test_problem_line_with_and_without_location():
    assert Problem("c.csv", 7, "amount", "x", Reason.NOT_A_NUMBER, "bad").line() == (
        "c.csv:7:amount: bad"
    )
    assert Problem("c.csv", None, None, None, Reason.EMPTY_FILE, "empty").line() == (
        "c.csv:-:-: empty"
    )


def test_lines_stop_at_the_limit_and_count_the_rest():
    problems = [Problem("f", i, "a", None, Reason.NOT_A_NUMBER, "m") for i in range(2, 152)]
    lines = InputError(problems).lines()
    assert len(lines) == 101 and lines[-1] == "… and 50 more problems"
    assert InputError(problems[:3]).lines() == ["f:2:a: m", "f:3:a: m", "f:4:a: m"]


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
