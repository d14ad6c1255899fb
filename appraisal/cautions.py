"""Cautions: the plain-English notes that qualify a ranking or a method choice.

Each function reads the scenario and the deterministic figures and returns the
sentences a reader must see beside the results; none changes a figure.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from appraisal.flows import Lines
from appraisal.results import Closeness
from options.model import Scenario

Array = npt.NDArray[np.float64]


def period_notes(s: Scenario) -> tuple[str, ...]:
    """Options appraised over different periods cannot be compared fairly."""
    spans: dict[str, tuple[int, int]] = {}
    for c in s.costs:
        a, b = spans.get(c.option, (c.year, c.year))
        spans[c.option] = (min(a, c.year), max(b, c.year))
    if len(set(spans.values())) <= 1:
        return ()
    text = "; ".join(f"{s.option(oid).name} {a}-{b}" for oid, (a, b) in spans.items())
    return (
        f"The options' cost lines cover different periods ({text}). The Green Book compares "
        "options over the same period: extend the shorter ones (re-procurement, exit or "
        "continuation) before relying on the ranking.",
    )


def ranking_notes(
    s: Scenario, value: Array, overall: Array, closeness: tuple[Closeness | None, ...]
) -> tuple[str, ...]:
    """Warn when the overall value disagrees with NPSV, and when a lead is too close to call."""
    names = {o.id: o.name for o in s.options}
    notes = []
    first, best = int(np.argmax(overall)), int(np.argmax(value))
    if s.value_per_point is not None and s.concerns and first != best:
        notes.append(
            f"At £{s.value_per_point:,.0f} a concerns point, {s.options[first].name} has the "
            f"highest overall value, but {s.options[best].name} has the highest NPSV; the Green "
            "Book keeps the choice among shortlisted options on NPSV, with the concerns "
            "presented beside it."
        )
    for c in dict.fromkeys(x for x in closeness if x is not None and x.too_close):
        notes.append(
            f"{names[c.leader]} and {names[c.runner_up or '']} are too close to call: "
            f"{names[c.runner_up or '']} does better in {c.runner_up_share:.0%} of the draws, "
            f"more than 1 − the confidence level ({1 - s.settings.confidence:.0%})."
        )
    return tuple(notes)


def optimism_notes(s: Scenario, lines: Lines, q: Array) -> list[str]:
    """Every option answers the optimism-bias question; over-wide quantified uncertainty.

    An option with no project type and no ``ob_evidence`` is asked for the reason
    (business as usual may carry none, but says why). A line whose spread and
    risks alone add more than its project type's upper bound is flagged: the
    spreads and risks may be too wide.
    """
    notes = []
    for i, o in enumerate(s.options):
        if o.project_type is None and not o.ob_evidence:
            notes.append(
                f"{o.name}: no optimism-bias project type and no evidence for leaving it out; "
                "give the reason in ob_evidence (business as usual may carry none, but says why)."
            )
        if o.project_type is None:
            continue
        b = s.parameters.bounds(o.project_type)
        for j in np.flatnonzero((lines.option == i) & (q > b.upper)):
            if lines.category[j] in b.applies_to:
                notes.append(
                    f"{o.name}, line '{lines.name[j]}': its spread and risks alone add "
                    f"{q[j]:.0%} above the most-likely estimate, more than the "
                    f"{o.project_type.value.replace('_', ' ')} upper bound of {b.upper:.0%}; "
                    "the spreads and risks may be too wide."
                )
    return notes


def discounting_notes(s: Scenario) -> list[str]:
    """The health schedule is meant for effects on health and life (Green Book 2018 5.35)."""
    if s.discounting == "green-book-health" and s.parameters.schedule(s.discounting) is not None:
        return [
            "The whole scenario is discounted with the health schedule (1.5% to year 30), "
            "which the Green Book keeps for effects on health and life; mark those lines "
            '"health": true instead and use the standard schedule for the rest.'
        ]
    return []
