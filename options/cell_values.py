"""One cell of a cost file: blank or not, as text, as an amount, as a year.

Parsing is tolerant, as people write money in spreadsheets: ``£1,200``,
``(500)`` for -500, a lone dash (Excel's zero) as a blank, and with a decimal
comma (semicolon files) ``1.200,50``. A cell that cannot be parsed raises :class:`_Bad`, which
the caller turns into a problem at that cell. The reader marks a formula saved
without its value as a :class:`_Formula`, so it is never mistaken for a blank.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from options.errors import Reason
from options.synonyms import ZERO_WORDS

_PLAIN = re.compile(r"(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?", re.I)
Row = tuple[int, tuple[object, ...]]  # (spreadsheet row, cells)


@dataclass(frozen=True, slots=True)
class _Formula:
    """A formula cell that the workbook was saved without the value of."""

    text: str


class _Bad(Exception):
    """One cell that cannot be parsed; it becomes a :class:`~options.errors.Problem`."""

    def __init__(self, reason: Reason, message: str):
        super().__init__(message)
        self.reason, self.message = reason, message


def _blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _text(cell: object) -> str:
    """A cell as text, trimmed; whole floats without ``.0``, midnight dates as dates."""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime):
        return cell.isoformat().removesuffix("T00:00:00")
    return cell.text if isinstance(cell, _Formula) else "" if cell is None else str(cell).strip()


def _ungroup(text: str, group: str, point: str) -> str:
    """Remove thousands separators (which must group by three); make ``.`` the point."""
    if group in text and not re.fullmatch(rf"\d{{1,3}}(?:\{group}\d{{3}})+", text.split(point)[0]):
        raise _Bad(Reason.NOT_A_NUMBER, f"'{text}' is not a number: misplaced '{group}'")
    return text.replace(group, "").replace(point, ".")


def _amount(cell: object, decimal_comma: bool) -> float | None:
    """A number from a cell, tolerantly; None for a blank; 0 for n/a, nil or a dash.

    With ``decimal_comma`` (semicolon files) ``,`` is the decimal mark and ``.``
    groups thousands. A percentage is refused (it is not an amount), and so is a
    letter O among the digits.

    >>> _amount(" £ 1,200.50 ", False), _amount("(500)", False), _amount("1.200,50", True)
    (1200.5, -500.0, 1200.5)
    >>> _amount("n/a", False), _amount("–", False), _amount(" ", False), _amount(" £ -  ", False)
    (0.0, 0.0, None, 0.0)
    """
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return float(cell)
    if not isinstance(cell, str):
        raise _Bad(Reason.NOT_A_NUMBER, f"'{_text(cell)}' is not a number")
    if _PLAIN.fullmatch(cell.removeprefix("-")) and not (decimal_comma and "." in cell):
        return float(cell)  # the common case, quickly
    text = re.sub(r"\s", "", cell).replace("−", "-")
    if text == "":
        return None
    if text.lower().removeprefix("£") in ZERO_WORDS:  # Excel's accounting zero is "£ -"
        return 0.0
    if m := re.fullmatch(r"[(£+-]*[\d,.]+\)?\s*([kKmMbB]n?)", cell.strip()):
        raise _Bad(
            Reason.NOT_A_NUMBER,
            f"'{cell.strip()}' has a unit letter ({m[1]}): write the number alone and state "
            "the unit once, in the header ('Amount (£k)'), the title rows, a unit column or "
            "--unit",
        )
    if "%" in text:
        message = f"'{cell.strip()}' is a percentage, not an amount: enter the £ figure"
        raise _Bad(Reason.PERCENT_AMOUNT, message)
    if re.fullmatch(r"[(£+-]*[\d,.]*[Oo][\dOo,.]*\)?", text) and re.search(r"\d", text):
        fixed = re.sub("[Oo]", "0", cell.strip())
        raise _Bad(
            Reason.NOT_A_NUMBER, f"letter O in a number: '{cell.strip()}' (did you mean {fixed}?)"
        )
    brackets = text.startswith("(") and text.endswith(")")
    m = re.fullmatch(r"([+-]?)£?([+-]?)£?(.+)", text[1:-1] if brackets else text)
    if m is None or len(m[1] + m[2]) > 1 - brackets:
        raise _Bad(Reason.NOT_A_NUMBER, f"'{cell.strip()}' is not a number")
    if m[3].lower() in ("inf", "infinity", "nan"):
        raise _Bad(Reason.NOT_FINITE, f"'{cell.strip()}' is not a finite amount")
    number = _ungroup(m[3], *(".", ",") if decimal_comma else (",", "."))
    if not _PLAIN.fullmatch(number):
        hint = " (an Excel error)" if number.startswith("#") else ""
        raise _Bad(Reason.NOT_A_NUMBER, f"'{cell.strip()}' is not a number{hint}")
    return -float(number) if brackets or "-" in (m[1], m[2]) else float(number)
