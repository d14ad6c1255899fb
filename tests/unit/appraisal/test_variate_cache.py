"""Reused Monte Carlo draws (appraisal.sampling.VariateCache): the same results as drawing
afresh, reused only for the same spreads, risks, draws and seed, and bounded."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from appraisal import sampling
from appraisal.appraise import appraise
from options.controls import controls_of, with_controls
from options.examples import load_example
from options.model import Scenario


def _at(s: Scenario, **changes: object) -> Scenario:
    return with_controls(s, dataclasses.replace(controls_of(s), **changes))


@pytest.fixture(scope="module")
def example() -> Scenario:
    return load_example()


def _draws_made(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    made: list[int] = []
    draw = sampling._draw

    def counted(*args: object) -> sampling.Drawn:
        made.append(1)
        return draw(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(sampling, "_draw", counted)
    return made


def test_a_new_discount_rate_reuses_the_draws_and_gives_the_same_results(example, monkeypatch):
    cache = sampling.VariateCache()
    made = _draws_made(monkeypatch)
    for rate in (0.035, 0.05, 0.035):
        s = _at(example, discounting=rate)
        assert appraise(s, draws=2_000, variates=cache).options == appraise(s, draws=2_000).options
    assert len(made) == 1 + 3  # one draw kept, then one for each uncached appraisal


def test_another_seed_or_risk_multiplier_draws_afresh(example, monkeypatch):
    cache = sampling.VariateCache()
    appraise(example, draws=1_000, variates=cache)
    made = _draws_made(monkeypatch)
    for s in (_at(example, seed=7), _at(example, risk_multiplier=1.5)):
        assert appraise(s, draws=1_000, variates=cache).options == appraise(s, draws=1_000).options
    assert len(made) == 2 * 2


def test_the_cache_keeps_no_more_than_its_budget():
    def drawn(n: int) -> sampling.Drawn:
        return np.zeros((n, 1)), None, None

    cache = sampling.VariateCache(budget=10)
    cache.put(b"a", drawn(4))
    cache.put(b"b", drawn(4))
    cache.put(b"too big", drawn(11))
    assert cache.get(b"too big") is None
    assert cache.get(b"a") is not None  # now the newest
    cache.put(b"c", drawn(4))  # 12 > 10: the oldest, b, goes
    assert cache.get(b"b") is None
    assert cache.get(b"a") is not None and cache.get(b"c") is not None
    kept = cache.get(b"a")
    assert kept is not None and kept[0] is not None and not kept[0].flags.writeable
    few = sampling.VariateCache(entries=2)
    for key in (b"a", b"b", b"c"):
        few.put(key, drawn(1))
    assert few.get(b"a") is None and few.get(b"b") is not None and few.get(b"c") is not None
