"""Therapist and operator accounts: sign-up, log-in, passwords, tokens, roles, the audit trail."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from app.accounts import access, cli, services, views
    from app.core.extensions import login_manager
    from app.directory.public import initials

    login_manager.user_loader(services.load_user)
    login_manager.unauthorized_handler(access.unauthenticated)
    app.register_blueprint(views.bp)
    cli.init_app(app)
    app.add_template_global(initials, "account_initials")
