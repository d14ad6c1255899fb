"""``python -m appraisal scenarios ACTION …``: the scenario library from the command line.

A front end like ``__main__`` (which dispatches here): it parses arguments, opens
:class:`options.store.Store` (``--db URL``, else ``APPRAISAL_DB_URL``, else
``data/appraisal.db``), and prints what the library returns, as a table or as JSON
(``--format json``: numbers as numbers, times in ISO 8601 UTC). ``save`` reads its
file as the main command does (``--costs``, ``--discount``, ``--parameters``,
``--draws``, ``--seed``: :mod:`appraisal.args_cli`), and it and ``restore`` appraise
the scenario's central case with its settings for the summary the library keeps
(:func:`report.library.library_summary`). It never prompts: ``--by`` defaults to the
operating-system user.

Each action is one entry of :data:`ACTIONS` — its arguments and its function — so a
new one (``diff NAME V1 V2``) is one more entry. Exit status 0 done, 2 bad input or a
library problem (one plain line each on stderr), 1 an unexpected fault.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from appraisal.args_cli import add_inputs, add_monte_carlo
from appraisal.common_cli import Parser, guarded, print_notes
from options.store import CorruptVersion, ScenarioInfo, Store, StoreError, VersionInfo

PROG = "python -m appraisal scenarios"


@dataclass(frozen=True, slots=True)
class Action:
    """One action: what it does (help), its own arguments, and the function that runs it."""

    help: str
    arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[Store, argparse.Namespace], object]  # returns what to print (JSON-able)
    table: Callable[[Any], str]  # the returned value as text


def _name(p: argparse.ArgumentParser) -> None:
    p.add_argument("name", metavar="NAME", help="the scenario's name or slug")


def _version_option(p: argparse.ArgumentParser) -> None:
    _name(p)
    p.add_argument("--version", type=_positive, metavar="N", help="version (default: the latest)")


def _by(p: argparse.ArgumentParser) -> None:
    p.add_argument("--by", metavar="NAME", help="who saves it (default: the operating-system user)")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("versions are numbered from 1")
    return value


# ---------------------------------------------------------------- the actions


def _list(store: Store, args: argparse.Namespace) -> list[dict[str, Any]]:
    return [scenario_dict(s) for s in store.list(include_archived=args.all)]


def _show(store: Store, args: argparse.Namespace) -> dict[str, Any]:
    stored = store.load(args.name, args.version)
    numbers = [v.number for v in store.history(args.name)]
    return {**version_dict(stored.info), "versions": numbers}


def _history(store: Store, args: argparse.Namespace) -> list[dict[str, Any]]:
    return [version_dict(v) for v in store.history(args.name)]


def _save(store: Store, args: argparse.Namespace) -> dict[str, Any]:
    """The scenario file as the main command reads it (``--costs``, ``--discount``,
    ``--parameters``), with ``--draws`` and ``--seed`` in its settings, saved with the
    summary of its central case appraised so."""
    from appraisal.args_cli import load_inputs, with_monte_carlo, with_vintage
    from options.scenario_file import dump_scenario

    scenario, notes, warnings = load_inputs(args)
    print_notes(scenario.load_notes + notes, warnings)
    scenario = with_monte_carlo(with_vintage(scenario, args)[0], args)
    info = store.save(args.name, dump_scenario(scenario), by=_author(args),
                      message=args.message, summary=central_summary(scenario))  # fmt: skip
    return version_dict(info)


def _restore(store: Store, args: argparse.Namespace) -> dict[str, Any]:
    old = store.load(args.name, args.version)
    info = store.restore(args.name, args.version, by=_author(args),
                         summary=central_summary(old.scenario))  # fmt: skip
    return version_dict(info)


def _export(store: Store, args: argparse.Namespace) -> str:
    """The version's JSON as stored; with ``--raw`` also one that no longer loads (said on
    stderr, with why), so that an auditor can still get it out."""
    try:
        text = store.load(args.name, args.version).text
    except CorruptVersion as e:
        if e.text is None or not args.raw:
            raise CorruptVersion(
                f"{e}; `export --raw` writes it out as stored", e.problems
            ) from None
        first, *why = e.lines()
        print(f"note: {first}", *why, "note: --raw: written exactly as stored, for inspection; "
              "it does not load as it is", sep="\n", file=sys.stderr)  # fmt: skip
        text = e.text
    if args.output is None:
        return text
    try:
        Path(args.output).write_text(text, encoding="utf-8")
    except OSError as e:
        raise StoreError(f"cannot write {args.output}: {e.strerror or e}") from None
    return ""


def _archive(store: Store, args: argparse.Namespace) -> dict[str, Any]:
    return scenario_dict(store.archive(args.name))


def _unarchive(store: Store, args: argparse.Namespace) -> dict[str, Any]:
    return scenario_dict(store.unarchive(args.name))


def _diff(store: Store, args: argparse.Namespace) -> dict[str, Any]:
    """Two versions compared: every input that changed and what it did to the results."""
    from appraisal.appraise import appraise
    from options.diff import diff_scenarios
    from report.diff import diff_frame, diff_json, diff_sentence, effect, names_of

    old, new = store.load(args.name, args.old), store.load(args.name, args.new)
    changes = diff_scenarios(old.scenario, new.scenario)
    before, after = appraise(old.scenario, draws=1), appraise(new.scenario, draws=1)
    labels = f"v{args.old}", f"v{args.new}"
    out = {
        "scenario": new.info.slug,
        "old": args.old,
        "new": args.new,
        "sentence": diff_sentence(changes, before, after, *labels),
        **diff_json(changes, effect(before, after)),
    }
    if getattr(args, "format", "table") == "table":  # the JSON keeps raw values only
        shown = diff_frame(changes, names_of(before, after))["shown"]
        out["changes"] = [{**c, "shown": s} for c, s in zip(out["changes"], shown, strict=True)]
    return out


def diff_table(d: dict[str, Any]) -> str:
    """The sentence, then each change (section, item, field, old → new), then the effect."""
    out = [d["sentence"], ""]
    rows = [[c["section"], plain(c["item"], 50), plain(c["field"], 24), plain(c["shown"], 70)]
            for c in d["changes"]]  # fmt: skip
    out.append(columns(["section", "item", "field", "change"], rows) if rows else "No changes.")
    out += ["", f"Effect (v{d['old']} → v{d['new']}):"]
    money = "{:,.0f}".format
    rows = [[plain(o["name"], 40), _pair(o["npsv_old"], o["npsv_new"], money),
             _pair(o["score_old"], o["score_new"], "{:.1f}".format),
             _pair(o["rank_old"], o["rank_new"], str)] for o in d["effect"]["options"]]  # fmt: skip
    out.append(columns(["option", "NPSV £", "MCDA score", "rank"], rows))
    return "\n".join(out) + "\n"


def _pair(a: Any, b: Any, show: Any) -> str:
    return f"{'—' if a is None else show(a)} → {'—' if b is None else show(b)}"


def central_summary(scenario: Any) -> dict[str, Any]:
    """The library's summary of a scenario's central case, appraised with its own settings
    (draws, seed, discounting, parameter vintage) as ``python -m appraisal`` would."""
    from appraisal.appraise import appraise
    from report.library import library_summary

    return library_summary(appraise(scenario))


def _author(args: argparse.Namespace) -> str:
    if args.by is not None:
        return str(args.by)
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in this environment
        return "unknown"


# ---------------------------------------------------------------- output


def version_dict(v: VersionInfo) -> dict[str, Any]:
    """A version as JSON: numbers as numbers, the time in ISO 8601 UTC, the summary as saved."""
    return {"name": v.name, "slug": v.slug, "version": v.number, "saved_by": v.saved_by,
            "saved_at": v.saved_at.isoformat(), "message": v.message,
            "preferred": v.preferred, "schema": v.schema,
            "summary": None if v.summary is None else dict(v.summary)}  # fmt: skip


def scenario_dict(s: ScenarioInfo) -> dict[str, Any]:
    """A listed scenario as JSON: its names, whether archived, and its latest version."""
    latest = version_dict(s.latest)
    return {"name": s.name, "slug": s.slug, "archived": s.archived,
            "created_at": s.created_at.isoformat(), "latest_version": s.latest.number,
            **{k: latest[k] for k in ("saved_by", "saved_at", "message", "preferred")}}  # fmt: skip


def plain(text: object, width: int = 60) -> str:
    """User text for a terminal table: control characters shown as escapes, one line, cut.

    >>> plain("a\\nb\\x1b[31m"), plain("x" * 10, width=5)
    ('a b\\\\x1b[31m', 'xxxx…')
    """
    s = "".join(ch if ch.isprintable() or ch == " " else (" " if ch in "\n\t\r" else
                repr(ch)[1:-1]) for ch in str(text))  # fmt: skip
    return s if len(s) <= width else s[: width - 1] + "…"


def when(iso: str) -> str:
    """An ISO time as the table shows it: ``2026-01-02 14:03 UTC``."""
    return iso[:16].replace("T", " ") + " UTC"


def columns(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Left-aligned columns two spaces apart, a rule under the header."""
    widths = [max(len(str(c)) for c in col) for col in zip(header, *rows, strict=False)]
    lines = [header, ["─" * w for w in widths], *rows]
    return "".join("  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
                   + "\n" for r in lines)  # fmt: skip


def list_table(found: list[dict[str, Any]]) -> str:
    if not found:
        return "The library is empty: `python -m appraisal scenarios save NAME FILE.json -m …`\n"
    rows = [[plain(s["name"], 40) + (" (archived)" if s["archived"] else ""), s["slug"],
             str(s["latest_version"]), plain(s["saved_by"], 20), when(s["saved_at"]),
             plain(s["preferred"] or "—", 40)] for s in found]  # fmt: skip
    return columns(["Scenario", "Slug", "Latest", "Saved by", "Saved", "Preferred"], rows)


def history_table(found: list[dict[str, Any]]) -> str:
    rows = [[str(v["version"]), when(v["saved_at"]), plain(v["saved_by"], 20),
             plain(v["preferred"] or "—", 40), plain(v["message"])] for v in found]  # fmt: skip
    title = f"{plain(found[0]['name'])} ({found[0]['slug']}): {len(found)} versions\n\n"
    return title + columns(["Version", "Saved", "By", "Preferred", "Message"], rows)


def show_table(v: dict[str, Any]) -> str:
    from report.formatting import money_m, number

    head = (
        f"{plain(v['name'])} ({v['slug']}), version {v['version']} of {v['versions'][-1]}\n"
        f"Saved {when(v['saved_at'])} by {plain(v['saved_by'])}: {plain(v['message'], 200)}\n"
    )
    summary = v["summary"]
    if not summary or not isinstance(summary.get("options"), list):
        return head + "No results summary was saved with this version.\n"
    rows = [[plain(o.get("name"), 40), money_m(o.get("npsv")), number(o.get("mcda_score")),
             money_m(o.get("overall_value")), str(o.get("rank", "—"))]
            for o in summary["options"]]  # fmt: skip
    table = columns(["Option", "NPSV", "Concerns score", "Overall value", "Rank"], rows)
    used = ""
    if summary.get("draws") is not None:  # recorded since the summary kept them
        used = (f"Appraised with: discounting {plain(summary.get('discounting'))}, parameters "
                f"{plain(summary.get('parameters'))}, {summary['draws']:,} draws, "
                f"seed {summary.get('seed')}\n")  # fmt: skip
    return f"{head}{used}Preferred: {plain(summary.get('preferred') or '—')}\n\n{table}"


def saved_line(v: dict[str, Any]) -> str:
    preferred = f"; preferred: {plain(v['preferred'])}" if v["preferred"] else ""
    return f"Saved {plain(v['name'])} ({v['slug']}) as version {v['version']}{preferred}\n"


def archived_line(s: dict[str, Any]) -> str:
    state = "archived (hidden from the list; list --all shows it)" if s["archived"] else "listed"
    return f"{plain(s['name'])} ({s['slug']}) is {state}\n"


def _save_arguments(p: argparse.ArgumentParser) -> None:
    _name(p)
    p.add_argument("scenario", metavar="FILE.json", help="the scenario file to save")
    p.add_argument("-m", "--message", required=True, help="why this version (kept with it)")
    _by(p)
    add_inputs(p, base_year=False)  # read as the main command reads it
    add_monte_carlo(p)


def _list_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--all", action="store_true", help="include archived scenarios")


def _export_arguments(p: argparse.ArgumentParser) -> None:
    _version_option(p)
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: stdout)")
    p.add_argument("--raw", action="store_true",
                   help="write it even when the stored JSON no longer loads (corrupt or edited "
                   "by hand), exactly as stored, with a note on stderr saying why")  # fmt: skip


def _diff_arguments(p: argparse.ArgumentParser) -> None:
    _name(p)
    p.add_argument("old", type=_positive, metavar="V1", help="the earlier version")
    p.add_argument("new", type=_positive, metavar="V2", help="the later version")


def _restore_arguments(p: argparse.ArgumentParser) -> None:
    _name(p)
    p.add_argument("version", type=_positive, metavar="VERSION", help="the version to restore")
    _by(p)


ACTIONS: dict[str, Action] = {
    "list": Action("every scenario with its latest version and preferred option",
                   _list_arguments, _list, list_table),
    "show": Action("one version: who saved it, when, why, and its results summary",
                   _version_option, _show, show_table),
    "history": Action("every version of a scenario", _name, _history, history_table),
    "save": Action("save a scenario file as the next version (checked and appraised first)",
                   _save_arguments, _save, saved_line),
    "diff": Action("what changed between two versions, and what it did to the results",
                   _diff_arguments, _diff, diff_table),
    "export": Action("a version's scenario JSON, exactly as stored", _export_arguments,
                     _export, str),
    "archive": Action("hide a scenario from the list (nothing is deleted)", _name, _archive,
                      archived_line),
    "unarchive": Action("list an archived scenario again", _name, _unarchive, archived_line),
    "restore": Action('save an old version again as the newest ("Restored version k")',
                      _restore_arguments, _restore, saved_line),
}  # fmt: skip


def build_parser() -> argparse.ArgumentParser:
    """The ``scenarios`` parser: one subparser per action, ``--db``/``--format`` on each."""
    common = Parser(add_help=False)
    common.add_argument("--db", metavar="URL", default=argparse.SUPPRESS,
                        help="database URL or SQLite path (default: $APPRAISAL_DB_URL, else "
                        "data/appraisal.db)")  # fmt: skip
    common.add_argument("--format", choices=("table", "json"), default=argparse.SUPPRESS,
                        help="output format (default: table)")  # fmt: skip
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                        help="show a traceback on an unexpected fault")  # fmt: skip
    about = "The scenario library: saved, numbered versions of scenarios."
    p = Parser(prog=PROG, parents=[common], description=about)
    sub = p.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=Parser)
    for name, action in ACTIONS.items():
        one = sub.add_parser(name, parents=[common], help=action.help, description=action.help)
        action.arguments(one)
    return p


def main(argv: Sequence[str]) -> int:
    args = build_parser().parse_args(list(argv))
    fmt, debug = getattr(args, "format", "table"), getattr(args, "debug", False)
    action = ACTIONS[args.action]

    def work() -> object:
        with Store(getattr(args, "db", None)) as store:
            return action.run(store, args)

    def show(result: object) -> None:
        if isinstance(result, str):  # export: the stored text itself, whatever the format
            sys.stdout.write(result)
        elif fmt == "json":
            sys.stdout.write(json.dumps(result, indent=2, ensure_ascii=False, allow_nan=False))
            sys.stdout.write("\n")
        else:
            sys.stdout.write(action.table(result))

    return guarded(work, show, debug=debug)
