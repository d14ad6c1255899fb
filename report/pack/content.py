"""The board pack's content, built once from a scenario and its Results.

:func:`build_pack` makes a :class:`BoardPack`: the title and the scenario's question,
the provenance footer, the one-page summary (:mod:`report.pack.story`), the options
side by side, the charts, the risks, the concerns with who raised them and their
mitigations, the switching values in words, the assumptions and sources, and the
method. The renderers (PDF, PowerPoint, Excel, HTML) only lay it out, so every
format shows the same figures.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd

from appraisal import sensitivity
from appraisal.financial import financial_frame, financial_summary
from appraisal.results import OptionResult, Results
from options.model import Scenario
from report import sensitivity as words
from report.formatting import money
from report.glossary import GLOSSARY, METHOD
from report.pack import registers
from report.pack.charts import PackChart, pack_charts
from report.pack.provenance import Provenance, SavedVersion, provenance
from report.pack.story import Point, framework_option, preferred_heading, story
from report.pack.table import Column, Table, table

#: The glossary's terms the summary and the options table use, in the order met.
TERMS = (
    "NPSV",
    "NPC at P50 / P80 / P90",
    "Probability best",
    "MCDA score",
    "Value of a concerns point",
    "Overall value",
    "Switching value",
    "EAC",
)
MAX_SWITCHES = 6  # switching values in words on the page (the workbook has all)


@dataclass(frozen=True, eq=False)
class BoardPack:
    """Everything a board pack shows; the renderers lay it out and add nothing."""

    title: str
    question: str
    preferred: str  # the preferred option's name (highest NPSV)
    verdict: str  # "Preferred option: X", with ", but too close to call with Y" when it is
    description: str
    provenance: Provenance
    summary: tuple[Point, ...]
    terms: Table
    options: Table
    charts: tuple[PackChart, ...]
    risks: Table
    concern_scores: Table
    mitigations: Table
    switching: tuple[str, ...]  # the nearest switching values in words
    switching_table: Table  # every switching value (the workbook's sheet)
    assumptions: Table
    decisions: Table
    sources: tuple[str, ...]
    method: tuple[str, ...]
    notes: tuple[str, ...]
    scenario: Scenario
    results: Results
    case: str | None = None  # the what-if shown, or None for the central case


def ranked(results: Results) -> list[OptionResult]:
    """Options in NPSV order, highest first (ties in option order)."""
    return sorted(results.options, key=lambda o: -o.npsv)


def question_text(results: Results) -> str:
    """The scenario's question, as the cover asks it."""
    fw = framework_option(results)
    if fw is not None and results.counterfactual is not None:
        base = results.option(results.counterfactual)
        return f"How does {fw.name} compare with {base.name}, and which option is preferred?"
    return "Which option gives the best value for money, and why?"


def options_table(results: Results, budgets: pd.DataFrame) -> Table:
    """The options side by side, in NPSV order with the preferred one marked: at most
    eight rows of figures, each labelled in plain words with the acronym after."""
    order = ranked(results)
    head = [Column("Measure", width=2.3)]
    close = results.closeness_npsv is not None and results.closeness_npsv.too_close
    best = " — preferred (highest NPSV" + (", but too close to call)" if close else ")")
    for o in order:
        mark = best if o.id == results.preferred.npsv else ""
        head.append(Column(o.name + mark, "money_m"))
    rows: list[tuple[str, str, list[object]]] = [
        ("Net present social value, NPSV (higher is better)", "money_m", [o.npsv for o in order]),
        (
            "Difference from keeping in-house (NPSV)",
            "signed_m",
            [o.npsv_vs_counterfactual for o in order],
        ),
        ("Net present cost, middle case (P50)", "money_m", [o.monte_carlo.npc(50) for o in order]),
        (
            "Net present cost, cautious case (P80)",
            "money_m",
            [o.monte_carlo.npc(80) for o in order],
        ),
        (
            "Net present cost, pessimistic case (P90)",
            "money_m",
            [o.monte_carlo.npc(90) for o in order],
        ),
        (
            "Chance of the highest NPSV (probability best)",
            "percent",
            [o.monte_carlo.prob_best for o in order],
        ),
    ]
    if results.counterfactual is None:
        rows.pop(1)
    if not results.concerns.empty:
        rows.append(
            (
                "Score on the staff and union concerns, MCDA (0-100)",
                "score",
                [o.mcda_score for o in order],
            )
        )
    if results.value_per_point is not None:
        label = f"Overall value at {money(results.value_per_point)} a concerns point"
        rows.append((label, "money_m", [o.overall_value for o in order]))
    elif not budgets.empty:
        rows.append(
            (
                "Cost to the budgets, capital and resource (financial case)",
                "money_m",
                [_budget(budgets, o.id) for o in order],
            )
        )
    t = table(
        "The options side by side",
        head,
        [[label, *values] for label, _, values in rows],
        f"£ in real {results.price_base} prices. Options in NPSV order; the preferred "
        "one is marked in its heading. A dash: the figure does not apply.",
    )
    marked = tuple(i + 1 for i, o in enumerate(order) if o.id == results.preferred.npsv)
    return Table(t.title, t.columns, t.rows, t.note, tuple(k for _, k, _ in rows), marked)


def _budget(budgets: pd.DataFrame, option: str) -> float:
    """An option's total cost to its budgets, real £ (the financial summary's row)."""
    return float(budgets["real: total"].loc[option])


def terms_table() -> Table:
    """The terms the summary and the options table use, in plain words."""
    rows = [[term, GLOSSARY.at[term, "What it means"]] for term in TERMS if term in GLOSSARY.index]
    return table("What the terms mean", [Column("Term", width=1), Column("Meaning", width=5)], rows)


def method_paragraphs(text: str = METHOD) -> tuple[str, ...]:
    """The method note as plain paragraphs (Markdown emphasis and bullets removed)."""
    paragraphs = re.split(r"\n(?=- )|\n\n", text.strip())
    return tuple(
        re.sub(r"\s+", " ", p.removeprefix("- ").replace("**", "")).strip()
        for p in paragraphs
        if p.strip()
    )


def _switching(
    scenario: Scenario, results: Results, model: sensitivity.Model | None = None
) -> tuple[tuple[str, ...], Table, str, str]:
    """Switching values: the nearest in words, every one as a table, and the nearest
    again as the summary's sentence and as a clause of the NPSV sentence. ``model`` is
    the scenario's sensitivity model if one is at hand (its re-appraisals are reused)."""
    if len(scenario.options) < 2:
        return (), table("Switching values", [Column("Switching value")], []), "", ""
    model = sensitivity.Model(scenario) if model is None else model
    found: list[sensitivity.Switch] = []
    measures = ("npsv", "overall") if results.value_per_point is not None else ("npsv",)
    for m in measures:
        found += sensitivity.switching_values(model, m)
    moves = [w for w in found if w.direction in ("up", "down", "range")]
    frame = words.switching_table(model, found)
    cols = [Column(c, width=6 if c == "Switching value" else 1) for c in frame.columns]
    every = table("Switching values (nearest first)", cols, frame.to_numpy().tolist())
    nearest = sensitivity.nearest([w for w in found if w.measure == "npsv"])
    shown = tuple(words.sentence(model, w) for w in moves[:MAX_SWITCHES])
    held = len([w for w in found if w.direction == "none"])
    if held:
        shown += (
            f"No value in a wide search range makes the preferred option lose its place "
            f"for {held} other inputs (listed in the workbook).",
        )
    text = words.sentence(model, nearest) if nearest else ""
    return shown, every, text, words.nearest_clause(model, nearest)


def build_pack(
    scenario: Scenario,
    results: Results,
    *,
    saved: SavedVersion | None = None,
    today: dt.date | None = None,
    case: str | None = None,
    model: sensitivity.Model | None = None,
) -> BoardPack:
    """The board pack of ``results``, the appraisal of ``scenario``.

    ``saved`` is the scenario library's version (None: "unsaved scenario"), ``today``
    the pack's date, ``case`` the name of the what-if shown (None: the central case),
    ``model`` the scenario's :class:`appraisal.sensitivity.Model` when the caller
    keeps one (the dashboard does: its switching values are then found once).
    """
    budgets = financial_summary(financial_frame(scenario))
    shown, every, nearest, clause = _switching(scenario, results, model)
    points = story(scenario, results, switch_text=nearest, switch_clause=clause, budgets=budgets)
    scores, plans = registers.concerns_tables(scenario, results, ranked(results))
    title = results.scenario + (f" — what-if: {case}" if case else "")
    return BoardPack(
        title=title,
        question=question_text(results),
        preferred=results.option(results.preferred.npsv).name,
        verdict=preferred_heading(results),
        description=scenario.description,
        provenance=provenance(scenario, results, saved, today),
        summary=points,
        terms=terms_table(),
        options=options_table(results, budgets),
        charts=pack_charts(results),
        risks=registers.risks_table(results),
        concern_scores=scores,
        mitigations=plans,
        switching=shown,
        switching_table=every,
        assumptions=registers.assumptions_table(scenario),
        decisions=registers.decisions_table(scenario),
        sources=registers.sources(scenario, results),
        method=method_paragraphs(),
        notes=results.notes,
        scenario=scenario,
        results=results,
        case=case,
    )
