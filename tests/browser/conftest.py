"""Browser tests: pytest-playwright driving Debian's chromium against a live server.

Playwright's own browser download does not work here, so the system Chromium is launched by path
(Debian's chromium-headless-shell, else its full chromium: see scripts/chromium.py).
Without it these tests skip with a reason (and fail in CI, where REQUIRE_SERVICES=1).

They check pages, scripts and layout as a browser sees them, nothing of the database's dialect (the
same requests are tested on both backends without a browser), so each runs once, on production's
backend: PostgreSQL when TEST_DATABASE_URL is set, else SQLite (``one_backend``).
"""

from __future__ import annotations

import functools
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from scripts.chromium import CHROMIUM, CHROMIUM_ARGS
from tests.conftest import one_backend, skip_or_fail

POLL_SECONDS = 0.02  # how often a test server's loop checks for shutdown()
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


@pytest.hookimpl(tryfirst=True)
def pytest_generate_tests(metafunc):
    one_backend(metafunc)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        skip_or_fail("Debian's chromium is not installed (apt-get install chromium-headless-shell)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def live_server(app):
    """Serve the test's app (same database) on a free local port for the browser."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    # shutdown() waits for the loop to notice, up to one poll interval (0.5 s by default).
    thread = threading.Thread(target=server.serve_forever, args=(POLL_SECONDS,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@functools.cache
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8") + "\n;true"


def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    """Run axe-core in the page and return violations of the given impacts."""
    if not AXE.exists():
        skip_or_fail("axe-core is not installed (npm install)")
    # evaluate() goes through the DevTools protocol, so the page's strict CSP does not block it.
    # Half a megabyte: sent only to a document that does not have it yet.
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(_axe_source())
    rules = "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']"
    result = page.evaluate(
        f"async () => await axe.run(document, {{runOnly: {rules}, resultTypes: ['violations']}})"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in impacts
    ]
