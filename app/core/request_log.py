"""Structured JSON request logs: a request id and timing, never what a person searched for.

A log line carries the method, the path WITHOUT its query string, the status, the duration and a
request id (also returned as X-Request-ID). Search text, e-mail addresses, passwords, tokens and
client IP addresses are never logged: a seeker's condition must not sit beside anything identifying.

Every log line is JSON (``JsonFormatter``), with the request id when it is written during a request,
and passes ``PrivacyFilter``: one-time tokens in paths (password reset, e-mail verification, claim
and availability links) become ``[redacted]``, and e-mail and IP addresses are masked, also in
gunicorn's own error log (gunicorn.conf.py uses both classes).
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid

from flask import Flask, g, has_request_context, request

logger = logging.getLogger("ipt.request")
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
# Query strings and anything after them in werkzeug's dev-server request lines.
_QUERY = re.compile(r"\?[^ \"']*")
# A path segment that is a one-time token (itsdangerous: 24+ characters of base64 parts joined by
# dots), holds an e-mail address, or is very long. Slugs, ids and file names are none of these.
_TOKEN_SEGMENT = re.compile(r"^(?=[^/]{24,}$)[^/]*\.|@|^[^/]{65,}$")
_PATHS = re.compile(r"/[^\s\"'?]*")
_EMAIL = re.compile(r"[^\s@\"'<>(),;:/]+@[^\s@\"'<>(),;:/]+")
_IPV4 = re.compile(r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d.])")
_HEX4 = "[0-9A-Fa-f]{1,4}"
_IPV6 = re.compile(
    rf"(?<![\w:])(?:(?:{_HEX4}:){{7}}{_HEX4}"
    rf"|(?:{_HEX4}(?::{_HEX4})*)?::(?:{_HEX4}(?::{_HEX4})*)?)(?![\w:])"
)
REDACTED = "[redacted]"
# View arguments whose values are one-time tokens: their path segments are never logged.
SECRET_VIEW_ARGS = frozenset({"token"})


def redact_path(path: str) -> str:
    """``/account/password/reset/<token>`` -> ``/account/password/reset/[redacted]``."""
    return "/".join(REDACTED if _TOKEN_SEGMENT.search(seg) else seg for seg in path.split("/"))


def loggable_path() -> str:
    """The current request's path without query string and without token segments."""
    path = request.path
    for name, value in (request.view_args or {}).items():
        if name in SECRET_VIEW_ARGS and isinstance(value, str) and value:
            path = path.replace(value, REDACTED)
    return redact_path(path)


def scrub(text: str) -> str:
    """Mask what a log line must not hold: token path segments, query strings, addresses."""
    text = _QUERY.sub("?[redacted]", text)
    text = _PATHS.sub(lambda m: redact_path(m.group(0)), text)
    text = _EMAIL.sub("[e-mail]", text)
    text = _IPV4.sub("[address]", text)
    return _IPV6.sub("[address]", text)


class JsonFormatter(logging.Formatter):
    """One JSON object a line; ``request_id`` whenever the line is written during a request."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if has_request_context() and g.get("request_id"):
            entry["request_id"] = g.request_id
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


class RedactQueryStrings(logging.Filter):
    """The development server logs request lines; strip their query strings and tokens."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args and isinstance(record.args, tuple):
            record.args = tuple(scrub(a) if isinstance(a, str) else a for a in record.args)
        return True


class PrivacyFilter(logging.Filter):
    """For every handler we own, and gunicorn's: no client addresses, raw request lines, tokens
    or e-mail addresses in a log line.

    gunicorn logs a malformed request as ``Invalid request from ip=ADDRESS: <the request line>``;
    that becomes ``invalid request refused (<kind of error>)``.
    """

    _INVALID = re.compile(r"^Invalid request from ip=\S*: ([A-Za-z][A-Za-z ]{2,60})")

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed call: keep only the template
            message = str(record.msg)
        if message.startswith("Invalid request from ip="):
            kind = self._INVALID.match(message)
            message = "invalid request refused" + (f" ({kind.group(1).strip()})" if kind else "")
        else:
            message = scrub(message)
        record.msg, record.args = message, None
        fields = record.__dict__.get("fields")
        if isinstance(fields, dict):
            record.__dict__["fields"] = {
                k: scrub(v) if isinstance(v, str) else v for k, v in fields.items()
            }
        return True


def json_handler() -> logging.Handler:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(PrivacyFilter())
    return handler


def configure_logging(app: Flask) -> None:
    """Every log line JSON: our request log, the app's logger, and (when nobody configured the
    root logger, as gunicorn.conf.py does) everything that propagates to the root."""
    from flask.logging import default_handler

    if not logger.handlers:
        logger.addHandler(json_handler())
        logger.setLevel(logging.INFO)
        logger.propagate = False
    app.logger.removeHandler(default_handler)
    root = logging.getLogger()
    if not any(isinstance(h.formatter, JsonFormatter) for h in root.handlers):
        root.addHandler(json_handler())


def init_app(app: Flask) -> None:
    configure_logging(app)
    werkzeug_log = logging.getLogger("werkzeug")
    if not any(isinstance(f, RedactQueryStrings) for f in werkzeug_log.filters):
        werkzeug_log.addFilter(RedactQueryStrings())

    @app.before_request
    def _start() -> None:
        incoming = request.headers.get("X-Request-ID", "")
        g.request_id = incoming if _SAFE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        g.request_started = time.perf_counter()

    @app.after_request
    def _log(response):
        started = g.get("request_started")
        if started is None:
            return response
        response.headers["X-Request-ID"] = g.request_id
        logger.info(
            "request",
            extra={
                "fields": {
                    "request_id": g.request_id,
                    "method": request.method,
                    # never request.full_path (the query holds search text), never a token
                    "path": loggable_path(),
                    "endpoint": request.endpoint,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                }
            },
        )
        return response
