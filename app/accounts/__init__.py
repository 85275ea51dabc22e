"""Therapist and operator accounts, and the wiring of the three account-related packages.

``init_app`` registers accounts, profiles (pages and the ``/api/v1/me`` API) and credentials
(submission, verifier queue, audit log), their CLI commands and Flask-Login's hooks.
"""

from __future__ import annotations

from flask import Flask, g


def initials(name: str | None) -> str:
    """ "Dr. Ana Lima" -> "DL"; the avatar shown instead of a photo (photos are not accepted)."""
    letters = [next((ch for ch in word if ch.isalnum()), "") for word in (name or "").split()]
    letters = [ch for ch in letters if ch]
    if not letters:
        return "?"
    return (letters[0] + (letters[-1] if len(letters) > 1 else "")).upper()


def init_app(app: Flask) -> None:
    from app.accounts import access, cli, services, views
    from app.credentials import cli as credentials_cli
    from app.credentials import services as credentials_services
    from app.credentials import views as credentials_views
    from app.extensions import api, login_manager
    from app.profiles import api as profiles_api
    from app.profiles import cli as profiles_cli
    from app.profiles import views as profiles_views

    login_manager.user_loader(services.load_user)
    login_manager.unauthorized_handler(access.unauthenticated)
    app.register_blueprint(views.bp)
    app.register_blueprint(profiles_views.bp)
    app.register_blueprint(credentials_views.bp)
    api.register_blueprint(profiles_api.blp)
    cli.init_app(app)
    profiles_cli.init_app(app)
    credentials_cli.init_app(app)

    app.add_template_global(initials, "account_initials")
    app.add_template_global(credentials_services.status_text, "credential_status_text")

    @app.before_request
    def _fresh_user() -> None:
        # Flask-Login caches the user on ``g``; when a caller reuses one app context for several
        # requests (tests, some embedding servers) a cached user must not leak into the next one.
        # Likewise Flask-WTF's per-request cache of the CSRF token (the session may have changed).
        g.pop("_login_user", None)
        g.pop(app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)
