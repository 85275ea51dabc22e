"""Defect 6 (issue #13): with Redis down and RATELIMIT_FAIL_OPEN=1 the outage is logged once (not
per request), /readyz says so, and the per-account login pause keeps working."""

from __future__ import annotations

import logging
import os

import pytest
import sqlalchemy as sa

from app import create_app
from app.core import ratelimit_health
from app.core.extensions import db, limiter
from tests.accounts.helpers import PASSWORD, csrf_token, make_user
from tests.conftest import skip_or_fail
from tests.ops.test_faults import TcpProxy


@pytest.fixture
def fresh_health(app, monkeypatch):
    monkeypatch.setattr(ratelimit_health, "health", ratelimit_health.StorageHealth())
    # Flask-Limiter reads this only on its first init_app; let each test app's value count.
    monkeypatch.setattr(limiter, "_swallow_errors", None)
    yield
    # The limiter is one object per process: give it back its in-memory storage for the tests
    # that follow (and for the app fixture's reset).
    create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def _app(database_url, tmp_path, storage):
    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "MAIL_OUTBOX_DIR": str(tmp_path / "outbox"),
            "RATELIMIT_STORAGE_URI": storage,
            "RATELIMIT_SWALLOW_ERRORS": True,
        }
    )


def _outage_lines(caplog):
    return [r for r in caplog.records if r.name == "app.ratelimit"]


@pytest.mark.commits  # a second app reads the test's user
def test_redis_down_is_logged_once_and_shown_and_login_pause_holds(
    app, database_url, tmp_path, fresh_health, caplog
):
    user = make_user("paused@example.org")
    down = _app(database_url, tmp_path, "redis://127.0.0.1:1/0")  # nothing listens there
    client = down.test_client()
    caplog.set_level(logging.INFO)
    statuses = []
    for _ in range(8):  # wrong passwords: beyond the free attempts, the account pauses
        token = csrf_token(client, "/account/login")
        response = client.post(
            "/account/login",
            data={"email": user.email, "password": "wrong password!", "csrf_token": token},
        )
        statuses.append(response.status_code)
    assert set(statuses) == {401}  # served (fail open), refused by the password check
    token = csrf_token(client, "/account/login")
    right = client.post(
        "/account/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
    )
    assert right.status_code == 401  # the per-account pause holds without Redis
    db.session.expire_all()
    assert db.session.get(type(user), user.id).locked_until is not None

    lines = _outage_lines(caplog)
    assert len(lines) == 1
    assert "WITHOUT rate limits" in lines[0].getMessage()
    assert not [r for r in caplog.records if "Swallowing error" in r.getMessage()]
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.get_json()["rate_limits"].startswith("OFF")
    with down.app_context():
        db.engine.dispose()


def test_redis_outage_and_recovery_are_each_logged_once(
    app, database_url, tmp_path, fresh_health, caplog
):
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        skip_or_fail("REDIS_URL is not set: the Redis outage test is skipped")
    url = sa.make_url(redis_url.replace("redis://", "postgresql://", 1))
    proxy = TcpProxy(url.port or 6379)
    proxy.start()
    storage = f"redis://127.0.0.1:{proxy.port}/{url.database or 0}"
    served = _app(database_url, tmp_path, storage)
    client = served.test_client()
    caplog.set_level(logging.INFO)
    try:
        assert client.get("/api/v1/geocode?q=97204").status_code == 200
        assert client.get("/readyz").get_json()["rate_limits"] == "shared storage ok"
        proxy.stop()
        for _ in range(5):
            assert client.get("/api/v1/geocode?q=97204").status_code == 200
        assert client.get("/readyz").get_json()["rate_limits"].startswith("OFF")
        proxy.start()
        ready = client.get("/readyz")
        assert ready.get_json()["rate_limits"] == "shared storage ok"
        messages = [r.getMessage() for r in _outage_lines(caplog)]
        assert len(messages) == 2, messages
        assert "unreachable" in messages[0]
        assert "reachable again" in messages[1]
    finally:
        proxy.stop()
        with served.app_context():
            db.engine.dispose()
