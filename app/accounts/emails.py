"""E-mails from the accounts features: plain text only, so a name or bio can never become markup.

Links in e-mails point at ``PUBLIC_BASE_URL`` (config or environment) when it is set. Set it in
production: without it a link is built from the request's Host header, which a client chooses.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, has_request_context, render_template, url_for

from app.core.mail import send_mail

DEFAULT_BASE_URL = "http://127.0.0.1:5000"


def public_base_url() -> str | None:
    return current_app.config["PUBLIC_BASE_URL"] or None


def external_url(endpoint: str, **values: Any) -> str:
    """An absolute URL for an e-mail, on the configured public origin."""
    base = public_base_url()
    if base is None and has_request_context():
        return url_for(endpoint, _external=True, **values)
    with current_app.test_request_context(base_url=base or DEFAULT_BASE_URL):
        return url_for(endpoint, _external=True, **values)


def render(template: str, **context: Any) -> str:
    """``accounts/email/<template>.txt``, rendered (no autoescaping: it is plain text)."""
    return render_template(f"accounts/email/{template}.txt", **context)


def send(to: str, subject: str, template: str, **context: Any) -> None:
    """Render ``accounts/email/<template>.txt`` and send it."""
    send_mail(to, subject, render(template, **context), after_response=True)
