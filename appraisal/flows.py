"""Flow assembly: a scenario's cost lines, risks and carbon as yearly arrays by option.

Everything here turns validated inputs into arrays on the fixed axis order
``(options, years)`` (year index = calendar year - base year) in £ real prices
of the price base, ready for discounting; and the tidy frames the front ends
draw. No Green Book rule is decided here: each comes from its own module
(prices, risk, carbon).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from appraisal import montecarlo
from appraisal.carbon import carbon_table_in, carbon_values
from appraisal.prices import real_terms, rebase_factor
from appraisal.risk import adjusted_probability, risk_expected_value
from options.model import Basis, Category, CostLine, Scenario, Spread, Treatment, YearMap
from options.text import fold_words

Array = npt.NDArray[np.float64]
COMPONENTS = (*(c.value for c in Category), "optimism_bias", "risk", "carbon")
RISK_COLUMNS = ("option", "risk", "treatment", "probability", "probability_used", "low", "likely",
                "high", "years", "ev_per_year", "pv", "source")  # fmt: skip


@dataclass(frozen=True, slots=True)
class Lines:
    """Cost lines grouped as (option, line, category), flows by year index.

    ``low`` and ``high`` are each line's PERT multiplier bounds (its own, else its
    category's, else 1.0: no spread); ``driver`` is the key of the uncertainty it
    shares (an explicit ``driver``, else its category and folded name).
    """

    option: npt.NDArray[np.int64]
    category: tuple[Category, ...]
    name: tuple[str, ...]
    flows: Array  # (lines, years), £ real, positive amounts
    low: Array
    high: Array
    ob_exempt: npt.NDArray[np.bool_]  # a row of the line said "optimism_bias": false
    driver: tuple[tuple[str, ...], ...]
    health: npt.NDArray[np.bool_]

    @property
    def is_gain(self) -> npt.NDArray[np.bool_]:
        """Benefit and residual lines: they add to NPSV."""
        return np.array([c.is_gain for c in self.category], dtype=bool)

    @property
    def cost_sign(self) -> Array:
        """+1 a cost line, -1 a residual value (it reduces PV costs), 0 a benefit."""
        return np.array([c.cost_sign for c in self.category], dtype=float)


def driver_key(line: CostLine) -> tuple[str, ...]:
    """The driver a line's uncertainty follows (common random numbers).

    An explicit ``driver`` joins every line that names it, in any category;
    without one, lines share a driver when they have the same category and the
    same folded name.
    """
    if line.driver:
        return ("driver", fold_words(line.driver))
    return (line.category.value, fold_words(line.line))


def cost_lines(s: Scenario, years: int, notes: list[str]) -> Lines:
    """The scenario's included cost lines in real prices, one row per line.

    Nominal amounts are deflated to the price base, and real amounts in another
    year's prices (``price_year``) rebased to it (Green Book 5.11-5.12), with what
    was interpolated or extrapolated appended to ``notes``. The deflator is the
    scenario's own, else its parameter vintage's.
    """
    index = {oid: i for i, oid in enumerate(s.option_ids)}
    every = {o.id: o.modules is None for o in s.options}
    included = [c for c in s.costs
                if every[c.option] or s.option(c.option).includes(c.module)]  # fmt: skip
    amounts = np.array([c.amount for c in included], dtype=float)
    nominal = np.array([c.basis is Basis.NOMINAL for c in included], dtype=bool)
    if nominal.any():
        yrs = np.array([c.year for c in included])[nominal]
        amounts[nominal], deflator_notes = real_terms(amounts[nominal], yrs, s.prices, deflator(s))
        notes.extend(f"GDP deflator: {n}" for n in deflator_notes)
    for year in sorted({c.price_year for c in included if c.price_year is not None}):
        rows = np.array([c.price_year == year for c in included], dtype=bool)
        factor, rebase_notes = rebase_factor(year, s.prices, deflator(s))
        amounts[rows] *= factor
        notes.extend(f"GDP deflator: {n}" for n in rebase_notes)
    # keyed by the category's value: a str hashes in C, an Enum member in Python
    first: dict[tuple[str, str, str], CostLine] = {}
    exempt: dict[tuple[str, str, str], bool] = {}
    row_keys = [(c.option, c.line, c.category.value) for c in included]
    for k, c in zip(row_keys, included, strict=True):
        first.setdefault(k, c)
        exempt[k] = exempt.get(k, False) or not c.optimism_bias
    keys = {k: j for j, k in enumerate(first)}
    flows = np.zeros((len(keys), years))
    rows = np.array([keys[k] for k in row_keys], dtype=int)
    cols = np.array([c.year - s.base_year for c in included], dtype=int)
    np.add.at(flows, (rows, cols), amounts)
    spreads = s.uncertainty_map
    bounds = [_bounds(c, spreads.get(c.category)) for c in first.values()]
    return Lines(
        option=np.array([index[k[0]] for k in keys], dtype=np.int64),
        category=tuple(c.category for c in first.values()),
        name=tuple(k[1] for k in keys),
        flows=flows,
        low=np.array([b[0] for b in bounds], dtype=float),
        high=np.array([b[1] for b in bounds], dtype=float),
        ob_exempt=np.array(list(exempt.values()), dtype=bool),
        driver=tuple(driver_key(c) for c in first.values()),
        health=np.array([c.health for c in first.values()], dtype=bool),
    )


def deflator(s: Scenario) -> YearMap:
    """The GDP deflator a scenario's prices are converted with: its own ``deflator``, else
    the one of its parameter vintage (the HM Treasury series shipped with it)."""
    return s.deflator or s.parameters.gdp_deflator


def _bounds(line: CostLine, spread: Spread | None) -> tuple[float, float]:
    """A line's own multipliers, else its category's, else (1, 1): no spread."""
    low = line.low if line.low is not None else (spread.low if spread else 1.0)
    high = line.high if line.high is not None else (spread.high if spread else 1.0)
    return low, high


def horizon(s: Scenario) -> int:
    """Number of years from the base year to the last year any input names (a cost,
    a risk, carbon, or the end of an option's service)."""
    last = [c.year for c in s.costs]
    last += [y for r in s.risks for y in r.years]
    last += [y for o in s.options for y, _ in o.carbon_tco2e]
    last += [o.service_years[1] for o in s.options if o.service_years is not None]
    return max([s.base_year, *last]) - s.base_year + 1


def by_option(rows: npt.NDArray[np.int64], values: Array, k: int) -> Array:
    """Sum rows (lines or risk-years) into options: ``(k, ...)``."""
    out = np.zeros((k, *values.shape[1:]))
    np.add.at(out, rows, values)
    return out


def risk_flows(
    s: Scenario, df: Array, *, frame: bool = True
) -> tuple[Array, montecarlo.RiskYears, pd.DataFrame, Array]:
    """Yearly expected risk cost by option, the retained risk-years, the register (empty
    with ``frame=False``) and each risk's PV of expected cost, in scenario order."""
    k, years = len(s.options), df.size
    index = {oid: i for i, oid in enumerate(s.option_ids)}
    flows = np.zeros((k, years))
    retained, register = [], []
    events: dict[tuple[str, int], int] = {}
    risks = s.risks
    probs = adjusted_probability(
        [r.probability for r in risks], s.settings.risk_probability_multiplier
    )
    moved = [r.treatment is Treatment.TRANSFERRED for r in risks]
    evs = risk_expected_value(
        probs, [r.low for r in risks], [r.likely for r in risks], [r.high for r in risks],
        transferred=moved, premium=[r.premium for r in risks],
    ) if risks else np.zeros(0)  # fmt: skip
    for r, p, transferred, ev in zip(risks, probs.tolist(), moved, evs.tolist(), strict=True):
        t = np.array(r.years) - s.base_year
        np.add.at(flows[index[r.option]], t, ev)
        if not transferred:
            for i in t:
                event = events.setdefault((fold_words(r.name), int(i)), len(events))
                retained.append((index[r.option], p, r.low, r.likely, r.high, df[i], event))
        register.append(
            {
                "option": r.option,
                "risk": r.name,
                "treatment": r.treatment.value,
                "probability": r.probability,
                "probability_used": p,
                "low": r.low,
                "likely": r.likely,
                "high": r.high,
                "years": ", ".join(map(str, r.years)),
                "ev_per_year": ev,
                "pv": float(ev * df[t].sum()),
                "source": r.source,
            }
        )
    cols = list(zip(*retained, strict=True)) if retained else [()] * 7
    risk_years = montecarlo.RiskYears(
        option=np.array(cols[0], dtype=np.int64),
        **{
            name: np.array(col, dtype=float)
            for name, col in zip(
                ("probability", "low", "likely", "high", "factor"), cols[1:6], strict=True
            )
        },
        event=np.array(cols[6], dtype=np.int64),
    )
    pv = np.array([r["pv"] for r in register], dtype=float)
    table = pd.DataFrame(register, columns=RISK_COLUMNS) if frame else _EMPTY_REGISTER
    return flows, risk_years, table, pv


_EMPTY_REGISTER = pd.DataFrame(columns=RISK_COLUMNS)  # never mutated: shared by frameless calls


def carbon_flows(
    s: Scenario, years: int, notes: list[str] | None = None
) -> tuple[Array, tuple[str, ...]]:
    """Yearly carbon cost by option (£ real) and the values' source notes: tonnes × the
    series' £ a tonne (the scenario's series in its parameter vintage, else the vintage's
    own, with a note appended to ``notes``), rebased, × the scenario's ``carbon_scale``
    (1 unless a what-if multiplies the carbon values)."""
    flows = np.zeros((len(s.options), years))
    pairs = [(i, y, t) for i, o in enumerate(s.options) for y, t in o.carbon_tco2e]
    if not pairs:
        return flows, ()
    rows, yrs, tonnes = (np.array(x) for x in zip(*pairs, strict=True))
    table, swapped = carbon_table_in(s.parameters, s.carbon_series)
    if notes is not None:
        notes.extend(swapped)
    values, source = carbon_values(table, s.carbon_values, yrs)
    factor, rebase_notes = rebase_factor(table.price_base, s.prices, deflator(s))
    np.add.at(flows, (rows, yrs - s.base_year), tonnes * values * factor * s.carbon_scale)
    rebased = f"rebased from {table.price_base} to {s.prices} prices with the GDP deflator"
    if s.carbon_scale != 1.0:
        rebased += f"; multiplied by {s.carbon_scale:g}"
    return flows, (f"Carbon: {source}; {rebased}", *(f"GDP deflator: {n}" for n in rebase_notes))


def line_spreads(s: Scenario, lines: Lines, pv: Array, centre: Array) -> montecarlo.LineSpread:
    """The uncertain lines for Monte Carlo, grouped into drivers.

    A driver's lines are all in one category when its key is the default one; a
    driver in a category with a ``correlation`` ρ joins that category's Gaussian
    copula, and one an explicit key spreads over several categories is drawn
    independently.
    """
    spreads = s.uncertainty_map
    picked = np.flatnonzero(((lines.low != 1.0) | (lines.high != 1.0)) & (pv != 0))
    drivers: dict[tuple[str, ...], int] = {}
    categories: dict[int, set[Category]] = {}
    for j in picked:
        d = drivers.setdefault(lines.driver[j], len(drivers))
        categories.setdefault(d, set()).add(lines.category[j])
    groups: list[int] = []
    rho: dict[Category, float] = {c: sp.correlation for c, sp in spreads.items()}
    order = list(Category)
    for d in range(len(drivers)):
        (cat,) = categories[d] if len(categories[d]) == 1 else (None,)
        groups.append(order.index(cat) if cat is not None and rho.get(cat, 0.0) > 0 else -1)
    signs = np.where(lines.is_gain, 1.0, -1.0)
    return montecarlo.LineSpread(
        pv=signs[picked] * pv[picked],
        centre=centre[picked],
        option=lines.option[picked],
        driver=np.array([drivers[lines.driver[j]] for j in picked], dtype=np.int64),
        low=lines.low[picked],
        high=lines.high[picked],
        driver_group=np.array(groups, dtype=np.int64),
        group_rho=np.array([rho.get(c, 0.0) for c in order], dtype=float),
        flows=(signs[:, None] * lines.flows)[picked],
    )


def flows_frame(
    s: Scenario,
    df: Array,
    lines: Lines,
    line_flows: tuple[Array, Array],
    other: dict[str, Array],
) -> pd.DataFrame:
    """Tidy yearly flows: option, year, component, amount (£ real), discounted.

    ``line_flows`` holds each line's yearly amounts as appraised (expected values)
    and the same discounted with the line's own factors (a health line uses the
    health schedule); ``other`` holds option-level yearly flows (optimism bias,
    risk, carbon), discounted here with ``df``.
    """
    k = len(s.options)
    amount, discounted = {}, {}
    for c in Category:
        rows = np.array([x is c for x in lines.category], dtype=bool)
        amount[c.value] = by_option(lines.option[rows], line_flows[0][rows], k)
        discounted[c.value] = by_option(lines.option[rows], line_flows[1][rows], k)
    for name, yearly in other.items():
        amount[name], discounted[name] = yearly, yearly * df
    stacked = np.stack([amount[c] for c in COMPONENTS])  # (components, options, years)
    codes = np.indices(stacked.shape).reshape(3, -1)  # component, option, year of each cell
    return pd.DataFrame(
        {
            "option": pd.Categorical.from_codes(codes[1], categories=pd.Index(s.option_ids)),
            "year": codes[2] + s.base_year,
            "component": pd.Categorical.from_codes(codes[0], categories=pd.Index(COMPONENTS)),
            "amount": stacked.ravel(),
            "discounted": np.stack([discounted[c] for c in COMPONENTS]).ravel(),
        }
    )
