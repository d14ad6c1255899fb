"""The difference that decides: NPSV_a − NPSV_b over common random numbers.

Expected figures are hand calculations: a certain line's PV in the base year is its
amount; with one shared driver the difference is the gap in PV times the one multiplier,
so its P90 − P10 is the gap × 0.6 × (Beta⁻¹(0.9) − Beta⁻¹(0.1)) with PERT(0.9, 1, 1.5) =
0.9 + 0.6 × Beta(5/3, 13/3) (scipy's Beta quantiles).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from scipy import stats

from appraisal.appraise import appraise
from appraisal.uncertainty import npsv_draws, pair_difference, top_two
from options.examples import load_example
from options.model import Scenario

A, B = 5 / 3, 13 / 3
TWO = [{"id": "a", "name": "Option A", "kind": "in-house"},
       {"id": "b", "name": "Option B", "kind": "alternative"}]  # fmt: skip


def _cost(option: str, line: str, amount: float, **extra: Any) -> dict[str, Any]:
    return {"option": option, "line": line, "category": "opex", "year": 2008, "amount": amount,
            **extra}  # fmt: skip


@pytest.fixture
def twins(make_scenario: Callable[..., Scenario]) -> Scenario:
    """Two options with the same uncertain £1m staff line (one driver) and the same
    shared risk; a's licence, certain (no spread), is £50,000 cheaper, in the base year."""
    risk = {"name": "Outage", "probability": 0.3, "low": 1e5, "likely": 2e5, "high": 9e5,
            "years": [2009]}  # fmt: skip
    return make_scenario(
        options=TWO,
        costs=[
            *(_cost(o, "Staff", 1e6) for o in "ab"),
            _cost("a", "Licence", 100_000, low=1.0, high=1.0),
            _cost("b", "Licence", 150_000, low=1.0, high=1.0),
        ],
        uncertainty={"opex": {"low": 0.9, "high": 1.5}},
        risks=[{**risk, "option": o} for o in "ab"],
    )


def test_a_cheaper_certain_line_is_the_difference_in_every_draw(twins):
    """Common random numbers: staff and the risk cancel draw by draw, so NPSV_a − NPSV_b
    is the licence's £50,000 PV in every draw and favours a in all of them."""
    draws = npsv_draws(twins, draws=5_000, rng=np.random.default_rng(3))
    assert draws[:, 0].std() > 10_000  # each option's NPSV does vary
    d = pair_difference(draws, 0, 1)
    np.testing.assert_allclose(d.quantiles, 50_000, atol=1e-6)
    assert d.mean == pytest.approx(50_000)
    assert (d.favours_a, d.favours_b, d.ties, d.draws) == (1.0, 0.0, 0.0, 5_000)
    assert pair_difference(draws, 1, 0).favours_b == 1.0


def test_common_random_numbers_narrow_the_difference(make_scenario):
    """a's staff £1.0m, b's £0.9m, PERT(0.9, 1, 1.5). One driver: the difference is
    −£0.1m × the multiplier, P90 − P10 = £0.1m × 0.6 × (Beta⁻¹(0.9) − Beta⁻¹(0.1)), and b
    is ahead in every draw. Given separate drivers (independent draws) the difference's
    sd is √(1.0² + 0.9²) = 1.345 times one line's, not 0.1 times: over ten times wider,
    and a is sometimes ahead."""
    unit = 0.6 * (stats.beta(A, B).ppf(0.9) - stats.beta(A, B).ppf(0.1))
    spread = {"opex": {"low": 0.9, "high": 1.5}}
    shared = make_scenario(
        options=TWO,
        uncertainty=spread,
        costs=[_cost("a", "Staff", 1.0e6), _cost("b", "Staff", 0.9e6)],
    )
    apart = make_scenario(options=TWO, uncertainty=spread,
                          costs=[_cost("a", "Staff", 1.0e6, driver="a staff"),
                                 _cost("b", "Staff", 0.9e6, driver="b staff")])  # fmt: skip
    crn, ind = (
        pair_difference(npsv_draws(s, draws=20_000, rng=np.random.default_rng(5)), 0, 1)
        for s in (shared, apart)
    )
    width = crn.quantiles[90] - crn.quantiles[10]
    assert width == pytest.approx(0.1e6 * unit, rel=0.02)
    assert crn.favours_b == 1.0
    assert ind.quantiles[90] - ind.quantiles[10] > 10 * width
    assert 0.0 < ind.favours_a < 0.5
    assert crn.mean == pytest.approx(ind.mean, rel=0.05)  # −£0.1m × E[m] = −£106,667


def test_shares_sum_to_one_and_ties_are_within_a_pound():
    """Hand example: +£0.50 and −£0.99 are ties; +£2 favours a; −£3 favours b."""
    d = pair_difference(np.array([[0.5, 0.0], [0.0, 0.99], [2.0, 0.0], [0.0, 3.0]]), 0, 1)
    assert (d.favours_a, d.favours_b, d.ties) == (0.25, 0.25, 0.5)
    assert d.quantiles.shape == (101,)


@pytest.mark.parametrize(("a", "b"), [(0, 0), (0, 2), (-1, 1)])
def test_pair_difference_needs_two_different_options(a, b):
    with pytest.raises(ValueError, match="two different options"):
        pair_difference(np.zeros((3, 2)), a, b)


def test_pair_difference_needs_draws_by_options():
    with pytest.raises(ValueError, match="draws, options"):
        pair_difference(np.zeros(3), 0, 1)


def test_top_two_is_the_preferred_option_and_its_runner_up():
    """The example: the NPSV ranking's first two, as the verdict's closeness names them."""
    r = appraise(load_example(), draws=200)
    ranked = sorted(r.options, key=lambda o: -o.npsv)
    assert top_two(r) == (r.preferred.npsv, ranked[1].id)
    assert r.closeness_npsv is not None
    assert top_two(r) == (r.closeness_npsv.leader, r.closeness_npsv.runner_up)


def test_npsv_draws_are_the_draws_behind_appraise():
    """Same seed, same draws: their percentiles are the Results' P10/P50/P90."""
    s = load_example()
    r = appraise(s, draws=3_000, seed=8)
    q = np.percentile(npsv_draws(s, draws=3_000, rng=np.random.default_rng(8)), [10, 50, 90], 0)
    for i, o in enumerate(r.options):
        mc = o.monte_carlo
        assert q[:, i].tolist() == pytest.approx([mc.p10, mc.p50, mc.p90], rel=1e-12)
