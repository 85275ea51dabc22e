"""Therapist and operator accounts: sign-up, log-in, passwords, tokens, roles, the audit trail."""

from __future__ import annotations

from flask import Flask, g


def init_app(app: Flask) -> None:
    from app.accounts import access, cli, services, views
    from app.core.extensions import login_manager
    from app.directory.public import initials

    login_manager.user_loader(services.load_user)
    login_manager.unauthorized_handler(access.unauthenticated)
    app.register_blueprint(views.bp)
    cli.init_app(app)
    app.add_template_global(initials, "account_initials")

    @app.before_request
    def _fresh_user() -> None:
        # Flask-Login caches the user on ``g``; when a caller reuses one app context for several
        # requests (tests, some embedding servers) a cached user must not leak into the next one.
        # Likewise Flask-WTF's per-request cache of the CSRF token (the session may have changed).
        g.pop("_login_user", None)
        g.pop(app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)
