"""Malformed scenario documents: each becomes a Scenario or one InputError whose every
problem names the path to its field (``costs[3].amount``); nothing else.

A problem of the document as a whole (not JSON, not an object, empty, too big) has
no path; :data:`WHOLE_FILE` lists those reasons.
"""

from __future__ import annotations

from typing import Any

from hypothesis import event, given

from options.errors import InputError, Reason
from options.model import Scenario
from options.scenario_file import parse_json_bytes, scenario_from_dict
from tests.fuzz.json_strategies import document_bytes, documents
from tests.fuzz.profiles import cases

WHOLE_FILE = frozenset({Reason.EMPTY_FILE, Reason.FILE_TOO_LARGE, Reason.UNREADABLE})


def check_problems(error: InputError, file: str) -> None:
    assert error.problems
    for p in error.problems:
        assert p.file == file, p
        assert p.message.strip() and "Traceback" not in p.message, p
        at_root = p.reason is Reason.WRONG_TYPE and p.path == ()  # "should be a JSON object"
        assert p.column or at_root or p.reason in WHOLE_FILE, p
        if p.path:  # the path as keys, for a front end, agrees with the path as written
            assert p.column and p.column.startswith(str(p.path[0])), p


def load(doc: Any, file: str) -> None:
    try:
        scenario = scenario_from_dict(doc, file=file)
    except InputError as error:
        check_problems(error, file)
        event(f"refused: {error.problems[0].reason.value}")
    else:
        assert isinstance(scenario, Scenario)
        event("loaded")


@cases(quick=40, full=1_100)
@given(documents())
def test_a_mutated_scenario_document_loads_or_names_the_path_of_each_problem(mutated):
    load(mutated.doc, "fuzz.json")


@cases(quick=20, full=1_000)
@given(document_bytes())
def test_a_malformed_scenario_file_loads_or_is_refused_in_words(file):
    try:
        doc = parse_json_bytes(file.data, "fuzz.json")
    except InputError as error:
        check_problems(error, "fuzz.json")
        event(f"not read: {error.problems[0].reason.value}")
        return
    load(doc, "fuzz.json")
