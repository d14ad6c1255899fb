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
from appraisal.carbon import CARBON_TABLES, carbon_values
from appraisal.prices import real_terms, rebase_factor
from appraisal.risk import adjusted_probability, risk_expected_value
from options.model import GDP_DEFLATOR, Basis, Category, Scenario, Treatment

Array = npt.NDArray[np.float64]
COMPONENTS = (*(c.value for c in Category), "optimism_bias", "risk", "carbon")
RISK_COLUMNS = ("option", "risk", "treatment", "probability", "probability_used", "low", "likely",
                "high", "years", "ev_per_year", "pv", "source")  # fmt: skip


@dataclass(frozen=True, slots=True)
class Lines:
    """Cost lines grouped as (option, line, category), flows by year index."""

    option: npt.NDArray[np.int64]
    category: tuple[Category, ...]
    flows: Array  # (lines, years), £ real, positive amounts
    low: tuple[float | None, ...]
    high: tuple[float | None, ...]
    ob_exempt: npt.NDArray[np.bool_]  # a row of the line said "optimism_bias": false


def cost_lines(s: Scenario, years: int, notes: list[str]) -> Lines:
    """The scenario's included cost lines in real prices, one row per line.

    Nominal amounts are deflated to the price base (Green Book 5.11-5.12), with
    what was interpolated or extrapolated appended to ``notes``.
    """
    index = {oid: i for i, oid in enumerate(s.option_ids)}
    included = [c for c in s.costs if s.option(c.option).includes(c.module)]
    amounts = np.array([c.amount for c in included], dtype=float)
    nominal = np.array([c.basis is Basis.NOMINAL for c in included], dtype=bool)
    if nominal.any():
        yrs = np.array([c.year for c in included])[nominal]
        amounts[nominal], deflator_notes = real_terms(
            amounts[nominal], yrs, s.prices, s.deflator or GDP_DEFLATOR
        )
        notes.extend(f"GDP deflator: {n}" for n in deflator_notes)
    keys: dict[tuple[str, str, Category], int] = {}
    low: list[float | None] = []
    high: list[float | None] = []
    exempt: list[bool] = []
    for c in included:
        k = (c.option, c.line, c.category)
        if k not in keys:
            keys[k] = len(keys)
            low.append(None)
            high.append(None)
            exempt.append(False)
        j = keys[k]
        low[j] = c.low if low[j] is None else low[j]
        high[j] = c.high if high[j] is None else high[j]
        exempt[j] = exempt[j] or not c.optimism_bias
    flows = np.zeros((len(keys), years))
    rows = np.array([keys[(c.option, c.line, c.category)] for c in included], dtype=int)
    cols = np.array([c.year - s.base_year for c in included], dtype=int)
    np.add.at(flows, (rows, cols), amounts)
    return Lines(
        option=np.array([index[k[0]] for k in keys], dtype=np.int64),
        category=tuple(k[2] for k in keys),
        flows=flows,
        low=tuple(low),
        high=tuple(high),
        ob_exempt=np.array(exempt, dtype=bool),
    )


def horizon(s: Scenario) -> int:
    """Number of years from the base year to the last year any input names."""
    last = [c.year for c in s.costs]
    last += [y for r in s.risks for y in r.years]
    last += [y for o in s.options for y, _ in o.carbon_tco2e]
    return max([s.base_year, *last]) - s.base_year + 1


def by_option(rows: npt.NDArray[np.int64], values: Array, k: int) -> Array:
    """Sum rows (lines or risk-years) into options: ``(k, ...)``."""
    out = np.zeros((k, *values.shape[1:]))
    np.add.at(out, rows, values)
    return out


def risk_flows(s: Scenario, df: Array) -> tuple[Array, montecarlo.RiskYears, pd.DataFrame]:
    """Yearly expected risk cost by option, the retained risk-years, and the register."""
    k, years = len(s.options), df.size
    index = {oid: i for i, oid in enumerate(s.option_ids)}
    flows = np.zeros((k, years))
    retained, register = [], []
    for r in s.risks:
        p = float(adjusted_probability(r.probability, s.settings.risk_probability_multiplier))
        transferred = r.treatment is Treatment.TRANSFERRED
        ev = float(
            risk_expected_value(
                p, r.low, r.likely, r.high, transferred=transferred, premium=r.premium
            )
        )
        t = np.array(r.years) - s.base_year
        np.add.at(flows[index[r.option]], t, ev)
        if not transferred:
            retained += [(index[r.option], p, r.low, r.likely, r.high, df[i]) for i in t]
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
    cols = list(zip(*retained, strict=True)) if retained else [()] * 6
    risk_years = montecarlo.RiskYears(
        option=np.array(cols[0], dtype=np.int64),
        **{
            name: np.array(col, dtype=float)
            for name, col in zip(
                ("probability", "low", "likely", "high", "factor"), cols[1:], strict=True
            )
        },
    )
    return flows, risk_years, pd.DataFrame(register, columns=RISK_COLUMNS)


def carbon_flows(s: Scenario, years: int) -> tuple[Array, tuple[str, ...]]:
    """Yearly carbon cost by option (£ real) and the values' source notes."""
    flows = np.zeros((len(s.options), years))
    pairs = [(i, y, t) for i, o in enumerate(s.options) for y, t in o.carbon_tco2e]
    if not pairs:
        return flows, ()
    rows, yrs, tonnes = (np.array(x) for x in zip(*pairs, strict=True))
    values, source = carbon_values(s.carbon_series, s.carbon_values, yrs)
    factor, notes = rebase_factor(
        CARBON_TABLES[s.carbon_series].price_base, s.prices, s.deflator or GDP_DEFLATOR
    )
    np.add.at(flows, (rows, yrs - s.base_year), tonnes * values * factor)
    table = CARBON_TABLES[s.carbon_series]
    rebased = f"rebased from {table.price_base} to {s.prices} prices with the GDP deflator"
    return flows, (f"Carbon: {source}; {rebased}", *(f"GDP deflator: {n}" for n in notes))


def line_spreads(s: Scenario, lines: Lines, pv: Array) -> montecarlo.LineSpread:
    """The uncertain lines for Monte Carlo: each line's own low/high, else its category's."""
    spreads = s.uncertainty_map
    chosen = []
    for j, cat in enumerate(lines.category):
        spread = spreads.get(cat)
        lo = lines.low[j] if lines.low[j] is not None else (spread.low if spread else None)
        hi = lines.high[j] if lines.high[j] is not None else (spread.high if spread else None)
        lo, hi = (1.0 if lo is None else lo), (1.0 if hi is None else hi)
        if (lo, hi) != (1.0, 1.0) and pv[j] != 0:
            rho = spread.correlation if spread else 0.0
            group = list(Category).index(cat) if rho > 0 else -1
            sign = 1.0 if cat.is_benefit else -1.0
            chosen.append((sign * pv[j], lines.option[j], lo, hi, group, rho, j))
    cols = list(zip(*chosen, strict=True)) if chosen else [()] * 7
    picked = np.array(cols[6], dtype=int)
    signs = np.where([c.is_benefit for c in lines.category], 1.0, -1.0)[:, None]
    return montecarlo.LineSpread(
        pv=np.array(cols[0], dtype=float),
        option=np.array(cols[1], dtype=np.int64),
        low=np.array(cols[2], dtype=float),
        high=np.array(cols[3], dtype=float),
        group=np.array(cols[4], dtype=np.int64),
        rho=np.array(cols[5], dtype=float),
        flows=(signs * lines.flows)[picked],
    )


def flows_frame(
    s: Scenario, df: Array, lines: Lines, ob: Array, risk: Array, carbon: Array
) -> pd.DataFrame:
    """Tidy yearly flows: option, year, component, amount (£ real), discounted."""
    k = len(s.options)
    blocks = {
        c.value: by_option(
            lines.option[[x is c for x in lines.category]],
            lines.flows[[x is c for x in lines.category]],
            k,
        )
        for c in Category
    }
    blocks.update(optimism_bias=ob, risk=risk, carbon=carbon)
    stacked = np.stack([blocks[c] for c in COMPONENTS])  # (components, options, years)
    codes = np.indices(stacked.shape).reshape(3, -1)  # component, option, year of each cell
    return pd.DataFrame(
        {
            "option": pd.Categorical.from_codes(codes[1], categories=pd.Index(s.option_ids)),
            "year": codes[2] + s.base_year,
            "component": pd.Categorical.from_codes(codes[0], categories=pd.Index(COMPONENTS)),
            "amount": stacked.ravel(),
            "discounted": (stacked * df).ravel(),
        }
    )
