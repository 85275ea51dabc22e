"""Defect 7 (issue #13): deeply nested JSON is a 400 naming the problem, big bodies a 413; never a
500, and nothing changes."""

from __future__ import annotations

import pytest

from app.core.bodies import API_MAX_BODY_BYTES, MAX_JSON_DEPTH
from tests.accounts.helpers import api_headers, login

ENDPOINTS = [
    ("post", "/api/v1/me/profile"),
    ("put", "/api/v1/me/profile"),
    ("patch", "/api/v1/me/profile"),
    ("post", "/api/v1/me/credentials"),
    ("post", "/api/v1/me/profile/publish"),
]


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 5_000, 40_000])
def test_deeply_nested_json_is_a_400(client, therapist_user, depth):
    login(client, therapist_user)
    headers = api_headers(client)
    before = client.get("/api/v1/me/profile").get_json()
    for nest in ("[", '{"a":'):
        body = nest * depth + "1" + ("]" if nest == "[" else "}") * depth
        for method, url in ENDPOINTS:
            response = getattr(client, method)(
                url, data=body, content_type="application/json", headers=headers
            )
            assert response.status_code == 400, (method, url, response.status_code)
            assert "nested too deeply" in response.get_json()["message"]
    assert client.get("/api/v1/me/profile").get_json() == before


def test_nesting_within_the_limit_is_judged_by_the_schema(client, therapist_user):
    login(client, therapist_user)
    headers = api_headers(client)
    body = {"version": 1, "profile": {"bio": [[["deep"]]]}}
    response = client.patch("/api/v1/me/profile", json=body, headers=headers)
    assert response.status_code in (409, 422)


def test_an_oversized_api_body_is_a_413(client, therapist_user):
    login(client, therapist_user)
    headers = api_headers(client)
    bio = "x" * (API_MAX_BODY_BYTES + 10)
    response = client.patch(
        "/api/v1/me/profile", json={"version": 1, "profile": {"bio": bio}}, headers=headers
    )
    assert response.status_code == 413
    assert response.get_json()["code"] == 413


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("put", "/api/v1/search"),
        ("delete", "/api/v1/therapists/1"),
        ("put", "/api/v1/me"),
        ("get", "/api/v1/me/profile/publish"),
    ],
)
def test_api_405_says_which_methods_are_allowed(client, method, url):
    response = getattr(client, method)(url)
    assert response.status_code == 405
    assert response.get_json()["code"] == 405
    allowed = {m.strip() for m in response.headers["Allow"].split(",")}
    assert allowed
    assert method.upper() not in allowed
