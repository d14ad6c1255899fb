"""From the option names a cost file writes to a scenario's options.

A cost file names options by text. :func:`merge_costs` matches each spelling to
an option of a scenario (its id, else its name, ignoring case and surrounding
spaces) and adds the ones it lacks; :func:`scenario_from_costs` makes a scenario
of the file alone, each spelling an option, the in-house names the
counterfactual. Either way the lines then meet the cost-line rules again, now
that their options and base year are known.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

from options.cells import _tidy
from options.cost_file import CostFile
from options.cost_rules import Setting, line_rules, price_base_uncovered, setting_rules
from options.errors import Collector, Reason
from options.files import _file_error
from options.inputs import problem_of
from options.model import CostLine, Option, OptionKind, Scenario
from options.names import keys, reconcile, reconcile_alone, unsettled_error
from options.scenario_file import scenario_from_dict, scenario_to_dict
from options.text import fold, fold_words

_IN_HOUSE = frozenset({"inhouse", "bau", "businessasusual"})


def _slug(text: str, taken: set[str]) -> str:
    """A lower-case, hyphenated id not yet ``taken``: ``'Alt Supplier'`` -> ``alt-supplier``."""
    slug = stem = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "option"
    n = 1
    while slug in taken:
        n += 1
        slug = f"{stem}-{n}"
    return slug


def _check_lines(
    costs: CostFile, lines: Sequence[CostLine], setting: Setting, why: str = ""
) -> None:
    """The cost-line rules again, now that options and the scenario are known (names
    that resolve to one option may repeat a row; years meet the base year, nominal
    lines the deflator): each broken rule at its cell. ``why`` follows a
    year-before-base message (how the base year was chosen)."""
    where, out = costs._where, Collector(costs.file)

    def cell(index: int, name: str) -> tuple[int | None, str, str]:
        line = lines[index]
        if where is None:
            return None, name, str(getattr(line, name))
        return where.cell(index, line, name)

    for b in line_rules(lines) + setting_rules(lines, setting):
        row, column, value = cell(b.index, b.field)
        message = b.text(lambda k: f"row {cell(k, 'year')[0]}")
        message += why if b.reason is Reason.YEAR_BEFORE_BASE else ""
        out.add(b.reason, message, row=row, column=column, value=value)
    if (problem := price_base_uncovered(lines, setting)) is not None:
        out.add(Reason.DEFLATOR_MISSING_YEAR, f"the scenario's {problem}: the nominal lines "
                "cannot be rebased to it")  # fmt: skip
    out.problems[:] = _tidy(out.problems)
    out.raise_if_any()


def _first_rows(costs: CostFile) -> dict[str, int]:
    """The first row that writes each option name (trimmed), where rows are known."""
    if costs._where is None:
        return {}
    first: dict[str, int] = {}
    for c, row in zip(costs.lines, costs._where.rows.tolist(), strict=True):
        first.setdefault(c.option.strip(), int(row))
    return first


def _setting(s: Scenario) -> Setting:
    return Setting(
        s.base_year,
        s.prices,
        s.deflator,
        any(o.carbon_tco2e or o.devices for o in s.options),
        s.parameters.gdp_deflator,
    )


def merge_costs(
    scenario: Scenario, costs: CostFile, mapping: Mapping[str, str] | None = None
) -> tuple[Scenario, tuple[str, ...]]:
    """The scenario with the file's cost lines in place of those of the options it names.

    Each line's option text is matched to an option's id, name or alias after
    folding case, spaces, hyphens and punctuation (:mod:`options.names`). A name
    only similar to an option (or to another name in the file) is never guessed:
    ``mapping`` must say which option it is, or ``"new"``, else the merge is
    refused naming the near-matches. Every option the file names loses all its
    cost lines to the file's; the other options keep theirs. Devices and a workforce
    stay with their option (as typed tonnes do), so their energy and staff are still
    costed, with a note. An option the
    scenario lacks is added as an ``alternative`` with default settings (id: the
    text as a slug), with a note; it scores 0 on every concern until scored. A
    name the user mapped becomes an alias of its option, so the next upload needs
    no mapping. A risk's ``lines`` that name a replaced line lose that name, and a
    what-if that changes a replaced line is dropped, each with a note. The result
    passes the scenario validator again, so it is as
    trustworthy as a loaded file.

    Returns
    -------
    scenario : Scenario
        A new scenario (``dataclasses.replace``); the input is unchanged.
    notes : tuple of str
        What the merge did, in plain English (the file's own notes are ``costs.notes``).

    Raises
    ------
    InputError
        A name only similar to an option, with no mapping; years outside the
        scenario's horizon, or rows that repeat once two spellings resolve to one option.
    """
    r = reconcile((c.option for c in costs.lines), scenario.options, mapping)
    if r.unsettled:
        raise unsettled_error(costs.file, r.unsettled, _first_rows(costs))
    taken, added, resolved = set(scenario.option_ids), list[Option](), dict(r.to_option)
    for key in r.new:
        added.append(Option(_slug(r.spelling[key], taken), r.spelling[key], OptionKind.ALTERNATIVE))
        taken.add(added[-1].id)
        resolved[key] = added[-1].id
    lines = tuple(replace(c, option=resolved[fold_words(c.option)]) for c in costs.lines)
    _check_lines(costs, lines, _setting(scenario))
    named = set(resolved.values())
    kept = tuple(c for c in scenario.costs if c.option not in named)
    notes = [
        f"Added option '{o.name}' (alternative, default settings) from {costs.file}." for o in added
    ]
    options = _with_aliases(scenario.options, r.confirmed)
    for text, oid in r.confirmed.items():
        notes.append(
            f"'{text}' is now an alias of option '{oid}', so the next upload needs no mapping "
            f'(in the scenario file: "aliases": ["{text}"] on option "{oid}").'
        )
    for option in (o for o in scenario.options if o.id in named):
        count = sum(c.option == option.id for c in lines)
        notes.append(f"Replaced the cost lines of '{option.name}' with {count} from {costs.file}.")
        if option.devices:
            notes.append(f"'{option.name}' keeps its devices: their electricity is still "
                         "costed (lines 'energy: <device type>'); remove the devices if "
                         f"{costs.file} already includes it.")  # fmt: skip
        if option.workforce is not None:
            notes.append(f"'{option.name}' keeps its workforce: its staff are still costed "
                         "(lines 'workforce: …'); remove the workforce if "
                         f"{costs.file} already includes them.")  # fmt: skip
    spans: dict[str, tuple[int, int]] = {}
    for c in (*kept, *lines):
        first, last = spans.get(c.option, (c.year, c.year))
        spans[c.option] = (min(first, c.year), max(last, c.year))
    if len(set(spans.values())) > 1:
        periods = "; ".join(f"{oid} {a}-{b}" for oid, (a, b) in spans.items())
        notes.append(
            f"The options now cover different periods ({periods}); the Green Book "
            "compares options over the same period, so check the years."
        )
    concerns = scenario.concerns
    if added and concerns:
        zero = tuple((o.id, 0.0) for o in added)
        concerns = tuple(replace(c, scores=tuple(sorted(c.scores + zero))) for c in concerns)
        notes.append("New options score 0 on every concern until you score them.")
    merged = replace(
        scenario, options=options + tuple(added), costs=kept + lines, concerns=concerns
    )
    merged, pruned = _without_replaced_lines(merged, costs.file)
    notes += pruned
    return scenario_from_dict(scenario_to_dict(merged), file=costs.file), tuple(notes)


def _with_aliases(options: tuple[Option, ...], confirmed: dict[str, str]) -> tuple[Option, ...]:
    """Each option with the names the user mapped to it as aliases (unique when folded)."""
    out = []
    for o in options:
        extra = [t for t, oid in confirmed.items() if oid == o.id and fold_words(t) not in keys(o)]
        out.append(replace(o, aliases=(*o.aliases, *extra)) if extra else o)
    return tuple(out)


def _without_replaced_lines(s: Scenario, file: str) -> tuple[Scenario, list[str]]:
    """Risk ``lines`` and what-ifs that name cost lines the file replaced, dropped with a
    note each: they describe lines the option no longer has."""
    have = {(c.option, fold_words(c.line)) for c in s.costs}
    notes, risks = [], []
    for r in s.risks:
        gone = [n for n in r.lines if (r.option, fold_words(n)) not in have]
        if gone:
            names = ", ".join(f"'{n}'" for n in gone)
            notes.append(f"Risk '{r.name}' of '{r.option}' no longer names {names}: {file} "
                         "replaced its option's cost lines.")  # fmt: skip
            r = replace(r, lines=tuple(n for n in r.lines if n not in gone))
        risks.append(r)
    s, kept = replace(s, risks=tuple(risks)), []
    for w in s.what_ifs:
        problem = next((p for c in w.changes if (p := problem_of(s, c)) is not None), None)
        if problem is None:
            kept.append(w)
        else:
            notes.append(f"Dropped what-if '{w.name}': {problem[1]} once {file} replaced "
                         "cost lines.")  # fmt: skip
    return replace(s, what_ifs=tuple(kept)), notes


def scenario_from_costs(
    costs: CostFile, mapping: Mapping[str, str] | None = None, base_year: int | None = None
) -> Scenario:
    """A scenario of the options a cost file names, with every setting at its default.

    Options come in order of first appearance; each one's id and name are its text
    in the file, trimmed (a later spelling that folds the same, ignoring case, spaces,
    hyphens and punctuation, joins the first). Names only similar to each other are
    refused unless ``mapping`` says which joins which, or that each is its own.
    ``in-house``, ``in house``, ``inhouse``, ``BAU`` and ``business as usual`` (any
    case) are in-house, the counterfactual; the others are alternatives. Base year
    and price base are ``base_year`` if given, else the earliest year in the file
    that is not a stray year (:func:`~options.years.stray_years`): a typo never
    moves the base. A year before the base year is an error at its cell.

    Examples
    --------
    >>> from options.costs import read_cost_file
    >>> text = b"option,line,category,year,amount\\nBAU,Staff,opex,2008,10\\nFlex,Fee,opex,2009,8"
    >>> s = scenario_from_costs(read_cost_file(text, name="c.csv"))
    >>> [(o.id, o.kind.value) for o in s.options], s.base_year
    ([('BAU', 'in-house'), ('Flex', 'alternative')], 2008)
    """
    if not costs.lines:
        raise _file_error(costs.file, Reason.NO_OPTIONS, "has no cost lines, so no options")
    groups, unsettled = reconcile_alone((c.option for c in costs.lines), mapping)
    if unsettled:
        raise unsettled_error(costs.file, unsettled, _first_rows(costs), alone=True)
    lines = tuple(replace(c, option=groups[fold_words(c.option)]) for c in costs.lines)
    first = dict.fromkeys(groups.values())
    years = {c.year for c in lines}
    base = base_year if base_year is not None else min(years - set(costs.stray) or years)
    why = (
        ""
        if base_year is not None
        else " (the earliest year that is not a stray year): if the year is right, set the "
        "base year to it (--base-year on the command line, 'Base year' in the app)"
    )
    _check_lines(costs, lines, Setting(base, base), why)
    kinds = {True: OptionKind.IN_HOUSE, False: OptionKind.ALTERNATIVE}
    options = tuple(Option(t, t, kinds[fold(t) in _IN_HOUSE]) for t in first)
    return Scenario(name=costs.file, base_year=base, options=options, costs=lines, price_base=base)
