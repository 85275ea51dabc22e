"""The training API is part of the partner API: keys, CORS, the one shared limit, usage counts."""

from __future__ import annotations

import pytest

from app.partners import services
from app.partners.services import Presets

ORIGIN = "https://charity.example"
ROUTES = ("/api/v1/supervisors", "/api/v1/trainings", "/api/v1/access")


def _partner(rate_limit: str = "60/minute"):
    return services.create_partner(
        "Perinatal charity", "data@charity.example", (ORIGIN,), rate_limit, Presets()
    )


@pytest.mark.parametrize("path", ROUTES)
def test_anonymous_callers_have_the_per_address_limit(app, client, path):
    app.config["PARTNER_API_ANON_LIMIT"] = "2/minute"
    assert client.get(path).status_code == 200
    assert client.get(path).status_code == 200
    response = client.get(path)
    assert response.status_code == 429
    assert "without an API key" in response.get_json()["message"]
    assert int(response.headers["Retry-After"]) > 0


def test_the_limit_is_shared_with_the_search_api(client):
    _, new = _partner("2/minute")
    headers = {"X-API-Key": new.full}
    assert client.get("/api/v1/geocode?q=97204", headers=headers).status_code == 200
    assert client.get("/api/v1/trainings", headers=headers).status_code == 200
    response = client.get("/api/v1/supervisors", headers=headers)
    assert response.status_code == 429
    assert new.public_id in response.get_json()["message"]


def test_keys_are_checked_and_give_cors(client):
    _, new = _partner()
    refused = client.get("/api/v1/access", headers={"X-API-Key": "ipt_nonsense"})
    assert refused.status_code == 401
    assert client.get("/api/v1/access?api_key=x").status_code == 400  # never in the URL
    ok = client.get("/api/v1/access", headers={"X-API-Key": new.full, "Origin": ORIGIN})
    assert ok.status_code == 200
    assert ok.headers["Access-Control-Allow-Origin"] == ORIGIN


@pytest.mark.commits  # usage counts are written on the engine's own connection
def test_a_key_is_counted_per_endpoint(client):
    partner, new = _partner("3/minute")
    headers = {"X-API-Key": new.full}
    for path in ("/api/v1/supervisors", "/api/v1/trainings", "/api/v1/access", "/api/v1/access"):
        client.get(path, headers=headers)
    counts = {kind: count for _id, _day, kind, count in services.usage(partner)}
    assert counts == {
        "api.supervisors": 1,
        "api.trainings": 1,
        "api.access": 1,
        "api.rate_limited": 1,
    }
