"""The ending every command-line front end shares (:func:`appraisal.common_cli.guarded`).

Written once, tested once here; each front end's own tests check that it uses it
(exit statuses and messages of ``python -m appraisal``, ``report`` and ``scenarios``).
"""

from __future__ import annotations

import pytest

from appraisal.common_cli import EXIT_FAULT, EXIT_INPUT, EXIT_OK, guarded
from options.errors import InputError, Problem, Reason
from options.store_errors import CorruptVersion, UnknownScenario


def _raise(exc: Exception):
    def work():
        raise exc

    return work


def _never(_result: object) -> None:
    raise AssertionError("show must not run after a failure")


def test_done_shows_the_result_and_exits_0(capsys):
    shown: list[object] = []
    assert guarded(lambda: 42, shown.append, debug=False) == EXIT_OK
    assert shown == [42] and capsys.readouterr() == ("", "")


def test_the_users_input_errors_are_their_lines_and_exit_2(capsys):
    problems = [Problem("costs.csv", 3, "amount", "x", Reason.UNKNOWN_VALUE, "not a number"),
                Problem("costs.csv", 5, "year", "", Reason.UNKNOWN_VALUE, "missing")]  # fmt: skip
    assert guarded(_raise(InputError(problems)), _never, debug=True) == EXIT_INPUT
    out, err = capsys.readouterr()
    assert out == "" and err.splitlines() == [
        "costs.csv:3:amount: not a number",
        "costs.csv:5:year: missing",
    ]


def test_library_problems_start_with_error_and_exit_2(capsys):
    assert guarded(_raise(UnknownScenario("no scenario 'x'")), _never, debug=False) == EXIT_INPUT
    assert capsys.readouterr() == ("", "error: no scenario 'x'\n")
    corrupt = CorruptVersion("version 2 of 'S' cannot be opened", ["S v2:-:-: not valid JSON"])
    assert guarded(_raise(corrupt), _never, debug=True) == EXIT_INPUT
    assert capsys.readouterr().err == (
        "error: version 2 of 'S' cannot be opened\n  S v2:-:-: not valid JSON\n"
    )


def test_an_unexpected_fault_is_one_line_and_exit_1_or_a_traceback_with_debug(capsys):
    code = guarded(_raise(RuntimeError("disk on fire")), _never, debug=False)
    assert code == EXIT_FAULT
    assert capsys.readouterr() == (
        "", "error: unexpected fault: RuntimeError: disk on fire (run with --debug for details)\n"
    )  # fmt: skip
    guarded(_raise(KeyError("k")), _never, debug=False, fault="could not make the board pack")
    assert capsys.readouterr().err.startswith("error: could not make the board pack: KeyError:")
    with pytest.raises(RuntimeError, match="disk on fire"):
        guarded(_raise(RuntimeError("disk on fire")), _never, debug=True)
