"""The board pack's speed for ``make bench``: each format of the example's pack, warm and cold.

- warm: :func:`report.pack.render` of the example's pack, already built, in this process
  (libraries imported; the PDF still starts its own browser for the chart pictures, as
  every pack does) — median of 2 (PDF) or 3, target ≤ 5 s;
- cold: a fresh ``python -m appraisal report --format FMT -o FILE`` end to end (imports,
  appraisal, the pack's content with its switching values, the file, and for the PDF the
  browser's start) — one run each, target ≤ 10 s.

Printed beside the file's size; nothing is asserted.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from appraisal.appraise import appraise
from options.examples import load_example
from report.pack import FORMATS, build_pack, render

Row = tuple[str, str, str, str, bool | None]
ROOT = Path(__file__).resolve().parents[1]
WARM, COLD = 5.0, 10.0  # s
REPEAT = {"pdf": 2}  # the PDF takes seconds: 1 warm-up + 2; the others 1 + 3


def cold(fmt: str, folder: Path) -> tuple[float, int]:
    """Seconds of a fresh ``python -m appraisal report`` writing ``fmt``, and the size."""
    out = folder / f"example.{fmt}"
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "appraisal", "report", "--format", fmt, "-o", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start, out.stat().st_size


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{n / 1e3:.0f} KB"


def measure(timed: Callable[[Callable[[], object], int], float]) -> list[Row]:
    scenario = load_example()
    results = appraise(scenario)
    start = time.perf_counter()
    pack = build_pack(scenario, results)
    built = time.perf_counter() - start
    rows: list[Row] = [
        ("Board pack content of the example (build_pack)", f"{built:.2f} s", "", "", None)
    ]
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in FORMATS:
            n = REPEAT.get(fmt, 3)
            warm = timed(lambda fmt=fmt: render(pack, fmt), n)  # type: ignore[misc]
            fresh, size = cold(fmt, Path(tmp))
            rows += [
                (f"Board pack {fmt.upper()}, warm (median of {n})", f"{warm:.2f} s",
                 f"≤ {WARM:g} s", f"({_size(size)})", warm <= WARM),
                ("  cold: a fresh `python -m appraisal report`", f"{fresh:.2f} s",
                 f"≤ {COLD:g} s", "", fresh <= COLD),
            ]  # fmt: skip
    return rows
