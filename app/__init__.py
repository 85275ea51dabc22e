"""The IPT therapist directory: a Flask application factory.

Packages are listed once, below, in the order of the layering (README, "Layout"): each registers its
own blueprints, CLI commands and hooks in its ``init_app``.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from app import (
    accounts,
    core,
    credentials,
    directory,
    ops,
    partners,
    profiles,
    review,
    search,
    seeker,
    training,
)
from app.core.config import build_config
from app.core.json import IsoJSONProvider

DOMAIN_PACKAGES = (
    directory,  # profiles, vocabularies, the public therapist API
    search,  # search documents, per-worker index, search API
    accounts,  # sign-up, log-in, operator accounts
    credentials,  # a therapist's IPT credentials
    profiles,  # a therapist's own profile: pages, /api/v1/me, claims
    review,  # verifier queues and the audit log
    seeker,  # pages for people looking for help
    partners,  # widget, partner keys, CORS and limits over the API
    training,  # supervisors, trainings, training records, where trained therapists are missing
    ops,  # init-db, demo data, import/export, backup
)


def create_app(config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    app.json = IsoJSONProvider(app)
    app.config.update(build_config(app.instance_path, config))
    if hops := app.config["TRUSTED_PROXIES"]:
        # Werkzeug's documented way to wrap the WSGI app; Flask types wsgi_app as a method.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops
        )
    core.init_app(app)
    for package in DOMAIN_PACKAGES:
        package.init_app(app)
    return app
