"""Command line: ``python -m appraisal [SCENARIO.json] [--costs FILE] [options]``.

Kept thin: it parses arguments, loads through ``options``, calls ``appraise`` and
prints what ``report`` formats. Its arguments are parsed in :mod:`appraisal.args_cli`;
it ends as every front end does (:func:`appraisal.common_cli.guarded`): exit status 0
done, 2 bad input (one line per problem on stderr, nothing on stdout), 1 an
unexpected fault (one line; a traceback only with ``--debug``).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

import numpy as np

from appraisal import sensitivity, smaa, uncertainty
from appraisal.appraise import appraise
from appraisal.args_cli import build_parser, load_inputs, with_vintage
from appraisal.common_cli import guarded, print_notes
from appraisal.results import Results
from options.errors import InputError, Problem, Reason
from options.model import Scenario, WhatIf


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

    def work() -> tuple[Scenario, tuple[str, ...], tuple[Problem, ...], str, list[str]]:
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
        return scenario, notes, warnings, output, doubled

    def show(done: tuple[Scenario, tuple[str, ...], tuple[Problem, ...], str, list[str]]) -> None:
        scenario, notes, warnings, output, doubled = done
        if args.format != "table":  # the table prints them under Notes
            notes = scenario.load_notes + notes
        print_notes(notes, warnings)
        for line in doubled:
            print(f"warning: {line}", file=sys.stderr)
        sys.stdout.write(output)

    return guarded(work, show, debug=args.debug)


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
