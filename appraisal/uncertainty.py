"""How much of the spread is costs moving together, and the difference that decides.

Two questions a board asks of a Monte Carlo appraisal. First, *would the range be
narrower if every cost were drawn on its own?* A category's ``correlation`` ρ draws
its drivers through a Gaussian copula (HM Treasury, *The Green Book*, 2003, Annex 4
¶28: a simulation can take account of correlations between inputs); drawing them
independently instead, as the Green Book's simple case assumes (2018, A5.21–A5.23),
understates the spread of costs that move together. :func:`spread_comparison` puts
the two side by side, and a "what if every category's costs moved together at ρ".

Second, *how surely does the leader beat the runner-up?* With common random numbers
(the same draw of every shared driver and risk for both options) the difference
NPSV_a − NPSV_b measures the options, not sampling noise (Law, *Simulation Modeling
and Analysis*, 5th ed., 2015, §11.2): :func:`pair_difference` summarises it.

Every case is simulated from the same seed, so the cases differ only in what is
correlated. Money is £ real prices of the scenario's price base.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt
import pandas as pd

from appraisal import montecarlo
from appraisal.appraise import prepare
from appraisal.montecarlo import LineSpread
from appraisal.results import Results
from options.model import Category, Scenario, Spread

Array = npt.NDArray[np.float64]
TIE = montecarlo.TIE  # £: a difference within a pound is a tie
AS_ENTERED, INDEPENDENT = "as entered", "independent"
COMPARISON_COLUMNS = ("case", "option", "name", "p10", "p50", "p90",
                      "npc_p50", "npc_p80", "npc_p90", "quantiles")  # fmt: skip

__all__ = [
    "PairDifference",
    "correlated_spreads",
    "every_category_correlated",
    "independent",
    "npsv_draws",
    "pair_difference",
    "spread_comparison",
    "top_two",
]


# ---------------------------------------------------------------- which drivers move together


def independent(lines: LineSpread) -> LineSpread:
    """The same uncertain lines with every driver drawn on its own (no copula groups).

    Lines that share a driver still share its quantile (common random numbers); only
    the correlation between *different* drivers is removed.

    Examples
    --------
    >>> one = np.ones(2)
    >>> lines = LineSpread(-one, one, np.zeros(2, dtype=np.int64), np.arange(2),
    ...                    0.9 * one, 1.5 * one, np.zeros(2, dtype=np.int64), np.array([0.6]))
    >>> independent(lines).driver_group.tolist()
    [-1, -1]
    """
    return replace(lines, driver_group=np.full(lines.drivers, -1, dtype=np.int64))


def every_category_correlated(scenario: Scenario, rho: float) -> Scenario:
    """The scenario with ρ on every category that carries no correlation of its own.

    A category with no spread of its own gets one of (1, 1): no spread, so only its
    lines with their own ``low``/``high`` are uncertain, as before, and now correlated.
    A category's explicit correlation is kept. ρ = 1 makes a category's drivers move
    as one (comonotone); the scenario file allows up to 0.9.

    Examples
    --------
    >>> from options.examples import load_example
    >>> s = every_category_correlated(load_example(), 0.5)
    >>> s.uncertainty_map[Category.CAPEX], s.uncertainty_map[Category.BENEFIT]
    (Spread(low=0.9, high=1.3, correlation=0.5), Spread(low=1.0, high=1.0, correlation=0.5))
    """
    if not 0.0 <= rho <= 1.0:
        raise ValueError(f"rho must be between 0 and 1, not {rho}")
    spreads = scenario.uncertainty_map
    every = {
        c: replace(sp, correlation=sp.correlation or rho) if sp else Spread(1.0, 1.0, rho)
        for c in Category
        for sp in [spreads.get(c)]
    }
    return replace(scenario, uncertainty=tuple(every.items()))


def correlated_spreads(scenario: Scenario, rho: float) -> LineSpread:
    """The scenario's uncertain lines with every category's drivers correlated at ρ.

    Built by :func:`appraisal.flows.line_spreads` from :func:`every_category_correlated`,
    so a driver an explicit key spreads over several categories stays independent, as
    in the engine. The deterministic NPSV is unchanged: a correlation moves no mean.

    Notes
    -----
    Any two drivers of one category then have Spearman rank correlation
    ρ_s = (6/π) arcsin(ρ/2), that of a bivariate normal with correlation ρ, which the
    copula keeps because mapping to each PERT is monotone.

    References
    ----------
    K. Pearson (1907), "On further methods of determining correlation", Drapers'
    Company Research Memoirs, Biometric Series IV. W. H. Kruskal (1958), "Ordinal
    measures of association", JASA 53, 814–861. HM Treasury, The Green Book (2003),
    Annex 4 ¶28.

    Examples
    --------
    >>> from options.examples import load_example
    >>> lines = correlated_spreads(load_example(), 0.5)
    >>> sorted(set(lines.driver_group.tolist())), lines.group_rho.tolist()
    ([0, 1, 2, 3, 5], [0.5, 0.5, 0.5, 0.5, 0.5, 0.5])
    """
    return prepare(every_category_correlated(scenario, rho)).lines


# ---------------------------------------------------------------- spreads side by side


def npsv_draws(
    scenario: Scenario, *, draws: int, rng: np.random.Generator, lines: LineSpread | None = None
) -> Array:
    """NPSV of every draw, shape ``(draws, options)``, as :func:`appraisal.appraise.appraise`
    draws them (or with ``lines`` in place of the scenario's uncertain lines).

    With the scenario's own seed these are the draws behind its ``Results``.

    Examples
    --------
    >>> from options.examples import load_example
    >>> npsv_draws(load_example(), draws=1_000, rng=np.random.default_rng(1)).shape
    (1000, 4)
    """
    p = prepare(scenario)
    use = p.lines if lines is None else lines
    return montecarlo.simulate_draws(p.value, use, p.risks, draws=draws, rng=rng)


def _percentiles(npsv: Array) -> Array:
    """NPSV at every whole percentile: ``(101, options)``."""
    return np.percentile(npsv, montecarlo.PERCENTILES, axis=0)


def spread_comparison(
    scenario: Scenario, *, draws: int, seed: int, rho: float | None = None
) -> pd.DataFrame:
    """NPSV and NPC percentiles per option, with the drivers correlated as entered,
    drawn independently, and (given ``rho``) correlated at ρ in every category.

    Every case is drawn from a generator seeded with ``seed`` (common random numbers:
    where no copula is involved the cases share their draws exactly).

    Parameters
    ----------
    scenario : Scenario
        Validated scenario.
    draws, seed : int
        Monte Carlo draws and the seed used for every case.
    rho : float, optional
        The "what if costs move together" correlation, in [0, 1].

    Returns
    -------
    pandas.DataFrame
        One row per case and option: ``case`` ("as entered", "independent",
        "ρ = 0.6 on every category"), ``option`` (id), ``name``, NPSV ``p10``,
        ``p50``, ``p90``, net present cost ``npc_p50``, ``npc_p80``, ``npc_p90``
        (a higher P is a more pessimistic cost) and ``quantiles``: a tuple of NPSV
        at percentiles 0 to 100, for S-curves.

    Examples
    --------
    The example's categories carry no correlation: as entered is independent, draw
    for draw.

    >>> from options.examples import load_example
    >>> t = spread_comparison(load_example(), draws=2_000, seed=1, rho=0.6)
    >>> t["case"].unique().tolist()
    ['as entered', 'independent', 'ρ = 0.6 on every category']
    >>> w = (t["p90"] - t["p10"]).to_numpy().reshape(3, 4)
    >>> bool((w[0] == w[1]).all()), bool((w[2] > w[1]).all())
    (True, True)
    """
    p = prepare(scenario)
    cases = {AS_ENTERED: p.lines, INDEPENDENT: independent(p.lines)}
    if rho is not None:
        cases[f"ρ = {rho:g} on every category"] = correlated_spreads(scenario, rho)
    rows = []
    for case, lines in cases.items():  # a few cases, not draws
        npsv = montecarlo.simulate_draws(
            p.value, lines, p.risks, draws=draws, rng=montecarlo.rng_from_seed(seed)
        )
        q = _percentiles(npsv)
        for i, o in enumerate(scenario.options):
            rows.append((case, o.id, o.name, q[10, i], q[50, i], q[90, i],
                         -q[50, i], -q[20, i], -q[10, i], tuple(q[:, i].tolist())))  # fmt: skip
    return pd.DataFrame(rows, columns=COMPARISON_COLUMNS)


# ---------------------------------------------------------------- the difference that decides


@dataclass(frozen=True, slots=True)
class PairDifference:
    """NPSV_a − NPSV_b over the draws (common random numbers), £.

    ``favours_a`` is the share of draws in which ``a`` is ahead by more than £1,
    ``favours_b`` the share ``b`` is, and ``ties`` the rest: they sum to 1.
    """

    quantiles: Array  # (101,): the difference at every whole percentile
    mean: float
    favours_a: float
    favours_b: float
    ties: float
    draws: int


def _pair_difference(diff: Array) -> PairDifference:
    """Kernel, no validation: summarise one array of differences."""
    a, b = float(np.mean(diff > TIE)), float(np.mean(diff < -TIE))
    return PairDifference(
        np.percentile(diff, montecarlo.PERCENTILES), float(diff.mean()), a, b, 1.0 - a - b,
        int(diff.size),
    )  # fmt: skip


def pair_difference(npsv_draws: npt.ArrayLike, a: int, b: int) -> PairDifference:
    """How surely option ``a`` beats option ``b``: the distribution of NPSV_a − NPSV_b.

    Parameters
    ----------
    npsv_draws : array_like, shape (draws, options)
        NPSV of every draw, as :func:`appraisal.montecarlo.simulate_draws` makes them
        (common random numbers, so each row compares the options on the same draw).
    a, b : int
        Option indices (columns of ``npsv_draws``), different.

    Returns
    -------
    PairDifference
        The difference's percentiles, mean and the shares of draws favouring each.

    Notes
    -----
    A difference within £1 is a tie, as in ``prob_best``. With common random numbers
    an option cheaper by a certain amount is ahead by that amount in every draw.

    Examples
    --------
    Three draws of two options; ``a`` is ahead by £5 twice, behind by £3 once.

    >>> d = pair_difference([[10.0, 5.0], [20.0, 15.0], [0.0, 3.0]], 0, 1)
    >>> round(d.favours_a, 4), round(d.favours_b, 4), d.ties, d.mean, d.draws
    (0.6667, 0.3333, 0.0, 2.3333333333333335, 3)
    >>> d.quantiles[[0, 50, 100]].tolist()
    [-3.0, 5.0, 5.0]
    """
    x = np.asarray(npsv_draws, dtype=float)
    if x.ndim != 2:
        raise ValueError(f"npsv_draws must be (draws, options), not shape {x.shape}")
    k = x.shape[1]
    if not (0 <= a < k and 0 <= b < k) or a == b:
        raise ValueError(f"a and b must be two different options in 0..{k - 1}, not {a}, {b}")
    return _pair_difference(x[:, a] - x[:, b])


def top_two(results: Results) -> tuple[str, str]:
    """Ids of the NPSV-preferred option and its runner-up (the next-highest expected
    NPSV; ties in option order).

    Examples
    --------
    >>> from options.examples import load_example
    >>> from appraisal.appraise import appraise
    >>> top_two(appraise(load_example(), draws=10))
    ('do-minimum', 'in-house')
    """
    if len(results.options) < 2:
        raise ValueError("top_two needs at least two options")
    leader = results.preferred.npsv
    others = [o for o in results.options if o.id != leader]
    return leader, max(others, key=lambda o: o.npsv).id  # max keeps the first of equals
