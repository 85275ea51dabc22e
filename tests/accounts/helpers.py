"""Helpers shared by the accounts, profiles, credentials and browser tests.

CSRF protection stays on in tests: every POST carries a token read from a rendered form.
"""

from __future__ import annotations

import itertools
import re
from functools import cache

from app.accounts.models import User
from app.accounts.passwords import hash_password
from app.core.clock import utcnow
from app.core.extensions import db

PASSWORD = "correct horse battery staple"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_counter = itertools.count(1)


@cache
def _hash(password: str) -> str:
    return hash_password(password)  # Argon2 is slow on purpose: hash each test password once


def make_user(
    email: str | None = None,
    *,
    role: str = "therapist",
    verified: bool = True,
    therapist=None,
    password: str = PASSWORD,
    active: bool = True,
    commit: bool = True,
) -> User:
    user = User(
        email=email or f"user{next(_counter)}@example.org",
        password_hash=_hash(password),
        role=role,
        active=active,
        email_verified_at=utcnow() if verified else None,
        therapist_id=therapist.id if therapist is not None else None,
    )
    db.session.add(user)
    if commit:
        db.session.commit()
    else:
        db.session.flush()
    return user


def csrf_from(html: str) -> str:
    match = _CSRF.search(html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def csrf_token(client, page: str = "/account/password/forgot") -> str:
    """A CSRF token for this client's session, read from a rendered form."""
    response = client.get(page)
    assert response.status_code == 200, (page, response.status_code)
    return csrf_from(response.get_data(as_text=True))


def post_form(client, url: str, data: dict | None = None, *, page: str | None = None, **kwargs):
    """POST like a browser: with the CSRF token of a form the client has rendered."""
    token = csrf_token(client, page) if page else csrf_token(client)
    return client.post(url, data={**(data or {}), "csrf_token": token}, **kwargs)


def login(client, user_or_email, password: str = PASSWORD):
    email = user_or_email if isinstance(user_or_email, str) else user_or_email.email
    response = post_form(
        client, "/account/login", {"email": email, "password": password}, page="/account/login"
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return response


def api_headers(client) -> dict:
    """Headers for a JSON API call that changes data: the CSRF token from GET /api/v1/me."""
    response = client.get("/api/v1/me")
    assert response.status_code == 200, response.get_data(as_text=True)
    return {"X-CSRFToken": response.get_json()["csrf_token"]}


def links_in(message) -> list[str]:
    body = message.get_body(("plain",)).get_content()
    return re.findall(r"https?://\S+", body)


def path_of(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def body_of(message) -> str:
    """The plain-text body with line breaks folded into spaces."""
    return " ".join(message.get_body(("plain",)).get_content().split())
