"""Sensitivity figures for ``make bench``: switching values, tornado, SMAA-2, the page.

- every switching value of the example (on NPSV and overall, a fresh model) — ≤ 1 s;
- the tornado of the leader against the runner-up (a fresh model) — ≤ 0.5 s;
- SMAA-2 with 10,000 joint draws — ≤ 0.5 s, and ≥ 20× a loop over the same draws
  one at a time (:func:`appraisal.smaa._smaa_per_draw`, the same variates);
- the Sensitivity page's rerun after a sidebar slider moves a concern weight (a new
  scenario, so every switching value is found again), in Streamlit's AppTest — ≤ 1 s.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from appraisal import sensitivity, smaa, uncertainty
from options.examples import load_example

Row = tuple[str, str, str, str, bool | None]
JOINT = 10_000
LOOP_DRAWS = 2_000
APP = Path(__file__).resolve().parents[1] / "app.py"


def _switching(s: object) -> Callable[[], object]:
    def run() -> object:
        m = sensitivity.Model(s)  # type: ignore[arg-type]
        return [sensitivity.switching_values(m, k) for k in sensitivity.MEASURES]

    return run


def _tornado(s: object) -> Callable[[], object]:
    def run() -> object:
        m = sensitivity.Model(s)  # type: ignore[arg-type]
        a, b = sensitivity.leader(m.base, "npsv"), sensitivity.runner_up(m.base, "npsv")
        return sensitivity.tornado(m, m.ids[a], m.ids[b])

    return run


def page_rerun(moves: int = 5) -> float:
    """Median seconds of the Sensitivity page's rerun after a concern-weight slider move."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    at.switch_page("dashboard/pages/sensitivity.py").run()
    slider = "ctl:weight:data-sovereignty"
    times = []
    for step in range(moves):
        start = time.perf_counter()
        at.slider(key=slider).set_value(26.0 + step).run()
        times.append(time.perf_counter() - start)
        assert not at.exception, [e.value for e in at.exception]
    return float(np.median(times))


def measure(timed: Callable[[Callable[[], object], int], float]) -> list[Row]:
    s = load_example()
    switching = timed(_switching(s), 5)
    tornado = timed(_tornado(s), 5)
    m = sensitivity.Model(s)
    assert m.matrix is not None and m.weights is not None
    draws = uncertainty.npsv_draws(s, draws=JOINT, rng=np.random.default_rng(1))

    def joint(fn: Callable[..., object], n: int) -> Callable[[], object]:
        return lambda: fn(draws[:n], m.matrix, m.weights, rng=np.random.default_rng(1))

    vector = timed(joint(smaa.smaa, JOINT), 5)
    loop = timed(joint(smaa._smaa_per_draw, LOOP_DRAWS), 3) * JOINT / LOOP_DRAWS
    rerun = page_rerun()
    return [
        ("Switching values of the example (both measures)", f"{switching:.3f} s", "≤ 1 s",
         f"({len(m.drivers)} inputs)", switching <= 1.0),
        ("Tornado, leader against runner-up", f"{tornado:.3f} s", "≤ 0.5 s", "", tornado <= 0.5),
        (f"SMAA-2, {JOINT:,} joint draws", f"{vector:.3f} s", "≤ 0.5 s", "", vector <= 0.5),
        ("  loop over joint draws ÷ SMAA-2", f"{loop / vector:.0f}×", "≥ 20×",
         f"(loop timed on {LOOP_DRAWS:,} draws: {loop:.2f} s for {JOINT:,})", loop / vector >= 20),
        ("Sensitivity page rerun after a weight slider", f"{rerun:.3f} s", "≤ 1 s",
         "(AppTest, server side)", rerun <= 1.0),
    ]  # fmt: skip
