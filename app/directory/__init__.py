"""The directory: therapist profiles and the reference vocabularies they point at."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from app.core.extensions import api
    from app.directory import api as directory_api

    api.register_blueprint(directory_api.blp)
