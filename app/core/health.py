"""Liveness and readiness probes for load balancers and orchestrators.

/healthz: the process answers. /readyz: the database answers and its schema is at the migrations'
head, so a worker is only put in rotation when it can really serve.
"""

from __future__ import annotations

from functools import cache

from alembic.script import ScriptDirectory
from flask import Blueprint, current_app, jsonify
from sqlalchemy import text

from app.core import ratelimit_health
from app.core.extensions import db

bp = Blueprint("health", __name__)


@cache
def migration_heads(directory: str) -> frozenset[str]:
    return frozenset(ScriptDirectory(directory).get_heads())


@bp.get("/healthz")
def healthz():
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz():
    limits, limits_ok = ratelimit_health.readiness(current_app)
    try:
        current = set(db.session.scalars(text("SELECT version_num FROM alembic_version")))
    except Exception:
        db.session.rollback()
        response = jsonify(status="unavailable", database="unreachable", **limits)
        response.headers["Retry-After"] = "30"
        return response, 503
    heads = migration_heads(current_app.extensions["migrate"].directory)
    if current != heads:
        return jsonify(status="unavailable", database="ok", migrations="behind", **limits), 503
    if not limits_ok:
        response = jsonify(status="unavailable", database="ok", migrations="current", **limits)
        response.headers["Retry-After"] = "30"
        return response, 503
    return jsonify(status="ok", database="ok", migrations="current", **limits)
