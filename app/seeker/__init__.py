"""The seeker's side: search and results pages, profiles, contact requests, listing reports."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the seeker pages, their CLI command and the report → search-document hook."""
    from app.seeker import cli, services, views

    services.install_hooks()
    app.register_blueprint(views.bp)
    cli.init_app(app)
