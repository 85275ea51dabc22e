"""SIGTERM lets in-flight requests finish (gunicorn with the project's gunicorn.conf.py)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, timeout: float = 10) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - local test server
        return response.status, response.read().decode()


def test_sigterm_lets_in_flight_requests_finish(tmp_path):
    port = _free_port()
    env = {
        **os.environ,
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        "PYTHONPATH": str(ROOT),
        "WARM_UP": "0",  # this test is about shutdown, not the workers' warm-up
        "SLOW_STARTED": str(tmp_path / "started"),
        "SLOW_RELEASE": str(tmp_path / "release"),
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "tests.ops.slow_app:app"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if _get(f"http://127.0.0.1:{port}/healthz", timeout=2)[0] == 200:
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        result: dict = {}
        request = threading.Thread(
            target=lambda: result.update(answer=_get(f"http://127.0.0.1:{port}/slow")),
        )
        request.start()
        deadline = time.monotonic() + 30
        while not (tmp_path / "started").exists():  # the slow request is now in flight
            assert time.monotonic() < deadline, "the slow request never started"
            time.sleep(0.05)
        server.send_signal(signal.SIGTERM)
        time.sleep(0.2)  # the master has passed the signal on to the worker
        (tmp_path / "release").touch()
        request.join(timeout=30)
        assert result.get("answer") == (200, "finished")
        assert server.wait(timeout=30) == 0
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
