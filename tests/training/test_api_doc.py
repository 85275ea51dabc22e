"""The pathway's endpoints are documented in the OpenAPI document partners read."""

from __future__ import annotations


def test_openapi_documents_the_pathway(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    for path in (
        "/api/v1/supervisors",
        "/api/v1/trainings",
        "/api/v1/trainings.ics",
        "/api/v1/trainings/{training_id}",
        "/api/v1/access",
    ):
        assert path in spec["paths"], path
    params = {p["name"] for p in spec["paths"]["/api/v1/supervisors"]["get"]["parameters"]}
    assert {"ladder", "adaptation", "language", "timezone", "format", "max_fee"} <= params


def test_the_timezone_parameter_lists_the_zones_it_accepts(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    (timezone,) = (
        p
        for p in spec["paths"]["/api/v1/supervisors"]["get"]["parameters"]
        if p["name"] == "timezone"
    )
    zones = timezone["schema"]["enum"]
    assert {"America/Chicago", "Pacific/Honolulu", "Europe/London"} <= set(zones)
    assert "Mars/Olympus_Mons" not in zones
    refused = client.get("/api/v1/supervisors?timezone=Mars/Olympus_Mons")
    assert refused.status_code == 422
    assert "is not a time zone" in str(refused.get_json()["errors"])  # short, names no list
