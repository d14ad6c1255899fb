"""The layers stay clean: nothing below the front ends imports Streamlit or plotly."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_engine_imports_without_streamlit_or_plotly():
    code = (
        "import sys, appraisal.appraise, options.costs, options.scenario_file, report.tables\n"
        "bad = sorted(m for m in ('streamlit', 'plotly') if m in sys.modules)\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == ""


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def _options_modules(path: Path) -> set[str]:
    """The ``options`` modules a file imports (the engine may use the model, the parameter
    vintage's model, the text folding and the input grammar only: pure, no I/O)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        n.module
        for n in ast.walk(tree)
        if isinstance(n, ast.ImportFrom) and n.module and n.module.startswith("options")
    }


def test_options_never_imports_appraisal_or_report():
    for path in (ROOT / "options").rglob("*.py"):
        assert not _imports(path) & {"appraisal", "report", "dashboard", "streamlit"}, path


def test_appraisal_engine_uses_only_options_model():
    for path in (ROOT / "appraisal").glob("*.py"):
        if path.name == "__main__.py" or path.stem.endswith("_cli"):  # the command line
            continue
        imported = _imports(path)
        assert not imported & {"report", "dashboard", "streamlit", "plotly"}, path
        allowed = {"options.model", "options.parameters_model", "options.text", "options.inputs",
                   "options.workforce_inputs"}  # fmt: skip
        assert _options_modules(path) <= allowed, path
        source = path.read_text(encoding="utf-8")
        assert "open(" not in source and "read_text" not in source, f"{path} does I/O"


def test_shipped_files_cite_published_sources_not_the_research_notes():
    """A user's clone has no ``shared/`` folder: code, docs and tests cite the Green Book,
    SCIM or the published table itself, never a path there (nor its file names)."""
    shipped = [ROOT / "README.md", *(ROOT / "options" / "examples").glob("*.md")]
    for folder in ("appraisal", "options", "report", "dashboard", "bench", "tests"):
        shipped += (ROOT / folder).rglob("*.py")
    for path in (p for p in shipped if p != Path(__file__).resolve()):
        text = path.read_text(encoding="utf-8")
        for word in ("shared/", "GREENBOOK.md"):
            assert word not in text, f"{path} cites {word}"
