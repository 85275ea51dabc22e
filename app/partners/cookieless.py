"""No cookies on the widget's responses.

The widget runs inside other organisations' pages, so it must neither read nor set our cookies.
Flask opens the session before the URL is matched, so this wraps the app's session interface and,
for widget paths only, hands out a throwaway session that is never saved: no ``Set-Cookie``, no
``Vary: Cookie``, whatever code further down happens to touch the session.
"""

from __future__ import annotations

from typing import cast

from flask import Flask, Request
from flask.sessions import SecureCookieSession, SessionInterface

WIDGET_PATH_PREFIXES = ("/widget/", "/widget.js")


class CookielessSession(SecureCookieSession):
    """A session that lives for one request and is never written to a cookie."""


def is_widget_path(path: str) -> bool:
    return path.startswith(WIDGET_PATH_PREFIXES)


class CookielessWidgetSessions:
    """Delegates to the app's session interface, except on widget paths."""

    def __init__(self, inner: SessionInterface):
        self.inner = inner

    def open_session(self, app: Flask, request: Request):
        if is_widget_path(request.path):
            return CookielessSession()
        return self.inner.open_session(app, request)

    def save_session(self, app: Flask, session, response) -> None:
        if isinstance(session, CookielessSession):
            return None
        return self.inner.save_session(app, session, response)

    def __getattr__(self, name: str):
        return getattr(self.inner, name)


def init_app(app: Flask) -> None:
    if not isinstance(app.session_interface, CookielessWidgetSessions):
        # Duck-typed: everything but open/save is delegated to the wrapped interface.
        app.session_interface = cast(
            SessionInterface, CookielessWidgetSessions(app.session_interface)
        )
