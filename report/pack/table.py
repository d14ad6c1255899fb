"""A table of the board pack: raw values plus how each is shown.

Every renderer reads the same :class:`Table`: the PDF, the slides and the HTML show
:meth:`Table.text` (the figures formatted as the command line formats them), the
workbook writes the raw value with the matching number format (:data:`EXCEL_FORMATS`),
so a figure is one number in every format.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from report.formatting import money, money_m, number, percent

#: How a value is shown: kind -> (text formatter, Excel number format).
KINDS = ("text", "money_m", "signed_m", "money", "percent", "score", "whole")
EXCEL_FORMATS = {
    "text": "@",
    "money_m": '"£"#,##0.0,,"m";"−£"#,##0.0,,"m"',
    "signed_m": '"+£"#,##0.0,,"m";"−£"#,##0.0,,"m";"£"0.0"m"',
    "money": '"£"#,##0;"−£"#,##0',
    "percent": "0.0%",
    "score": "0.0",
    "whole": "0",
}


def cell_text(value: object, kind: str) -> str:
    """One value as the pack shows it; None (a figure that does not apply) is ``—``.

    >>> cell_text(-47_412_345.0, "money_m"), cell_text(1.6e6, "signed_m")
    ('−£47.4m', '+£1.6m')
    >>> cell_text(0.995, "percent")
    '99.5%'
    >>> cell_text(None, "money"), cell_text(56.5, "score"), cell_text(2017, "whole")
    ('—', '56.5', '2017')
    """
    if value is None:
        return "—"
    if kind == "text" or isinstance(value, str):
        return str(value)
    x = float(value)  # type: ignore[arg-type]
    formats = {
        "money_m": lambda: money_m(x),
        "signed_m": lambda: money_m(x, signed=True),
        "money": lambda: money(x),
        "percent": lambda: percent(x),
        "score": lambda: number(x),
        "whole": lambda: f"{x:.0f}",
    }
    return formats[kind]()


@dataclass(frozen=True, slots=True)
class Column:
    """A column: its heading, how its values are shown, its relative width on a page."""

    name: str
    kind: str = "text"
    width: float = 1.0


@dataclass(frozen=True, slots=True)
class Table:
    """A titled table of raw values.

    ``row_kinds`` (one kind per row) overrides the columns' kinds past the first
    column, for a table whose rows are measures and whose columns are options.
    ``marked`` holds the indices of columns to emphasise (the preferred option),
    ``note`` a sentence printed under the table.
    """

    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[object, ...], ...]
    note: str = ""
    row_kinds: tuple[str, ...] | None = None
    marked: tuple[int, ...] = ()

    def kind(self, r: int, c: int) -> str:
        """How the value in row ``r``, column ``c`` is shown."""
        if self.row_kinds is not None and c > 0:
            return self.row_kinds[r]
        return self.columns[c].kind

    def text(self, r: int, c: int) -> str:
        """The value in row ``r``, column ``c`` as the pack shows it."""
        return cell_text(self.rows[r][c], self.kind(r, c))

    def texts(self) -> list[list[str]]:
        """Every cell as text, row by row (headings not included)."""
        return [[self.text(r, c) for c in range(len(self.columns))] for r in range(len(self.rows))]

    @property
    def headings(self) -> list[str]:
        return [c.name for c in self.columns]

    def widths(self, total: float) -> list[float]:
        """Column widths that share ``total`` in proportion to the columns' ``width``."""
        whole = sum(c.width for c in self.columns)
        return [total * c.width / whole for c in self.columns]


def table(
    title: str,
    columns: Sequence[Column],
    rows: Sequence[Sequence[object]],
    note: str = "",
) -> Table:
    """A :class:`Table` from lists (values converted to plain Python numbers and text)."""
    return Table(title, tuple(columns), tuple(tuple(_plain(v) for v in r) for r in rows), note)


def _plain(value: object) -> object:
    """numpy numbers as Python numbers; NaN as None (a figure that does not apply)."""
    if value is None or isinstance(value, str):
        return value
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value != value:
        return None
    return value
