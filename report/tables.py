"""Results as text: the side-by-side table and the CSV every export uses."""

from __future__ import annotations

import csv
import io
import textwrap
from collections.abc import Callable, Iterable, Sequence

import pandas as pd

from appraisal.energy import energy_frame
from appraisal.results import OptionResult, Results
from options.csv_safe import safe_cell as neutralise  # the one rule, named as here before
from options.model import Basis, CostLine, OptionKind, Scenario, WhatIf
from report.formatting import discounting_label, money, money_m, number, percent
from report.summary import preferred_lines, verdict


def csv_text(header: Iterable[str], rows: Iterable[Iterable[object]]) -> str:
    """CSV with a header row, empty cells for null, ``\\n`` endings, text neutralised.

    A carriage return inside a cell (text pasted from Windows) becomes a line feed:
    Python's writer quotes a cell holding the line terminator, ``\\n`` here, but not a
    lone ``\\r``, which would otherwise split the row for every reader.
    """
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([_cell(h) for h in header])
    for row in rows:
        writer.writerow(["" if v is None else _cell(v) for v in row])
    return buf.getvalue()


def _cell(value: object) -> object:
    safe = neutralise(value)
    return safe.replace("\r\n", "\n").replace("\r", "\n") if isinstance(safe, str) else safe


ASSUMPTIONS = ("scenario", "discounting", "value_per_point", "draws", "seed", "version")


def results_csv(results: Results) -> str:
    """One row per option: id, name, the JSON fields in order, Monte Carlo flattened; then
    the assumptions the figures were computed with (:data:`ASSUMPTIONS`, the same on
    every row), so that a file found later explains itself. One header row."""
    flat = [results.flat_option(o) for o in results.options]
    fields = [k for k in flat[0] if k != "monte_carlo_quantiles"]
    assumptions = [getattr(results, a) for a in ASSUMPTIONS]
    rows = ([*(row[k] for k in fields), *assumptions] for row in flat)
    return csv_text([*fields, *ASSUMPTIONS], rows)


_COST_FIELDS = ("basis", "module", "low", "high", "optimism_bias", "notes", "source")


def costs_csv(scenario: Scenario, layout: str = "long") -> str:
    """A scenario's cost lines as a cost file (long or wide) that reads back unchanged.

    Optional columns appear only when some line uses them. The file doubles as the
    template a user fills in: the layout and headers are those the reader expects.
    """
    lines = scenario.costs
    used = [f for f in _COST_FIELDS if any(_cost_field(c, f) != "" for c in lines)]
    if layout == "long":
        header = ["option", "line", "category", "year", "amount", *used]
        rows = [[c.option, c.line, c.category.value, c.year, c.amount,
                 *(_cost_field(c, f) for f in used)] for c in lines]  # fmt: skip
        return csv_text(header, rows)
    if layout != "wide":
        raise ValueError(f"layout is 'long' or 'wide', not {layout!r}")
    years = sorted({c.year for c in lines})
    grouped: dict[tuple[object, ...], dict[int, float]] = {}
    for c in lines:
        key = (c.option, c.line, c.category.value, *(_cost_field(c, f) for f in used))
        grouped.setdefault(key, {})[c.year] = c.amount
    header = ["option", "line", "category", *used, *map(str, years)]
    rows = [[*key, *(amounts.get(y) for y in years)] for key, amounts in grouped.items()]
    return csv_text(header, rows)


def _cost_field(c: CostLine, name: str) -> object:
    value = getattr(c, name)
    if name == "basis":
        return "" if value is Basis.REAL else value.value
    if name == "optimism_bias":
        return "" if value else "no"
    return "" if value is None else value


Row = tuple[str, Callable[[OptionResult], str]]


def _rows(results: Results, *, names: bool = False) -> list[Row]:
    c = f"{results.confidence:.0%}"
    label = {o.id: o.name for o in results.options} if names else {}
    lam = results.value_per_point
    overall = "Overall value (NPSV)" if lam is None else f"Overall value (£{lam:,.0f} a point)"
    return [
        ("PV costs", lambda o: money_m(o.pv_costs)),
        ("PV benefits", lambda o: money_m(o.pv_benefits)),
        ("Optimism bias", lambda o: money_m(o.optimism_bias)),
        ("Risk (expected value)", lambda o: money_m(o.risk)),
        ("Carbon", lambda o: money_m(o.carbon_cost)),
        ("NPSV", lambda o: money_m(o.npsv)),
        ("NPSV at most-likely estimates", lambda o: money_m(o.npsv_most_likely)),
        ("Added by spread skew", lambda o: money_m(o.added_above_most_likely.spread)),
        ("NPSV vs in-house", lambda o: money_m(o.npsv_vs_counterfactual, signed=True)),
        ("Monte Carlo mean NPSV", lambda o: money_m(o.monte_carlo.mean)),
        ("EAC (a year)", lambda o: money_m(o.eac)),
        (f"NPC at {c} confidence", lambda o: money_m(o.npc_at_confidence)),
        ("BCR", lambda o: number(o.bcr, 2)),
        ("IRR vs in-house", lambda o: percent(o.irr)),
        ("Payback year", lambda o: "—" if o.payback_year is None else str(o.payback_year)),
        ("MCDA score (0-100)", lambda o: number(o.mcda_score)),
        ("Cost per weighted point", lambda o: money(o.cost_per_point)),
        ("Marginal cost per point", lambda o: money(o.marginal_cost_per_point)),
        (
            "Dominated by" if names else "Dominated by (id)",
            lambda o: label.get(o.dominated_by, o.dominated_by) if o.dominated_by else "—",
        ),
        (overall, lambda o: money_m(o.overall_value)),
        ("Rank", lambda o: str(o.rank)),
        ("NPC at P50", lambda o: money_m(o.monte_carlo.npc(50))),
        ("NPC at P80", lambda o: money_m(o.monte_carlo.npc(80))),
        ("NPC at P90", lambda o: money_m(o.monte_carlo.npc(90))),
        ("Probability best", lambda o: percent(o.monte_carlo.prob_best)),
    ]


def comparison_frame(results: Results, *, names: bool = False) -> pd.DataFrame:
    """Every measure (rows) for every option (columns), formatted for reading.

    With ``names`` a dominated option names its dominator by name, not id.
    """
    rows = _rows(results, names=names)
    cells = [[fmt(o) for o in results.options] for _, fmt in rows]  # names may repeat
    index = pd.Index([label for label, _ in rows], name="Measure")
    return pd.DataFrame(cells, index=index, columns=[o.name for o in results.options])


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width, break_long_words=True) or [""]


def results_table(results: Results, *, column_width: int = 18) -> str:
    """The options side by side, one column each, with the verdict beneath.

    Option names wrap onto several header lines so that four or five options fit
    a terminal.
    """
    rows = _rows(results)
    body = [[label, *(fmt(o) for o in results.options)] for label, fmt in rows]
    value_width = max(len(v) for r in body for v in r[1:])
    width = max(column_width, value_width)
    names = [_wrap(o.name, width) for o in results.options]
    depth = max(len(n) for n in names)
    header = [["", *(n[i] if i < len(n) else "" for n in names)] for i in range(depth)]
    label_width = max(len(r[0]) for r in body)
    widths = [label_width, *[width] * len(results.options)]
    line = "  ".join("-" * w for w in widths)

    def fmt_row(r: list[str]) -> str:
        cells = [v.rjust(w) for v, w in zip(r[1:], widths[1:], strict=True)]
        return "  ".join([r[0].ljust(widths[0]), *cells]).rstrip()

    title = (
        f"{results.scenario}\nBase year {results.base_year}, £ real {results.price_base} "
        f"prices, discounting {discounting_label(results.discounting)}, "
        f"{results.draws:,} Monte Carlo draws (seed {results.seed})"
        + (f"\nGreen Book parameters: {results.parameters_title}" if results.parameters else "")
    )
    out = [
        title,
        "",
        *(fmt_row(h) for h in header),
        line,
        *(fmt_row(r) for r in body),
        "",
        *preferred_lines(results),
        "",
        *textwrap.wrap(verdict(results), 100),
    ]
    if results.notes:
        out += [
            "",
            "Notes:",
            *(
                textwrap.fill(n, 100, initial_indent="- ", subsequent_indent="  ")
                for n in results.notes
            ),
        ]
    return "\n".join(out) + "\n"


def what_ifs_table(cases: Sequence[tuple[WhatIf | None, Results]], shown: int) -> str:
    """Every what-if's preferred options beside the central case's, as text.

    ``cases`` starts with the central case (``None``); case ``shown`` is marked as the
    one whose figures are above. With a framework option, its NPSV in each case too:
    the scenario's question is how it compares.
    """
    framework = next((o for o in cases[0][1].options if o.kind is OptionKind.FRAMEWORK), None)
    rows: list[tuple[str, ...]] = [
        ("Case", "Preferred by NPSV", "Preferred overall", "NPSV of that option")
    ]
    if framework is not None:
        rows[0] += (f"{framework.name}: NPSV",)
    for i, (w, r) in enumerate(cases):
        best, top = r.option(r.preferred.npsv), r.option(r.preferred.overall)
        name = ("Central case" if w is None else w.name) + (" (shown above)" if i == shown else "")
        row: tuple[str, ...] = (name, best.name, top.name, money_m(best.npsv))
        if framework is not None:
            row += (money_m(r.option(framework.id).npsv),)
        rows.append(row)
    widths = [min(40, max(len(row[i]) for row in rows)) for i in range(len(rows[0]))]
    lines = ["", "What-ifs, each appraised beside the central case:"]
    for row in rows:
        cells = [textwrap.shorten(v, widths[i], placeholder="…") for i, v in enumerate(row)]
        lines.append("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip())
    return "\n".join(lines) + "\n"


def vintages_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The central case under two parameter vintages (:func:`appraisal.vintages.
    side_by_side`) for display: each option's NPSV (£m) and rank under each, the
    preferred option marked, and the change in NPSV."""
    a, b = (v for v in dict.fromkeys(frame.columns.get_level_values(0)) if v not in ("", "change"))

    def npsv(v: str, r: pd.Series) -> str:
        return money_m(r[(v, "npsv")]) + (" (preferred)" if r[(v, "preferred")] else "")

    rows = [
        {
            "Option": r[("", "name")],
            f"NPSV, {a}": npsv(a, r),
            f"Rank, {a}": int(r[(a, "rank")]),
            f"NPSV, {b}": npsv(b, r),
            f"Rank, {b}": int(r[(b, "rank")]),
            "Change in NPSV": money_m(r[("change", "npsv")]),
        }
        for _, r in frame.iterrows()
    ]
    return pd.DataFrame(rows)


def vintages_table(frame: pd.DataFrame) -> str:
    """:func:`vintages_frame` as text: the second vintage is the one shown above it, the
    first the one the scenario records."""
    shown = vintages_frame(frame)
    shown["Option"] = [textwrap.shorten(n, 40, placeholder="…") for n in shown["Option"]]
    cells = [list(map(str, shown.columns)), *shown.astype(str).values.tolist()]
    widths = [max(len(row[i]) for row in cells) for i in range(len(cells[0]))]
    a, b = shown.columns[1].removeprefix("NPSV, "), shown.columns[3].removeprefix("NPSV, ")
    lines = ["", f"Green Book parameters: {b} (shown above) beside {a}, which the scenario "
             "records (central case):"]  # fmt: skip
    for row in cells:
        padded = [
            row[0].ljust(widths[0]),
            *(v.rjust(w) for v, w in zip(row[1:], widths[1:], strict=True)),
        ]
        lines.append("  ".join(padded).rstrip())
    return "\n".join(lines) + "\n"


def added_frame(results: Results) -> pd.DataFrame:
    """What each option's appraisal adds above its most-likely estimates, £m (PV).

    The spread skew (expected value less most likely), optimism bias (netted per line of
    what the spread and the risks naming the line already add) and risk, with their total
    and the NPSV at the most-likely estimates they start from.
    """
    rows = [
        {
            "Option": o.name,
            "NPSV at most-likely estimates (£m)": o.npsv_most_likely / 1e6,
            "Spread skew (£m)": o.added_above_most_likely.spread / 1e6,
            "Optimism bias (£m)": o.added_above_most_likely.optimism_bias / 1e6,
            "Risk, expected (£m)": o.added_above_most_likely.risk / 1e6,
            "Total added (£m)": o.added_above_most_likely.total / 1e6,
            "NPSV (£m)": o.npsv / 1e6,
        }
        for o in results.options
    ]
    return pd.DataFrame(rows)


REGISTER_FIELDS = ("id", "title", "raised_by", "date_raised", "status", "weight", "evidence",
                   "risks", "residual_share", "related", "source")  # fmt: skip


def register_csv(scenario: Scenario) -> str:
    """The concerns register as CSV, one row per concern and option: who raised it, when,
    its status, weight, evidence, the risks that monetise the same harm, then the option's
    score, the rationale and the mitigation (text neutralised against formula injection)."""
    rows = []
    for c in scenario.concerns:
        head = [c.id, c.title, c.raised_by, c.date_raised, c.status.value, c.weight, c.evidence,
                "; ".join(c.risks), c.residual_share, "; ".join(c.related), c.source]  # fmt: skip
        why, how = dict(c.rationale), dict(c.mitigation)
        for o in scenario.options:
            rows.append([*head, o.id, o.name, c.scores_map[o.id], why.get(o.id, ""),
                         how.get(o.id, "")])  # fmt: skip
    header = [*REGISTER_FIELDS, "option", "option_name", "score", "rationale", "mitigation"]
    return csv_text(header, rows)


def energy_table(scenario: Scenario) -> pd.DataFrame:
    """How the devices' energy and carbon were worked out, under readable headers: per
    option, device type and year (empty without devices)."""
    frame = energy_frame(scenario)
    if frame.empty:
        return frame
    names = {o.id: o.name for o in scenario.options}
    return pd.DataFrame(
        {
            "Option": frame["option"].map(names),
            "Device": frame["type"],
            "Year": frame["year"],
            "Devices": frame["count"],
            "kWh": frame["kwh"],
            "t CO2e": frame["tco2e"],
            "Energy at its long-run variable cost (£)": frame["value"],
            "Cash at the price paid (£)": frame["paid"],
        }
    )
