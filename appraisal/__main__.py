"""Command line: ``python -m appraisal [SCENARIO.json] [--costs FILE] [options]``.

Kept thin: it parses arguments, loads through ``options``, calls ``appraise`` and
prints what ``report`` formats. Exit status 0 done, 2 bad input (one line per
problem on stderr, nothing on stdout), 1 an unexpected fault (one line; a
traceback only with ``--debug``).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from appraisal import __version__, sensitivity, smaa, uncertainty
from appraisal.appraise import appraise, settle
from appraisal.results import Results
from options.errors import InputError, Problem, Reason
from options.model import Scenario, WhatIf
from options.parameters import available_vintages, load_parameters, unknown_message, vintage_titles
from options.parameters_model import Parameters
from options.scenario_file import parse_discounting

EXIT_OK, EXIT_FAULT, EXIT_INPUT = 0, 1, 2
MAX_DRAWS = 10_000_000


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"{self.prog}: error: {message} (see --help)\n")
        sys.exit(EXIT_INPUT)


def _discount(text: str) -> str | float:
    try:
        return parse_discounting(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _vintage(text: str) -> str:
    name = text.strip().lower()
    if name not in available_vintages():
        raise argparse.ArgumentTypeError(unknown_message(text))
    return name


def _bounded_int(low: int, high: int) -> type:
    def parse(text: str) -> int:
        try:
            value = int(text.replace(",", "").replace("_", ""))
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{value:,} is outside {low:,} to {high:,}")
        return value

    return parse  # type: ignore[return-value]


def build_parser(command: str = "") -> argparse.ArgumentParser:
    """The main command's parser, or a subcommand's (``sensitivity``) with its own options."""
    descriptions = {
        "": "Green Book value-for-money appraisal of sourcing options. With no scenario, "
        "appraises the built-in ONS / Public Sector Flex example.",
        "sensitivity": "Switching values (in words), the tornado and the weight ranges of a "
        "scenario (default: the built-in example).",
        "workforce": "How each option's staff, TUPE risks, redundancy and the devices' energy "
        "and carbon were worked out (default: the built-in example).",
    }
    p = _Parser(prog=f"python -m appraisal {command}".strip(), description=descriptions[command])
    p.add_argument("scenario", nargs="?", help="scenario JSON file (default: the built-in example)")
    p.add_argument(
        "--costs",
        metavar="FILE",
        help="cost file (CSV or XLSX, long or wide); alone it is appraised with the "
        "defaults, with a scenario it replaces the cost lines of the options it names",
    )
    p.add_argument(
        "--sheet", metavar="NAME", help="worksheet of an XLSX cost file (default: first)"
    )
    p.add_argument(
        "--unit",
        metavar="UNIT",
        help="unit of the cost file's amounts when it does not say: £, £k or £m (or k, m); "
        "a different unit stated in the file is an error",
    )
    p.add_argument(
        "--year-convention",
        choices=("start", "end"),
        help="whether the cost file's year dates mark the start or the end of their "
        "years, when they are not all year ends (31 March, 5 April, 31 December) or all "
        "year starts",
    )
    p.add_argument(
        "--base-year",
        type=_bounded_int(1, 9999),
        metavar="YEAR",
        help="base year (and price base) of a scenario made from --costs alone "
        "(default: the file's earliest year that is not a stray year)",
    )
    p.add_argument(
        "--map",
        action="append",
        default=[],
        metavar='"NAME=OPTION"',
        help="a name in the cost file that is only similar to an option: which option it is "
        "(repeatable; split at the first =; OPTION may be 'new')",
    )
    p.add_argument(
        "--new-option",
        action="append",
        default=[],
        metavar="NAME",
        help="a name in the cost file that is a new option, not the similar one (repeatable)",
    )
    p.add_argument(
        "--discount",
        type=_discount,
        metavar="SCHEDULE|RATE",
        help="green-book, green-book-health, green-book-reduced, or a constant rate "
        "as a fraction (0.05 = 5%%)",
    )
    p.add_argument(
        "--parameters",
        type=_vintage,
        metavar="VINTAGE",
        help="the Green Book parameter vintage to appraise with instead of the one the "
        "scenario records (default: its own; green-book-2022 when it names none); the table "
        "then sets the recorded vintage's figures beside. Vintages: "
        + "; ".join(f"{v}: {title}" for v, title in vintage_titles().items()),
    )
    p.add_argument(
        "--what-if",
        metavar="NAME",
        help="appraise this what-if of the scenario instead of its central case (every "
        "what-if is still listed beside it)",
    )
    p.add_argument(
        "--format",
        choices=("table", "json", "csv") if not command else ("table", "json"),
        default="table",
        help="output format (default: table)",
    )
    if command == "sensitivity":
        p.add_argument(
            "--pair",
            metavar="A,B",
            help="the two option ids whose NPSV difference the tornado shows (default: the "
            "NPSV leader and the runner-up)",
        )
    p.add_argument(
        "--draws",
        type=_bounded_int(1, MAX_DRAWS),
        metavar="N",
        help="Monte Carlo draws, 1 to 10,000,000 (default: the scenario's, 10,000)",
    )
    p.add_argument(
        "--seed",
        type=_bounded_int(0, 2**63 - 1),
        metavar="S",
        help="Monte Carlo seed (default: the scenario's, 1)",
    )
    p.add_argument("--debug", action="store_true", help="show a traceback on an unexpected fault")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return p


def load_inputs(args: argparse.Namespace) -> tuple[Scenario, tuple[str, ...], tuple[Problem, ...]]:
    """The scenario the arguments describe, notes for the user, and warnings."""
    from options import costs as cost_files
    from options.examples import load_example
    from options.names import parse_maps
    from options.plausibility import scale_warnings
    from options.scenario_file import load_scenario

    notes: tuple[str, ...] = ()
    warnings: tuple[Problem, ...] = ()
    needs_costs = {
        "--unit": (args.unit, "the unit of its amounts"),
        "--sheet": (args.sheet, "an XLSX workbook"),
        "--year-convention": (args.year_convention, "whose year dates it reads"),
        "--base-year": (args.base_year, "a scenario made from it alone"),
        "--map or --new-option": (args.map or args.new_option, "the names they settle"),
    }
    for flag, (given, what) in needs_costs.items():
        if given and not args.costs:
            message = f"{flag} needs --costs FILE ({what})"
            raise InputError([Problem(flag, None, None, None, Reason.UNKNOWN_VALUE, message)])
    if args.base_year is not None and args.scenario:
        message = "--base-year is for --costs alone: a scenario file states its own base year"
        raise InputError([Problem("--base-year", None, None, None, Reason.UNKNOWN_VALUE, message)])
    read = {
        "name": Path(args.costs or "-").name,
        "sheet": args.sheet,
        "unit": args.unit,
        "year_convention": args.year_convention,
    }
    mapping = parse_maps(args.map, args.new_option)
    if args.costs and not args.scenario:
        table = cost_files.read_cost_file(args.costs, base_year=args.base_year, **read)
        scenario = cost_files.scenario_from_costs(table, mapping, args.base_year)
        notes, warnings = table.notes, table.warnings + scale_warnings(table)
    else:
        scenario = settle(load_scenario(args.scenario) if args.scenario else load_example())
        if args.costs:
            table = cost_files.read_cost_file(args.costs, base_year=scenario.base_year, **read)
            warnings = table.warnings + scale_warnings(table, scenario)
            scenario, merged = cost_files.merge_costs(scenario, table, mapping)
            notes = table.notes + merged
    if args.discount is not None:
        scenario = dataclasses.replace(scenario, discounting=args.discount)
    return scenario, notes, warnings


def with_vintage(
    scenario: Scenario, args: argparse.Namespace
) -> tuple[Scenario, Parameters | None]:
    """The scenario with ``--parameters``' vintage, and the vintage it records when that
    is another (None when it is the same, or no vintage was asked for)."""
    if args.parameters is None or args.parameters == scenario.parameters.id:
        return scenario, None
    return dataclasses.replace(scenario, parameters=load_parameters(args.parameters)), (
        scenario.parameters
    )


def cases(
    scenario: Scenario, args: argparse.Namespace
) -> tuple[int, list[tuple[WhatIf | None, Results]]]:
    """Every case (the central case first, then each what-if) and which one is shown."""
    from options.inputs import apply_what_if, find_what_if

    def run(s: Scenario) -> Results:
        return appraise(s, draws=args.draws, seed=args.seed)

    chosen = find_what_if(scenario, args.what_if) if args.what_if else None
    every: list[tuple[WhatIf | None, Results]] = [(None, run(scenario))]
    every += [(w, run(apply_what_if(scenario, w))) for w in scenario.what_ifs]
    return next(i for i, (w, _) in enumerate(every) if w == chosen), every


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "scenarios":  # the scenario library: its own actions and options
        from appraisal.scenarios_cli import main as scenarios

        return scenarios(argv[1:])
    if argv and argv[0] == "report":  # the board pack: PDF, PowerPoint, Excel or HTML
        from appraisal.report_cli import main as report

        return report(argv[1:])
    command = argv[0] if argv and argv[0] in ("sensitivity", "workforce") else ""
    args = build_parser(command).parse_args(argv[1:] if command else argv)
    try:
        scenario, notes, warnings = load_inputs(args)
        scenario, recorded = with_vintage(scenario, args)
        if command == "sensitivity":
            output = sensitivity_output(scenario, args)
            doubled = double_count_warnings(scenario, args)
        elif command == "workforce":
            output, doubled = workforce_output(scenario, args), []
        else:
            shown, every = cases(scenario, args)
            before = None if recorded is None else appraise(scenario, draws=1, parameters=recorded)
            output = _render(shown, args.format, every, before)
            doubled = double_count_lines(every[0][1])  # the central case's, appraised above
    except InputError as exc:
        for line in exc.lines():
            print(line, file=sys.stderr)
        return EXIT_INPUT
    except Exception as exc:
        if args.debug:
            raise
        print(
            f"error: unexpected fault: {type(exc).__name__}: {exc} (run with --debug for details)",
            file=sys.stderr,
        )
        return EXIT_FAULT
    if args.format != "table":  # the table prints them under Notes
        notes = scenario.load_notes + notes
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    for warning in warnings:
        print(f"warning: {warning.line()}", file=sys.stderr)
    for line in doubled:
        print(f"warning: {line}", file=sys.stderr)
    sys.stdout.write(output)
    return EXIT_OK


def workforce_output(scenario: Scenario, args: argparse.Namespace) -> str:
    """``python -m appraisal workforce``: the workforce and the devices, worked out."""
    from options.inputs import apply_what_if, find_what_if
    from report.workforce import workforce_json, workforce_report

    if args.what_if:
        scenario = apply_what_if(scenario, find_what_if(scenario, args.what_if))
    results = appraise(scenario, draws=1, seed=args.seed)
    if args.format == "json":
        doc = workforce_json(scenario, results)
        return json.dumps(doc, indent=2, ensure_ascii=False, default=_plain) + "\n"
    return workforce_report(scenario, results)


def _plain(value: object) -> object:
    """numpy numbers and tuples in JSON as plain numbers and lists."""
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"{type(value).__name__} is not JSON")


def double_count_warnings(scenario: Scenario, args: argparse.Namespace) -> list[str]:
    """Concerns linked to a risk NPSV already costs (always on stderr, in every format)."""
    from appraisal.appraise import prepare
    from appraisal.register import double_counts

    if not double_counts(scenario, prepare(scenario, frames=False).value):
        return []
    return double_count_lines(appraise(scenario, draws=1, seed=args.seed))


def double_count_lines(results: Results) -> list[str]:
    """Each concern linked to a costed risk, in words (one stderr line each)."""
    from report.summary import double_count_sentence

    return [double_count_sentence(results, d) for d in results.double_counts]


def _pair(scenario: Scenario, text: str | None, lead: tuple[str, str]) -> tuple[str, str]:
    """The tornado's two options: ``--pair A,B`` checked against the scenario, else ``lead``."""
    if text is None:
        return lead
    pair = tuple(p.strip() for p in text.split(","))
    unknown = [p for p in pair if p not in scenario.option_ids]
    if len(pair) != 2 or unknown or pair[0] == pair[1]:
        message = (
            f"--pair takes two different option ids separated by a comma; "
            f"options: {', '.join(scenario.option_ids)}"
        )
        raise InputError([Problem("--pair", None, None, text, Reason.UNKNOWN_VALUE, message)])
    return pair[0], pair[1]


def sensitivity_output(scenario: Scenario, args: argparse.Namespace) -> str:
    """``python -m appraisal sensitivity``: switching values, tornado and weight ranges."""
    from options.inputs import apply_what_if, find_what_if
    from report import sensitivity as words

    if args.what_if:
        scenario = apply_what_if(scenario, find_what_if(scenario, args.what_if))
    if len(scenario.options) < 2:
        message = "sensitivity needs at least two options to compare"
        raise InputError([Problem("scenario", None, None, None, Reason.UNKNOWN_VALUE, message)])
    model = sensitivity.Model(scenario)
    switches = {m: sensitivity.switching_values(model, m) for m in sensitivity.MEASURES}
    base = model.base
    lead = (
        model.ids[sensitivity.leader(base, "npsv")],
        model.ids[sensitivity.runner_up(base, "npsv")],
    )
    pair = _pair(scenario, args.pair, lead)
    tornado = sensitivity.tornado(model, *pair)
    joint = _joint(model, args)
    if args.format == "json":
        extra: dict[str, object] = {}
        if joint is not None:
            extra["smaa"] = words.smaa_dict(model, joint)
        extra |= {"draws": joint.draws if joint else None, "seed": _seed(model, args)}
        return words.to_json(model, switches, tornado, pair, extra)
    lines = [] if joint is None else words.smaa_lines(model, joint)
    return words.text_report(model, switches, tornado, pair, lambda: lines)


def _seed(model: sensitivity.Model, args: argparse.Namespace) -> int:
    return int(model.scenario.settings.seed if args.seed is None else args.seed)


def _joint(model: sensitivity.Model, args: argparse.Namespace) -> smaa.Smaa | None:
    """SMAA-2 over the Monte Carlo draws (``--draws``, ``--seed``), or None without concerns."""
    if model.matrix is None or model.weights is None:
        return None
    s = model.scenario
    draws = s.settings.draws if args.draws is None else args.draws
    rng = np.random.default_rng(_seed(model, args))
    money = uncertainty.npsv_draws(s, draws=draws, rng=rng)
    return smaa.smaa(money, model.matrix, model.weights, rng=rng, lam=s.value_per_point,
                     spread=s.settings.score_spread,
                     lam_range=sensitivity.price_draws(model))  # fmt: skip


def _render(
    shown: int,
    fmt: str,
    every: list[tuple[WhatIf | None, Results]],
    recorded: Results | None = None,
) -> str:
    """The output; ``recorded`` is the central case under the vintage the scenario records,
    when ``--parameters`` chose another (set beside it in the table and the JSON)."""
    from appraisal.contract import vintage_dict, what_if_dict
    from appraisal.vintages import side_by_side
    from report.tables import results_csv, results_table, vintages_table, what_ifs_table

    chosen, results = every[shown]
    if fmt == "json":
        d = results.to_dict()
        d["what_if"] = None if chosen is None else chosen.name
        d["what_ifs"] = [what_if_dict(w.name, w.rationale, r) for w, r in every if w is not None]
        d["recorded_parameters"] = None if recorded is None else vintage_dict(recorded)
        return json.dumps(d, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    if fmt == "csv":
        return results_csv(results)
    table = results_table(results)
    table += what_ifs_table(every, shown) if len(every) > 1 else ""
    return table + ("" if recorded is None else vintages_table(side_by_side(recorded, every[0][1])))


if __name__ == "__main__":
    sys.exit(main())
