"""The workforce and the devices' energy and carbon, worked out in words and numbers.

``python -m appraisal workforce`` prints it: for each option its headcount before and
after, the cost lines its workforce gives (with their working), the TUPE risks, the
redundancy payments of the financial case, and the devices' kWh, tonnes and £ by
year, so that an HR business partner, a union representative or a sustainability
lead can check each figure by hand.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from appraisal.energy import energy_frame
from appraisal.results import Results
from appraisal.workforce import redundancy_payments, workforce_frame, workforce_risks
from options.model import Scenario, Workforce
from report.formatting import money


def _span(span: tuple[float, float] | None, likely: float) -> str:
    return f"{likely:g}" if span is None else f"{span[0]:g} / {likely:g} / {span[1]:g}"


def headcount_rows(s: Scenario) -> list[dict[str, Any]]:
    """Per option with a workforce: the staff in scope, who transfer, who stay (FTE)."""
    rows = []
    for o in s.options:
        w: Workforce | None = o.workforce
        if w is None:
            continue
        rows.append({
            "option": o.id, "in_scope": w.in_scope, "in_scope_range": w.in_scope_range,
            "transferring": w.transferring, "transferring_range": w.transferring_range,
            "redundant": w.redundant, "redeployed": w.redeployed, "retained": w.retained,
            "client_fte": w.client_fte,
            "with_department_after": w.retained + w.redeployed + w.client_fte,
        })  # fmt: skip
    return rows


def energy_runs(s: Scenario) -> pd.DataFrame:
    """The devices' energy by option and device type, consecutive years with the same
    figures joined into one row (``first``–``last``)."""
    e = energy_frame(s)
    if e.empty:
        return e
    keys = ["option", "type", "count", "kwh", "tco2e", "value", "paid"]
    new_run = (e[keys].ne(e[keys].shift()).any(axis=1)) | (e["year"].diff() != 1)
    run = new_run.cumsum()
    return (
        e.assign(run=run)
        .groupby("run", sort=False)
        .agg(option=("option", "first"), type=("type", "first"), first=("year", "min"),
             last=("year", "max"), count=("count", "first"), kwh=("kwh", "first"),
             tco2e=("tco2e", "first"), value=("value", "first"), paid=("paid", "first"))
        .reset_index(drop=True)
    )  # fmt: skip


def workforce_report(s: Scenario, results: Results) -> str:
    """The command line's table form."""
    names = {o.id: o.name for o in s.options}
    out = [f"Workforce and energy: {s.name}", f"£ real, {s.prices} prices", ""]
    heads = headcount_rows(s)
    if not heads:
        out.append("No option has workforce inputs.")
    for h in heads:
        out.append(
            f"{names[h['option']]}: in scope {_span(h['in_scope_range'], h['in_scope'])} FTE; "
            f"transferring {_span(h['transferring_range'], h['transferring'])}; redundant "
            f"{h['redundant']:g}; redeployed {h['redeployed']:g}; retained {h['retained']:g}; "
            f"client function {h['client_fte']:g}; with the department after "
            f"{h['with_department_after']:g} FTE."
        )
    lines = workforce_frame(s)
    if not lines.empty:
        out += ["", "Cost lines from the workforce (£ a year in their price year; how each was "
                "worked out):"]  # fmt: skip
        for r in lines.to_dict("records"):
            out.append(f"  {names[r['option']]}: {r['line']} ({r['category']}, {r['years']}): "
                       f"{money(r['amount'])} = {r['working']}")  # fmt: skip
    risks = workforce_risks(s)
    if risks:
        out += ["", "TUPE risks (probability; impact low / most likely / high):"]
        out += [f"  {names[r.option]}: {r.name.removeprefix('workforce: ')}: {r.probability:.0%}; "
                f"{money(r.low)} / {money(r.likely)} / {money(r.high)}" for r in risks]  # fmt: skip
    pay = redundancy_payments(s)
    if not pay.empty:
        out += ["", "Redundancy payments (transfers: the financial case only, never NPSV):"]
        out += [f"  {names[r['option']]}: {r['people']:g} × {money(r['per_person'])} in "
                f"{r['year']} = {money(r['amount'])} in {r['price_year']} prices, "
                f"{money(r['real'])} in {s.prices} prices"
                for r in pay.to_dict("records")]  # fmt: skip
    runs = energy_runs(s)
    if not runs.empty:
        out += ["", "Energy and carbon from devices (a year; energy at its long-run variable "
                "cost, cash at the price paid):"]  # fmt: skip
        for r in runs.to_dict("records"):
            years = f"{r['first']}" if r["first"] == r["last"] else f"{r['first']}–{r['last']}"
            out.append(f"  {names[r['option']]}: {r['count']:,.0f} × {r['type']}, {years}: "
                       f"{r['kwh']:,.0f} kWh, {r['tco2e']:,.1f} tCO2e, {money(r['value'])} "
                       f"(cash {money(r['paid'])})")  # fmt: skip
        out += ["", "Carbon in NPSV (present value): " + "; ".join(
            f"{o.name} {money(o.carbon_cost)}" for o in results.options)]  # fmt: skip
    return "\n".join(out) + "\n"


def workforce_json(s: Scenario, results: Results) -> dict[str, Any]:
    """The same as numbers: ``headcount``, ``lines``, ``tupe_risks``, ``redundancy``,
    ``energy`` (runs of years) and ``carbon_pv`` by option."""

    def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
        return [] if frame.empty else [{str(k): v for k, v in r.items()}
                                       for r in frame.to_dict("records")]  # fmt: skip

    risks = [{"option": r.option, "name": r.name, "probability": r.probability, "low": r.low,
              "likely": r.likely, "high": r.high, "years": list(r.years)}
             for r in workforce_risks(s)]  # fmt: skip
    return {
        "scenario": s.name,
        "price_base": s.prices,
        "headcount": headcount_rows(s),
        "lines": records(workforce_frame(s)),
        "tupe_risks": risks,
        "redundancy": records(redundancy_payments(s)),
        "energy": records(energy_runs(s)),
        "carbon_pv": {o.id: o.carbon_cost for o in results.options},
    }
