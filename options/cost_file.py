"""What reading a cost file gives: its cost lines, its notes, and where each line was.

:class:`CostFile` is the result of :func:`~options.costs.read_cost_file` and
:func:`~options.costs.read_cost_table`. It remembers each line's row and year
cell, so that checks made later, once the lines meet a scenario
(:func:`~options.merge.merge_costs`), still point at the cells the user wrote.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from options.errors import Problem
from options.model import CostLine

FRAME_COLUMNS: tuple[str, ...] = ("option", "line", "category", "year", "amount", "basis")
FRAME_COLUMNS += ("module", "low", "high", "notes", "source", "optimism_bias")


@dataclass(frozen=True, slots=True)
class _Where:
    """Where the lines of a cost file were written, for problems found after reading."""

    rows: np.ndarray  # spreadsheet row of each line
    header: int  # the header's row
    column: str  # long: the year column's header
    titles: dict[int, str]  # wide: year -> its column's header
    fields: dict[str, str] = field(default_factory=dict)  # field -> its column's header

    def year(self, index: int, year: int) -> tuple[int, str, str]:
        """Row, column header and value of line ``index``'s year (wide: the header)."""
        if self.titles:
            return self.header, self.titles[year], self.titles[year]
        return int(self.rows[index]), self.column, str(year)

    def cell(self, index: int, line: CostLine, name: str) -> tuple[int, str, str]:
        """Row, column header and value of field ``name`` of line ``index``: the year
        cell for the year, the amount's cell for the amount (wide: the year's column),
        else the field's own column (or the line's, for a field the file has no column for)."""
        if name == "year":
            return self.year(index, line.year)
        value = getattr(line, name)
        shown = str(getattr(value, "value", value))
        if name == "amount":
            column = self.titles.get(line.year, "") if self.titles else self.fields["amount"]
        else:
            column = self.fields.get(name, self.fields.get("line", name))
        return int(self.rows[index]), column, shown


@dataclass(frozen=True, slots=True)
class CostFile:
    """A cost file read and validated; ``CostLine.option`` is the text as written.

    ``_where`` keeps each line's row and year cell, so that later checks
    (:func:`~options.merge.merge_costs`) still point at the cells.
    """

    file: str
    layout: str
    lines: tuple[CostLine, ...]
    notes: tuple[str, ...]
    sheet: str | None
    _where: _Where | None = field(default=None, repr=False, compare=False)
    warnings: tuple[Problem, ...] = ()  # read, but the user must see and accept these
    unit: str | None = None  # the unit the file (or the caller) stated; None: none, read as £
    stray: tuple[int, ...] = ()  # years far outside the others' span (a warning each)

    def frame(self) -> pd.DataFrame:
        """Tidy long view: one row per line and year, category and basis as text."""
        data = {k: [getattr(c, k) for c in self.lines] for k in FRAME_COLUMNS}
        data["category"] = [c.category.value for c in self.lines]
        data["basis"] = [c.basis.value for c in self.lines]
        types = {"year": "int64", "amount": "float64", "low": "float64", "high": "float64"}
        return pd.DataFrame(data, columns=list(FRAME_COLUMNS)).astype(types)
