"""``python -m appraisal report``: its options, and exit 2 with one plain line on bad input
(the packs themselves are read back in tests/unit/report/pack)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from appraisal import __main__ as cli

ROOT = Path(__file__).resolve().parents[3]


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(["report", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_help_lists_the_main_command_s_options(capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(["report", "--help"])
    out = capsys.readouterr().out
    assert stop.value.code == 0
    for flag in ("--costs", "--discount", "--draws", "--seed", "--what-if", "--format", "-o"):
        assert flag in out
    assert "pdf" in out and "pptx" in out and "xlsx" in out and "html" in out


def test_unknown_format_is_exit_2_with_one_line(capsys, tmp_path):
    with pytest.raises(SystemExit) as stop:  # argparse's error, exit status 2
        run(capsys, "--format", "docx", "-o", str(tmp_path / "x.docx"))
    out, err = capsys.readouterr()
    assert stop.value.code == 2 and not out
    assert err.count("\n") == 1 and "invalid choice: 'docx'" in err


def test_format_from_the_file_s_ending_or_exit_2(capsys, tmp_path):
    code, _, err = run(capsys, "-o", str(tmp_path / "pack.txt"))
    assert code == 2 and err.count("\n") == 1 and "--format is needed" in err


@pytest.mark.parametrize("where", ["missing/pack.html", "."])
def test_unwritable_output_is_exit_2_before_any_work(capsys, tmp_path, where):
    code, out, err = run(capsys, "--format", "html", "-o", str(tmp_path / where))
    assert code == 2 and not out
    assert err.count("\n") == 1 and "cannot write" in err
    assert list(tmp_path.iterdir()) == []


def test_bad_scenario_is_exit_2_and_nothing_written(capsys, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema": 2}', encoding="utf-8")
    out_file = tmp_path / "pack.html"
    code, _, err = run(capsys, str(bad), "-o", str(out_file))
    assert code == 2 and err and "Traceback" not in err
    assert not out_file.exists()


def test_a_pdf_with_bad_input_starts_no_browser_and_a_made_one_stops_it(capsys, tmp_path):
    """A PDF starts the chart browser once the scenario is read, and stops it when the
    pictures are drawn (kaleido's browser is one per process)."""
    from kaleido._sync_server import GlobalKaleidoServer

    bad = tmp_path / "bad.json"
    bad.write_text('{"schema": 2}', encoding="utf-8")
    code, _, err = run(capsys, str(bad), "-o", str(tmp_path / "pack.pdf"))
    assert code == 2 and "Traceback" not in err
    assert not GlobalKaleidoServer().is_running()
    code, out, _ = run(capsys, "--draws", "200", "-o", str(tmp_path / "pack.pdf"))
    assert code == 0 and out.startswith("Wrote")
    assert not GlobalKaleidoServer().is_running()


def test_what_if_and_discount_reach_the_pack(capsys, tmp_path):
    """The HTML pack of a what-if at a constant 5% names both (and writes whole)."""
    out_file = tmp_path / "pack.html"
    code, out, _ = run(capsys, "--what-if", "Low end of published price £800", "--discount",
                       "0.05", "--draws", "200", "-o", str(out_file))  # fmt: skip
    assert code == 0 and out.startswith(f"Wrote {out_file} (HTML")
    text = out_file.read_text("utf-8")
    assert "what-if: Low end of published price £800" in text
    assert "discounting constant 5%" in text and "200 Monte Carlo draws" in text
    assert [p.name for p in tmp_path.iterdir()] == ["pack.html"]  # no temporary file left


def test_as_a_user_runs_it(tmp_path):
    """A real process: exit 2 and one line for a folder that does not exist."""
    done = subprocess.run(
        [sys.executable, "-m", "appraisal", "report", "-o", str(tmp_path / "no" / "x.pdf")],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "does not exist" in done.stderr
