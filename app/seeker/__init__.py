"""The seeker's side: search and results pages, profiles, contact requests, listing reports."""

from __future__ import annotations

import os

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the seeker pages, their CLI command and the report → search-document hook."""
    from app.seeker import cli, services, views

    env = os.environ
    app.config.setdefault(
        "CONTACT_RETENTION_DAYS",
        int(env.get("CONTACT_RETENTION_DAYS", services.DEFAULT_RETENTION_DAYS)),
    )
    app.config.setdefault("CONTACT_MIN_SECONDS", services.DEFAULT_MIN_SECONDS)
    app.config.setdefault("CONTACT_RATE_LIMIT", "5 per hour")
    app.config.setdefault("REPORT_RATE_LIMIT", "10 per hour")
    services.install_hooks()
    app.register_blueprint(views.bp)
    cli.init_app(app)
