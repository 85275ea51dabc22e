"""Partner sites: the embeddable search widget and the keyed partner API.

``init_app`` wires the whole package into the app: models, the widget blueprint, the API key /
CORS / rate-limit layer over the search and therapist API blueprints, cookieless widget sessions
and the ``flask partners`` commands. See docs/partners.md for the partner-facing description.
"""

from __future__ import annotations

from flask import Flask

from app.partners import models  # noqa: F401 - registers the tables with the metadata


def init_app(app: Flask) -> None:
    from app.core.extensions import api
    from app.partners import api_guard, cli, cookieless, widget

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
