"""Therapist self-service profiles: pages under ``/profile`` and a JSON API under ``/api/v1/me``.

Decisions:

* **No photos in this version.** Uploads bring storage, image parsing (a classic attack surface),
  moderation and consent questions; profiles show an initials avatar instead. A ``photo`` field is
  refused by the API like any unknown field.
* A therapist account owns at most one profile (``User.therapist_id`` is unique); operator accounts
  (verifier, admin) own none.
* Saving an edit always moves the profile's version on, so optimistic locking covers changes to
  locations and lists too, not only to the profile's own columns.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from app.core.extensions import api
    from app.profiles import api as profiles_api
    from app.profiles import cli, views

    app.register_blueprint(views.bp)
    api.register_blueprint(profiles_api.blp)
    cli.init_app(app)
