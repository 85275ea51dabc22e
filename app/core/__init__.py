"""Shared plumbing every domain package may use: configuration, extensions, database types, clock,
errors, logging, security headers, mail, validation. It imports no domain package."""

from __future__ import annotations

from importlib.resources import files

from flask import Flask


def init_app(app: Flask) -> None:
    from app.core import (
        bodies,
        errors,
        health,
        i18n,
        ratelimit_health,
        request_log,
        routing,
        security,
    )
    from app.core.extensions import api, csrf, db, limiter, login_manager, migrate

    routing.init_app(app)  # before any route is added
    # First, so that every request gets an id and a log line, even one a later hook refuses.
    request_log.init_app(app)
    bodies.init_app(app)
    security.init_app(app)
    db.init_app(app)
    # Package data, so that a wheel install migrates as a checkout does.
    migrate.init_app(app, db, directory=str(files("app") / "migrations"))
    api.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    ratelimit_health.init_app(app)
    login_manager.init_app(app)
    errors.init_app(app)
    i18n.init_app(app)
    app.register_blueprint(health.bp)
