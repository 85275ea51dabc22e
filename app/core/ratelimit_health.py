"""Rate-limit storage outages: logged once per outage, shown by /readyz.

With ``RATELIMIT_FAIL_OPEN=1`` Flask-Limiter swallows storage errors and serves requests without
limits, logging a traceback on every request. Here that becomes one warning when an outage starts
and one line when it ends (per worker process); ``/readyz`` reports the state in its details. The
per-account login pause does not depend on this storage (it lives in the database).
"""

from __future__ import annotations

import logging
import threading
import time

from flask import Flask, Response

from app.core.extensions import limiter

logger = logging.getLogger("app.ratelimit")
PROBE_EVERY_SECONDS = 5.0
_SWALLOWED = "Swallowing error"


class StorageHealth:
    """Per process: is the rate-limit storage failing, and since when?"""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.outage_since: float | None = None
        self._last_probe = 0.0

    @property
    def down(self) -> bool:
        return self.outage_since is not None

    def failed(self) -> None:
        with self._lock:
            if self.outage_since is not None:
                return
            self.outage_since = self._last_probe = time.monotonic()
        logger.warning(
            "rate-limit storage unreachable: requests are served WITHOUT rate limits until it "
            "returns (RATELIMIT_FAIL_OPEN=1); logged once per outage"
        )

    def probe(self, *, force: bool = False) -> bool:
        """Check the storage (at most every few seconds unless forced); True when reachable."""
        now = time.monotonic()
        if not force and now - self._last_probe < PROBE_EVERY_SECONDS:
            return not self.down
        self._last_probe = now
        try:
            reachable = bool(limiter.storage.check())
        except Exception:
            reachable = False
        if not reachable:
            self.failed()
            return False
        with self._lock:
            since, self.outage_since = self.outage_since, None
        if since is not None:
            logger.warning(
                "rate-limit storage reachable again after %.0f s: limits apply again",
                now - since,
            )
        return True


health = StorageHealth()


class CollapseSwallowedErrors(logging.Filter):
    """Flask-Limiter's per-request "Swallowing error" tracebacks become ``health.failed()``."""

    def filter(self, record: logging.LogRecord) -> bool:
        if _SWALLOWED in str(record.msg):
            health.failed()
            return False
        return True


def _watch_recovery(response: Response) -> Response:
    if health.down:
        health.probe()
    return response


def init_app(app: Flask) -> None:
    limiter_log = logging.getLogger("flask-limiter")
    if not any(isinstance(f, CollapseSwallowedErrors) for f in limiter_log.filters):
        limiter_log.addFilter(CollapseSwallowedErrors())
    app.after_request(_watch_recovery)


def readiness(app: Flask) -> tuple[dict[str, str], bool]:
    """``/readyz`` details for the rate limits, and whether they allow serving."""
    if str(app.config.get("RATELIMIT_STORAGE_URI", "memory://")).startswith("memory"):
        return {"rate_limits": "per-process memory"}, True
    if health.probe(force=True):
        return {"rate_limits": "shared storage ok"}, True
    if app.config.get("RATELIMIT_SWALLOW_ERRORS"):
        return {"rate_limits": "OFF: storage unreachable, serving without limits (fail open)"}, True
    return {"rate_limits": "storage unreachable: refusing requests (fail closed)"}, False
