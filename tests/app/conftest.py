"""Fixtures every AppTest module shares: a fresh Streamlit cache around each test (no
test sees another's cached appraisal) and the built-in example, loaded once a module.

Plain helpers (starting the app on a page) are in tests/app/app_helpers.py; each test's
library database is set in tests/conftest.py.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import streamlit as st

from dashboard import last
from options.examples import load_example
from options.model import Scenario


@pytest.fixture(autouse=True)
def fresh_cache() -> Iterator[None]:
    st.cache_data.clear()
    yield
    st.cache_data.clear()


@pytest.fixture(autouse=True)
def no_pause_for_drawing(monkeypatch: pytest.MonkeyPatch) -> None:
    """After the Overview's charts the run waits for the browser to draw them
    (last.give_way); AppTest has no browser, so it goes on at once (the pause has its own
    tests in test_last.py)."""
    monkeypatch.setattr(last, "PAUSE", 0.0)


@pytest.fixture(scope="module")
def example() -> Scenario:
    return load_example()
