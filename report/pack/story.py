"""The one-page summary, "preferred option and why", sentence by sentence from Results.

It answers the scenario's question first (how the framework option compares with
keeping the service in-house), then names the preferred option and why: its NPSV
and margin, how often it is best under uncertainty, the concerns (its score, the
concerns it addresses worst and their mitigations), the overall value where a price
per point is set, the nearest switching value and the cost to the budgets. Every
sentence is built from figures (:mod:`report.summary`, :mod:`report.sensitivity`,
:mod:`appraisal.financial`), none is canned; each term is explained where it first
appears, the plain words first and the acronym after. The board view can show the
same :class:`Point` list.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from appraisal.results import OptionResult, Results
from options.model import OptionKind, Scenario
from report.formatting import money_m
from report.summary import (
    against_counterfactual,
    concerns_sentence,
    npsv_sentence,
    overall_sentence,
    period,
    share,
)


@dataclass(frozen=True, slots=True)
class Point:
    """One paragraph of the summary: a short heading and its sentences."""

    heading: str
    text: str


def framework_option(results: Results) -> OptionResult | None:
    """The scenario's framework option (the first, if several), else None."""
    return next((o for o in results.options if o.kind is OptionKind.FRAMEWORK), None)


def question(results: Results) -> Point | None:
    """The scenario's question answered: the framework option against in-house, and why.

    With no framework option, the first option compared with in-house; with no
    in-house option, nothing (the NPSV sentence then leads).
    """
    lines = against_counterfactual(results)
    if not lines:
        return None
    fw = framework_option(results)
    others = [o for o in results.options if o.id != results.counterfactual]
    pick = others.index(fw) if fw is not None else 0
    base = results.option(results.counterfactual or "")
    heading = f"{fw.name} against {base.name}" if fw else f"Against {base.name}"
    terms = (
        f"These are net present figures: costs and benefits over {period(results)} in "
        f"{results.price_base} prices, discounted to their value in {results.base_year}."
    )
    return Point(heading, f"{lines[pick]} {terms}")


def chance_sentence(results: Results) -> str:
    """How often the preferred option is best in the simulation, and its P50 and P90 cost.

    P50 is the median; at P90 nine in ten simulated outcomes cost less.
    """
    best = results.option(results.preferred.npsv)
    mc = best.monte_carlo
    if all(o.monte_carlo.p10 == o.monte_carlo.p90 for o in results.options):
        return (
            f"Nothing in the scenario is uncertain (no cost ranges or risks), so the "
            f"{results.draws:,} simulated outcomes all give the same NPSV."
        )
    return (
        f"Under uncertainty it has the highest NPSV in {share(mc.prob_best)} of "
        f"{results.draws:,} simulated outcomes (Monte Carlo draws, varying every cost within "
        f"its range and letting each risk happen or not). Its net present cost is "
        f"{money_m(mc.npc(50))} in the middle case (P50) and {money_m(mc.npc(90))} in a "
        "pessimistic one (P90: nine in ten outcomes cost less)."
    )


def worst_concerns(scenario: Scenario, results: Results, option: str, n: int = 2) -> str:
    """The ``n`` concerns ``option`` addresses worst (lowest score), who raised them, and
    the mitigation recorded for it; empty without concerns."""
    c = results.concerns
    if c.empty:
        return ""
    mine = c[c["option"] == option].sort_values(["score", "weight"], ascending=[True, False])
    parts = []
    for row in mine.head(n).itertuples():
        concern = next(k for k in scenario.concerns if k.id == row.concern)
        plan = dict(concern.mitigation).get(option, "").strip().rstrip(".")
        how = f"mitigation: {plan}" if plan else "no mitigation is recorded"
        parts.append(
            f"'{row.title}' (raised by {row.raised_by}; it scores {row.score:.0f} of 100) — {how}"
        )
    name = results.option(option).name
    return f"The concerns {name} addresses worst: " + "; ".join(parts) + "."


def preferred_heading(results: Results) -> str:
    """``Preferred option: X``, and in the same words, when it is, that the lead is too
    close to call (never "preferred" on one line and "too close to call" on another)."""
    best = results.option(results.preferred.npsv)
    c = results.closeness_npsv
    if c is not None and c.too_close and c.runner_up is not None:
        other = results.option(c.runner_up).name
        return f"Preferred option: {best.name}, but too close to call with {other}"
    return f"Preferred option: {best.name}"


def switching_sentence(switch_text: str) -> Point | None:
    """The nearest switching value, already in words (:func:`report.sensitivity.sentence`)."""
    if not switch_text:
        return None
    return Point(
        "What would change the choice",
        "The nearest switching value (the smallest change to one input that puts another "
        f"option first): {switch_text}",
    )


def affordability(results: Results, summary: pd.DataFrame) -> Point | None:
    """The preferred option's cost to the organisation's budgets, against in-house.

    ``summary`` is :func:`appraisal.financial.financial_summary`'s table (one row per
    option id).
    """
    if summary.empty:
        return None
    best = results.option(results.preferred.npsv)

    def total(oid: str, kind: str = "real") -> float:
        return float(summary.at[oid, f"{kind}: total"])  # type: ignore[arg-type]

    capital = float(summary.at[best.id, "real: capital (CDEL)"])  # type: ignore[arg-type]
    cash = money_m(total(best.id, "nominal"))
    text = (
        f"{best.name} costs the organisation's budgets {money_m(total(best.id))} over "
        f"{period(results)} in {results.price_base} prices ({money_m(capital)} capital, CDEL, "
        f"and {money_m(total(best.id) - capital)} resource, RDEL; {cash} in cash of each "
        "year), with optimism bias and risk held as provisions"
    )
    cf = results.counterfactual
    if cf is not None and cf != best.id:
        gap = total(best.id) - total(cf)
        more = "more" if gap > 0 else "less"
        text += f": {money_m(abs(gap))} {more} than {results.option(cf).name}"
    return Point("Affordability (the financial case)", text + ".")


def story(
    scenario: Scenario,
    results: Results,
    *,
    switch_text: str = "",
    switch_clause: str = "",
    budgets: pd.DataFrame | None = None,
) -> tuple[Point, ...]:
    """The summary's paragraphs in reading order.

    ``switch_text`` is the nearest switching value in words and ``switch_clause`` the
    same as a clause for the NPSV sentence (:mod:`report.sensitivity`); ``budgets``
    the financial summary. Each is left out when not given.
    """
    best = results.option(results.preferred.npsv)
    points = [p for p in (question(results),) if p is not None]
    points.append(
        Point(
            preferred_heading(results),
            f"{npsv_sentence(results, switch_clause)} {chance_sentence(results)}",
        )
    )
    concerns = " ".join(
        t for t in (concerns_sentence(results), worst_concerns(scenario, results, best.id)) if t
    )
    points.append(Point("Staff and union concerns (multi-criteria analysis, MCDA)", concerns))
    if overall := overall_sentence(results):
        points.append(Point("Money and concerns together (overall value)", overall))
    if (p := switching_sentence(switch_text)) is not None:
        points.append(p)
    if budgets is not None and (p := affordability(results, budgets)) is not None:
        points.append(p)
    if results.cautions:
        points.append(Point("Cautions", " ".join(results.cautions)))
    return tuple(points)
