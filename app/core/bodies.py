"""Limits on request bodies: JSON nested too deeply is a 400, and API bodies have a size cap (413).

Python's JSON parser recurses once per level and raises ``RecursionError`` (not ``ValueError``) on
deep nesting, which used to surface as a 500. Every JSON body is checked here, before any view or
schema sees it: it must parse, and nest at most ``MAX_JSON_DEPTH`` levels. Nothing the API accepts
comes close (a profile is four levels deep).
"""

from __future__ import annotations

import json
from typing import Any

from flask import Flask, request
from flask_smorest import abort

MAX_JSON_DEPTH = 32
API_MAX_BODY_BYTES = 256 * 1024  # a full profile is a few kilobytes


def json_depth(value: Any) -> int:
    """Nesting depth of parsed JSON, without recursion (1 for a scalar or an empty container)."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return deepest


def _refuse(status: int, message: str):
    abort(status, message=message, errors={"json": {"_schema": [message]}})


def check_body() -> None:
    if request.path.startswith("/api/"):
        request.max_content_length = min(
            API_MAX_BODY_BYTES, request.max_content_length or API_MAX_BODY_BYTES
        )
    if not request.is_json or request.method in ("GET", "HEAD", "OPTIONS"):
        return
    data = request.get_data(cache=True)  # 413 here when over the cap
    if not data.strip():
        return
    try:
        parsed = json.loads(data)
    except RecursionError:
        _refuse(400, f"The JSON body is nested too deeply (at most {MAX_JSON_DEPTH} levels).")
    except ValueError as exc:
        _refuse(400, f"The body is not valid JSON: {exc}.")
    if json_depth(parsed) > MAX_JSON_DEPTH:
        _refuse(400, f"The JSON body is nested too deeply (at most {MAX_JSON_DEPTH} levels).")


def init_app(app: Flask) -> None:
    app.before_request(check_body)
