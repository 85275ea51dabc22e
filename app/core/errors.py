"""Domain errors, and the one place they become responses: JSON for the API, pages elsewhere.

Services raise the domain errors below and never build HTTP responses; views let them through.
API errors have one shape: ``{"code", "status", "message", "errors"}``, where ``errors`` maps the
request location and field to messages, and ``message`` repeats them in one readable sentence.
Never a stack trace.
"""

from __future__ import annotations

import contextlib
from typing import Any

from flask import Flask, jsonify, render_template, request
from flask_smorest import abort
from redis.exceptions import RedisError
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import (
    HTTPException,
    InternalServerError,
    MethodNotAllowed,
    ServiceUnavailable,
    default_exceptions,
)
from werkzeug.http import HTTP_STATUS_CODES

from app.core.extensions import db
from app.core.request_log import loggable_path

RETRY_AFTER_SECONDS = 30
EDITED_MEANWHILE = (
    "This was changed in another window or session at the same moment, so nothing was saved. "
    "Reload the page (or GET it again) and try again."
)

FieldPath = tuple[Any, ...]


def format_path(path: FieldPath) -> str:
    """``("locations", 0, "zip")`` -> ``locations[0].zip``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text or "(profile)"


class DomainError(Exception):
    """A rule of the product said no. The message is written for the person who asked."""

    status = 400


class NotFound(DomainError):
    status = 404


class Forbidden(DomainError):
    status = 403


class Conflict(DomainError):
    """The action does not fit the current state (already decided, no profile yet, edited
    meanwhile)."""

    status = 409


class InvalidInput(DomainError):
    """Invalid input. ``errors`` is ``[(path, message)]``; a path: ``("locations", 0, "zip")``."""

    status = 422

    def __init__(self, errors: list[tuple[FieldPath, str]]) -> None:
        super().__init__("; ".join(f"{format_path(p)}: {m}" for p, m in errors))
        self.errors = errors

    def by_field(self, prefix: str = "") -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for path, message in self.errors:
            out.setdefault(prefix + format_path(path), []).append(message)
        return out

    def under(self, *prefix: Any) -> InvalidInput:
        """The same errors, their paths inside ``prefix`` (``profile.locations[0].zip``)."""
        return InvalidInput([((*prefix, *path), message) for path, message in self.errors])


def unprocessable_query(field: str, message: str) -> None:
    """Answer 422 for one query parameter the schema let through (an unknown place …)."""
    abort(422, message=f"{field}: {message}", errors={"query": {field: [message]}})


def domain_error_body(exc: DomainError) -> dict[str, Any]:
    """The API body for a domain error; subclasses may add fields with ``api_details``."""
    if isinstance(exc, InvalidInput):
        errors = exc.by_field()
        message = "; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items())
        body = {"code": 422, "status": "Unprocessable Entity", "message": message}
        return body | {"errors": {"json": errors}}
    status = HTTP_STATUS_CODES.get(exc.status, "Error")
    body = {"code": exc.status, "status": status, "message": str(exc), "errors": {}}
    details = getattr(exc, "api_details", None)
    return body | (details() if details else {})


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def _flatten(errors, prefix: str = "") -> list[str]:
    if isinstance(errors, dict):
        out = []
        for key, value in errors.items():
            # Request locations ("query", "json") are not part of the field's name.
            name = "" if key in ("query", "json", "form", "headers", "path") else str(key)
            out += _flatten(value, f"{prefix}.{name}".strip(".") if name else prefix)
        return out
    if isinstance(errors, list | tuple):
        return [
            f"{prefix}: {m}" if prefix else str(m) for m in errors if not isinstance(m, dict)
        ] + [line for m in errors if isinstance(m, dict) for line in _flatten(m, prefix)]
    return [f"{prefix}: {errors}" if prefix else str(errors)]


def api_error_body(exc: HTTPException) -> dict:
    data = getattr(exc, "data", None) or {}
    errors = data.get("errors") or data.get("messages") or {}
    message = data.get("message")
    if not message:
        lines = _flatten(errors)
        message = "; ".join(lines) if lines else exc.description
    return {"code": exc.code, "status": exc.name, "message": message, "errors": errors}


def init_app(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def domain_error(exc: DomainError):
        """Once for the API (JSON with the fields at fault), once for pages (the error page)."""
        if _wants_json():
            response = jsonify(domain_error_body(exc))
            response.status_code = exc.status
            return response
        page_error = default_exceptions[exc.status](description=str(exc))
        return app.handle_http_exception(page_error)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if _wants_json():
            response = jsonify(api_error_body(exc))
            response.status_code = exc.code or 500
            for name, value in ((getattr(exc, "data", None) or {}).get("headers") or {}).items():
                response.headers[name] = value
            if isinstance(exc, MethodNotAllowed) and exc.valid_methods:
                response.headers["Allow"] = ", ".join(exc.valid_methods)  # RFC 9110: required
            if exc.code == 401 and "WWW-Authenticate" not in response.headers:
                response.headers["WWW-Authenticate"] = 'Session realm="IPT Directory"'
            return response
        return exc

    @app.errorhandler(StaleDataError)
    def edited_meanwhile(exc: StaleDataError):
        """The optimistic lock said no: another session saved the same record between our read
        and our write. Nothing of this request was saved; it is a 409 like any other conflict."""
        with contextlib.suppress(Exception):
            db.session.rollback()
        return domain_error(Conflict(EDITED_MEANWHILE))

    @app.errorhandler(OperationalError)
    @app.errorhandler(DBAPIError)
    def database_unavailable(exc: DBAPIError):
        """The database is down or unreachable: say so, and let clients retry; pool_pre_ping
        replaces dead connections, so service resumes by itself when the database returns."""
        if not isinstance(exc, OperationalError) and not exc.connection_invalidated:
            return unexpected(exc)
        app.logger.error(
            "database unavailable on %s %s: %s",
            request.method,
            loggable_path(),
            type(exc.orig).__name__ if exc.orig else type(exc).__name__,
        )
        with contextlib.suppress(Exception):  # the connection is gone; nothing to roll back
            db.session.rollback()
        return unavailable(
            "The directory's database is unavailable right now. Please try again shortly."
        )

    @app.errorhandler(RedisError)
    def rate_limit_storage_unavailable(exc: RedisError):
        """Redis is down and RATELIMIT_FAIL_OPEN=0: refuse politely rather than serve unlimited."""
        app.logger.error("rate-limit storage unavailable: %s", type(exc).__name__)
        return unavailable("The service is briefly unavailable. Please try again shortly.")

    def unavailable(message: str):
        """503 with Retry-After: JSON for the API, the friendly page elsewhere."""
        if _wants_json():
            response = jsonify(api_error_body(ServiceUnavailable(message)))
            response.status_code = 503
        else:
            response = app.make_response((render_template("errors/503.html"), 503))
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        app.logger.exception("unhandled error on %s %s", request.method, loggable_path())
        # Through Flask's dispatch, so a page blueprint's friendly 500 handler is used for pages.
        return app.handle_http_exception(InternalServerError(original_exception=exc))
