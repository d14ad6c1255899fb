"""The scenario diff for ``make bench``: two versions of the example, five changes apart.

- the diff (both canonical documents written and compared), its table, its JSON and
  its sentence, from the two versions' results appraised beforehand — ≤ 100 ms.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from appraisal.appraise import appraise
from options.diff import diff_scenarios
from options.examples import load_example
from options.model import Scenario
from report.diff import diff_frame, diff_json, diff_sentence, effect, names_of

Row = tuple[str, str, str, str, bool | None]


def edited(s: Scenario) -> Scenario:
    """The example with five edits: a running cost raised in every year, a transition
    raised, a weight lowered, a risk dropped and an option renamed."""
    line = "Data centre, power, cooling and disaster recovery"
    costs = tuple(
        replace(c, amount=c.amount + 300_000)
        if (c.option, c.line) == ("do-minimum", line)
        else replace(c, amount=c.amount + 400_000)
        if c.option == "flex" and c.line.startswith("Transition to Flex")
        else c
        for c in s.costs
    )
    concerns = tuple(replace(c, weight=c.weight / 2) if i == 0 else c
                     for i, c in enumerate(s.concerns))  # fmt: skip
    options = tuple(replace(o, name="Public Sector Flex") if o.id == "flex" else o
                    for o in s.options)  # fmt: skip
    return replace(s, costs=costs, concerns=concerns, options=options, risks=s.risks[1:])


def measure(timed: Callable[[Callable[[], object], int], float]) -> list[Row]:
    old = load_example()
    new = edited(old)
    r_old, r_new = appraise(old, draws=1), appraise(new, draws=1)

    def run() -> object:
        changes = diff_scenarios(old, new)
        e = effect(r_old, r_new)
        frame = diff_frame(changes, names_of(r_old, r_new))
        return frame, diff_json(changes, e), diff_sentence(changes, r_old, r_new)

    seconds = timed(run, 20)
    n = len(diff_scenarios(old, new))
    return [
        ("Diff of two versions of the example, with its sentence", f"{seconds * 1e3:.1f} ms",
         "≤ 100 ms", f"({n} changes; table and JSON too; appraisal excluded)", seconds <= 0.1),
    ]  # fmt: skip
