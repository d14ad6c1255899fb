"""Cautions: the plain-English notes that qualify a ranking or a method choice.

Each function reads the scenario and the deterministic figures and returns the
sentences a reader must see beside the results; none changes a figure.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from appraisal.flows import Lines
from appraisal.optimism_bias import applies_to
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


def method_notes(s: Scenario, value: Array, uplift: Array, lines: Lines) -> list[str]:
    notes = []
    npc = -value
    if len(value) > 1 and value.max() - value.min() < 0.01 * np.abs(npc).max():
        notes.append(
            "The options' NPSVs differ by less than 1% of the largest net present cost; the "
            "money score stretches that small gap to the full 0-100 scale, so read the overall "
            "score with care and lead with NPSV."
        )
    spreads = s.uncertainty_map
    for i, o in enumerate(s.options):
        cats = applies_to(o.project_type)
        skewed = any(
            (sp := spreads.get(c)) is not None and sp.high - 1 > 1 - sp.low
            for c in cats
            if c in lines.category
        )
        if uplift[i] > 0.10 and skewed:
            notes.append(
                f"{o.name}: carries a {uplift[i]:.0%} optimism-bias uplift and right-skewed cost "
                "spreads on the same lines; when spreads and risks are quantified in detail, "
                "reduce optimism bias through mitigation rather than count optimism twice."
            )
    return notes
