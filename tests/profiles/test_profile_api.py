"""The therapist's JSON API: /api/v1/me (session cookie + X-CSRFToken)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event, select

from app.core.extensions import db
from app.directory.models import Therapist
from tests.accounts.helpers import api_headers, login, make_user

PROFILE = {
    "name": "Sam Rivera",
    "credential_letters": "LCSW",
    "accepting_clients": True,
    "telehealth": True,
    "locations": [{"city": "Portland", "state": "OR", "zip": "97204", "label": "Office"}],
    "licences": [
        {"licence_type": "clinical-social-worker", "title": "LCSW", "state": "OR", "number": "L-77"}
    ],
    "specialties": [{"condition": "grief", "primary": True}],
    "languages": ["en", "es"],
}


def test_create_read_update_patch_round_trip(client):
    login(client, make_user())
    headers = api_headers(client)
    assert client.get("/api/v1/me/profile").status_code == 404
    created = client.post("/api/v1/me/profile", json={"profile": PROFILE}, headers=headers)
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert body["visibility"] == "draft"
    assert body["availability_stale"] is False
    location = body["profile"]["locations"][0]
    assert abs(location["lat"] - 45.52) < 0.1  # geocoded from the ZIP
    version = body["version"]

    # GET -> PUT of the same document works (lat/lon sent back are ignored and recomputed).
    current = client.get("/api/v1/me/profile").get_json()
    document = {**current["profile"], "bio": "Grief work with IPT."}
    document["locations"][0]["lat"] = 0.0
    put = client.put(
        "/api/v1/me/profile", json={"version": version, "profile": document}, headers=headers
    )
    assert put.status_code == 200, put.get_json()
    assert put.get_json()["profile"]["bio"] == "Grief work with IPT."
    assert abs(put.get_json()["profile"]["locations"][0]["lat"] - 45.52) < 0.1
    version = put.get_json()["version"]

    patch = client.patch(
        "/api/v1/me/profile", json={"version": version, "profile": {"fee_min": 80}}, headers=headers
    )
    assert patch.status_code == 200
    assert patch.get_json()["profile"]["fee_min"] == 80
    assert patch.get_json()["profile"]["bio"] == "Grief work with IPT."


def test_stale_version_is_a_409_with_the_differences(client, therapist_user):
    login(client, therapist_user)
    headers = api_headers(client)
    mine = client.get("/api/v1/me/profile").get_json()
    t = db.session.get(Therapist, therapist_user.therapist_id)
    t.phone = "503-555-0123"
    db.session.commit()
    response = client.patch(
        "/api/v1/me/profile",
        json={"version": mine["version"], "profile": {"bio": "mine", "phone": None}},
        headers=headers,
    )
    assert response.status_code == 409
    body = response.get_json()
    assert body["current_version"] == t.version
    assert body["current"]["phone"] == "503-555-0123"
    fields = {c["field"]: c for c in body["changes"]}
    assert fields["phone"]["current"] == "503-555-0123"
    assert fields["phone"]["submitted"] == "(empty)"
    db.session.expire_all()
    assert db.session.get(Therapist, t.id).bio != "mine"


def test_errors_name_the_field_and_change_nothing(client, therapist_user):
    login(client, therapist_user)
    headers = api_headers(client)
    version = client.get("/api/v1/me/profile").get_json()["version"]
    bad = client.patch(
        "/api/v1/me/profile",
        json={
            "version": version,
            "profile": {"locations": [{"city": "Nowhere Town", "state": "OR", "zip": "97204"}]},
        },
        headers=headers,
    )
    assert bad.status_code == 422
    body = bad.get_json()
    assert "profile.locations[0].city" in body["errors"]["json"]
    assert "Nowhere Town" in body["message"]
    for forbidden in (
        "photo",
        "visibility",
        "ipt_credentials",
        "accepting_confirmed_on",
        "external_id",
    ):
        response = client.patch(
            "/api/v1/me/profile",
            json={"version": version, "profile": {forbidden: "x"}},
            headers=headers,
        )
        assert response.status_code == 422, forbidden
        assert "Unknown field" in response.get_data(as_text=True)
    missing_version = client.patch("/api/v1/me/profile", json={"profile": {}}, headers=headers)
    assert missing_version.status_code == 422
    not_json = client.patch("/api/v1/me/profile", data="x", headers=headers)
    assert not_json.status_code == 400
    db.session.expire_all()
    assert db.session.get(Therapist, therapist_user.therapist_id).version == version


def test_csrf_header_is_required(client, therapist_user):
    login(client, therapist_user)
    version = client.get("/api/v1/me/profile").get_json()["version"]
    response = client.patch(
        "/api/v1/me/profile", json={"version": version, "profile": {"bio": "x"}}
    )
    assert response.status_code == 400
    assert "CSRF" in response.get_json()["message"]
    wrong = client.patch(
        "/api/v1/me/profile",
        json={"version": version, "profile": {"bio": "x"}},
        headers={"X-CSRFToken": "forged"},
    )
    assert wrong.status_code == 400
    db.session.expire_all()
    assert db.session.get(Therapist, therapist_user.therapist_id).bio != "x"


def test_publish_hide_confirm_through_the_api(client, app, therapist_user):
    login(client, therapist_user)
    headers = api_headers(client)
    t = db.session.get(Therapist, therapist_user.therapist_id)
    t.accepting_confirmed_on = None
    db.session.commit()
    assert client.get("/api/v1/me/profile").get_json()["availability_stale"] is True
    confirmed = client.post("/api/v1/me/profile/confirm-accepting", headers=headers)
    assert confirmed.status_code == 200
    assert confirmed.get_json()["availability_stale"] is False
    hidden = client.post("/api/v1/me/profile/hide", headers=headers)
    assert hidden.get_json()["visibility"] == "hidden"
    assert hidden.get_json()["public_url"] is None
    published = client.post("/api/v1/me/profile/publish", headers=headers)
    assert published.get_json()["visibility"] == "published"
    assert client.get(published.get_json()["public_url"]).status_code == 200


def test_anonymous_api_calls_get_401_json(client):
    response = client.get("/api/v1/me/profile")
    assert response.status_code == 401
    assert response.get_json()["code"] == 401
    assert db.session.scalar(select(Therapist)) is None


def test_writes_without_a_profile_are_404(client):
    login(client, make_user())
    headers = api_headers(client)
    answers = [
        client.put("/api/v1/me/profile", json={"version": 1, "profile": PROFILE}, headers=headers),
        client.patch("/api/v1/me/profile", json={"version": 1, "profile": {}}, headers=headers),
        client.post("/api/v1/me/profile/publish", headers=headers),
        client.post("/api/v1/me/profile/hide", headers=headers),
        client.post("/api/v1/me/profile/confirm-accepting", headers=headers),
        client.post("/api/v1/me/credentials", json={"body": "ipt-uk"}, headers=headers),
    ]
    for answer in answers:
        assert answer.status_code == 404, answer.get_json()
        assert "POST /api/v1/me/profile creates one" in answer.get_json()["message"]


@contextmanager
def _tables_selected() -> Iterator[Counter]:
    """The tables the statements run meanwhile select from, counted once a statement."""
    tables: Counter = Counter()

    def count(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT"):
            tables.update(set(re.findall(r"\bFROM (\w+)", statement)))

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield tables
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def test_a_write_reads_the_profile_once_and_credentials_none_of_its_lists(client, therapist_user):
    """The API's 404 check does not load the profile that the service then loads again."""
    login(client, therapist_user)
    headers = api_headers(client)
    version = client.get("/api/v1/me/profile").get_json()["version"]
    with _tables_selected() as edit:
        patched = client.patch(
            "/api/v1/me/profile",
            json={"version": version, "profile": {"fee_min": 80}},
            headers=headers,
        )
    assert patched.status_code == 200, patched.get_json()
    with _tables_selected() as hide:
        assert client.post("/api/v1/me/profile/hide", headers=headers).status_code == 200
    assert edit["therapist_photo"] == hide["therapist_photo"] == 1  # read by nothing else
    with _tables_selected() as submit:
        submitted = client.post(
            "/api/v1/me/credentials",
            json={
                "body": "ipt-uk",
                "level": "A",
                "awarded_on": "2020-01-01",
                "certificate_id": "C-1",
            },
            headers=headers,
        )
    assert submitted.status_code == 201, submitted.get_json()
    with _tables_selected() as listing:
        listed = client.get("/api/v1/me/credentials")
    assert "C-1" in [c["certificate_id"] for c in listed.get_json()["credentials"]]
    for reads in (submit, listing):
        assert reads["ipt_credential"] >= 1
        assert not {"therapist_photo", "licence", "location", "specialty"} & set(reads)
