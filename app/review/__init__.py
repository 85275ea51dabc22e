"""Verifier and admin work: the queues waiting for a person's decision, and the audit log."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from app.review import report_views, views

    app.register_blueprint(views.bp)
    app.register_blueprint(report_views.bp)
