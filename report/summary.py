"""The plain-language verdict: which option is preferred, and why.

NPSV leads, as the Green Book keeps shortlist choice on the social cost-benefit
analysis; the concerns and the overall score follow.
"""

from __future__ import annotations

from appraisal.appraise import OptionResult, Results
from report.formatting import money_m, percent


def _name(o: OptionResult) -> str:
    return o.name


def verdict(results: Results) -> str:
    """One paragraph a board member can read aloud.

    Names the option with the highest NPSV and its margin over the in-house
    option (or the runner-up when it is the in-house option), the option the
    concerns favour, and the overall ranking with the money weight used.
    """
    by_id = {o.id: o for o in results.options}
    best = by_id[results.preferred.npsv]
    counterfactual = next((o for o in results.options if o.kind.value == "in-house"), None)
    others = sorted((o for o in results.options if o.id != best.id), key=lambda o: -o.npsv)
    if counterfactual is not None and counterfactual.id != best.id:
        gap = best.npsv - counterfactual.npsv
        first = (
            f"{_name(best)} has the highest net present social value, "
            f"{money_m(gap)} more than {_name(counterfactual)}"
        )
    elif others:
        gap = best.npsv - others[0].npsv
        first = (
            f"{_name(best)} has the highest net present social value, "
            f"{money_m(gap)} more than the next best, {_name(others[0])}"
        )
    else:
        first = f"{_name(best)} is the only option, with NPSV {money_m(best.npsv)}"
    first += f" ({percent(best.monte_carlo.prob_best, 0)} chance of being best in the simulation)"
    parts = [first]
    if results.preferred.mcda is not None:
        m = by_id[results.preferred.mcda]
        if m.id == best.id:
            parts.append(
                f"it also scores highest on the staff and union concerns "
                f"({m.mcda_score:.0f} of 100)"
            )
        else:
            parts.append(
                f"on the staff and union concerns {_name(m)} scores highest "
                f"({m.mcda_score:.0f} of 100, against {best.mcda_score:.0f})"
            )
    top = by_id[results.preferred.overall]
    parts.append(
        f"overall, weighting money at {percent(results.money_weight, 0)}, {_name(top)} ranks first"
    )
    return "; ".join(parts) + "."


def preferred_lines(results: Results) -> list[str]:
    """``Preferred by NPSV: …`` lines for the CLI and the pack."""
    by_id = {o.id: o for o in results.options}
    mcda = results.preferred.mcda
    return [
        f"Preferred by NPSV:    {by_id[results.preferred.npsv].name}",
        f"Preferred by MCDA:    {by_id[mcda].name if mcda else '— (no concerns scored)'}",
        f"Preferred overall:    {by_id[results.preferred.overall].name} "
        f"(money weight {percent(results.money_weight, 0)})",
    ]
