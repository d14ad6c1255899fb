"""The financial case: what each option costs the organisation's budgets, year by year.

The economic case (NPSV) values resources to society; the financial case asks whether the
organisation can afford an option (Green Book 2022, the financial case of the five-case
model). It differs in what it counts:

- **Provisions, not expected values only**: the cost lines at their expected values plus
  optimism bias and the risks' expected costs, held as budget provisions.
- **Transfers count**: irrecoverable VAT (cost lines are entered net of VAT; the VAT the
  department cannot recover is a cost to its budget and a transfer to the Exchequer,
  never in NPSV) and redundancy payments from the workforce inputs (Green Book 2022 6.9:
  excluded from NPSV, included in the financial cost to the public sector).
- **Transfers named by the user** (an option's ``transfers``: a pension bulk-transfer
  payment, an asset handed to the supplier) in the budget they hit.
- **Cash prices**: energy at the price paid, not its long-run variable cost.
- **Carbon and non-cash benefits are left out**: they are not cash to the organisation
  (a saving counts when it is entered as a lower cost).
- **Budgets**: capital (CDEL) for capex lines, their optimism bias and VAT, and residual
  values (a receipt); resource (RDEL) for everything else. Moving from owning the estate
  to a service charge turns capital spending into resource spending.
- **Real and nominal**: £ in real prices of the price base, and nominal (cash) £ of each
  year by the GDP deflator (extrapolated at its last growth rate, Green Book 5.12).

References
----------
HM Treasury, The Green Book (2022) 6.9–6.10 (transfers), the financial case; HM Treasury,
Consolidated Budgeting Guidance (capital and resource DEL).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from appraisal.appraise import Prepared, prepare
from appraisal.energy import energy_frame
from appraisal.flows import deflator
from appraisal.prices import deflator_index
from appraisal.workforce import redundancy_payments
from options.model import Category, Scenario

CAPITAL, RESOURCE = "capital (CDEL)", "resource (RDEL)"
COLUMNS = ("option", "year", "budget", "item", "real", "nominal")
_COSTS = (Category.CAPEX, Category.OPEX, Category.TRANSITION, Category.EXIT)


def budget_of(category: Category) -> str:
    """Capital for capex (and residual receipts), resource for every other cost.

    >>> budget_of(Category.CAPEX), budget_of(Category.OPEX)
    ('capital (CDEL)', 'resource (RDEL)')
    """
    return CAPITAL if category in (Category.CAPEX, Category.RESIDUAL) else RESOURCE


def inflators(s: Scenario, years: np.ndarray) -> tuple[np.ndarray, tuple[str, ...]]:
    """Nominal £ of each year per real £ of the price base: index(year) ÷ index(price base)."""
    index, notes = deflator_index(deflator(s), np.append(years, s.prices))
    return index[:-1] / index[-1], notes


def financial_frame(s: Scenario, p: Prepared | None = None) -> pd.DataFrame:
    """Each option's cash cost to its budgets by year and item, real and nominal £.

    Parameters
    ----------
    s : Scenario
    p : Prepared, optional
        ``prepare(s)`` if already made (its flows frame is needed).

    Returns
    -------
    pandas.DataFrame
        Tidy: ``option``, ``year``, ``budget`` (:data:`CAPITAL` or :data:`RESOURCE`),
        ``item`` (a cost category, "optimism bias provision", "risk provision",
        "irrecoverable VAT: <category>", "residual value (receipt)", "energy at the price
        paid"), ``real`` (£, price base) and ``nominal`` (£ of the year). Rows of zero are
        left out.
    """
    p = prepare(s) if p is None else p
    flows = p.flows
    ids = list(s.option_ids)
    years = np.arange(s.base_year, s.base_year + p.df.size)
    rows: list[tuple[str, int, str, str, float]] = []

    def add(option: str, budget: str, item: str, amounts: np.ndarray) -> None:
        rows.extend((option, int(y), budget, item, float(a))
                    for y, a in zip(years, amounts, strict=True) if a != 0)  # fmt: skip

    groups = flows.groupby(["option", "component"], observed=True, sort=False)
    by = {(o, c): g["amount"].to_numpy(dtype=float) for (o, c), g in groups}
    for i, o in enumerate(s.options):
        vat = dict(o.irrecoverable_vat)
        for cat in _COSTS:
            amounts = by.get((o.id, cat.value), np.zeros(years.size))
            add(o.id, budget_of(cat), cat.value, amounts)
            if vat.get(cat.value):
                add(
                    o.id,
                    budget_of(cat),
                    f"irrecoverable VAT: {cat.value}",
                    vat[cat.value] * amounts,
                )
        add(
            o.id,
            CAPITAL,
            "residual value (receipt)",
            -by.get((o.id, "residual"), np.zeros(years.size)),
        )
        ob = by.get((o.id, "optimism_bias"), np.zeros(years.size))
        add(o.id, CAPITAL, "optimism bias provision", p.ob_capital[i])
        add(o.id, RESOURCE, "optimism bias provision", ob - p.ob_capital[i])
        add(o.id, RESOURCE, "risk provision", by.get((o.id, "risk"), np.zeros(years.size)))
    rows += _energy_rows(s) + _redundancy_rows(s)
    rows += [(o.id, t.year, CAPITAL if t.budget == "capital" else RESOURCE,
              f"transfer: {t.name}", t.amount) for o in s.options for t in o.transfers]  # fmt: skip
    frame = pd.DataFrame(rows, columns=list(COLUMNS[:5]))
    factor, _ = inflators(s, years)
    frame["nominal"] = frame["real"] * factor[frame["year"].to_numpy() - s.base_year]
    frame["option"] = pd.Categorical(frame["option"], categories=ids)
    return frame.sort_values(["option", "year", "budget"], kind="stable").reset_index(drop=True)


def _redundancy_rows(s: Scenario) -> list[tuple[str, int, str, str, float]]:
    """Redundancy compensation: a transfer, in the budget and never in NPSV (Green Book 6.9)."""
    pay = redundancy_payments(s)
    rows = zip(pay["option"], pay["year"], pay["real"], strict=True)  # the price base
    return [(str(o), int(y), RESOURCE, "redundancy (a transfer)", float(a)) for o, y, a in rows]


def _energy_rows(s: Scenario) -> list[tuple[str, int, str, str, float]]:
    """The cash price of energy less its appraisal value (the lines carry the latter)."""
    e = energy_frame(s)
    if e.empty:
        return []
    gap = (e["paid"] - e["value"]).fillna(0.0)
    return [(str(o), int(y), RESOURCE, "energy at the price paid", float(g))
            for o, y, g in zip(e["option"], e["year"], gap, strict=True) if g != 0]  # fmt: skip


def financial_summary(frame: pd.DataFrame) -> pd.DataFrame:
    """Per option: capital, resource and total, real and nominal £, over every year."""
    table = frame.pivot_table(index="option", columns="budget", values=["real", "nominal"],
                              aggfunc="sum", fill_value=0.0, observed=False)  # fmt: skip
    out = pd.DataFrame(index=table.index)
    for kind in ("real", "nominal"):
        for budget in (CAPITAL, RESOURCE):
            out[f"{kind}: {budget}"] = table[kind].get(budget, 0.0)
        out[f"{kind}: total"] = out[f"{kind}: {CAPITAL}"] + out[f"{kind}: {RESOURCE}"]
    return out
