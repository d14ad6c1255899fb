"""One error shape for every input a user can get wrong.

Validation collects every :class:`Problem` before raising one :class:`InputError`
(the pandera way), so a user fixes a file in one pass. ``row`` is the row a
spreadsheet shows (header = row 1, first data row = row 2); file-level problems
have no row or column and print as ``file:-:-: message``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import Enum


class Reason(Enum):
    """Reason codes that tests and front ends can rely on."""

    EMPTY_FILE = "empty_file"
    FILE_TOO_LARGE = "file_too_large"
    TOO_MANY_ROWS = "too_many_rows"
    UNREADABLE = "unreadable"
    UNKNOWN_SHEET = "unknown_sheet"
    FORMULA_WITHOUT_VALUE = "formula_without_value"
    MISSING_COLUMN = "missing_column"
    DUPLICATE_COLUMN = "duplicate_column"
    MISSING_KEY = "missing_key"
    WRONG_TYPE = "wrong_type"
    UNSUPPORTED_SCHEMA = "unsupported_schema"
    UNKNOWN_CATEGORY = "unknown_category"
    UNKNOWN_VALUE = "unknown_value"
    NOT_A_NUMBER = "not_a_number"
    NOT_FINITE = "not_finite"
    AMOUNT_TOO_LARGE = "amount_too_large"
    NOT_AN_INTEGER_YEAR = "not_an_integer_year"
    YEAR_BEFORE_BASE = "year_before_base"
    YEAR_OUT_OF_RANGE = "year_out_of_range"
    BAD_YEAR_HEADER = "bad_year_header"
    DUPLICATE_ROW = "duplicate_row"
    DUPLICATE_ID = "duplicate_id"
    UNKNOWN_OPTION = "unknown_option"
    EMPTY_TEXT = "empty_text"
    PROBABILITY_OUT_OF_RANGE = "probability_out_of_range"
    IMPACT_ORDER = "impact_order"
    NEGATIVE_VALUE = "negative_value"
    OUT_OF_RANGE = "out_of_range"
    NEGATIVE_WEIGHT = "negative_weight"
    ZERO_WEIGHTS = "zero_weights"
    SCORE_OUT_OF_RANGE = "score_out_of_range"
    MISSING_SCORE = "missing_score"
    UNKNOWN_DISCOUNTING = "unknown_discounting"
    DEFLATOR_MISSING_YEAR = "deflator_missing_year"
    ENERGY_MISSING_YEAR = "energy_missing_year"
    NO_OPTIONS = "no_options"
    EXTRA_CELLS = "extra_cells"
    MERGED_CELLS = "merged_cells"
    UNIT_CONFLICT = "unit_conflict"
    UNKNOWN_UNIT = "unknown_unit"
    PERCENT_AMOUNT = "percent_amount"
    LOW_AMOUNTS = "low_amounts"
    AMBIGUOUS_NUMBER = "ambiguous_number"
    SIMILAR_OPTION = "similar_option"
    SUBTOTAL = "subtotal"
    STRAY_YEAR = "stray_year"
    OUTLIER = "outlier"
    HIDDEN_ROW = "hidden_row"
    YEAR_GAP = "year_gap"
    YEAR_CONVENTION = "year_convention"
    BAD_DATE = "bad_date"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with one input, located as the user sees it.

    Parameters
    ----------
    file : str
        The file's name as the user gave it (or ``"scenario"`` for an in-memory one).
    row : int or None
        Spreadsheet row (header = 1); ``None`` for file-level and JSON problems.
    column : str or None
        Column header as the user wrote it, or a JSON path such as ``costs[3].amount``.
    value : str or None
        The offending value as written.
    reason : Reason
        Machine-readable code.
    message : str
        Plain-English explanation and, where possible, the fix.
    rows : tuple of int
        When the same problem stands in several rows (:func:`grouped`), every one of
        them; ``row`` is the first. Empty for a problem in one place.
    path : tuple of str and int
        A scenario document's problem: its place as keys and list indices (the
        ``column`` written as keys), so a front end can place it without reading text.
    """

    file: str
    row: int | None
    column: str | None
    value: str | None
    reason: Reason
    message: str
    rows: tuple[int, ...] = ()  # every row of a group of identical problems (:func:`grouped`)
    path: tuple[str | int, ...] = ()  # a JSON problem's place as keys: ("costs", 3, "high")
    plain: str = ""  # a group's message as each of its rows had it (:func:`grouped`)

    def line(self) -> str:
        """``file:row:column: message``, the CLI's one line per problem.

        >>> Problem("costs.csv", 4, "amount", "abc", Reason.NOT_A_NUMBER, "not a number").line()
        'costs.csv:4:amount: not a number'
        """
        row = "-" if self.row is None else str(self.row)
        column = "-" if not self.column else self.column
        return f"{self.file}:{row}:{column}: {self.message}"


def row_ranges(rows: Iterable[int], limit: int = 8) -> str:
    """Rows as runs: ``2–27``, ``4, 9–11``; after ``limit`` runs, ``…``.

    >>> row_ranges([2, 3, 4, 9, 11, 12]), row_ranges(range(2, 40, 2), limit=3)
    ('2–4, 9, 11–12', '2, 4, 6, …')
    """
    runs: list[list[int]] = []
    for r in sorted(set(rows)):
        if runs and r == runs[-1][1] + 1:
            runs[-1][1] = r
        else:
            runs.append([r, r])
    text = [f"{a}" if a == b else f"{a}–{b}" for a, b in runs]
    return ", ".join(text[:limit] + ["…"] * (len(text) > limit))


def grouped(problems: Iterable[Problem]) -> tuple[Problem, ...]:
    """Identical problems in several rows (same file, column, value, reason and message)
    as one, at the first row, its message naming them all: a misspelt category down a
    column is one line, not 26 (``'Capitl' is not a category — 26 rows: 2–27; use …``).

    The count and rows go after the clause naming the value, before the fix; every row
    is kept in :attr:`Problem.rows`. Problems without a row are never grouped.

    >>> p = [Problem("c.csv", r, "category", "Capitl", Reason.UNKNOWN_CATEGORY,
    ...              "'Capitl' is not a category: use capex, opex") for r in (2, 3, 4)]
    >>> [q.line() for q in grouped(p)]
    ["c.csv:2:category: 'Capitl' is not a category — 3 rows: 2–4; use capex, opex"]
    """
    found: dict[tuple[object, ...], list[Problem]] = {}
    for i, p in enumerate(problems):
        alone = p.row is None or bool(p.rows)  # a group already made is kept as it is
        key = (i,) if alone else (p.file, p.column, p.value, p.reason, p.message)
        found.setdefault(key, []).append(p)
    out = []
    for same in found.values():
        first = same[0]
        rows = tuple(sorted({p.row for p in same if p.row is not None}))
        if first.rows or len(rows) < 2:
            out.extend(same[:1])
            continue
        out.append(Problem(first.file, rows[0], first.column, first.value, first.reason,
                           _group_message(first.message, first.value, rows), rows,
                           first.path, first.message))  # fmt: skip
    return tuple(out)


def _group_message(text: str, value: str | None, rows: tuple[int, ...]) -> str:
    """``text`` with the count and rows after the clause naming the value."""
    where, start = f" — {len(rows):,} rows: {row_ranges(rows)}", 0
    if value and value in text:
        start = text.index(value) + len(value)
    cut = min((i for i in (text.find(": ", start), text.find("; ", start)) if i >= 0),
              default=-1)  # fmt: skip
    return text + where if cut < 0 else f"{text[:cut]}{where}; {text[cut + 2 :]}"


def moved(p: Problem, by: int) -> Problem:
    """``p`` with its rows ``by`` rows on (a table numbered from 1, not from a header),
    a group's message written again for its new rows.

    >>> p = Problem("t", 2, "category", "x", Reason.UNKNOWN_CATEGORY, "'x' is bad")
    >>> [moved(q, -1).line() for q in grouped([p, replace(p, row=3)])]
    ["t:1:category: 'x' is bad — 2 rows: 1–2"]
    """
    if p.row is None:
        return p
    if not p.rows:
        return replace(p, row=p.row + by)
    rows = tuple(r + by for r in p.rows)
    return replace(p, row=rows[0], rows=rows, message=_group_message(p.plain, p.value, rows))


class InputError(ValueError):
    """Every problem found in one input, raised once; nothing was loaded.

    Identical problems in several rows are :func:`grouped` into one.
    """

    def __init__(self, problems: Iterable[Problem]):
        self.problems: tuple[Problem, ...] = grouped(problems)
        if not self.problems:
            raise ValueError("InputError needs at least one problem")
        first = self.problems[0].line()
        more = len(self.problems) - 1
        super().__init__(first if not more else f"{first} (and {more} more problems)")

    def lines(self, limit: int = 100) -> list[str]:
        """The first ``limit`` problems as lines, then ``… and K more problems``."""
        out = [p.line() for p in self.problems[:limit]]
        rest = len(self.problems) - limit
        if rest > 0:
            out.append(f"… and {rest} more problems")
        return out


class Collector:
    """Accumulates problems for one file; :meth:`raise_if_any` raises them together."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []

    def add(
        self,
        reason: Reason,
        message: str,
        *,
        row: int | None = None,
        column: str | None = None,
        value: object = None,
        path: tuple[str | int, ...] = (),
    ) -> None:
        text = None if value is None else str(value)
        self.problems.append(Problem(self.file, row, column, text, reason, message, path=path))

    def __bool__(self) -> bool:
        return bool(self.problems)

    def raise_if_any(self) -> None:
        if self.problems:
            raise InputError(self.problems)
