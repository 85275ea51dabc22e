"""The JSON API: shapes, and a clear 4xx for every kind of bad input."""

from __future__ import annotations

import pytest

from tests.factories import TherapistFactory


def test_search_api_returns_ranked_explained_results(client):
    t = TherapistFactory(name="Ada", insurance=["blue-cross-blue-shield"])
    response = client.get(
        "/api/v1/search", query_string={"location": "Portland, OR", "insurance": "BCBS"}
    )
    assert response.status_code == 200
    body = response.get_json()
    assert body["total"] == 1
    assert body["query"]["location"]["state"] == "OR"
    assert body["query"]["insurance"] == [
        {"slug": "blue-cross-blue-shield", "label": "Blue Cross Blue Shield"}
    ]
    result = body["results"][0]
    assert result["therapist"]["id"] == t.id
    assert set(result["score_breakdown"]) == {"specialty", "ipt", "distance", "availability"}
    assert result["reasons"]
    assert result["distance_mi"] < 5
    assert body["crisis"] is False


def test_profile_endpoint_hides_drafts_and_hidden(client):
    shown = TherapistFactory(visibility="published")
    hidden = TherapistFactory(visibility="hidden")
    draft = TherapistFactory(visibility="draft")
    body = client.get(f"/api/v1/therapists/{shown.id}").get_json()
    assert body["name"] == shown.name
    assert "external_id" not in body
    for t in (hidden, draft):
        response = client.get(f"/api/v1/therapists/{t.id}")
        assert response.status_code == 404
        assert response.get_json()["code"] == 404
    assert client.get("/api/v1/therapists/999999").status_code == 404


def test_resolvers(client):
    body = client.get("/api/v1/conditions/resolve", query_string={"q": "bipolor"}).get_json()
    assert body["matches"][0]["slug"] == "bipolar"
    assert {"query", "matches", "guidance", "crisis"} <= set(body)
    body = client.get("/api/v1/insurers/resolve", query_string={"q": "BCBS"}).get_json()
    assert body["matches"][0]["slug"] == "blue-cross-blue-shield"
    body = client.get("/api/v1/geocode", query_string={"q": "Pittsburg, PA"}).get_json()
    assert body["state"] == "PA"
    assert abs(body["lat"] - 40.44) < 0.2


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/api/v1/search", {}, "location"),
        ("/api/v1/search", {"location": "97204", "radius_mi": "500"}, "radius_mi"),
        ("/api/v1/search", {"location": "97204", "radius_mi": "far"}, "radius_mi"),
        ("/api/v1/search", {"location": "97204", "limit": "0"}, "limit"),
        ("/api/v1/search", {"location": "97204", "limit": "1000"}, "limit"),
        ("/api/v1/search", {"location": "97204", "offset": "-1"}, "offset"),
        ("/api/v1/search", {"location": "97204", "telehealth": "maybe"}, "telehealth"),
        ("/api/v1/search", {"location": "97204", "age_group": "toddlers"}, "age_group"),
        ("/api/v1/search", {"location": "97204", "min_ipt_tier": "guru"}, "min_ipt_tier"),
        ("/api/v1/search", {"location": "97204", "verified_only": "perhaps"}, "verified_only"),
        ("/api/v1/search", {"location": "97204", "colour": "red"}, "colour"),
        ("/api/v1/search", {"location": "x" * 5000}, "location"),
        ("/api/v1/search", {"location": "Portland\x00, OR"}, "location"),
        ("/api/v1/search", {"location": "Narnia"}, "location"),
        ("/api/v1/search", {"location": "91.5,10"}, "location"),
        ("/api/v1/search", {"location": "97204", "language": "Klingon"}, "language"),
        ("/api/v1/geocode", {"q": "' OR 1=1 --"}, "q"),
        ("/api/v1/geocode", {}, "q"),
        ("/api/v1/conditions/resolve", {"q": ""}, "q"),
        ("/api/v1/insurers/resolve", {"q": "a" * 1000}, "q"),
    ],
)
def test_bad_input_is_a_clear_4xx_naming_the_field(client, path, params, field):
    response = client.get(path, query_string=params)
    assert response.status_code in (400, 422), response.data
    body = response.get_json()
    assert set(body) == {"code", "status", "message", "errors"}
    assert field in body["message"]
    assert field in str(body["errors"])


def test_injection_strings_are_just_text(client):
    TherapistFactory()
    for hostile in ("'; DROP TABLE therapist; --", "<script>alert(1)</script>", "%00%27"):
        response = client.get(
            "/api/v1/search",
            query_string={"location": "97204", "condition": hostile, "insurance": hostile},
        )
        assert response.status_code == 200
    assert client.get("/api/v1/search", query_string={"location": "97204"}).get_json()["total"] == 1


def test_openapi_document_is_served(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert "/api/v1/search" in spec["paths"]
    assert "/api/v1/therapists/{therapist_id}" in spec["paths"]


def test_search_output_matches_its_documented_schema(client):
    from app.search.schemas import SearchResponseSchema

    TherapistFactory(insurance=["aetna"])
    body = client.get(
        "/api/v1/search", query_string={"location": "97204", "condition": "grief"}
    ).get_json()
    assert body["results"]
    assert SearchResponseSchema().validate(body) == {}  # types right, no undocumented keys


def test_a_repeated_search_is_served_fresh_after_any_profile_change(client):
    from app.core.extensions import db

    t = TherapistFactory(name="Before")
    params = {"location": "97204", "condition": "depression"}
    first = client.get("/api/v1/search", query_string=params).get_json()
    assert client.get("/api/v1/search", query_string=params).get_json() == first  # cached
    t.name = "After"
    db.session.commit()
    again = client.get("/api/v1/search", query_string=params).get_json()
    assert again["results"][0]["therapist"]["name"] == "After"
