"""The slowest cost files within the limits, timed (``make fuzz`` only: each takes
seconds): 200,000 rows read, and 200,000 rows every one of which is a problem. Each
must finish, read or refused, in half the processor time the reading deadline allows.

Before :meth:`options.cells._Cells.where` took the frame's row and cell columns out once
a frame instead of once a problem, the second took 12.4 s of processor time; now 6.8 s.
"""

from __future__ import annotations

import time

import pytest
from hypothesis import settings

from options import deadline
from options.costs import MAX_ROWS, read_cost_file
from options.errors import InputError, Reason

pytestmark = pytest.mark.skipif(
    settings.get_current_profile_name() != "fuzz", reason="make fuzz only (seconds each)"
)
HEADER = "option,line,category,year,amount\n"


def timed(data: bytes) -> tuple[float, object]:
    """The processor seconds reading ``data`` took (what the deadline counts), and what
    it gave."""
    start = time.thread_time()
    try:
        result: object = read_cost_file(data, name="big.csv")
    except InputError as error:
        result = error
    return time.thread_time() - start, result


def test_the_largest_file_read_is_read_within_the_deadline():
    """200,000 rows: 5,000 lines of 40 years each, every amount its own."""
    rows = "".join(f"Flex,Line {i // 40},opex,{2008 + i % 40},{i}.5\n" for i in range(MAX_ROWS))
    took, result = timed((HEADER + rows).encode())
    assert not isinstance(result, InputError), result
    assert len(result.lines) == MAX_ROWS  # type: ignore[attr-defined]
    assert took < deadline.MAX_SECONDS / 2, took


def test_a_file_of_200000_repeated_rows_is_refused_within_the_deadline():
    """500 lines of 30 years, written over and over: every row after the first 15,000
    repeats one above it, each a problem (grouped into one a line and year)."""
    rows = "".join(
        f"Flex,Line {i % 500},opex,{2008 + i % 30},{i % 1000}.5\n" for i in range(MAX_ROWS)
    )
    took, result = timed((HEADER + rows).encode())
    assert isinstance(result, InputError)
    assert {p.reason for p in result.problems} == {Reason.DUPLICATE_ROW}
    assert took < deadline.MAX_SECONDS / 2, took
