"""The cost lines of a scenario document, and the checks that need them.

Each cost line is read with the typed reader and checked by the rules it shares
with cost files (:mod:`options.cost_rules`); problems stand at their JSON path
(``costs[3].high``). Then the checks that join sections: every risk's ``lines``
names cost lines of its own option, and the deflator covers every nominal line
and every ``price_year`` (Green Book 5.12 extrapolates forward, never back).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from options.cost_rules import (
    MAX_AMOUNT,
    MAX_MULTIPLIER,
    LineSettings,
    Repeats,
    multipliers_in_order,
    settings_of,
)
from options.errors import Reason
from options.json_reader import _boolean, _Reader
from options.json_sections import check_year, known_option
from options.model import GDP_DEFLATOR, Basis, Category, CostLine, Risk, YearMap
from options.text import fold_words


def _multiplier(r: _Reader, key: str) -> Any:
    return r.number(key, None, low=0, high=MAX_MULTIPLIER)


def cost_line(r: _Reader, ids: set[str], base: int | None) -> CostLine:
    """One cost line, its own rules checked where it stands (a year, multipliers, basis)."""
    year = r.integer("year")
    check_year(r, "year", year, base)
    line = CostLine(
        option=known_option(r, ids),
        line=r.text("line"),
        category=r.enum("category", Category),
        year=year,
        amount=r.number("amount", low=-MAX_AMOUNT, high=MAX_AMOUNT, reason=Reason.AMOUNT_TOO_LARGE),
        basis=r.enum("basis", Basis, Basis.REAL),
        low=_multiplier(r, "low"),
        high=_multiplier(r, "high"),
        module=r.text("module", None),
        notes=r.text("notes", ""),
        source=r.text("source", ""),
        optimism_bias=r.get("optimism_bias", _boolean, True, "true or false"),
        driver=r.text("driver", None) or None,
        health=r.get("health", _boolean, False, "true or false"),
        price_year=r.integer("price_year", None, low=1900, high=2200),
    )
    if line.price_year is not None and line.basis is Basis.NOMINAL:
        message = f"{r.where('price_year')}: a nominal line has no single price year; "
        r.bad("price_year", Reason.OUT_OF_RANGE, message + "give one or the other")
    if not multipliers_in_order(line.low, line.high):
        r.bad(
            "low",
            Reason.OUT_OF_RANGE,
            f"{r.where('low')}/high must satisfy 0 < low <= 1 <= high",
            f"{line.low}/{line.high}",
        )
    return line


def costs(top: _Reader, ids: set[str], base: int | None) -> list[CostLine]:
    """Every cost line, each checked where it stands; repeats name the first."""
    lines: list[CostLine] = []
    repeats, paths, settings = Repeats(), list[str](), LineSettings()
    for r in top.items("costs", required=True):
        line = cost_line(r, ids, base)
        paths.append(r.path)
        if (first := repeats.of((line.option, line.line, line.category, line.year))) is not None:
            message = f"{r.path}: same option, line, category and year as {paths[first]}"
            r.bad("year", Reason.DUPLICATE_ROW, message, line.year)
        if differs := settings.differing(line):
            r.bad(
                differs[0],
                Reason.OUT_OF_RANGE,
                f"{r.path}: {', '.join(differs)} must be the same in every year of line "
                f"'{line.line}' of option '{line.option}' (they apply to the whole line)",
                settings_of(line),
            )
        lines.append(line)
    return lines


def check_risk_lines(top: _Reader, risks: Sequence[Risk], lines: Sequence[CostLine]) -> None:
    """Each name in a risk's ``lines`` is a cost line of the risk's own option.

    Names match ignoring case, spaces and punctuation; a risk that quantifies a
    line its option does not have would silently net nothing from its uplift.
    """
    names: dict[str, dict[str, str]] = {}
    for c in lines:
        names.setdefault(c.option, {}).setdefault(fold_words(c.line), c.line)
    for i, risk in enumerate(risks):
        known = names.get(risk.option, {})
        for name in risk.lines:
            if fold_words(name) not in known:
                listed = ", ".join(f"'{n}'" for n in dict.fromkeys(known.values())) or "none"
                top.out.add(
                    Reason.UNKNOWN_VALUE,
                    f"risks[{i}].lines: '{name}' is not a cost line of option "
                    f"'{risk.option}'; its lines: {listed}",
                    column=f"risks[{i}].lines",
                    value=name,
                )


def check_deflator_covers(
    top: _Reader,
    lines: Sequence[CostLine],
    deflator: YearMap | None,
    price_base: int,
    carbon: bool,
) -> None:
    """Nominal lines, ``price_year`` and the price base start no earlier than the deflator.

    The price base matters whenever anything is rebased to it: nominal lines,
    lines in another year's prices, and carbon values (published in their own
    price base).

    The series is extrapolated after its last year (Green Book 5.12) but never
    before its first, so an earlier year is an input error naming the key.
    """
    first = min(y for y, _ in (deflator or GDP_DEFLATOR))
    which = "the scenario's deflator" if deflator else "the shipped GDP deflator"
    for i, c in enumerate(lines):
        for key, year in (("year", c.year if c.basis is Basis.NOMINAL else None),
                          ("price_year", c.price_year)):  # fmt: skip
            if year is not None and year < first:
                top.out.add(
                    Reason.DEFLATOR_MISSING_YEAR,
                    f"costs[{i}].{key}: {year} is before {which}, which starts in {first}; "
                    "give a deflator that covers it, or enter the amount in real prices",
                    column=f"costs[{i}].{key}",
                    value=year,
                )
    rebased = carbon or any(c.basis is Basis.NOMINAL or c.price_year is not None for c in lines)
    if rebased and price_base < first:
        top.out.add(
            Reason.DEFLATOR_MISSING_YEAR,
            f"price_base: {price_base} is before {which}, which starts in {first}",
            column="price_base",
            value=price_base,
        )
