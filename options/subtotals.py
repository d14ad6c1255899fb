"""Subtotal and total rows in a cost file: left out with a note, never added in.

Finance workbooks carry subtotal rows, often with a category, so adding every
row would double an option's costs. A row is a subtotal when it equals the sum of
a contiguous run of two or more rows directly above it in the same option (a
blank option counts as the block's), in every year column of a wide file or for
the same year in a long file, is not zero, and agrees within half a unit. Rows
already found to be subtotals are skipped over, so a grand total of subtotals is
found too. A row equal to one other row is never a subtotal (the run needs two
non-zero rows). A row whose line or option is the word total, subtotal or sum but
does not add up gets a warning, not a silent drop ("Total facilities management"
is a real line). Detection runs before validation, so a subtotal row with no
category is not an error.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from options.cell_values import Row, _amount, _Bad, _blank, _text
from options.cost_rules import MAX_AMOUNT
from options.header import _Header

TOLERANCE = 0.5  # within half a unit (of the last digit written)
_TOTAL_WORD = re.compile(r"\b(sub-?\s?totals?|totals?|sum)\b", re.I)
_GRAND = re.compile(r"(grand\s+)?(sub-?\s?)?totals?|sum|all options", re.I)  # an option


@dataclass(frozen=True, slots=True)
class _Block:
    """The figures of the data rows, for the search: option, year key and amounts."""

    option: list[str]  # each row's option, a blank taking the block's
    group: list[str]  # long: each row's year text (runs stay within one year); wide: ""
    values: np.ndarray  # (rows, columns) of amounts, blanks 0; NaN where unreadable
    tolerance: np.ndarray  # (rows,): half a unit of the last digit the row writes


def _keys(data: Sequence[Row], h: _Header) -> tuple[list[str], list[str]]:
    """Each row's option (a blank taking the block's) and year group (long files)."""
    f = h.fields
    option, group, last = [], [], ""
    for _, cells in data:
        text = _text(cells[f["option"]]) if f["option"] < len(cells) else ""
        last = text or last
        option.append(last)
        year = cells[f["year"]] if h.layout == "long" and f["year"] < len(cells) else ""
        group.append(_text(year))
    return option, group


def _figures(
    data: Sequence[Row], h: _Header, decimal_comma: bool, wanted: Sequence[bool]
) -> tuple[np.ndarray, np.ndarray]:
    """Amounts (rows × columns; blanks 0, NaN where unreadable) and half a unit of each
    row's last digit written; only the ``wanted`` rows are read (the others are 0)."""
    f = h.fields
    columns = [f["amount"]] if h.layout == "long" else list(h.years)
    values = np.zeros((len(data), len(columns)))
    tolerance = np.full(len(data), TOLERANCE)
    for r, (_, cells) in enumerate(data):
        if wanted[r]:
            written = [cells[i] if i < len(cells) else None for i in columns]
            values[r] = [_number(c, decimal_comma) for c in written]
            tolerance[r] *= min((_step(c, decimal_comma) for c in written), default=1.0)
    return values, tolerance


def _run_lengths(keys: Sequence[tuple[str, str]]) -> list[int]:
    """For each row, the length of the run of consecutive rows with its key.

    >>> _run_lengths([("a", ""), ("a", ""), ("b", ""), ("a", "")])
    [2, 2, 1, 1]
    """
    out: list[int] = []
    start = 0
    for r in range(1, len(keys) + 1):
        if r == len(keys) or keys[r] != keys[start]:
            out += [r - start] * (r - start)
            start = r
    return out


def _step(cell: object, decimal_comma: bool) -> float:
    """The unit of the last digit a cell writes: 1 for ``1,200``, 0.01 for ``3.25``.

    >>> _step("1,200", False), _step("3.25", False), _step(0.5, False), _step("1.200,5", True)
    (1.0, 0.01, 0.1, 0.1)
    """
    text = repr(round(cell, 6)) if isinstance(cell, float) else _text(cell)
    point = "," if decimal_comma and not isinstance(cell, float) else "."
    digits = text.rpartition(point)[2] if point in text else ""
    decimals = len(digits.rstrip(")")) if digits.rstrip(")").isdigit() else 0
    return 10.0**-decimals if not (isinstance(cell, float) and cell.is_integer()) else 1.0


def _number(cell: object, decimal_comma: bool) -> float:
    """A cell's figure for the sums; NaN (a row that breaks a run) for one that cannot be
    read or is beyond :data:`~options.cost_rules.MAX_AMOUNT` (both reported at the cell
    later), so that running sums of figures near 1e308 never overflow to infinity.

    >>> _number("1e308", False), _number("1,200", False), _number("", False)
    (nan, 1200.0, 0.0)
    """
    if _blank(cell):
        return 0.0
    try:
        value = _amount(cell, decimal_comma)
    except _Bad:
        return float("nan")
    if value is not None and not abs(value) <= MAX_AMOUNT:
        return float("nan")
    return 0.0 if value is None else value


class _Runs:
    """Running sums of the rows of a block that are not subtotals, bucketed for search."""

    def __init__(self, width: int):
        self.width = width
        self.sums, self.counts = [np.zeros(width)], [0]
        self.rows: list[int] = []  # the data position of each row added
        self.buckets: dict[int, list[int]] = {0: [0]}

    def ends_in(self, row: np.ndarray, tolerance: float) -> int | None:
        """The first row (data position) of a run ending here of two or more non-zero
        rows whose sum is ``row``: some earlier running sum differs from the current one
        by ``row``, within ``tolerance`` in every column (a row no larger than that is
        never a total); None when there is none."""
        if not np.any(np.abs(row) > 2 * tolerance):
            return None
        target = self.sums[-1] - row  # the running sum just before the run starts
        b = _bucket(target, self.width)
        near = [j for k in (b - 1, b, b + 1) for j in self.buckets.get(k, ())]
        return next(
            (
                self.rows[j]
                for j in sorted(near, reverse=True)  # the shortest run
                if self.counts[-1] - self.counts[j] >= 2
                and np.all(np.abs(self.sums[j] - target) <= tolerance)
            ),
            None,
        )

    def add(self, row: np.ndarray, position: int) -> None:
        self.sums.append(self.sums[-1] + row)
        self.counts.append(self.counts[-1] + int(np.any(row != 0)))
        self.rows.append(position)
        self.buckets.setdefault(_bucket(self.sums[-1], self.width), []).append(len(self.sums) - 1)


def find_subtotals(
    data: Sequence[Row], h: _Header, decimal_comma: bool, named: Sequence[bool]
) -> dict[int, int]:
    """Each subtotal and total row (its position in ``data``) and the first row it sums;
    ``named`` says which rows are named like a total (:func:`looks_like_total`).

    One pass with running sums per block of consecutive rows of one option (and, in
    a long file, one year): row ``r`` is a subtotal when some earlier running sum
    differs from the current one by exactly row ``r`` (within half a unit per column)
    over at least two non-zero rows. A row named like a total (its line or option
    the word total, subtotal or sum) may be off by half a unit for each row it adds
    as well as its own (figures rounded for display, then added). A row whose option
    is itself a total (``Total``, ``Grand total``) is compared with every row above
    it, whatever their options. In a long file, a line named like a total is also
    found when each of its rows is the sum of the rows above it of the same option
    and year (since that line's previous row), however the file is sorted.
    Candidates are found by the rounded sum across columns, so a file of 200,000
    rows is checked in linear time; a run of fewer than three rows of one key cannot
    hold a subtotal, so (without a total row) its amounts are not even read.
    """
    option, group = _keys(data, h)
    grand = any(_GRAND.fullmatch(o.strip()) for o in option)
    lengths = _run_lengths(list(zip(option, group, strict=True)))
    every_row = grand or (h.layout == "long" and any(named))  # once: 200,000 rows are read
    wanted = [every_row or n >= 3 for n in lengths]
    if not any(wanted):
        return {}
    b = _Block(option, group, *_figures(data, h, decimal_comma, wanted))
    width = max(1, b.values.shape[1])
    found: dict[int, int] = {}
    key: tuple[str, str] | None = None
    block, every = _Runs(width), dict[str, _Runs]()  # every: all options, by year group
    for r in range(len(data)):
        if not wanted[r]:
            key = None
            continue
        row = b.values[r]
        overall = every.setdefault(b.group[r], _Runs(width))
        if _GRAND.fullmatch(b.option[r].strip()):
            slack = b.tolerance[r] * (1 + overall.counts[-1])
            if np.isfinite(row).all() and (first := overall.ends_in(row, slack)) is not None:
                found[r] = first
            key = None
            continue
        if (b.option[r], b.group[r]) != key:  # a new block: nothing above it counts
            key, block = (b.option[r], b.group[r]), _Runs(width)
        if not np.isfinite(row).all():
            key = None  # an unreadable row breaks the run (its cell is reported later)
            continue
        slack = b.tolerance[r] * (1 + block.counts[-1] if named[r] else 1)
        if (first := block.ends_in(row, slack)) is not None:
            found[r] = first
            continue  # a subtotal is not added to the running sums
        block.add(row, r)
        overall.add(row, r)
    if h.layout == "long":
        found |= _named_long_totals(data, h, b, named, found)
    return found


def _named_long_totals(
    data: Sequence[Row], h: _Header, b: _Block, named: Sequence[bool], found: dict[int, int]
) -> dict[int, int]:
    """The rows of each line named like a total in a long file whose every row is the
    sum of the rows above it of its option and year since the line's previous row (two
    or more rows in some year), and the first row each sums."""
    since: dict[tuple[str, str], list[int]] = {}  # (option, year) -> rows not yet totalled
    lines: dict[tuple[str, str], list[tuple[int, list[int]]]] = {}
    line_at = h.fields["line"]
    for r, (_, cells) in enumerate(data):
        key = (b.option[r], b.group[r])
        if r in found or not np.isfinite(b.values[r]).all():
            continue
        if not named[r]:
            since.setdefault(key, []).append(r)
            continue
        name = _text(cells[line_at]) if line_at < len(cells) else ""
        lines.setdefault((b.option[r], name), []).append((r, since.pop(key, [])))
    out: dict[int, int] = {}
    for rows in lines.values():
        adds_up = all(
            parts and abs(b.values[r].sum() - b.values[parts].sum()) <= b.tolerance[r] * (
                1 + len(parts)) for r, parts in rows
        )  # fmt: skip
        if adds_up and any(len(parts) >= 2 for _, parts in rows):
            out |= {r: parts[0] for r, parts in rows}
    return out


def _bucket(total: np.ndarray, width: int) -> int:
    return int(np.floor(total.sum() / width))


def looks_like_total(cells: tuple[object, ...], h: _Header) -> bool:
    """Whether a row's line or option is the word total, subtotal or sum."""
    f = h.fields
    return any(_named_total(_text(cells[f[k]])) for k in ("line", "option") if f[k] < len(cells))


@lru_cache(maxsize=1 << 16)  # a file of 200,000 rows repeats a few thousand names
def _named_total(text: str) -> bool:
    return bool(_TOTAL_WORD.search(text))
