"""The pack's registers as tables: risks with their expected values, the concerns with
who raised them and their mitigations, the assumptions register, the decision log and
the sources."""

from __future__ import annotations

from collections.abc import Sequence

from appraisal.results import OptionResult, Results
from options.model import Scenario
from report.pack.table import Column, Table, table


def risks_table(results: Results) -> Table:
    """The risk register, largest present value of expected cost first.

    Expected cost a year = probability used × the mean of the impact (PERT); its
    present value sums the discounted expected costs over the listed years.
    """
    names = {o.id: o.name for o in results.options}
    reg = results.risks
    if reg.empty:
        return table(
            "Risks and their expected values",
            [Column("Risk")],
            [],
            "The scenario has no risk register.",
        )
    reg = reg.sort_values("pv", ascending=False, kind="stable")
    cols = [
        Column("Risk", width=4),
        Column("Option", width=2),
        Column("Treatment", width=1.1),
        Column("Chance a year", "percent", 1),
        Column("Years", width=1.2),
        Column("Expected cost a year (£)", "money", 1.2),
        Column("Present value of expected cost (£)", "money", 1.3),
    ]
    rows = [
        [
            r.risk,
            names[str(r.option)],
            r.treatment,
            r.probability_used,
            year_spans(str(r.years)),
            r.ev_per_year,
            r.pv,
        ]
        for r in reg.itertuples()
    ]
    totals = reg.groupby("option", sort=False)["pv"].sum()
    note = "Total present value of expected risk cost: " + "; ".join(
        f"{names[str(o)]} £{v:,.0f}" for o, v in totals.items()
    )
    return table("Risks and their expected values", cols, rows, note + ".")


def year_spans(years: str) -> str:
    """A list of years with runs joined: ``2009–15``.

    >>> year_spans("2009, 2010, 2011, 2013"), year_spans("2008"), year_spans("2014, 2015")
    ('2009–11, 2013', '2008', '2014–15')
    """
    ys = sorted(int(y) for y in str(years).replace(";", ",").split(",") if y.strip())
    runs: list[list[int]] = []
    for y in ys:
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{str(r[-1])[-2:]}" for r in runs)


def concerns_tables(
    scenario: Scenario, results: Results, order: Sequence[OptionResult]
) -> tuple[Table, Table]:
    """The concerns: each one's weight and every option's score (options in ``order``),
    then, per concern and option, the rationale for the score and the mitigation."""
    if not scenario.concerns:
        empty = table("Concerns", [Column("Concern")], [], "No concerns are scored.")
        return empty, empty
    total = sum(c.weight for c in scenario.concerns) or 1.0
    cols = [
        Column("Concern", width=3.2),
        Column("Raised by", width=1.6),
        Column("Weight (share)", "percent", 0.9),
    ]
    cols += [Column(o.name, "score", 1.15) for o in order]
    rows = [
        [c.title, c.raised_by, c.weight / total, *(c.scores_map[o.id] for o in order)]
        for c in scenario.concerns
    ]
    rows.append(["Weighted score (MCDA, 0-100)", "", 1.0, *(o.mcda_score for o in order)])
    scores = table(
        "Concerns: who raised them and how each option scores (0-100)",
        cols,
        rows,
        "0 = not addressed at all, 100 = fully addressed; the weighted score is "
        "the sum of weight × score.",
    )
    plan_cols = [
        Column("Concern", width=2.2),
        Column("Option", width=1.6),
        Column("Score", "score", 0.6),
        Column("Why this score", width=3.3),
        Column("Mitigation", width=3.3),
    ]
    plan_rows = []
    for c in scenario.concerns:
        why, how = dict(c.rationale), dict(c.mitigation)
        for o in order:
            if why.get(o.id) or how.get(o.id):
                plan_rows.append(
                    [
                        c.title,
                        o.name,
                        c.scores_map[o.id],
                        why.get(o.id, ""),
                        how.get(o.id, "") or "none recorded",
                    ]
                )
    plans = table(
        "Concerns: why each option scores as it does, and the mitigations", plan_cols, plan_rows
    )
    return scores, plans


def assumptions_table(scenario: Scenario) -> Table:
    """The assumptions register: each assumption, its value, quality, source and owner."""
    cols = [
        Column("ID", width=0.5),
        Column("Assumption", width=3),
        Column("Value", width=3),  # the longest texts: as wide as the assumption
        Column("Quality", width=0.8),
        Column("Source", width=1.8),
        Column("Owner", width=1.1),
        Column("Date", width=0.9),
    ]
    rows = [
        [a.id, a.text, a.value, a.quality.value, a.source, a.owner, a.date]
        for a in scenario.assumptions
    ]
    note = (
        "Quality: green, a published figure used as published; amber, derived from "
        "published figures by stated reasoning; red, a judgement with no source."
    )
    return table("Assumptions register", cols, rows, note if rows else "No assumptions recorded.")


def decisions_table(scenario: Scenario) -> Table:
    """The decision log: what was decided, by whom, when, and on which version."""
    cols = [
        Column("ID", width=0.5),
        Column("Date", width=1),
        Column("Decision", width=4),
        Column("Decided by", width=2),
        Column("Version", "whole", 0.7),
        Column("Rationale", width=3.5),
    ]
    rows = [
        [d.id, d.date, d.text, d.decided_by, d.version, d.rationale] for d in scenario.decisions
    ]
    return table("Decision log", cols, rows, "" if rows else "No decisions recorded.")


def sources(scenario: Scenario, results: Results) -> tuple[str, ...]:
    """Where the figures come from: the scenario's source, each option's, and the
    published series the appraisal used (carbon, energy)."""
    out = []
    if scenario.source:
        out.append(f"Scenario: {scenario.source}")
    out += [f"{o.name}: {o.source}" for o in scenario.options if o.source]
    out += list(results.sources)
    return tuple(out)
