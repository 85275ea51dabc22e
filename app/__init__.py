"""The IPT therapist directory: a Flask application factory."""

from __future__ import annotations

from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from app.config import build_config
from app.extensions import api, csrf, db, limiter, login_manager, migrate
from app.json import IsoJSONProvider


def create_app(config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    app.json = IsoJSONProvider(app)
    app.config.update(build_config(app.instance_path, config))
    if hops := app.config["TRUSTED_PROXIES"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    from app import accounts, errors, health, ops, partners, request_log, security, seeker
    from app.directory import api as directory_api
    from app.directory import cli as directory_cli
    from app.search import api as search_api
    from app.search import documents
    from app.search.index_cache import IndexCache

    # First, so that every request gets an id and a log line, even one a later hook refuses.
    request_log.init_app(app)
    security.init_app(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=_migrations_dir())
    api.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    documents.install_hooks()
    app.extensions["search_index"] = IndexCache(
        body_bytes=app.config["SEARCH_RESPONSE_CACHE_MB"] * 2**20
    )
    errors.init_app(app)

    app.register_blueprint(health.bp)
    api.register_blueprint(search_api.blp)
    api.register_blueprint(directory_api.blp)
    directory_cli.init_app(app)  # init-db, seed-demo, import-profiles, export-profiles
    ops.init_app(app)  # backup, restore
    seeker.init_app(app)  # seeker pages, contact and report forms, purge-contact-requests
    accounts.init_app(app)  # accounts, /profile, /api/v1/me, credential verification
    partners.init_app(app)  # widget, partner API keys/CORS/limits, `flask partners`
    return app


def _migrations_dir() -> str:
    from pathlib import Path

    return str(Path(__file__).resolve().parent.parent / "migrations")
