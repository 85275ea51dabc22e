"""Signed, expiring, single-use links for e-mails (itsdangerous).

A token carries a purpose (its salt), a few claims and a random ``jti``. It is refused when the
signature is wrong, when it is older than its purpose's maximum age, and when its ``jti`` is in
``used_token``: :func:`spend` records it in the caller's transaction, and the table's primary key
makes two concurrent uses collide, so a link works exactly once.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from app.accounts.models import UsedToken
from app.core.extensions import db

HOUR = 3600
DAY = 24 * HOUR
MAX_AGE = {
    "verify-email": 3 * DAY,
    "reset-password": 1 * HOUR,
    "claim-profile": 3 * DAY,
    "confirm-accepting": 30 * DAY,
}
SINGLE_USE = {"verify-email", "reset-password", "claim-profile"}


class TokenError(Exception):
    """The link cannot be used; the message is fit to show to the person."""


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    if purpose not in MAX_AGE:
        raise ValueError(f"unknown token purpose {purpose!r}")
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"ipt-accounts/{purpose}")


def make_token(purpose: str, **claims: Any) -> str:
    return _serializer(purpose).dumps({**claims, "jti": secrets.token_urlsafe(16)})


def _jti_hash(payload: dict) -> str:
    return hashlib.sha256(str(payload.get("jti", "")).encode()).hexdigest()


def read_token(purpose: str, token: str) -> dict[str, Any]:
    """The claims of a valid, unexpired, unused token; TokenError otherwise."""
    try:
        payload = _serializer(purpose).loads(token, max_age=MAX_AGE[purpose])
    except SignatureExpired as exc:
        raise TokenError("This link has expired. Ask for a new one.") from exc
    except BadSignature as exc:
        raise TokenError("This link is not valid. Check that you copied all of it.") from exc
    if not isinstance(payload, dict) or "jti" not in payload:
        raise TokenError("This link is not valid. Check that you copied all of it.")
    if purpose in SINGLE_USE and db.session.get(UsedToken, _jti_hash(payload)) is not None:
        raise TokenError("This link has already been used.")
    return payload


def spend(purpose: str, payload: dict[str, Any]) -> None:
    """Record the token as used, in the caller's transaction (commit makes it final)."""
    db.session.add(UsedToken(token_hash=_jti_hash(payload), purpose=purpose))
