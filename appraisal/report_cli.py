"""``python -m appraisal report [SCENARIO.json] --format pdf|pptx|xlsx|html -o FILE``.

A front end like ``__main__`` (which dispatches here): it takes the main command's
scenario, ``--costs``, ``--discount``, ``--what-if``, ``--draws`` and ``--seed``,
appraises, builds the board pack once (:func:`report.pack.build_pack`) and writes
it in one format. ``--format`` may be left out when ``-o`` ends in ``.pdf``,
``.pptx``, ``.xlsx`` or ``.html``. The file is written whole or not at all (a
temporary file beside it, then renamed). Exit status 0 done, 2 bad input (one plain
line each on stderr), 1 an unexpected fault (one line; a traceback with ``--debug``),
as every front end ends (:func:`appraisal.common_cli.guarded`).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from appraisal.appraise import appraise
from appraisal.args_cli import build_parser, load_inputs
from appraisal.common_cli import Parser, guarded, print_notes
from options.errors import InputError, Problem, Reason

PROG = "python -m appraisal report"
FORMATS = ("pdf", "pptx", "xlsx", "html")


def parser() -> argparse.ArgumentParser:
    """The main command's options, with ``--format`` one of :data:`FORMATS` and ``-o``."""
    p = Parser(
        prog=PROG,
        description="The board pack: the preferred option and why, with the options side by "
        "side, charts, risks, concerns, switching values, assumptions and method, as PDF, "
        "PowerPoint, Excel or HTML (default scenario: the built-in example).",
        parents=[build_parser()],
        conflict_handler="resolve",
        add_help=False,
    )
    p.add_argument(
        "--format",
        choices=FORMATS,
        help="pdf, pptx, xlsx or html (default: from the -o file's ending)",
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        required=True,
        help="the file to write (its folder must exist)",
    )
    return p


def _problem(where: str, message: str, value: str | None = None) -> InputError:
    return InputError([Problem(where, None, None, value, Reason.UNKNOWN_VALUE, message)])


def output_format(args: argparse.Namespace) -> str:
    """``--format``, else the output file's ending."""
    if args.format:
        return str(args.format)
    ending = Path(args.output).suffix.lower().lstrip(".")
    if ending in FORMATS:
        return ending
    raise _problem(
        "--format",
        f"--format is needed (pdf, pptx, xlsx or html): the output "
        f"file '{args.output}' does not end in one of them",
    )


def check_output(path: Path) -> None:
    """The output file can be written: its folder exists and is writable, and the path is
    not a folder. Checked before the appraisal, so a typo costs nothing."""
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise _problem("-o", f"cannot write '{path}': it is a folder")
    if not folder.is_dir():
        raise _problem("-o", f"cannot write '{path}': the folder '{folder}' does not exist")
    if not os.access(folder, os.W_OK):
        raise _problem("-o", f"cannot write '{path}': the folder '{folder}' is not writable")


def write_atomically(path: Path, data: bytes) -> None:
    """``data`` to ``path`` whole or not at all: a temporary file beside it, renamed."""
    fd, tmp = tempfile.mkstemp(dir=path.parent if str(path.parent) else ".", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)  # as an ordinary new file, not mkstemp's 0600
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def make_pack(args: argparse.Namespace, fmt: str) -> bytes:
    """Load, appraise, build the pack and render it in ``fmt``. For a PDF, the browser
    that draws its charts starts once the scenario has been read (bad input costs no
    browser), in the background while the scenario is appraised and the pack built."""
    from options.inputs import apply_what_if, find_what_if
    from report.pack import build_pack, render
    from report.pack.charts import start_browser, stop_browser

    scenario, notes, warnings = load_inputs(args)
    print_notes(scenario.load_notes + notes, warnings)
    case = None
    if args.what_if:
        case = find_what_if(scenario, args.what_if)
        scenario = dataclasses.replace(apply_what_if(scenario, case), what_ifs=())
    if fmt == "pdf":
        start_browser()
    try:
        results = appraise(scenario, draws=args.draws, seed=args.seed)
        pack = build_pack(scenario, results, case=case.name if case else None)
        return render(pack, fmt)
    finally:
        stop_browser()  # already stopped once the pictures are drawn, unless that failed


def main(argv: Sequence[str]) -> int:
    """Run ``report`` with ``argv`` (the words after ``report``); returns the exit status."""
    args = parser().parse_args(list(argv))

    def work() -> tuple[Path, str, bytes, float]:
        path = Path(args.output)
        check_output(path)
        fmt = output_format(args)
        start = time.perf_counter()
        data = make_pack(args, fmt)
        write_atomically(path, data)
        return path, fmt, data, time.perf_counter() - start

    def show(done: tuple[Path, str, bytes, float]) -> None:
        path, fmt, data, took = done
        print(f"Wrote {path} ({fmt.upper()}, {len(data) / 1024:,.0f} KB) in {took:.1f} s")

    return guarded(work, show, debug=args.debug, fault="could not make the board pack")
