"""Defect 2 (issue #13): two sessions of one therapist racing publish / hide / confirm / edit get a
409 with a clear message, never a 500, on pages and in the API.

The race is made deterministic: just before the request's own flush, another writer moves the
profile's version on (an UPDATE on the same row, as a second session committing would).
"""

from __future__ import annotations

import contextlib

import pytest
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from app.core.extensions import db
from app.directory.models import Therapist
from tests.accounts.helpers import api_headers, csrf_token, login


@contextlib.contextmanager
def another_session_saves_first():
    def bump(session, flush_context, instances):
        for obj in list(session.dirty):
            if isinstance(obj, Therapist):
                session.connection().execute(
                    sa.update(Therapist.__table__)
                    .where(Therapist.__table__.c.id == obj.id)
                    .values(version=Therapist.__table__.c.version + 1)
                )

    event.listen(Session, "before_flush", bump)
    try:
        yield
    finally:
        event.remove(Session, "before_flush", bump)


@pytest.mark.parametrize(
    "action", ["publish", "hide", "confirm-accepting"], ids=["publish", "hide", "confirm"]
)
def test_api_state_changes_racing_another_session_are_409(client, therapist_user, action):
    login(client, therapist_user)
    headers = api_headers(client)
    if action == "publish":
        assert client.post("/api/v1/me/profile/hide", headers=headers).status_code == 200
    with another_session_saves_first():
        response = client.post(f"/api/v1/me/profile/{action}", headers=headers)
    assert response.status_code == 409, response.get_data(as_text=True)[:500]
    body = response.get_json()
    assert body["code"] == 409
    assert "changed" in body["message"]
    assert "try again" in body["message"]


def test_api_patch_racing_another_session_is_409(client, therapist_user):
    login(client, therapist_user)
    headers = api_headers(client)
    version = client.get("/api/v1/me/profile").get_json()["version"]
    with another_session_saves_first():
        response = client.patch(
            "/api/v1/me/profile",
            json={"version": version, "profile": {"bio": "New bio."}},
            headers=headers,
        )
    assert response.status_code == 409


@pytest.mark.parametrize("action", ["publish", "hide", "confirm-accepting"])
def test_pages_racing_another_session_are_409(client, therapist_user, action):
    login(client, therapist_user)
    if action == "publish":
        client.post("/profile/hide", data={"csrf_token": csrf_token(client, "/profile")})
    token = csrf_token(client, "/profile")
    with another_session_saves_first():
        response = client.post(f"/profile/{action}", data={"csrf_token": token})
    assert response.status_code == 409, response.get_data(as_text=True)[:500]
    assert "changed" in response.get_data(as_text=True)
    db.session.rollback()
    # Nothing half-done: the profile is still readable and the next attempt works.
    assert db.session.get(Therapist, therapist_user.therapist_id) is not None
    again = client.post(f"/profile/{action}", data={"csrf_token": csrf_token(client, "/profile")})
    assert again.status_code == 302
