"""Helpers for the board pack's tests: the hostile texts, the command line run
in-process, and the JSON's options in NPSV order (fixtures are in conftest.py)."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path
from typing import Any

from appraisal import __main__ as cli

ROOT = Path(__file__).resolve().parents[4]
ARTEFACTS = ROOT / "tests" / "artifacts" / "pack"  # git-ignored: pages to look at
DRAWS, SEED = "2000", "7"
SCRIPT = "Join Flex <script>alert(1)</script>"  # an option name that is markup
FORMULA = '=HYPERLINK("http://x","y")'  # a concern title that is a formula
COMMAND = "=cmd|' /C calc'!A0"  # an assumption that is a formula


def run_cli(*args: str) -> tuple[int, str]:
    """``python -m appraisal ARGS`` in-process: exit status and standard output."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = cli.main(list(args))
    return code, out.getvalue()


def make(scenario_file: Path, folder: Path, fmt: str) -> Path:
    """The pack in ``fmt``, made by the command line."""
    path = folder / f"pack.{fmt}"
    code, out = run_cli("report", str(scenario_file), "--format", fmt, "-o", str(path),
                        "--draws", DRAWS, "--seed", SEED)  # fmt: skip
    assert code == 0, out
    assert out.startswith(f"Wrote {path}")
    return path


def by_npsv(engine: dict[str, Any]) -> list[dict[str, Any]]:
    """The JSON's options in NPSV order, highest first."""
    return sorted(engine["options"], key=lambda o: -o["npsv"])
