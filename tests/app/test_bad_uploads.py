"""The Data page fed the nasty files of tests/data/bad/ in turn, in one session: each is
read (its amounts said) or refused in a problem table, never an exception; a file of a
million rows is refused at the row limit, and the page still works afterwards."""

from __future__ import annotations

import time

import pytest
from streamlit.testing.v1 import AppTest

from options.examples import load_example
from options.model import Scenario
from tests.app.test_pages import start
from tests.unit.options.test_bad_files import BAD, READ, REFUSED


@pytest.fixture(scope="module")
def example() -> Scenario:
    return load_example()


def upload(at: AppTest, name: str, data: bytes) -> AppTest:
    at.file_uploader(key="cost_upload:0").set_value((name, data, "application/octet-stream"))
    return at.run()


def test_each_nasty_file_is_read_or_refused_on_the_data_page(example):
    at = start("data")
    for name in [*READ, *REFUSED]:
        upload(at, name, (BAD / name).read_bytes())
        assert not at.exception, (name, [e.message for e in at.exception])
        said = " ".join(s.value for s in at.success).replace("&#95;", "_")  # Markdown-escaped
        if name in READ:
            assert f"Read {len(READ[name])} amounts from {name}" in said, name
        else:
            problems = " ".join(at.table[-1].value["Problem"])
            assert REFUSED[name][3] in problems, (name, problems)
            assert not any(b.key == "apply_upload" for b in at.button), name
    assert at.session_state["scenario"] == example  # nothing applied


def test_a_million_rows_are_refused_and_the_page_still_works(example):
    at = start("data")
    rows = b"option,line,category,year,amount\n" + b"F,Fee,opex,2008,1\n" * 1_000_000
    began = time.perf_counter()
    upload(at, "million.csv", rows)
    took = time.perf_counter() - began
    assert not at.exception
    assert "has more than 200,000 data rows" in " ".join(at.table[-1].value["Problem"])
    assert took < 120, took  # wall time, on a machine maybe busy with other work
    upload(at, "utf8_bom.csv", (BAD / "utf8_bom.csv").read_bytes())
    assert "Read 2 amounts from utf8&#95;bom.csv" in " ".join(s.value for s in at.success)
