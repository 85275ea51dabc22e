"""With REDIS_URL set, per-key counters live in Redis, where every worker sees the same count."""

from __future__ import annotations

import os

import pytest

from app import create_app
from app.core.extensions import db, limiter
from app.partners import services
from app.partners.services import Presets
from tests.conftest import skip_or_fail

pytestmark = pytest.mark.commits  # a second app reads the test's partner


@pytest.fixture
def redis_url():
    url = os.environ.get("REDIS_URL")
    if not url:
        skip_or_fail("REDIS_URL is not set: Redis rate-limit storage not tested")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.exceptions.RedisError as exc:
        skip_or_fail(f"Redis at REDIS_URL is unreachable: {exc}")
    return url


def test_per_key_limit_is_counted_in_redis(app, database_url, redis_url, tmp_path):
    import redis

    partner, new = services.create_partner(
        "Redis clinic", "ops@redis.example", ["https://clinic.example"], "2/minute", Presets()
    )
    worker = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "test-secret-key-not-for-production",
            "MAIL_OUTBOX_DIR": str(tmp_path / "outbox"),
            "RATELIMIT_STORAGE_URI": redis_url,
            "PARTNER_USAGE_FLUSH_SECONDS": 0,
        }
    )
    store = redis.Redis.from_url(redis_url)
    pattern = f"*key:{new.prefix}*"
    try:
        client = worker.test_client()
        headers = {"X-API-Key": new.full}
        for _ in range(2):
            assert client.get("/api/v1/geocode?q=97204", headers=headers).status_code == 200
        stored = list(store.scan_iter(match=pattern))
        assert stored, "the key's counter should be in Redis"
        assert int(store.get(stored[0])) == 2
        response = client.get("/api/v1/geocode?q=97204", headers=headers)
        assert response.status_code == 429
        assert int(response.headers["Retry-After"]) > 0
        assert {k for _id, _day, k, _n in services.usage(partner)} == {
            "api.geocode",
            "api.rate_limited",
        }
    finally:
        for name in store.scan_iter(match=pattern):
            store.delete(name)
        with worker.app_context():
            db.engine.dispose()
        limiter.init_app(app)  # back to the test app's in-memory storage
