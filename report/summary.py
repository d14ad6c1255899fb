"""The plain-language verdict: which option is preferred, and why, built from Results.

It answers the scenario's question first: how each option compares with the
in-house counterfactual, the framework option included whatever its rank, and
why (the component that differs most). NPSV leads, as the Green Book keeps
shortlist choice on the social cost-benefit analysis; the concerns and the
overall value follow, and "preferred overall" is never said without how close
it is (the price per point at which the leader changes, or "too close to call").
Every sentence is built from the figures; none is canned.
"""

from __future__ import annotations

import itertools

from appraisal.register import DoubleCount, Overlap
from appraisal.results import Closeness, OptionResult, Results
from report.formatting import money, money_m, percent

#: Components of the yearly flows, in words, and whether they are costs (+1) or gains (-1).
COMPONENTS: dict[str, tuple[str, float]] = {
    "capex": ("capital costs", 1.0),
    "opex": ("running costs", 1.0),
    "transition": ("transition", 1.0),
    "exit": ("exit costs", 1.0),
    "optimism_bias": ("optimism bias", 1.0),
    "risk": ("risk", 1.0),
    "carbon": ("carbon", 1.0),
    "benefit": ("benefits", -1.0),
    "residual": ("residual values", -1.0),
}


def comparison(results: Results) -> tuple[OptionResult, OptionResult | None, bool]:
    """The highest-NPSV option, what it is compared with, and whether that is in-house.

    The comparator is the in-house (business-as-usual) option, or the runner-up by
    NPSV when the best option is itself in-house or there is none.
    """
    best = results.option(results.preferred.npsv)
    if results.counterfactual is not None and results.counterfactual != best.id:
        return best, results.option(results.counterfactual), True
    others = sorted((o for o in results.options if o.id != best.id), key=lambda o: -o.npsv)
    return best, (others[0] if others else None), False


def period(results: Results) -> str:
    """The appraisal period as a reader says it: ``2008–17``.

    >>> from types import SimpleNamespace
    >>> period(SimpleNamespace(years=tuple(range(2007, 2017))))
    '2007–16'
    """
    first, last = results.years[0], results.years[-1]
    if first == last:
        return str(first)
    tail = str(last)[-2:] if str(last)[:2] == str(first)[:2] else str(last)
    return f"{first}–{tail}"


def cost_differences(results: Results, option: str, other: str) -> dict[str, float]:
    """PV of each component for ``option`` less ``other``, in cost terms (+ = dearer)."""
    f = results.flows
    pv = f.groupby(["option", "component"], observed=True)["discounted"].sum()
    return {
        name: sign * (float(pv.get((option, name), 0.0)) - float(pv.get((other, name), 0.0)))
        for name, (_, sign) in COMPONENTS.items()
    }


def why(differences: dict[str, float], dearer: bool) -> str:
    """The one or two components that make most of a difference, in words.

    >>> why({"opex": 2e6, "transition": 1.5e6, "risk": 0.5e6, "capex": -2e6}, True)
    'mostly its running costs and transition'
    >>> why({"opex": -3e6, "capex": 0.2e6}, False)
    'mostly its lower running costs'
    """
    sign = 1.0 if dearer else -1.0
    ranked = sorted(
        ((k, sign * v) for k, v in differences.items() if sign * v > 0), key=lambda kv: -kv[1]
    )
    if not ranked:
        return "spread across its components"
    total = sum(v for _, v in ranked)
    picked = [ranked[0]]
    if len(ranked) > 1 and picked[0][1] < 0.6 * total:
        picked.append(ranked[1])
    words = " and ".join(COMPONENTS[k][0] for k, _ in picked)
    return f"mostly its {words}" if dearer else f"mostly its lower {words}"


def against_counterfactual(results: Results) -> list[str]:
    """One sentence per option on how it compares with the in-house option, and why."""
    cf = results.counterfactual
    if cf is None:
        return []
    base = results.option(cf)
    out = []
    for o in results.options:
        if o.id == cf:
            continue
        gap = base.npsv - o.npsv  # + : the option costs more in net present terms
        if abs(gap) < 0.5:
            out.append(f"{o.name} costs the same as {base.name} over {period(results)}.")
            continue
        dearer = gap > 0
        reason = why(cost_differences(results, o.id, cf), dearer)
        out.append(
            f"{o.name} costs {money_m(abs(gap))} {'more' if dearer else 'less'} than "
            f"{base.name} over {period(results)}, {reason}."
        )
    return out


def share(x: float) -> str:
    """A share of draws in whole percent, never rounded to 0% or 100% when it is not.

    >>> share(0.996), share(0.004), share(1.0), share(0.456)
    ('over 99%', 'under 1%', '100%', '46%')
    """
    if 0 < x < 0.005:
        return "under 1%"
    if 0.995 <= x < 1:
        return "over 99%"
    return percent(x, 0)


def closeness_short(results: Results, c: Closeness | None) -> str:
    """`` (ahead in 97% of the draws)`` or `` (too close to call with …)``, or empty."""
    clause = closeness_clause(results, c)
    if not clause or c is None or c.runner_up is None:
        return ""
    if c.too_close:
        return f" (too close to call with {results.option(c.runner_up).name})"
    return f" (ahead in {share(1 - c.runner_up_share)} of the draws)"


def closeness_clause(results: Results, c: Closeness | None) -> str:
    """How sure a lead is, as a clause to end a sentence: ``, and is ahead of … in 97% of
    the simulated draws`` or ``, but the two are too close to call: …``; empty when there
    is no runner-up, or no uncertainty and a clear lead."""
    if c is None or c.runner_up is None:
        return ""
    other = results.option(c.runner_up).name
    if c.too_close:
        return (
            f", but the two are too close to call: {other} does better in "
            f"{share(c.runner_up_share)} of the draws (more than 1 − the "
            f"{percent(results.confidence, 0)} confidence level)"
        )
    if all(o.monte_carlo.p10 == o.monte_carlo.p90 for o in results.options):
        return ""
    return (
        f", and is ahead of {other} in {percent(1 - c.runner_up_share, 0)} of the simulated draws"
    )


def margin_m(x: float) -> str:
    """A lead in £ millions, never "£0.0m" for one that rounds to nothing.

    >>> margin_m(1_600_000), margin_m(0.37), margin_m(0.0)
    ('£1.6m', 'less than £0.1m', '£0')
    """
    if x == 0:
        return "£0"
    return "less than £0.1m" if abs(x) < 50_000 else money_m(x)


def npsv_sentence(results: Results, switching: str = "") -> str:
    """The NPSV leader, its margin over the next option and how sure that is; with
    ``switching`` (the nearest switching value, a clause), where that would change."""
    ranked = sorted(results.options, key=lambda o: (o.id != results.preferred.npsv, -o.npsv))
    best = ranked[0]
    if len(ranked) == 1:
        return f"{best.name} is the only option, with NPSV {money_m(best.npsv)}."
    nxt = ranked[1]
    text = (
        f"{best.name} has the highest net present social value (NPSV), "
        f"{margin_m(best.npsv - nxt.npsv)} more than {nxt.name}"
    )
    more = f"; {switching}" if switching else ""
    return f"{text}{closeness_clause(results, results.closeness_npsv)}{more}."


def concerns_sentence(results: Results) -> str:
    """The option the staff and union concerns favour (MCDA)."""
    if results.preferred.mcda is None:
        return "No staff or union concerns are scored, so NPSV alone ranks the options."
    m = results.option(results.preferred.mcda)
    best = results.option(results.preferred.npsv)
    if m.id == best.id:
        return (
            f"It also scores highest on the staff and union concerns "
            f"({m.mcda_score:.0f} of 100, multi-criteria analysis)."
        )
    return (
        f"On the staff and union concerns (multi-criteria analysis, 0-100) {m.name} scores "
        f"highest: {m.mcda_score:.0f}, against {best.mcda_score:.0f} for {best.name}."
    )


def leaders_text(results: Results) -> str:
    """Where the overall leader changes as the value of a concerns point rises from £0.

    For example: "Do minimum leads up to £209,106 a point; above that, Keep in-house
    (8 points higher on the concerns for £1.7m more) leads" (the breakpoints of the
    upper envelope of NPSV + λ × score, :func:`appraisal.mcda.leaders`).
    """
    steps = results.leaders
    if not steps:
        return ""
    first = results.option(steps[0][1])
    if len(steps) == 1:
        return f"{first.name} leads whatever a concerns point is worth"
    parts: list[str] = []
    for (_, a), (lam, b) in itertools.pairwise(steps):
        prev, nxt = results.option(a), results.option(b)
        points = (nxt.mcda_score or 0.0) - (prev.mcda_score or 0.0)
        more = prev.npsv - nxt.npsv
        if not parts:
            parts.append(f"{prev.name} leads up to {money(lam)} a point")
        parts.append(
            f"above that, {nxt.name} ({points:.0f} points higher on the concerns for "
            f"{money_m(more)} more) leads"
            if len(parts) == 1
            else f"above {money(lam)}, {nxt.name} ({points:.0f} points higher for "
            f"{money_m(more)} more)"
        )
    return "; ".join(parts)


def overall_sentence(results: Results) -> str:
    """The overall leader at the price set, or where it would change with none set."""
    if results.preferred.mcda is None:
        return ""
    changes = leaders_text(results)
    lam = results.value_per_point
    if lam is None:
        return f"No value is set for a concerns point: {changes}."
    top = results.option(results.preferred.overall)
    text = f"At {money(lam)} a concerns point, {top.name} has the highest overall value"
    c = results.closeness_overall
    if c is not None and c.runner_up:
        text += f", {margin_m(c.margin)} more than {results.option(c.runner_up).name}"
    return f"{text}{closeness_clause(results, c)}. Switching values: {changes}."


def verdict(results: Results, switching: str = "") -> str:
    """The verdict a board member can read aloud: the counterfactual comparison first,
    then NPSV (with ``switching``, the clause of the nearest switching value, from
    :func:`report.sensitivity.nearest_clause`), the concerns and the overall value with
    how close it is."""
    parts = [
        *against_counterfactual(results),
        npsv_sentence(results, switching),
        concerns_sentence(results),
    ]
    if overall := overall_sentence(results):
        parts.append(overall)
    return " ".join(parts)


def preferred_lines(results: Results) -> list[str]:
    """``Preferred by NPSV: …`` lines for the CLI and the pack, each with how close it is."""
    by_id = {o.id: o for o in results.options}
    mcda = results.preferred.mcda
    lines = [
        f"Preferred by NPSV:    {by_id[results.preferred.npsv].name}"
        + closeness_short(results, results.closeness_npsv),
        f"Preferred by MCDA:    {by_id[mcda].name if mcda else '— (no concerns scored)'}",
    ]
    if mcda is None:
        return lines
    if results.value_per_point is None:
        lines.append(
            f"Preferred overall:    no value set for a concerns point ({leaders_text(results)})"
        )
    else:
        lines.append(
            f"Preferred overall:    {by_id[results.preferred.overall].name} at "
            f"{money(results.value_per_point)} a point"
            + closeness_short(results, results.closeness_overall)
        )
    return lines


def double_count_sentence(results: Results, d: DoubleCount) -> str:
    """A concern linked to a costed risk, in words, with the leaders without it."""
    names = {o.id: o.name for o in results.options}
    title = results.concerns.loc[results.concerns["concern"] == d.concern, "title"].iloc[0]
    risks = ", ".join(f"'{r}'" for r in d.risks)
    plural = "s" if len(d.risks) > 1 else ""
    text = (
        f"Possible double counting: the concern '{title}' is linked to the risk{plural} "
        f"{risks}, which NPSV already costs, so the same harm may be counted twice. It counts "
        f"at a residual share of {percent(d.residual_share, 0)}; scored only on its "
        "non-monetised part (residual share 0), "
        f"{_lead(names, d.mcda_leader_without, d.mcda_leader)} on the concerns"
    )
    if d.overall_leader is None or d.overall_leader_without is None:
        return text + "; the overall ranking is NPSV's (no price per point is set)."
    return text + f" and {_lead(names, d.overall_leader_without, d.overall_leader)} overall."


def _lead(names: dict[str, str], without: str, now: str) -> str:
    if without == now:
        return f"{names[now]} would still lead"
    return f"{names[without]} would lead (now {names[now]})"


def overlap_sentence(results: Results, o: Overlap) -> str:
    """Two concerns whose scores move together, and whether a user marked them related."""
    titles = dict(zip(results.concerns["concern"], results.concerns["title"], strict=False))
    pair = f"'{titles[o.a]}' and '{titles[o.b]}'"
    if o.marked_related:
        return (
            f"{pair} are marked as related and rank every pair of options the same way: they "
            "may be preference-dependent (one value counted twice); consider merging them or "
            "lowering one weight."
        )
    return (
        f"{pair} rank every pair of options the same way; mark them related if they measure "
        "the same thing."
    )
