"""The cost lines of a scenario document, and the checks that need them.

Each cost line is read with the typed reader and checked by the rules it shares
with cost files (:mod:`options.cost_rules`); problems stand at their JSON path
(``costs[3].high``). Then the checks that join sections: every risk's ``lines``
names cost lines of its own option, and the lines meet the base year, price base
and deflator (Green Book 5.12 extrapolates forward, never back).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from options.cost_rules import (
    Broken,
    Setting,
    line_rules,
    price_base_uncovered,
    setting_rules,
)
from options.errors import Reason
from options.json_reader import _boolean, _Reader
from options.json_sections import known_option
from options.model import Basis, Category, CostLine, Risk
from options.text import fold_words


def _read_line(r: _Reader, ids: set[str]) -> CostLine | None:
    """One cost line as typed, or None when a key is missing or of the wrong type."""
    before = len(r.out.problems)
    line = CostLine(
        option=known_option(r, ids),
        line=r.text("line"),
        category=r.enum("category", Category),
        year=r.integer("year"),
        amount=r.number("amount"),
        basis=r.enum("basis", Basis, Basis.REAL),
        low=r.number("low", None),
        high=r.number("high", None),
        module=r.text("module", None),
        notes=r.text("notes", ""),
        source=r.text("source", ""),
        optimism_bias=r.get("optimism_bias", _boolean, True, "true or false"),
        driver=r.text("driver", None) or None,
        health=r.get("health", _boolean, False, "true or false"),
        price_year=r.integer("price_year", None, low=1900, high=2200),
    )
    return line if len(r.out.problems) == before else None


def _report(readers: Sequence[_Reader], lines: Sequence[CostLine], broken: list[Broken]) -> None:
    """Each broken rule at its JSON path (``costs[3].high``), the first line by its path."""
    for b in broken:
        r = readers[b.index]
        value = getattr(lines[b.index], b.field)
        message = f"{r.where(b.field)}: {b.text(lambda k: readers[k].path)}"
        r.bad(b.field, b.reason, message, getattr(value, "value", value))


def cost_line(r: _Reader, ids: set[str], base: int | None) -> CostLine | None:
    """One cost line on its own (a what-if's ``add``), every cost-line rule checked where
    it stands (:mod:`options.cost_rules`); None when it cannot be read (said already)."""
    line = _read_line(r, ids)
    if line is not None:
        broken = line_rules([line]) + ([] if base is None else setting_rules([line], Setting(base)))
        _report([r], [line], broken)
    return line


class CostLines:
    """The cost lines of a document that read cleanly, with their readers, to check
    against the rest of the scenario once it is read (:meth:`check_setting`)."""

    def __init__(self, top: _Reader, ids: set[str]):
        self.readers: list[_Reader] = []
        self.lines: list[CostLine] = []
        for r in top.items("costs", required=True):
            if (line := _read_line(r, ids)) is not None:
                self.readers.append(r)
                self.lines.append(line)
        _report(self.readers, self.lines, line_rules(self.lines))

    def check_setting(self, top: _Reader, setting: Setting) -> None:
        """The lines against the base year, price base and deflator."""
        _report(self.readers, self.lines, setting_rules(self.lines, setting))
        if (why := price_base_uncovered(self.lines, setting)) is not None:
            top.bad("price_base", Reason.DEFLATOR_MISSING_YEAR, f"price_base: {why}",
                    setting.price_base)  # fmt: skip


def check_risk_lines(
    top: _Reader,
    risks: Sequence[Risk],
    lines: Sequence[CostLine],
    generated: Mapping[str, Sequence[str]] | None = None,
) -> None:
    """Each name in a risk's ``lines`` is a cost line of the risk's own option.

    Names match ignoring case, spaces and punctuation; a risk that quantifies a
    line its option does not have would silently net nothing from its uplift.
    ``generated`` gives, by option id, the names of lines the engine will generate
    (a workforce's ``"workforce: …"`` lines), which a risk may name too.
    """
    names: dict[str, dict[str, str]] = {}
    for c in lines:
        names.setdefault(c.option, {}).setdefault(fold_words(c.line), c.line)
    for oid, more in (generated or {}).items():
        for n in more:
            names.setdefault(oid, {}).setdefault(fold_words(n), n)
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
                    path=("risks", i, "lines"),
                )
