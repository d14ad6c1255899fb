"""Reading cost files at the sizes the issue names, from files generated in a temporary folder.

- a wide workbook of 30 years × 15 lines × 4 options (1,800 amounts), read, checked
  and appraised (the scenario the file alone makes, at its default draws) — ≤ 1 s;
- a long CSV of 200,000 rows (the row limit), amounts written ``£1,234.00`` — ≤ 10 s;
- a long workbook of 50,000 rows — ≤ 5 s.

The files are written at bench time and deleted after; nothing here is committed.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import openpyxl

from appraisal.appraise import appraise
from options.costs import read_cost_file, scenario_from_costs

YEARS, LINES, OPTIONS = 30, 15, ("In-house", "Flex", "Outsource", "Mutual")
CSV_ROWS, XLSX_ROWS = 200_000, 50_000
Timer = Callable[[Callable[[], object], int], float]
Measure = tuple[str, str, str, str, bool | None]


def write_wide(path: Path) -> None:
    """One row per option and line, one column per year: 4 × 15 rows, 30 amounts each."""
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Costs")
    sheet.append(["option", "line", "category", *range(2008, 2008 + YEARS)])
    for o, option in enumerate(OPTIONS):
        for i in range(LINES):
            category = "capex" if i == 0 else "opex"
            amounts = (1000.0 * (i + 1) + 10 * year + o for year in range(YEARS))
            sheet.append([option, f"Line {i + 1}", category, *amounts])
    book.save(path)


def long_rows(count: int) -> Iterator[list[object]]:
    """Header, then ``count`` rows of distinct option, line and year (30 years a line)."""
    yield ["option", "line", "category", "year", "amount"]
    for i in range(count):
        line, year = divmod(i, YEARS)
        yield [OPTIONS[line % 4], f"Line {line}", "opex", 2008 + year, 1000 + (i * 37) % 99991]


def write_long_csv(path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        for n, row in enumerate(long_rows(CSV_ROWS)):
            writer.writerow(row if n == 0 else [*row[:4], f"£{row[4]:,.2f}"])


def write_long_xlsx(path: Path) -> None:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Costs")
    for row in long_rows(XLSX_ROWS):
        sheet.append(row)
    book.save(path)


def measure(timed: Timer) -> list[Measure]:
    """The three rows of the table: measured, target, detail, within the target."""
    with tempfile.TemporaryDirectory(prefix="bench-costs-") as folder:
        wide, long_csv, long_xlsx = (Path(folder) / n for n in ("w.xlsx", "l.csv", "l.xlsx"))
        write_wide(wide)
        write_long_csv(long_csv)
        write_long_xlsx(long_xlsx)
        amounts = len(read_cost_file(wide).lines)
        draws = scenario_from_costs(read_cost_file(wide)).settings.draws
        whole = timed(lambda: appraise(scenario_from_costs(read_cost_file(wide))), 7)
        csv_read = timed(lambda: read_cost_file(long_csv), 1)
        xlsx_read = timed(lambda: read_cost_file(long_xlsx), 3)
    shape = f"{YEARS} years × {LINES} lines × {len(OPTIONS)} options"
    return [
        (
            f"wide workbook ({amounts:,} amounts): read, checked, appraised",
            f"{whole:.3f} s",
            "≤ 1 s",
            f"({shape}; {draws:,} draws)",
            whole <= 1,
        ),
        (f"long CSV, {CSV_ROWS:,} rows: read", f"{csv_read:.2f} s", "≤ 10 s", "", csv_read <= 10),
        (
            f"long workbook, {XLSX_ROWS:,} rows: read",
            f"{xlsx_read:.2f} s",
            "≤ 5 s",
            "",
            xlsx_read <= 5,
        ),
    ]
