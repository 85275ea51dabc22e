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


def login_required(view: Callable) -> Callable:
    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any):
        if not current_user.is_authenticated:
            return unauthenticated()
        return view(*args, **kwargs)

    return wrapper


def verified_required(view: Callable) -> Callable:
    """Signed in with a confirmed e-mail address (needed before a profile can be touched)."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any):
        if not current_user.is_authenticated:
            return unauthenticated()
        if not current_user.email_verified:
            if wants_json():
                abort(403, description="Confirm your e-mail address first.")
            return redirect(url_for("accounts.settings"))
        return view(*args, **kwargs)

    return wrapper


def role_required(*roles: str) -> Callable[[Callable], Callable]:
    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any):
            if not current_user.is_authenticated:
                return unauthenticated()
            if not current_user.has_role(*roles):
                abort(403, description="Your account does not have access to this page.")
            return view(*args, **kwargs)

        return wrapper

    return decorator


def therapist_required(view: Callable) -> Callable:
    """A therapist account with a confirmed e-mail: operator accounts do not own profiles."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any):
        if not current_user.is_authenticated:
            return unauthenticated()
        if current_user.role != "therapist":
            abort(403, description="Operator accounts do not have profiles.")
        if not current_user.email_verified:
            if wants_json():
                abort(403, description="Confirm your e-mail address first.")
            return redirect(url_for("accounts.settings"))
        return view(*args, **kwargs)

    return wrapper
