"""The data rows of a cost file, cell by cell, into a validated tidy frame and cost lines.

:class:`_Cells` parses each data row below the header (text once per row, one
record per amount) into a frame of one row per line and year, collecting every
cell that cannot be parsed. A pandera schema, validated lazily, then checks the
words (:data:`_MESSAGES` words each failure), and the rows that read meet the
cost-line rules every loader shares (:mod:`options.cost_rules`). Every problem
names the user's row, column header and value as written.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from functools import partial

import numpy as np
import pandas as pd
import pandera.pandas as pa

from options.cell_values import _amount, _Bad, _blank, _Formula, _text
from options.cost_file import FRAME_COLUMNS, _Where
from options.cost_rules import Setting, line_rules, setting_rules
from options.errors import Collector, Problem, Reason
from options.header import _Header
from options.model import Basis, Category, CostLine
from options.synonyms import ZERO_WORDS, category_synonym, unit_of
from options.text import fold, fold_words
from options.years import START, long_year

_TEXT = ("option", "line", "category", "basis", "module", "notes", "source", "optimism_bias")
_AMBIGUOUS = re.compile(r"[(£+-]*\d{1,3},\d{3}\)?")  # 1,240 in a file whose decimal mark is ,
_FLAGS = {
    "": True,
    "true": True,
    "yes": True,
    "y": True,
    "1": True,
    "false": False,
    "no": False,
    "n": False,
    "0": False,
}
_CATEGORIES = Category.values()
_NO_VALUE = "is a formula saved without its value: open the workbook in Excel, save it, try again"


class _Cells:
    """Parses data rows into the normalised frame, collecting problems as it goes.

    Text and multipliers are kept once per row; each amount is a record pointing
    at its row, so a wide row of forty years parses its text once.
    """

    def __init__(
        self,
        header: _Header,
        decimal_comma: bool,
        text_file: bool,
        out: Collector,
        warn: Collector | None = None,
        convention: str = START,
    ):
        self.h, self.comma, self.text_file, self.out = header, decimal_comma, text_file, out
        self.convention = convention
        self.warn = warn if warn is not None else Collector(out.file)
        self.rows: dict[int, tuple[object, ...]] = {}
        self.reported: set[tuple[int, int]] = set()  # (row, cell index) already reported
        self.per_row: dict[str, list[object]] = {k: [] for k in (*_TEXT, "low", "high", "_row")}
        self.records: list[tuple[int, object, object, int]] = []  # (row position, year, £, col)
        self.zero_rows: list[int] = []  # rows with n/a, nil or a dash read as 0
        self.notes: list[str] = []
        self.lines: tuple[CostLine, ...] | None = None  # every row's line, once all read
        self._at: tuple[pd.DataFrame, np.ndarray, np.ndarray] | None = None  # :meth:`where`

    def cell(self, row: int, i: int, parse: Callable[[object], object]) -> object:
        """Parse cell ``i`` of ``row``; on failure record the problem and return None."""
        cell = self.rows[row][i] if i < len(self.rows[row]) else None
        try:
            if isinstance(cell, _Formula):
                raise _Bad(Reason.FORMULA_WITHOUT_VALUE, _NO_VALUE)
            return parse(cell)
        except _Bad as bad:
            column, value = self.h.titles[i], _text(cell)
            self.out.add(bad.reason, bad.message, row=row, column=column, value=value)
            self.reported.add((row, i))
            return None

    def add(self, row: int, cells: tuple[object, ...]) -> None:
        """One data row: one record, or one per non-blank year cell when wide."""
        self.rows[row], f, position = cells, self.h.fields, len(self.per_row["_row"])
        self._check_width(row, cells)
        for k in _TEXT:
            self.per_row[k].append((self.cell(row, f[k], _text) if k in f else "") or "")
        for k in ("low", "high"):
            self.per_row[k].append(self.cell(row, f[k], self.number) if k in f else None)
        self.per_row["_row"].append(row)
        factor = self._factor(row)
        if self.h.layout == "long":
            year = self.cell(row, f["year"], self.year)
            amount = self._money(row, f["amount"], self.amount, factor)
            self.records.append((position, year, amount, f["amount"]))
        for i, year in self.h.years.items():
            if i < len(cells) and not _blank(cells[i]):
                self.records.append((position, year, self._money(row, i, self.number, factor), i))

    def _money(self, row: int, i: int, parse: Callable[[object], object], factor: float) -> object:
        """An amount cell in £: parsed, times the row's unit; n/a, nil and dashes counted,
        and a decimal-comma number that reads as thousands warned about."""
        value = self.cell(row, i, parse)
        text = _text(self.rows[row][i]) if i < len(self.rows[row]) else ""
        if value == 0.0 and text.lower() in ZERO_WORDS:
            self.zero_rows.append(row)
        if self.comma and _AMBIGUOUS.fullmatch(text):
            plain = text.replace(",", "")
            message = (
                f"'{text}' was read as {value:g}: this file uses the comma as its decimal "
                f"mark; if it means {plain}, write it without the comma"
            )
            column = self.h.titles[i]
            self.warn.add(Reason.AMBIGUOUS_NUMBER, message, row=row, column=column, value=text)
        return value * factor if isinstance(value, float) else value

    def _factor(self, row: int) -> float:
        """£ per unit of this row's amounts: its ``unit`` cell, else the file's, else 1."""
        stated = self.h.unit
        if "unit" not in self.h.fields:
            return stated.factor if stated else 1.0
        i = self.h.fields["unit"]
        text = _text(self.rows[row][i]) if i < len(self.rows[row]) else ""
        if not text:
            return stated.factor if stated else 1.0
        unit = unit_of(text)
        column = self.h.titles[i]
        if unit is None:
            message = f"'{text}' is not a unit: use £, £k or £m (blank takes the file's unit)"
            self.out.add(Reason.UNKNOWN_UNIT, message, row=row, column=column, value=text)
        elif stated is not None and unit != stated:
            message = (
                f"says {unit.label}, but {self.h.unit_where} says {stated.label}: make them agree"
            )
            self.out.add(Reason.UNIT_CONFLICT, message, row=row, column=column, value=text)
        return unit.factor if unit is not None else 1.0

    def _check_width(self, row: int, cells: tuple[object, ...]) -> None:
        """In CSV, cells right of the header are most likely an unquoted ``1,200``."""
        width = max(self.h.titles) + 1
        if self.text_file and not all(_blank(c) for c in cells[width:]):
            message = 'has more cells than the header has columns: quote amounts such as "1,200"'
            self.out.add(Reason.EXTRA_CELLS, message, row=row, value=_text(cells[width]))

    def year(self, cell: object) -> int:
        return long_year(cell, self.convention)

    def number(self, cell: object) -> float | None:
        return _amount(cell, self.comma)

    def amount(self, cell: object) -> float:
        """A long file's amount: a blank is an error, not zero."""
        if (amount := _amount(cell, self.comma)) is None:
            raise _Bad(Reason.NOT_A_NUMBER, "amount is empty: write 0 or delete the row")
        return amount

    def frame(self) -> pd.DataFrame:
        """Failed text cells as ``""``, failed numbers as NaN; ``_row``, ``_col`` locate.

        Category words of budgeting (``Revenue``, ``CDEL``) become the categories they
        stand for, each reading said in a note; n/a, nil and dashes read as 0 likewise.
        """
        per_row = pd.DataFrame({k: self.per_row[k] for k in (*_TEXT, "_row")})
        per_row["basis"] = per_row["basis"].replace("", "real")
        read = {t: c for t in per_row["category"].unique() if (c := category_synonym(t))}
        for text, category in read.items():
            n = int((per_row["category"] == text).sum())
            self.notes.append(f"Read '{text}' as {category.value} ({n} row{'s' * (n > 1)}).")
        per_row["category"] = per_row["category"].replace({t: c.value for t, c in read.items()})
        if self.zero_rows:
            rows = sorted(set(self.zero_rows))
            listed = ", ".join(map(str, rows[:10])) + (" …" if len(rows) > 10 else "")
            self.notes.append(f"Read n/a, nil or a dash as 0 in row(s) {listed}.")
        for k in ("low", "high"):
            per_row[k] = np.array(self.per_row[k], dtype=float)
        columns = [list(c) for c in zip(*self.records, strict=True)] or [[], [], [], []]
        frame = per_row.take(columns[0]).reset_index(drop=True)
        frame["year"] = pd.array(columns[1], dtype="Int64")
        frame["amount"] = np.array(columns[2], dtype=float)
        frame["_col"] = np.array(columns[3], dtype=int)
        return frame

    def where(self, column: str, index: int, frame: pd.DataFrame) -> tuple[int, int, str]:
        """Row, cell index and value as written of one frame cell (wide years: the header).

        The frame's row and cell columns are taken out once per frame: a file of 200,000
        repeated rows asks for 200,000 places (taken out at each call, they doubled its time).
        """
        if self._at is None or self._at[0] is not frame:
            self._at = frame, frame["_row"].to_numpy(np.int64), frame["_col"].to_numpy(np.int64)
        row, col = int(self._at[1][index]), int(self._at[2][index])
        if column == "year" and self.h.layout == "wide":
            return self.h.row, col, self.h.titles[col]
        i = col if column == "amount" else self.h.fields.get(column, self.h.fields["line"])
        return row, i, _text(self.rows[row][i] if i < len(self.rows[row]) else None)

    def where_lines(self, frame: pd.DataFrame) -> _Where:
        """Where each line was written, for :attr:`CostFile._where`."""
        h = self.h
        column = h.titles[h.fields["year"]] if "year" in h.fields else ""
        titles = {year: h.titles[i] for i, year in h.years.items()}
        fields = {k: h.titles[i] for k, i in h.fields.items()}
        return _Where(frame["_row"].to_numpy(np.int64), h.row, column, titles, fields)


def _folds_to(texts: pd.Series, allowed: Sequence[str]) -> pd.Series:
    """Which texts :func:`~options.text.fold` to an allowed word; each distinct text once."""
    return texts.isin([t for t in texts.unique() if fold(t) in allowed])


def _schema() -> pa.DataFrameSchema:
    """Per-cell rules of the words in the frame; each check's name keys ``_MESSAGES``.
    (Numbers meet the cost-line rules, :mod:`options.cost_rules`, as lines.)"""
    FLAGS = tuple(_FLAGS)  # noqa: N806
    text = pa.Check(lambda s: s.str.len() > 0, name="empty_text")
    number = partial(pa.Column, float, nullable=True)
    return pa.DataFrameSchema(
        {
            "option": pa.Column(str, text),
            "line": pa.Column(str, text),
            "category": pa.Column(str, pa.Check(lambda s: _folds_to(s, _CATEGORIES), name="cat")),
            "basis": pa.Column(str, pa.Check(lambda s: _folds_to(s, Basis.values()), name="basis")),
            "year": pa.Column("Int64", nullable=True),
            "amount": number(),
            "low": number(),
            "optimism_bias": pa.Column(str, pa.Check(lambda s: _folds_to(s, FLAGS), name="flag")),
            "high": number(),
        }
    )


_MESSAGES: dict[str, tuple[Reason, str]] = {
    "empty_text": (Reason.EMPTY_TEXT, "is empty: every row needs an option and a line name"),
    "cat": (Reason.UNKNOWN_CATEGORY, "'{v}' is not a category: use " + ", ".join(_CATEGORIES)),
    "basis": (Reason.UNKNOWN_VALUE, "'{v}' is not a basis: use real or nominal (blank is real)"),
    "flag": (
        Reason.UNKNOWN_VALUE,
        "'{v}' is not true or false (blank means true: the line "
        "gets the option's optimism-bias uplift)",
    ),
}


def _failures(frame: pd.DataFrame, schema: pa.DataFrameSchema) -> list[tuple[str, str, int]]:
    """(column, check name, frame index) of every failure of a lazy validation."""
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases[["column", "check", "index"]].itertuples(index=False)
        return [(str(column), str(check), int(index)) for column, check, index in cases]
    return []


def _check_cells(cells: _Cells, frame: pd.DataFrame, base: int | None) -> None:
    """The words by the schema, each failure at its cell; then the cost-line rules
    (:mod:`options.cost_rules`: amounts, multipliers, whole-line settings, repeated rows,
    and with a base year the horizon) on every row whose cells all read, at their cells."""
    for column, check, index in _failures(frame, _schema()):
        row, i, value = cells.where(column, index, frame)
        reason, message = _MESSAGES[check]
        if (row, i) not in cells.reported:
            text = message.format(v=value, base=base)
            cells.out.add(reason, text, row=row, column=cells.h.titles[i], value=value)
    failed = {p.row for p in cells.out.problems}
    read = frame[frame["year"].notna() & frame["amount"].notna()].copy()
    for k, allowed, stand_in in (("category", _CATEGORIES, "opex"),
                                 ("basis", Basis.values(), "real"),
                                 ("optimism_bias", tuple(_FLAGS), "")):  # fmt: skip
        read.loc[~_folds_to(read[k], allowed), k] = stand_in  # reported above; the rest checked
    lines, at, rows = _lines(read), read.index.to_numpy(), read["_row"].to_numpy()
    cells.lines = lines if len(read) == len(frame) and not failed else None
    broken = line_rules(lines, fold_words, (~read["_row"].isin(failed)).tolist())
    broken += [] if base is None else setting_rules(lines, Setting(base))
    for b in broken:
        row, i, value = cells.where(b.field, int(at[b.index]), frame)
        message = b.text(lambda k: f"row {rows[k]}")
        cells.out.add(b.reason, message, row=row, column=cells.h.titles[i], value=value)


def _lines(frame: pd.DataFrame) -> tuple[CostLine, ...]:
    """Cost lines of a frame that passed every check, built column by column."""
    kinds: dict[str, type[Category] | type[Basis]] = {"category": Category, "basis": Basis}
    enums = {k: {t: e.from_text(t) for t in frame[k].unique()} for k, e in kinds.items()}
    column = {k: (frame[k].map(enums[k]) if k in enums else frame[k]).tolist() for k in frame}
    for k in ("low", "high"):
        column[k] = [None if math.isnan(x) else x for x in column[k]]
    column["module"] = [m or None for m in column["module"]]
    column["optimism_bias"] = [_FLAGS[fold(x)] for x in column["optimism_bias"]]
    rows = zip(*(column[k] for k in FRAME_COLUMNS), strict=True)
    return tuple(CostLine(**dict(zip(FRAME_COLUMNS, row, strict=True))) for row in rows)


def _tidy(problems: list[Problem], order: dict[str, int] | None = None) -> list[Problem]:
    """Without repeats (a wide row's bad category once); file-level first, then by cell."""
    place = order or {}
    return sorted(
        dict.fromkeys(problems), key=lambda p: (p.row or -1, place.get(p.column or "", -1))
    )
