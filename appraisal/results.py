"""The result types of an appraisal: per-option figures, the preferred options, Results.

Every front end reads these typed objects (and their tidy frames); the JSON
contract they serialise to lives in :mod:`appraisal.contract`. Money is £ in
real prices of the scenario's price base.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from appraisal import __version__, contract
from appraisal.register import DoubleCount, Overlap
from options.model import OptionKind


@dataclass(frozen=True, slots=True)
class MonteCarloResult:
    """NPSV uncertainty of one option (£)."""

    draws: int
    p10: float
    p50: float
    p90: float
    mean: float
    prob_best: float
    quantiles: tuple[float, ...]  # NPSV at percentiles 0..100
    std_error: float = 0.0  # standard error of the mean

    def npc(self, p: int) -> float:
        """Net present cost at P``p`` (a higher P is a more pessimistic cost): -NPSV at 100 - p."""
        return -self.quantiles[100 - p]


@dataclass(frozen=True, slots=True)
class Added:
    """What an option's appraisal adds above its most-likely estimates (£ PV)."""

    spread: float  # the skew of the PERT spreads (expected value less most likely)
    optimism_bias: float
    risk: float

    @property
    def total(self) -> float:
        return self.spread + self.optimism_bias + self.risk


@dataclass(frozen=True, slots=True)
class OptionResult:
    """Every figure for one option; money in £ real prices of the price base."""

    id: str
    name: str
    kind: OptionKind
    pv_costs: float
    pv_benefits: float
    optimism_bias: float
    risk: float
    carbon_cost: float
    npsv: float
    npc: float
    eac: float
    life_years: int
    service_years: tuple[int, int]
    npsv_most_likely: float
    added_above_most_likely: Added
    cost_per_point: float | None
    marginal_cost_per_point: float | None
    dominated_by: str | None
    mcda_score: float | None
    overall_value: float  # £: NPSV + value_per_point × MCDA score (NPSV with no price)
    switching_prices: tuple[tuple[str, float], ...]  # vs the NPSV-preferred option: £ a point
    rank: int
    bcr: float | None
    irr: float | None
    payback_year: int | None
    npsv_vs_counterfactual: float | None
    npc_at_confidence: float
    ob_uplift: float
    monte_carlo: MonteCarloResult


@dataclass(frozen=True, slots=True)
class Closeness:
    """How far the leader of a ranking is ahead of the runner-up.

    Too close to call when the runner-up does better in more than ``1 - confidence``
    of the draws (common random numbers; with no uncertainty, when the two differ
    by less than £1): a share that settles as draws grow, unlike a standard error.
    """

    leader: str
    runner_up: str | None
    margin: float  # £: leader less runner-up, on the ranking's measure
    runner_up_share: float  # share of draws in which the runner-up does better
    too_close: bool


@dataclass(frozen=True, slots=True)
class Preferred:
    npsv: str
    mcda: str | None
    overall: str


@dataclass(frozen=True, eq=False)
class Results:
    """The appraisal of a scenario: typed per-option results plus tidy frames."""

    scenario: str
    base_year: int
    price_base: int
    discounting: str | float
    options: tuple[OptionResult, ...]
    preferred: Preferred
    draws: int
    seed: int
    confidence: float
    value_per_point: float | None
    years: tuple[int, ...]
    flows: pd.DataFrame = field(repr=False)  # option, year, component, amount, discounted
    risks: pd.DataFrame = field(repr=False, default_factory=lambda: pd.DataFrame())  # register
    concerns: pd.DataFrame = field(repr=False, default_factory=lambda: pd.DataFrame())
    notes: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    counterfactual: str | None = None  # the in-house (business-as-usual) option's id
    cautions: tuple[str, ...] = ()  # the notes that qualify the ranking itself (also in notes)
    version: str = __version__
    # Where the overall leader changes as the price per point runs from 0 upwards:
    # (£ a point from which it leads, option id); empty without concerns.
    leaders: tuple[tuple[float, str], ...] = ()
    closeness_npsv: Closeness | None = None
    closeness_overall: Closeness | None = None
    # Concerns linked to a risk NPSV already costs: the same harm may be counted twice.
    double_counts: tuple[DoubleCount, ...] = ()
    overlaps: tuple[Overlap, ...] = ()  # concerns whose scores move together
    parameters: str = ""  # the Green Book parameter vintage's id, e.g. "green-book-2022"
    parameters_title: str = ""  # its title, id and date, for a board pack

    def option(self, option_id: str) -> OptionResult:
        return next(o for o in self.options if o.id == option_id)

    def frame(self) -> pd.DataFrame:
        """One row per option, the JSON fields as columns (Monte Carlo flattened)."""
        rows = [self.flat_option(o) for o in self.options]
        return pd.DataFrame(rows).set_index("id", drop=False)

    @staticmethod
    def flat_option(o: OptionResult) -> dict[str, object]:
        """One option's JSON fields in contract order, Monte Carlo flattened, nulls as None."""
        return contract.flat(contract.option_dict(o))

    def to_dict(self) -> dict[str, object]:
        """The JSON contract (nan and inf become null)."""
        return contract.results_dict(self)
