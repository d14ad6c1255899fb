"""The words finance teams use: header and category synonyms, units and zero words.

A cost file exported from a finance system rarely says ``option, line, category,
year, amount``. This module knows the usual spellings, and each reading it makes
is said in a note, so a reviewer can see how the file was read:

- header synonyms (``Cost line``, ``Line item``, ``Description`` for ``line``;
  ``Financial year`` and ``FY`` for ``year``; ``Value`` and ``Cost`` for
  ``amount``; ``Option name`` and ``Scenario`` for ``option``), matched against
  a whole header only; the standard name wins when both are present;
- category synonyms of central-government budgeting (``CDEL`` and ``Capital``
  are capex; ``RDEL``, ``Resource``, ``Revenue`` and ``Running costs`` are opex;
  ``Implementation`` and ``Set-up`` are transition; ``Decommissioning`` is exit);
- units (``£``, ``£k``, ``£000``, ``£m``, ``thousands``, …) in a ``unit`` column,
  a header suffix (``Amount (£k)``, ``2008-09 £000``) or a title row, where a
  title word counts only when it does not touch a number ("a deal worth £61m"
  states no unit);
- words that mean zero in an amount cell (``n/a``, ``nil``, a dash).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from options.model import Category
from options.text import fold

HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "line": ("cost line", "line item", "description"),
    "year": ("financial year", "fy"),
    "amount": ("value", "cost"),
    "option": ("option name", "scenario"),
}
_HEADER = {fold(word): name for name, words in HEADER_SYNONYMS.items() for word in words}

CATEGORY_SYNONYMS: dict[str, Category] = {
    "capital": Category.CAPEX,
    "cdel": Category.CAPEX,
    "revenue": Category.OPEX,
    "resource": Category.OPEX,
    "rdel": Category.OPEX,
    "running costs": Category.OPEX,
    "implementation": Category.TRANSITION,
    "set-up": Category.TRANSITION,
    "setup": Category.TRANSITION,
    "decommissioning": Category.EXIT,
}
_CATEGORY = {fold(k): v for k, v in CATEGORY_SYNONYMS.items()}
ZERO_WORDS = ("n/a", "na", "n.a.", "n.a", "nil", "-", "–", "—")


def header_synonym(text: str) -> str | None:
    """The field a whole header names by a synonym, or None.

    >>> header_synonym(" Line Item "), header_synonym("FY"), header_synonym("Cost centre")
    ('line', 'year', None)
    """
    return _HEADER.get(fold(text))


def category_synonym(text: str) -> Category | None:
    """The category a budgeting word stands for, or None.

    >>> category_synonym("Revenue"), category_synonym("CDEL"), category_synonym("opex")
    (<Category.OPEX: 'opex'>, <Category.CAPEX: 'capex'>, None)
    """
    return _CATEGORY.get(fold(text))


@dataclass(frozen=True, slots=True)
class Unit:
    """A unit of money: its label and the £ one of it is worth."""

    label: str
    factor: float


POUNDS, THOUSANDS, MILLIONS = Unit("£", 1.0), Unit("£k", 1e3), Unit("£m", 1e6)
_UNIT_WORDS = {
    POUNDS: ("£", "pounds", "gbp", "£s"),
    THOUSANDS: (
        "£k",
        "k",
        "£000",
        "£000s",
        "£'000",
        "£'000s",
        "000",
        "£ thousand",
        "£ thousands",
        "thousands",
        "£thousands",
        "thousand",
        "£k's",
        "k£",
    ),
    MILLIONS: (
        "£m",
        "m",
        "£mn",
        "£ million",
        "£ millions",
        "millions",
        "million",
        "£millions",
        "mn",
    ),
}
_UNITS = {re.sub(r"\s+", "", w.lower()): u for u, words in _UNIT_WORDS.items() for w in words}
_SUFFIX = re.compile(r"^(?P<head>.*?)[\s,]*[(\[]?\s*(?P<unit>£\s*'?\s*\w*|k|m)\s*[)\]]?\s*$", re.I)
# A unit in a title row: "£k", "£000", "£m", "£ thousands", "(£000s)", not touching a digit.
_TITLE = re.compile(
    r"(?<![\d.,])(£\s?'?(?:000s?|k|m|mn|thousands?|millions?)\b|\bthousands of pounds\b|"
    r"\bmillions of pounds\b|\b(?:in|all figures in|figures in)\s+£(?![\w']))",
    re.I,
)


def unit_of(text: object) -> Unit | None:
    """The unit a cell or an argument names, or None.

    >>> [unit_of(t).label for t in ("£k", " £000 ", "thousands", "m", "£", "£ millions")]
    ['£k', '£k', '£k', '£m', '£', '£m']
    >>> unit_of("apples") is None
    True
    """
    return _UNITS.get(re.sub(r"\s+", "", str(text).strip().lower()))


def split_unit(header: str) -> tuple[str, Unit | None]:
    """A header without its unit suffix, and that unit.

    >>> split_unit("Amount (£k)"), split_unit("2008-09 £000")[1], split_unit("Amount")[1]
    (('Amount', Unit(label='£k', factor=1000.0)), Unit(label='£k', factor=1000.0), None)
    """
    m = _SUFFIX.match(header.strip())
    if m and m["head"] and (unit := unit_of(m["unit"])) is not None:
        return m["head"].strip(), unit
    return header.strip(), None


def title_units(text: str) -> tuple[Unit, ...]:
    """The units a title or note row states (usually one); a £ figure ("£61m") states none.

    >>> title_units("ONS IT costs, £k"), title_units("Amounts in £m (real 2008 prices)")
    ((Unit(label='£k', factor=1000.0),), (Unit(label='£m', factor=1000000.0),))
    >>> title_units("Flex is a deal worth £61m"), len(title_units("£k here, £m there"))
    ((), 2)
    """
    return tuple(dict.fromkeys(_title_word(m[0]) for m in _TITLE.finditer(text)))


def _title_word(word: str) -> Unit:
    w = word.lower()
    if "thousand" in w or "000" in w or w.rstrip().endswith("k"):
        return THOUSANDS
    if "million" in w or w.rstrip().endswith(("m", "mn")):
        return MILLIONS
    return POUNDS
