"""Cautions: the plain-English notes that qualify a ranking or a method choice.

Each function reads the scenario and the deterministic figures and returns the
sentences a reader must see beside the results; none changes a figure.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from appraisal.flows import Lines
from appraisal.optimism_bias import OPTIMISM_BIAS
from options.model import Scenario

Array = npt.NDArray[np.float64]
#: Two options closer than this on the 0-100 overall score are too close to call.
TOO_CLOSE_POINTS = 2.0


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
    s: Scenario, value: Array, score: Array | None, overall: Array
) -> tuple[str, ...]:
    """Warn when the overall score disagrees with NPSV or cannot separate the top two."""
    if score is None or len(value) < 2:
        return ()
    names = [o.name for o in s.options]
    notes = []
    first, second = np.argsort(-overall, kind="stable")[:2]
    best = int(np.argmax(value))
    if int(first) != best:
        notes.append(
            f"The overall score ranks {names[first]} first, but {names[best]} has the highest "
            "NPSV; the Green Book keeps the choice among shortlisted options on NPSV, with the "
            "concerns presented beside it."
        )
    gap = overall[first] - overall[second]
    if gap < TOO_CLOSE_POINTS:
        worst = names[int(np.argmin(value))]
        notes.append(
            f"{names[first]} and {names[second]} are {gap:.1f} points apart on the overall "
            "score: too close to call. The money score's scale runs from the worst option "
            f"({worst}) to the best, so a change to the worst option can reorder them."
        )
    return tuple(notes)


def method_notes(s: Scenario, value: Array) -> list[str]:
    """The money score's scale stretches a small gap between NPSVs."""
    npc = -value
    if len(value) > 1 and value.max() - value.min() < 0.01 * np.abs(npc).max():
        return [
            "The options' NPSVs differ by less than 1% of the largest net present cost; the "
            "money score stretches that small gap to the full 0-100 scale, so read the overall "
            "score with care and lead with NPSV."
        ]
    return []


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
        b = OPTIMISM_BIAS[o.project_type]
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
    if s.discounting == "green-book-health":
        return [
            "The whole scenario is discounted with the health schedule (1.5% to year 30), "
            "which the Green Book keeps for effects on health and life; mark those lines "
            '"health": true instead and use the standard schedule for the rest.'
        ]
    return []
