"""The main command's arguments: parsing them, and the scenario they describe.

``python -m appraisal``, ``sensitivity``, ``workforce``, ``report`` and ``scenarios
save`` take the same inputs — a scenario file, a cost file (``--costs`` and how to
read it), ``--discount``, ``--parameters``, ``--draws`` and ``--seed`` — so they are
parsed here once (:func:`add_inputs`, :func:`add_monte_carlo`) and turned into a
:class:`~options.model.Scenario` by :func:`load_inputs`.
"""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

from appraisal import __version__
from appraisal.appraise import settle
from appraisal.common_cli import Parser
from options.errors import InputError, Problem, Reason
from options.model import Scenario
from options.parameters import available_vintages, load_parameters, unknown_message, vintage_titles
from options.parameters_model import Parameters
from options.scenario_file import parse_discounting

MAX_DRAWS = 10_000_000


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
    p = Parser(prog=f"python -m appraisal {command}".strip(), description=descriptions[command])
    p.add_argument("scenario", nargs="?", help="scenario JSON file (default: the built-in example)")
    add_inputs(p)
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
    add_monte_carlo(p)
    p.add_argument("--debug", action="store_true", help="show a traceback on an unexpected fault")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return p


def add_inputs(p: argparse.ArgumentParser, *, base_year: bool = True) -> None:
    """The cost file and how to read it, ``--discount`` and ``--parameters``: what
    :func:`load_inputs` and :func:`with_vintage` read. ``base_year=False`` leaves out
    ``--base-year`` (for a command whose scenario file is required and states its own)."""
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
    if base_year:
        p.add_argument(
            "--base-year",
            type=_bounded_int(1, 9999),
            metavar="YEAR",
            help="base year (and price base) of a scenario made from --costs alone "
            "(default: the file's earliest year that is not a stray year)",
        )
    else:
        p.set_defaults(base_year=None)
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


def add_monte_carlo(p: argparse.ArgumentParser) -> None:
    """``--draws`` and ``--seed`` (None when not given: the scenario's own settings)."""
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


def with_monte_carlo(scenario: Scenario, args: argparse.Namespace) -> Scenario:
    """The scenario with ``--draws`` and ``--seed`` in its settings (those given), so that
    a saved scenario records what it was appraised with and appraises the same again."""
    given = {k: getattr(args, k) for k in ("draws", "seed") if getattr(args, k) is not None}
    if not given:
        return scenario
    return dataclasses.replace(scenario, settings=dataclasses.replace(scenario.settings, **given))
