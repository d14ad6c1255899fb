"""The app under ``streamlit run`` for browser tests: one server, or several sharing a database."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def wait_healthy(url: str, proc: subprocess.Popen[bytes], seconds: float = 60) -> bool:
    """Wait until the Streamlit server at ``url`` answers its health check: True; False
    if ``proc`` ends first or ``seconds`` pass."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=1) as r:
                if r.read() == b"ok":
                    return True
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            return False
        time.sleep(0.1)


class AppServer:
    """``streamlit run app.py`` on a free loopback port, with ``env`` added to the
    environment (``APPRAISAL_DB_URL``, say); :meth:`stop` ends it and returns its log."""

    def __init__(self, env: dict[str, str]) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        flags = f"--server.headless true --server.address 127.0.0.1 --server.port {port} "
        flags += "--browser.gatherUsageStats false --server.fileWatcherType none"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), *flags.split()],
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        self.url = f"http://127.0.0.1:{port}"
        if not wait_healthy(self.url, self.proc):
            self.proc.kill()
            out = self.proc.stdout.read().decode() if self.proc.stdout else "no output"
            raise RuntimeError(out)

    def stop(self) -> str:
        """Stop the server (SIGTERM, then SIGKILL after 10 s); its log."""
        if self.proc.poll() is None:
            self.proc.terminate()
        try:
            out = self.proc.communicate(timeout=10)[0]
        except subprocess.TimeoutExpired:
            self.proc.kill()
            out = self.proc.communicate()[0]
        return out.decode()
