"""Scenario-library figures for ``make bench`` (SQLite, in a temporary folder):

- saving the built-in example as a new version (its schema-2 JSON checked by the
  loader, written and committed, the results summary beside it) — ≤ 50 ms;
- loading its latest version (read, and checked by the loader) — ≤ 50 ms;
- listing a library of 1,000 scenarios with 10 versions each, with each one's latest
  version and preferred option — ≤ 200 ms. That library is bulk-inserted through the
  store's own tables (each version a small valid scenario and a four-option summary).
"""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from appraisal.appraise import appraise, settle
from options.examples import load_example
from options.scenario_file import dump_scenario
from options.store import Store
from options.store_engine import writing
from options.store_tables import scenarios, utc_now, versions
from report.library import library_summary

Row = tuple[str, str, str, str, bool | None]
SCENARIOS, VERSIONS = 1_000, 10
SMALL = {"schema": 2, "name": "Bench", "base_year": 2008, "costs": [],
         "options": [{"id": "a", "name": "A", "kind": "in-house"}]}  # fmt: skip


def fill(store: Store, summary: dict[str, Any]) -> None:
    """``SCENARIOS`` scenarios of ``VERSIONS`` versions each, inserted in bulk."""
    now, text, summary_json = utc_now(), json.dumps(SMALL), json.dumps(summary)
    with writing(store.engine) as conn:
        conn.execute(scenarios.insert(), [{"slug": f"bench-{i:04d}", "name": f"Bench {i:04d}",
                     "archived": False, "created_at": now} for i in range(SCENARIOS)])  # fmt: skip
        ids = conn.execute(scenarios.select().with_only_columns(scenarios.c.id)).scalars().all()
        conn.execute(versions.insert(), [
            {"scenario_id": sid, "number": n, "scenario_json": text, "scenario_schema": 2,
             "saved_by": "bench", "saved_at": now, "message": f"version {n}",
             "summary_json": summary_json}
            for sid in ids for n in range(1, VERSIONS + 1)])  # fmt: skip


def measure(timed: Callable[[Callable[[], object], int], float]) -> list[Row]:
    example = settle(load_example())
    text, summary = dump_scenario(example), library_summary(appraise(example, draws=1))
    with tempfile.TemporaryDirectory(prefix="bench-store-") as folder:
        with Store(str(Path(folder) / "example.db")) as store:
            save = timed(lambda: store.save("ONS Flex", text, by="bench", message="bench",
                                            summary=summary), 20)  # fmt: skip
            load = timed(lambda: store.load("ons-flex"), 20)
        with Store(str(Path(folder) / "big.db")) as big:
            start = time.perf_counter()
            fill(big, summary)
            built = time.perf_counter() - start
            listed = timed(big.list, 7)
            count = len(big.list())
    size = f"{len(text.encode()) / 1024:,.0f} KiB of JSON"
    return [
        ("Library (SQLite): save the example", f"{save * 1e3:.1f} ms", "≤ 50 ms",
         f"({size}, checked, committed)", save <= 0.05),
        ("Library (SQLite): load the example", f"{load * 1e3:.1f} ms", "≤ 50 ms",
         "(read and checked by the loader)", load <= 0.05),
        (f"Library (SQLite): list {count:,} scenarios × {VERSIONS} versions",
         f"{listed * 1e3:.0f} ms", "≤ 200 ms", f"(library built in {built:.2f} s)",
         listed <= 0.2),
    ]  # fmt: skip
