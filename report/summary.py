"""The plain-language verdict: which option is preferred, and why.

NPSV leads, as the Green Book keeps shortlist choice on the social cost-benefit
analysis; the concerns and the overall score follow.
"""

from __future__ import annotations

from appraisal.cautions import TOO_CLOSE_POINTS
from appraisal.results import OptionResult, Results
from report.formatting import money_m, percent


def _name(o: OptionResult) -> str:
    return o.name


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


def verdict(results: Results) -> str:
    """One paragraph a board member can read aloud.

    Names the option with the highest NPSV and its margin over the in-house
    option (or the runner-up when it is the in-house option), the option the
    concerns favour, and the overall ranking with the money weight used.
    """
    by_id = {o.id: o for o in results.options}
    best, other, in_house = comparison(results)
    if other is not None:
        than = _name(other) if in_house else f"the next best, {_name(other)}"
        first = (
            f"{_name(best)} has the highest net present social value, "
            f"{money_m(best.npsv - other.npsv)} more than {than}"
        )
    else:
        first = f"{_name(best)} is the only option, with NPSV {money_m(best.npsv)}"
    if any(o.monte_carlo.p10 != o.monte_carlo.p90 for o in results.options):
        chance = percent(best.monte_carlo.prob_best, 0)
        first += f" ({chance} chance of being best in the simulation)"
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
    else:
        return first + "; no staff or union concerns are scored, so NPSV alone ranks them."
    top = by_id[results.preferred.overall]
    ranked = sorted(results.options, key=lambda o: o.rank)
    if len(ranked) > 1 and ranked[0].overall_score - ranked[1].overall_score < TOO_CLOSE_POINTS:
        a, b = ranked[0], ranked[1]
        parts.append(
            f"overall, weighting money at {percent(results.money_weight, 0)}, {_name(a)} and "
            f"{_name(b)} are too close to call ({a.overall_score:.1f} and "
            f"{b.overall_score:.1f} of 100)"
        )
        return "; ".join(parts) + "."
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
