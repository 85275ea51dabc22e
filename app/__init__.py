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

    db.init_app(app)
    migrate.init_app(app, db, directory=_migrations_dir())
    api.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)

    from app import errors, health, request_log, security
    from app.directory import cli as directory_cli
    from app.search import documents
    from app.search.index_cache import IndexCache

    documents.install_hooks()
    app.extensions["search_index"] = IndexCache()
    security.init_app(app)
    request_log.init_app(app)
    errors.init_app(app)
    app.register_blueprint(health.bp)
    from app.directory.api import blp as therapists_api
    from app.search.api import blp as search_api

    api.register_blueprint(search_api)
    api.register_blueprint(therapists_api)
    directory_cli.init_app(app)
    from app.ops import cli as ops_cli

    ops_cli.init_app(app)
    from app import seeker  # seeker pages, contact/report forms, purge-contact-requests

    seeker.init_app(app)
    from app import accounts  # therapist accounts, /profile, /api/v1/me, credential verification

    accounts.init_app(app)
    from app import partners  # widget, partner API keys/CORS/limits, `flask partners`

    partners.init_app(app)
    return app


def _migrations_dir() -> str:
    from pathlib import Path

    return str(Path(__file__).resolve().parent.parent / "migrations")
