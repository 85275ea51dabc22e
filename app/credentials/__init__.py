"""IPT credentials: submission by therapists, a verifier queue, expiry, and the audit trail.

A credential is a claim until a verifier checks it: only ``verified`` earns the badge and full
ranking weight (the search documents count verified and unverified tiers separately).
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from app.credentials import cli, services, views

    app.register_blueprint(views.bp)
    cli.init_app(app)
    app.add_template_global(services.status_text, "credential_status_text")
