"""Fixtures for the board pack's tests: the built-in example with hostile user text and
its figures from ``python -m appraisal --format json``; each test module makes its
format once with ``python -m appraisal report`` (in-process) and reads it back."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pack_helpers import COMMAND, DRAWS, FORMULA, SCRIPT, SEED, run_cli

from options.examples import EXAMPLE_PATH


@pytest.fixture(scope="session")
def scenario_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example, its framework option renamed to markup, a concern titled with a
    formula and an assumption that is one."""
    doc: dict[str, Any] = json.loads(EXAMPLE_PATH.read_text(encoding="utf-8"))
    next(o for o in doc["options"] if o["id"] == "flex")["name"] = SCRIPT
    doc["concerns"][0]["title"] = FORMULA
    doc["assumptions"][0]["text"] = COMMAND
    path = tmp_path_factory.mktemp("pack") / "hostile.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def engine(scenario_file: Path) -> dict[str, Any]:
    """The figures of ``--format json`` for the same scenario, draws and seed."""
    code, out = run_cli(str(scenario_file), "--format", "json", "--draws", DRAWS, "--seed", SEED)
    assert code == 0
    doc: dict[str, Any] = json.loads(out)
    return doc
