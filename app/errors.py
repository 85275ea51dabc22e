"""Error responses: JSON for the API, plain pages elsewhere, never a stack trace.

API errors have one shape: ``{"code", "status", "message", "errors"}``, where ``errors`` maps the
request location and field to messages, and ``message`` repeats them in one readable sentence.
"""

from __future__ import annotations

import contextlib

from flask import Flask, jsonify, render_template, request
from redis.exceptions import RedisError
from sqlalchemy.exc import DBAPIError, OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable

from app.extensions import db

RETRY_AFTER_SECONDS = 30


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
    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if _wants_json():
            response = jsonify(api_error_body(exc))
            response.status_code = exc.code or 500
            for name, value in ((getattr(exc, "data", None) or {}).get("headers") or {}).items():
                response.headers[name] = value
            return response
        return exc

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
            request.path,
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
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        # Through Flask's dispatch, so a page blueprint's friendly 500 handler is used for pages.
        return app.handle_http_exception(InternalServerError(original_exception=exc))
