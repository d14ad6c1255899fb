"""Results as text: the side-by-side table and the CSV every export uses."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable

from appraisal.appraise import OptionResult, Results
from appraisal.discounting import schedule_label
from report.formatting import money, money_m, number, percent
from report.summary import preferred_lines, verdict

_UNSAFE_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Defuse spreadsheet formula injection in a text cell (numbers pass).

    >>> neutralise("=HYPERLINK(1)"), neutralise("-x"), neutralise(-5.0), neutralise("Flex")
    ("'=HYPERLINK(1)", "'-x", -5.0, 'Flex')
    """
    if isinstance(value, str) and value.startswith(_UNSAFE_START):
        return "'" + value
    return value


def csv_text(header: Iterable[str], rows: Iterable[Iterable[object]]) -> str:
    """CSV with a header row, empty cells for null, ``\\n`` endings, text neutralised."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([neutralise(h) for h in header])
    for row in rows:
        writer.writerow(["" if v is None else neutralise(v) for v in row])
    return buf.getvalue()


def results_csv(results: Results) -> str:
    """One row per option: id, name, the JSON fields in order, Monte Carlo flattened."""
    frame = results.frame().drop(columns=["monte_carlo_quantiles"], errors="ignore")
    rows = (
        [None if isinstance(v, float) and v != v else v for v in rec]
        for rec in frame.itertuples(index=False)
    )
    return csv_text(frame.columns, rows)


Row = tuple[str, Callable[[OptionResult], str]]


def _rows(results: Results) -> list[Row]:
    c = f"{results.confidence:.0%}"
    by_id = {o.id: o.name for o in results.options}
    return [
        ("PV costs", lambda o: money_m(o.pv_costs)),
        ("PV benefits", lambda o: money_m(o.pv_benefits)),
        ("Optimism bias", lambda o: money_m(o.optimism_bias)),
        ("Risk (expected value)", lambda o: money_m(o.risk)),
        ("Carbon", lambda o: money_m(o.carbon_cost)),
        ("NPSV", lambda o: money_m(o.npsv)),
        ("NPSV vs in-house", lambda o: money_m(o.npsv_vs_counterfactual, signed=True)),
        ("EAC (a year)", lambda o: money_m(o.eac)),
        (f"NPC at {c} confidence", lambda o: money_m(o.npc_at_confidence)),
        ("BCR", lambda o: number(o.bcr, 2)),
        ("IRR vs in-house", lambda o: percent(o.irr)),
        ("Payback year", lambda o: "—" if o.payback_year is None else str(o.payback_year)),
        ("MCDA score (0-100)", lambda o: number(o.mcda_score)),
        ("Cost per weighted point", lambda o: money(o.cost_per_point)),
        ("Marginal cost per point", lambda o: money(o.marginal_cost_per_point)),
        ("Dominated by", lambda o: by_id.get(o.dominated_by or "", "—")),
        ("Money score (0-100)", lambda o: number(o.money_score)),
        ("Overall score (0-100)", lambda o: number(o.overall_score)),
        ("Rank", lambda o: str(o.rank)),
        ("Monte Carlo P10", lambda o: money_m(o.monte_carlo.p10)),
        ("Monte Carlo P50", lambda o: money_m(o.monte_carlo.p50)),
        ("Monte Carlo P90", lambda o: money_m(o.monte_carlo.p90)),
        ("Probability best", lambda o: percent(o.monte_carlo.prob_best)),
    ]


def results_table(results: Results) -> str:
    """The options side by side, one column each, with the verdict beneath."""
    rows = _rows(results)
    header = ["", *(o.name for o in results.options)]
    body = [[label, *(fmt(o) for o in results.options)] for label, fmt in rows]
    widths = [max(len(r[i]) for r in [header, *body]) for i in range(len(header))]
    line = "  ".join("-" * w for w in widths)

    def fmt_row(r: list[str]) -> str:
        return "  ".join(
            [r[0].ljust(widths[0]), *(v.rjust(w) for v, w in zip(r[1:], widths[1:], strict=True))]
        )

    title = (
        f"{results.scenario}\nBase year {results.base_year}, £ real {results.price_base} "
        f"prices, discounting {schedule_label(results.discounting)}, "
        f"{results.draws:,} Monte Carlo draws (seed {results.seed})"
    )
    out = [
        title,
        "",
        fmt_row(header),
        line,
        *(fmt_row(r) for r in body),
        "",
        *preferred_lines(results),
        "",
        verdict(results),
    ]
    if results.notes:
        out += ["", "Notes:", *(f"- {n}" for n in results.notes)]
    return "\n".join(out) + "\n"
