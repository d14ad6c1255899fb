"""Load: 20 sessions on one app server on 127.0.0.1, each moving a slider every 5 seconds.

``make load`` (``python -m bench.load [--seconds 60] [--sessions 20] [--browsers 2]``).
Two sessions are real Chromium pages, timed from the key press to the NPSV figure
changing (the in-page probe of :mod:`bench.browser`); the others are light clients
that speak Streamlit's own protocol over its websocket (``/_stcore/stream``, the
BackMsg / ForwardMsg protobufs the browser sends and receives), so that 20 sessions
load the server and not 20 browsers the 2 cores. Each light client moves two concern
weights to values no other session uses, so every move is a new scenario that the
server appraises (results are cached by scenario content, and a value seen before
would cost nothing). Everything stops by itself after ``--seconds`` (and a grace
period for the moves in flight). Printed: sessions, duration, moves, errors (a page
exception, a script that did not finish, a timeout, a dropped connection), exceptions
in the server's log, median and 95th-percentile update time for both kinds of
session, and the server's peak memory (VmHWM) and memory at the end (VmRSS).
"""

from __future__ import annotations

import argparse
import math
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from playwright.sync_api import sync_playwright
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.sync.client import ClientConnection, connect
from websockets.typing import Subprotocol

from bench.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    FULL_PAGE,
    METRIC,
    _healthy,
    open_page,
    probe,
    start_server,
)

ROOT = Path(__file__).resolve().parents[1]
PERIOD = 5.0  # seconds between one session's moves
WAIT = 60.0  # a rerun that takes longer is an error
WEIGHTS = ("ctl:weight:data-sovereignty", "ctl:weight:tupe-terms")


@dataclass
class Tally:
    """One kind of session's update times (ms) and errors, shared by its threads."""

    times: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    changed: int = 0  # moves after which some figure on the page changed

    def add(self, ms: float | None, error: str | None = None, *, changed: bool = True) -> None:
        with self.lock:
            self.changed += ms is not None and changed
            if ms is not None:
                self.times.append(ms)
            if error is not None:
                self.errors.append(error)


class LightClient:
    """One session over the websocket, as a browser tab would hold it, without a browser."""

    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws
        self.ids: dict[str, str] = {}
        self.figures: list[str] = []  # the metrics' values of the last run, in order

    def rerun(self, states: dict[str, float]) -> str | None:
        """Send the widget values and read until the script finishes; None or the error."""
        msg = BackMsg()
        for key, value in states.items():
            state = WidgetState(id=self.ids[key])
            state.double_array_value.data.append(value)
            msg.rerun_script.widget_states.widgets.append(state)
        msg.rerun_script.query_string = ""
        self.ws.send(msg.SerializeToString())
        problem, self.figures = None, []
        while True:
            fwd = ForwardMsg()
            fwd.ParseFromString(self.ws.recv(timeout=WAIT))
            kind = fwd.WhichOneof("type")
            if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                element = fwd.delta.new_element
                what = element.WhichOneof("type")
                if what == "exception":
                    problem = f"page exception: {element.exception.message}"
                elif what == "metric":
                    self.figures.append(element.metric.body)
                widget_id = getattr(getattr(element, str(what)), "id", "")
                for key in WEIGHTS:
                    if widget_id.endswith("-" + key):
                        self.ids[key] = widget_id
            elif kind == "script_finished":
                if fwd.script_finished != 0:  # FINISHED_SUCCESSFULLY
                    problem = problem or f"script ended with status {fwd.script_finished}"
                return problem


def light_session(url: str, n: int, start: float, stop: float, tally: Tally) -> None:
    """Session ``n``: the first move sets the first weight to a value of its own (n + 1),
    every later one steps the second weight (1, 2, …), so no two moves are alike (a
    figure shown to one decimal need not change with every step; how many did is
    printed)."""
    ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
    try:
        with connect(
            ws_url, subprotocols=[Subprotocol("streamlit")], max_size=None, open_timeout=WAIT
        ) as ws:
            _moves(LightClient(ws), n, start, stop, tally)
    except Exception as e:  # each failure is counted, none stops the run
        tally.add(None, f"connection: {e!r}")


def _moves(client: LightClient, n: int, start: float, stop: float, tally: Tally) -> None:
    if problem := client.rerun({}):
        tally.add(None, problem)
    states, step, due = {WEIGHTS[0]: float(n + 1)}, 0, start
    while due < stop:
        time.sleep(max(0.0, due - time.monotonic()))
        if set(WEIGHTS) - set(client.ids):
            tally.add(None, "the weight sliders were not drawn")
            return
        before, t0 = client.figures, time.perf_counter()
        problem = client.rerun(states)
        tally.add((time.perf_counter() - t0) * 1e3, problem, changed=client.figures != before)
        step += 1
        states[WEIGHTS[1]] = float(step)
        due += PERIOD


def browser_sessions(
    url: str, count: int, tally: Tally, ready: Callable[[], tuple[float, float]]
) -> None:
    """``count`` Chromium pages on the constant discount rate, each pressing ArrowRight
    every 5 seconds (rightwards only: a rate seen before would be a cache hit), spread
    evenly over the period; key press → NPSV changed, timed in the page. Once they are
    open, ``ready()`` starts the other sessions and says when the clock starts and ends."""
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        pages = []
        for _ in range(count):
            page, seconds = open_page(browser, url)
            if not math.isfinite(seconds):
                tally.add(None, "a browser page never finished loading")
                continue
            schedule = page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox")
            schedule.filter(has_text="Discount schedule").click()
            page.get_by_role("option", name="Constant rate").click()
            page.wait_for_function(FULL_PAGE, arg=[True, METRIC])
            page.on("pageerror", lambda e: tally.add(None, f"browser: {e}"))
            pages.append(page)
        start, stop = ready()
        due = [start + i * PERIOD / max(1, len(pages)) for i in range(len(pages))]
        while pages and min(due) < stop:
            i = due.index(min(due))
            time.sleep(max(0.0, due[i] - time.monotonic()))
            slider = pages[i].get_by_role("slider", name="Constant discount rate (%)")
            metric, _ = probe(pages[i], partial(slider.press, "ArrowRight"))
            exceptions = pages[i].get_by_test_id("stException").count()
            tally.add(
                metric if math.isfinite(metric) else None,
                None if math.isfinite(metric) and not exceptions else "browser: no update",
            )
            due[i] += PERIOD
        browser.close()


def memory_kib(pid: int) -> dict[str, int]:
    """The server's VmHWM (peak resident) and VmRSS from /proc, in KiB."""
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmHWM", "VmRSS"):
            out[key] = int(value.split()[0])
    return out


def percentile(values: list[float], q: int) -> float:
    """The ``q``-th percentile (inclusive method), NaN for no values."""
    if len(values) < 2:
        return values[0] if values else math.nan
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def run(seconds: float, sessions: int, browsers: int) -> int:
    with tempfile.TemporaryDirectory() as tmp, tempfile.TemporaryFile() as log:
        env = {"APPRAISAL_DB_URL": f"sqlite:///{Path(tmp) / 'library.db'}"}
        server, url = start_server(ROOT / "app.py", log, env)
        try:
            deadline = time.monotonic() + 60
            while not _healthy(url):
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("streamlit did not start")
                time.sleep(0.1)
            return _measure(url, server.pid, log, seconds, sessions, browsers)
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()


def _measure(url: str, pid: int, log: object, seconds: float, sessions: int, browsers: int) -> int:
    light, real = Tally(), Tally()
    threads: list[threading.Thread] = []

    def ready() -> tuple[float, float]:
        """The browsers are open: open the light sessions (each drawn once) and start the
        clock 15 s later, each light session at a moment of its own within the period."""
        start = time.monotonic() + 15
        stop, rng = start + seconds, random.Random(1)
        for n in range(sessions - browsers):
            threads.append(threading.Thread(
                target=light_session,
                args=(url, n, start + rng.uniform(0, PERIOD), stop, light),
                daemon=True,  # a hung session never keeps the run alive
            ))  # fmt: skip
            threads[-1].start()
        return start, stop

    browser_sessions(url, browsers, real, ready)
    for t in threads:
        t.join(timeout=WAIT)
    hung = sum(t.is_alive() for t in threads)
    memory = memory_kib(pid)
    log.seek(0)  # type: ignore[attr-defined]
    text = log.read().decode(errors="replace")  # type: ignore[attr-defined]
    logged = text.count("Traceback")
    errors = len(light.errors) + len(real.errors) + hung
    moves = len(light.times) + len(real.times)
    rows = [
        ("Sessions (browsers + light clients)", f"{sessions} ({browsers} + {sessions - browsers})"),
        ("Duration, one move per session every 5 s", f"{seconds:.0f} s"),
        ("Moves completed", f"{moves}"),
        ("  light clients' moves that changed a figure", f"{light.changed} of {len(light.times)}"),
        ("Errors", f"{errors}"),
        ("Exceptions in the server log", f"{logged}"),
        ("Browser: key press → NPSV, median", f"{statistics.median(real.times):.0f} ms"
         if real.times else "none"),
        ("Browser: key press → NPSV, 95th percentile", f"{percentile(real.times, 95):.0f} ms"),
        ("Light client: rerun, median", f"{statistics.median(light.times):.0f} ms"
         if light.times else "none"),
        ("Light client: rerun, 95th percentile", f"{percentile(light.times, 95):.0f} ms"),
        ("Server memory, peak (VmHWM)", f"{memory.get('VmHWM', 0) / 1024:.0f} MiB"),
        ("Server memory at the end (VmRSS)", f"{memory.get('VmRSS', 0) / 1024:.0f} MiB"),
    ]  # fmt: skip
    width = max(len(name) for name, _ in rows)
    print(f"Load on {url}: {sessions} sessions, {os.cpu_count()} cores")
    for name, value in rows:
        print(f"{name:<{width}}  {value:>12}")
    for e in (light.errors + real.errors)[:10]:
        print(f"error: {e}")
    if logged:
        print(text[-4000:])
    return 1 if errors or logged else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--browsers", type=int, default=2)
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is missing: install it with `apt-get install chromium`.")
        return 1
    if not 0 < args.browsers <= args.sessions <= 100 or not 0 < args.seconds <= 600:
        parser.error("1 ≤ browsers ≤ sessions ≤ 100 and 0 < seconds ≤ 600")
    return run(args.seconds, args.sessions, args.browsers)


if __name__ == "__main__":
    sys.exit(main())
