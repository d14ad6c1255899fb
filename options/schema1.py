"""Reading a schema-1 scenario as schema 2: what changed and how it is converted.

A schema-1 option's ``life_years`` L becomes ``service_years``: [base + 1,
base + L] when the option's base-year flows are capex only (a purchase, then
service: SCIM A4.9's boilers are bought at t = 0 and serve years 1-7), else
[base, base + L - 1] (service from the base year, an annuity due). Each
conversion is said in a note, and a saved file is written as schema 2.
"""

from __future__ import annotations

from collections.abc import Sequence

from options.model import Category, CostLine


def service_from_life(
    option: str, life: int, costs: Sequence[CostLine], base: int
) -> tuple[int, int]:
    """The service years a schema-1 ``life_years`` stands for.

    >>> from options.model import CostLine, Category
    >>> boiler = [CostLine("x", "Boiler", Category.CAPEX, 2008, 2000.0)]
    >>> service_from_life("x", 7, boiler, 2008)
    (2009, 2015)
    >>> service_from_life("x", 7, [CostLine("x", "Fee", Category.OPEX, 2008, 1.0)], 2008)
    (2008, 2014)
    """
    first = [c for c in costs if c.option == option and c.year == base and c.amount != 0]
    bought = bool(first) and all(c.category is Category.CAPEX for c in first)
    start = base + 1 if bought else base
    return start, start + life - 1


def life_note(name: str, life: int, span: tuple[int, int]) -> str:
    """What the conversion did, in words.

    >>> life_note("Boiler", 7, (2009, 2015))
    "Boiler: schema 1's life_years 7 read as service_years [2009, 2015]."
    """
    return f"{name}: schema 1's life_years {life} read as service_years [{span[0]}, {span[1]}]."
