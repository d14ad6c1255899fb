"""The built-in example's assumptions register and decision log keep to its SOURCES.md:
one entry per illustrative assumption A1, A2, …, rated by the rule SOURCES.md states,
the historical decision marked and made on no version, and nothing in the log moving a
figure."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from appraisal.appraise import appraise
from options.examples import SOURCES_PATH, load_example
from options.model import Quality


@pytest.fixture(scope="module")
def example():
    return load_example()


@pytest.fixture(scope="module")
def sources():
    return SOURCES_PATH.read_text(encoding="utf-8")


def test_one_entry_per_assumption_sources_lists(example, sources):
    listed = re.findall(r"^\| (A\d+) \|", sources, flags=re.MULTILINE)
    assert sorted(listed, key=lambda a: int(a[1:])) == [f"A{k}" for k in range(1, 34)]
    assert [a.id for a in example.assumptions] == [f"A{k}" for k in range(1, 34)]


def test_every_entry_is_filled_and_owned_honestly(example):
    for a in example.assumptions:
        assert a.text and a.value and a.source and a.notes, a.id
        assert a.owner == "Example author (illustrative)", a.id
        assert a.date == "2026-12-03", a.id


def test_ratings_are_those_sources_states_by_its_rule(example, sources):
    """SOURCES.md states the rule and which assumptions are green and amber; the rest are
    red. Each note ends by giving the reason for its rating in the rule's words."""
    assert "green = a published figure used as published" in sources
    rated = {q: [a.id for a in example.assumptions if a.quality is q] for q in Quality}
    assert rated[Quality.GREEN] == ["A2", "A13"]
    assert rated[Quality.AMBER] == ["A1", "A3", "A4", "A15", "A17", "A20", "A29"]
    assert len(rated[Quality.RED]) == 24
    assert "2 assumptions are green (A2, A13), 7 amber (A1, A3, A4, A15, A17, A20, A29)" in (
        sources
    )
    for a in example.assumptions:
        assert f"{a.quality.value.capitalize()}:" in a.notes, a.id
        reason = a.notes.rsplit(f"{a.quality.value.capitalize()}:", 1)[1]
        if a.quality is Quality.RED:
            assert re.search(r"no source|judgement|illustrative", reason), a.id


def test_the_historical_decision_is_marked_and_on_no_version(example):
    first = example.decisions[0]
    assert first.id == "D1" and first.text.startswith("Historical decision: ONS decided")
    assert first.date == "2007-10-01" and "S2" in first.source and "S3" in first.source
    assert "18 months" in first.rationale
    assert all(d.version is None for d in example.decisions)


def test_the_log_moves_no_figure(example):
    """The logs describe the appraisal and never enter it: every option's NPSV, score and
    rank are the same with them emptied."""
    bare = replace(example, assumptions=(), decisions=())
    with_log, without = appraise(example, draws=200), appraise(bare, draws=200)
    assert [(o.npsv, o.mcda_score, o.rank) for o in with_log.options] == [
        (o.npsv, o.mcda_score, o.rank) for o in without.options
    ]
