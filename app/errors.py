"""Error responses: JSON for the API, plain pages elsewhere, never a stack trace."""

from __future__ import annotations

from flask import Flask, jsonify, request
from werkzeug.exceptions import HTTPException, InternalServerError


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if _wants_json():
            body = {
                "code": exc.code,
                "status": exc.name,
                "message": exc.description,
                "errors": getattr(exc, "data", {}).get("messages", {}),
            }
            return jsonify(body), exc.code
        return exc

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        return http_error(InternalServerError())
