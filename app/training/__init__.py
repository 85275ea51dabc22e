"""The IPT training pathway: find a supervisor, trainings, training records, and where trained
therapists are missing."""

from __future__ import annotations

from flask import Flask

from app.training import models  # noqa: F401 - registers the tables with the metadata


def init_app(app: Flask) -> None:
    from app.core import partner_api
    from app.core.extensions import api
    from app.training import api as training_api
    from app.training import demand, views

    app.register_blueprint(views.bp)
    demand.init_app(app)
    api.register_blueprint(training_api.blp)
    # Keys, CORS and the one shared rate limit of the partner API (the partners package guards it).
    partner_api.mark(app, training_api.blp, training_api.USAGE_KINDS)
