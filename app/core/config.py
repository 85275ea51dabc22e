"""Configuration: safe defaults, then environment variables, then an explicit mapping (tests)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from app.core.validation import validate_rate_limit


def normalise_database_url(url: str) -> str:
    """Point bare PostgreSQL URLs at psycopg 3, the driver we ship."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def instance_secret_key(instance_path: str) -> str:
    """A per-installation secret kept under instance/ (mode 0600), never a constant in code."""
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(key)
    return key


class ConfigError(ValueError):
    """A setting from the environment that cannot be used; the message names it."""


def _number(name: str, default: float, kind: type, minimum: float = 0) -> float:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = kind(raw)
    except ValueError:
        what = "a whole number" if kind is int else "a number"
        raise ConfigError(f"{name} must be {what}, not {raw!r}") from None
    if value < minimum:
        floor = "must not be negative" if minimum == 0 else f"must be at least {minimum}"
        raise ConfigError(f"{name} {floor}, not {raw!r}")
    return value


def _rate_limit(name: str, default: str) -> str:
    try:
        return validate_rate_limit(os.environ.get(name) or default)
    except ValueError as exc:
        raise ConfigError(f"{name}: {exc}") from None


def build_config(instance_path: str, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    env = os.environ
    database_url = env.get("DATABASE_URL") or (
        "sqlite:///" + str(Path(instance_path) / "ipt_directory.sqlite3")
    )
    config: dict[str, Any] = {
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(database_url),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SECRET_KEY": env.get("SECRET_KEY"),
        "JSON_SORT_KEYS": False,
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": env.get("SESSION_COOKIE_SECURE", "0") == "1",
        # flask-smorest / OpenAPI
        "API_TITLE": "IPT Directory API",
        "API_VERSION": "v1",
        "OPENAPI_VERSION": "3.0.3",
        "OPENAPI_URL_PREFIX": "/api/v1",
        "OPENAPI_JSON_PATH": "openapi.json",
        # Rate limits: shared in Redis when REDIS_URL is set, otherwise per process.
        "RATELIMIT_STORAGE_URI": env.get("REDIS_URL") or "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
        "RATELIMIT_SWALLOW_ERRORS": env.get("RATELIMIT_FAIL_OPEN", "1") == "1",
        # Mail: "file" writes .eml files under instance/outbox (private to the server), "smtp"
        # sends. There is deliberately no console backend: e-mails can carry health information.
        "MAIL_BACKEND": env.get("MAIL_BACKEND", "file"),
        "MAIL_OUTBOX_DIR": env.get("MAIL_OUTBOX_DIR") or str(Path(instance_path) / "outbox"),
        "MAIL_FROM": env.get("MAIL_FROM", "IPT Directory <no-reply@localhost>"),
        "MAIL_SMTP_HOST": env.get("MAIL_SMTP_HOST", "localhost"),
        "MAIL_SMTP_PORT": _number("MAIL_SMTP_PORT", 587, int),
        "MAIL_SMTP_USER": env.get("MAIL_SMTP_USER"),
        "MAIL_SMTP_PASSWORD": env.get("MAIL_SMTP_PASSWORD"),
        "MAIL_SMTP_STARTTLS": env.get("MAIL_SMTP_STARTTLS", "1") == "1",
        # Map tiles: none by default, so pages make no third-party requests. Set to a tile URL
        # template (e.g. your own tile server) to draw a base map under the markers.
        "MAP_TILE_URL": env.get("MAP_TILE_URL", ""),
        "MAP_TILE_ATTRIBUTION": env.get("MAP_TILE_ATTRIBUTION", ""),
        # Absolute links in e-mails are built on this (never on the request's Host header, which
        # a client can forge), e.g. "https://ipt-directory.example.org".
        "PUBLIC_BASE_URL": env.get("PUBLIC_BASE_URL", ""),
        # Host names this app answers to (comma-separated); others get 400. Unset: any host.
        "TRUSTED_HOSTS": [h.strip() for h in env["TRUSTED_HOSTS"].split(",")]
        if env.get("TRUSTED_HOSTS")
        else None,
        # Verified partner keys are remembered this long (seconds): revocation takes effect
        # within it.
        "PARTNER_KEY_CACHE_SECONDS": _number("PARTNER_KEY_CACHE_SECONDS", 10, float),
        # Per-worker memory for compressed search API responses (repeated searches skip ranking).
        "SEARCH_RESPONSE_CACHE_MB": _number("SEARCH_RESPONSE_CACHE_MB", 32, int),
        # Partner API usage counts are buffered per process and written this often (seconds).
        "PARTNER_USAGE_FLUSH_SECONDS": _number("PARTNER_USAGE_FLUSH_SECONDS", 5, float),
        # Reverse proxies in front of the app whose X-Forwarded-For/-Proto to trust (0: none).
        # Rate limits key on the client address, so set this when behind a proxy.
        "TRUSTED_PROXIES": _number("TRUSTED_PROXIES", 0, int),
        # Argon2id's cost for passwords: OWASP's minimum (t=2, m=19 MiB, p=1) by default, about
        # 60 ms a hash on a small server, and never less from the environment. Raise them on
        # bigger machines: stored hashes are upgraded at each person's next login.
        "PASSWORD_HASH_TIME_COST": _number("PASSWORD_HASH_TIME_COST", 2, int, minimum=2),
        "PASSWORD_HASH_MEMORY_KIB": _number(
            "PASSWORD_HASH_MEMORY_KIB", 19 * 1024, int, minimum=19 * 1024
        ),
        # Contact requests (a seeker's name, e-mail and message) are deleted after this many days.
        "CONTACT_RETENTION_DAYS": _number("CONTACT_RETENTION_DAYS", 30, int),
        "CONTACT_MIN_SECONDS": 3,  # a person cannot read and fill in the form faster than this
        "CONTACT_RATE_LIMIT": "5 per hour",
        "REPORT_RATE_LIMIT": "10 per hour",
        # Account e-mails (sign-up, verification, password reset) one address may receive,
        # whoever asks; more are silently not sent (the page says the same either way).
        "MAIL_PER_ADDRESS_LIMIT": _rate_limit("MAIL_PER_ADDRESS_LIMIT", "3/hour;10/day"),
        # Limits for API requests without a partner key (per client address) and for the widget
        # (per visitor address).
        "PARTNER_API_ANON_LIMIT": _rate_limit("PARTNER_API_ANON_LIMIT", "60/minute"),
        "WIDGET_RATE_LIMIT": _rate_limit("WIDGET_RATE_LIMIT", "30/minute"),
        # The site's own condition suggestions (typeahead on the search pages), per address: its
        # own allowance, so a busy clinic or library network never starves it (nor the API).
        "SEEKER_SUGGEST_LIMIT": _rate_limit("SEEKER_SUGGEST_LIMIT", "300/minute"),
        # gunicorn workers build the search index, lexicons, supervisor pool and access figures
        # before taking traffic (app/ops/warmup.py); 0 leaves it to the first requests.
        "WARM_UP": env.get("WARM_UP", "1") != "0",
        # How many demo profiles `make run` seeds into an empty database.
        "DEMO_PROFILE_COUNT": _number("DEMO_PROFILE_COUNT", 2000, int),
    }
    if overrides:
        config.update(overrides)
        if "SQLALCHEMY_DATABASE_URI" in overrides:
            config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(
                overrides["SQLALCHEMY_DATABASE_URI"]
            )
    if not config["SECRET_KEY"]:
        config["SECRET_KEY"] = instance_secret_key(instance_path)
    return config
