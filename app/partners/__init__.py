"""Partner sites: the embeddable search widget and the keyed partner API.

``init_app`` wires the whole package into the app: models, the widget blueprint, the API key /
CORS / rate-limit layer over the search and therapist API blueprints, cookieless widget sessions
and the ``flask partners`` commands. See docs/partners.md for the partner-facing description.
"""

from __future__ import annotations

import os

from flask import Flask

from app.partners import models  # noqa: F401 - registers the tables with the metadata

DEFAULT_ANON_API_LIMIT = "60/minute"
DEFAULT_WIDGET_LIMIT = "30/minute"


def init_app(app: Flask) -> None:
    from app.extensions import api
    from app.partners import api_guard, cli, cookieless, validation, widget

    # Limits for requests without a key (per client address) and for the widget (per visitor).
    for name, default in (
        ("PARTNER_API_ANON_LIMIT", DEFAULT_ANON_API_LIMIT),
        ("WIDGET_RATE_LIMIT", DEFAULT_WIDGET_LIMIT),
    ):
        value = app.config.get(name) or os.environ.get(name) or default
        try:
            app.config[name] = validation.validate_rate_limit(value)
        except ValueError as exc:
            raise RuntimeError(f"{name}: {exc}") from None

    app.register_blueprint(widget.bp)
    api_guard.init_app(app)
    cookieless.init_app(app)
    cli.init_app(app)
    if "ApiKeyAuth" not in api.spec.components.security_schemes:
        api.spec.components.security_scheme(
            "ApiKeyAuth",
            {
                "type": "apiKey",
                "in": "header",
                "name": api_guard.HEADER,
                "description": "Partner key (optional: without one, a modest per-address limit "
                "applies). Never send it in the query string. See docs/partners.md.",
            },
        )
