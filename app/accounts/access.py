"""Who may do what: decorators for views, and the answers given to those who may not.

Pages send anonymous visitors to the login page (with a safe ``next``); the JSON API answers 401.
A signed-in user without the right role or state gets 403 (pages: a short explanation).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from flask import abort, redirect, request, url_for
from flask_login import current_user


def wants_json() -> bool:
    return request.path.startswith("/api/")


def safe_next(target: str | None, default: str = "/profile") -> str:
    """A same-site path to go to after login, or ``default``.

    Only plain absolute paths pass: no scheme or host (``https://evil.com``, ``//evil.com``), no
    backslashes (browsers read ``/\\evil.com`` as ``//evil.com``), no control characters or
    whitespace (browsers drop tabs and newlines, so ``/\\t/evil.com`` would become ``//evil.com``),
    and no ``javascript:``.
    """
    if not target or not isinstance(target, str) or len(target) > 2000:
        return default
    if any(ord(ch) < 0x21 or ord(ch) == 0x7F for ch in target) or "\\" in target:
        return default
    if not target.startswith("/") or target.startswith("//"):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target


def unauthenticated():
    if wants_json():
        abort(401, description="Log in first: this API uses your session cookie.")
    return redirect(url_for("accounts.login", next=safe_next(request.full_path.rstrip("?"))))


def _signed_in_and(refusal: Callable[[], Any]) -> Callable[[Callable], Callable]:
    """A view decorator: anonymous visitors are sent to log in; ``refusal()`` then returns an
    answer for a signed-in user who may not pass (or aborts), or None to let them through."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any):
            if not current_user.is_authenticated:
                return unauthenticated()
            refused = refusal()
            if refused is not None:
                return refused
            return view(*args, **kwargs)

        return wrapper

    return decorator


def _unconfirmed_email() -> Any:
    if current_user.email_verified:
        return None
    if wants_json():
        abort(403, description="Confirm your e-mail address first.")
    return redirect(url_for("accounts.settings"))


login_required = _signed_in_and(lambda: None)
# Signed in with a confirmed e-mail address (needed before a profile can be touched).
verified_required = _signed_in_and(_unconfirmed_email)


def role_required(*roles: str) -> Callable[[Callable], Callable]:
    def wrong_role() -> None:
        if not current_user.has_role(*roles):
            abort(403, description="Your account does not have access to this page.")

    return _signed_in_and(wrong_role)


def _not_a_therapist() -> Any:
    if current_user.role != "therapist":
        abort(403, description="Operator accounts do not have profiles.")
    return _unconfirmed_email()


# A therapist account with a confirmed e-mail: operator accounts do not own profiles.
therapist_required = _signed_in_and(_not_a_therapist)
