"""Defects 4 and 9 and the JSON-log item (issue #13): no one-time token, e-mail address or client
address reaches a log line, over a whole sign-up, verification, login and password reset; every
line is JSON with the request id; gunicorn's error log keeps the same promise."""

from __future__ import annotations

import io
import json
import logging
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from app.core.request_log import json_handler
from tests.accounts.helpers import PASSWORD, csrf_token, links_in, path_of, post_form

ROOT = Path(__file__).resolve().parents[1]
EMAIL = "Private.Person@Example.org"


@pytest.fixture
def log_output():
    """What the app's own handlers (formatter and filter) would write, from every logger."""
    stream = io.StringIO()
    handler = json_handler()
    handler.setStream(stream)
    raw: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record):
            raw.append(record)

    keep = Keep()
    loggers = [logging.getLogger(), logging.getLogger("ipt.request"), logging.getLogger("werkzeug")]
    for lg in loggers:
        lg.addHandler(keep)
        lg.addHandler(handler)
    yield stream, raw
    for lg in loggers:
        lg.removeHandler(handler)
        lg.removeHandler(keep)


def test_no_token_or_address_in_any_log_line_over_signup_and_reset(client, outbox, log_output):
    stream, raw = log_output
    post_form(
        client, "/account/signup", {"email": EMAIL, "password": PASSWORD}, page="/account/signup"
    )
    [verify] = [u for u in links_in(outbox()[-1]) if "/account/verify/" in u]
    assert client.get(path_of(verify)).status_code == 302
    assert client.get(path_of(verify)).status_code == 400  # used twice: still no token logged
    post_form(
        client,
        "/account/login",
        {"email": EMAIL, "password": PASSWORD},
        page="/account/login",
    )
    client.post("/account/logout", data={"csrf_token": csrf_token(client, "/account")})
    post_form(client, "/account/password/forgot", {"email": EMAIL})
    [reset] = [u for u in links_in(outbox()[-1]) if "/account/password/reset/" in u]
    page = client.get(path_of(reset))
    assert page.status_code == 200
    token = csrf_token(client, path_of(reset))
    done = client.post(path_of(reset), data={"password": PASSWORD + " new", "csrf_token": token})
    assert done.status_code == 302
    client.get(path_of(reset)[:-4] + "abcd")  # a tampered link
    client.get("/account/verify/" + EMAIL)  # an address in a path, by mistake or on purpose

    secrets_ = [
        path_of(verify).rsplit("/", 1)[1],
        path_of(reset).rsplit("/", 1)[1],
        EMAIL,
        EMAIL.lower(),
        "Private.Person",
        PASSWORD,
    ]
    # The request log's own fields hold no token (before any filter)...
    paths = [r.fields["path"] for r in raw if hasattr(r, "fields") and "path" in r.fields]
    assert any(p.startswith("/account/password/reset/") for p in paths)
    for path in paths:
        assert not any(s in path for s in secrets_), path
    # ...and nothing written anywhere does.
    text = stream.getvalue()
    assert text.strip()
    for secret in secrets_:
        assert secret not in text
    for line in text.splitlines():
        entry = json.loads(line)
        if entry["logger"] == "ipt.request":
            assert entry["request_id"]


def test_error_lines_are_json_with_the_request_id(app, client, log_output):
    stream, _ = log_output
    app.logger.error("something failed for %s", "someone@example.org")
    with app.test_request_context("/x", headers={"X-Request-ID": "req-12345678"}):
        app.preprocess_request()
        app.logger.warning("inside a request")
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert lines[0]["message"] == "something failed for [e-mail]"
    assert lines[-1]["request_id"] == "req-12345678"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_gunicorn_error_log_has_no_client_addresses_or_request_lines(tmp_path):
    port = _free_port()
    env = {
        **os.environ,
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
        "GUNICORN_LOG_LEVEL": "debug",
        "WARM_UP": "0",  # not about the warm-up: start fast
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        "PYTHONPATH": str(ROOT),
    }
    log = tmp_path / "stderr.log"
    with log.open("wb") as err:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    url = f"http://127.0.0.1:{port}/healthz"
                    with urllib.request.urlopen(url, timeout=2):
                        break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.2)
            for raw_request in (
                b"GET /account/password/reset/SECRETTOKEN.abc.def?email=a@b.org HTTP/1.1 junk\r\n"
                b"\r\n",
                b"G\x00T /x HTTP/1.1\r\nHost: a\r\n\r\n",
                b"GET /account/verify/jane@example.org HTTP/9.9\r\n\r\n",
                b"GET / HTTP/1.1\r\nBad Header Line\r\n\r\n",
            ):
                with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
                    conn.sendall(raw_request)
                    conn.recv(4096)
            time.sleep(0.5)
        finally:
            server.terminate()
            server.wait(timeout=30)
    text = log.read_text(errors="replace")
    assert "invalid request refused" in text
    for secret in ("127.0.0.1", "SECRETTOKEN", "jane@example.org", "a@b.org", "junk", "HTTP/9.9"):
        assert secret not in text, secret
    for line in text.splitlines():
        json.loads(line)
