"""The API's `safety` field and `lang`: crisis services for the kinds found, in Spanish too."""

from __future__ import annotations

import pytest

from app.search.schemas import ConditionResolveSchema, SearchResponseSchema
from tests.factories import TherapistFactory

RESOURCE_KEYS = {"id", "name", "phone", "sms", "chat_url", "hours", "languages"}


def _resolve(client, q: str, **kw):
    headers = kw.pop("headers", {})
    response = client.get(
        "/api/v1/conditions/resolve", query_string={"q": q, **kw}, headers=headers
    )
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_ordinary_words_have_no_safety(client):
    body = _resolve(client, "post partum depression")
    assert body["crisis"] is False
    assert body["safety"] is None
    assert ConditionResolveSchema().validate(body) == {}


@pytest.mark.parametrize(
    ("text", "kind", "first"),
    [
        ("i dont see the point of going on anymore", "suicide", "988"),
        ("my husband hits me", "abuse", None),
        ("postpartum psychosis", "psychosis", "911"),
        ("quiero morir", "suicide", "988"),
    ],
)
def test_crisis_words_get_their_kind_and_resources(client, text, kind, first):
    body = _resolve(client, text)
    assert body["crisis"] is True
    safety = body["safety"]
    assert safety["kinds"][0] == kind
    assert safety["message"]
    resources = safety["resources"]
    assert resources
    assert all(set(r) >= RESOURCE_KEYS for r in resources)
    ids = [r["id"] for r in resources]
    assert len(ids) == len(set(ids))
    if first:
        assert ids[0] == first
    assert ConditionResolveSchema().validate(body) == {}


def test_abuse_leads_with_the_domestic_violence_hotline(client):
    ids = [r["id"] for r in _resolve(client, "my husband hits me")["safety"]["resources"]]
    phones = {
        r["id"]: r["phone"] for r in _resolve(client, "my husband hits me")["safety"]["resources"]
    }
    assert "1-800-799-7233" in phones.values()
    assert ids.index(next(i for i, p in phones.items() if p == "1-800-799-7233")) <= 1


def test_postpartum_psychosis_is_never_an_ordinary_perinatal_search(client):
    TherapistFactory(name="Perinatal", specialties=[])
    body = _resolve(client, "postpartum psychosis")
    assert "perinatal-depression" not in [m["slug"] for m in body["matches"]]
    assert body["safety"]["kinds"] == ["psychosis"]
    response = client.get(
        "/api/v1/search",
        query_string={"location": "Portland, OR", "condition": "postpartum psychosis"},
    )
    body = response.get_json()
    assert body["crisis"] is True
    assert body["safety"]["kinds"][0] == "psychosis"
    assert body["safety"]["resources"][0]["id"] == "911"
    assert "perinatal-depression" not in [c["slug"] for c in body["query"]["conditions"]]
    # no "we could not match" note: the crisis resources say what matters
    assert not any("could not match" in n for n in body["notes"])


def test_spanish_by_parameter_and_by_header(client):
    by_param = _resolve(client, "quiero morir", lang="es")
    by_header = _resolve(client, "quiero morir", headers={"Accept-Language": "es-MX,es;q=0.9"})
    assert by_param["safety"] == by_header["safety"]
    first = by_param["safety"]["resources"][0]
    assert first["id"] == "988"
    assert first["name"].startswith("988 Línea")
    assert first["sms"]["keyword"] == "AYUDA"
    english = _resolve(client, "quiero morir")
    assert english["safety"]["resources"][0]["name"].startswith("988 Suicide")


def test_spanish_condition_labels_and_guidance(client):
    body = _resolve(client, "depresion posparto", lang="es")
    assert body["matches"][0]["slug"] == "perinatal-depression"
    assert "posparto" in body["matches"][0]["label"].lower()
    body = _resolve(client, "ansiedad social")
    assert body["matches"][0]["slug"] == "social-anxiety"


def test_unknown_lang_falls_back_to_english_without_an_error(client):
    body = _resolve(client, "quiero morir", lang="klingon")
    assert body["safety"]["resources"][0]["name"].startswith("988 Suicide")
    response = client.get(
        "/api/v1/search", query_string={"location": "Portland, OR", "lang": "xx-YY"}
    )
    assert response.status_code == 200


def test_search_in_spanish_says_reasons_in_spanish(client):
    TherapistFactory(name="Ana")
    response = client.get(
        "/api/v1/search",
        query_string={"location": "Portland, OR", "condition": "depresión", "lang": "es"},
    )
    assert response.status_code == 200
    assert "Accept-Language" in response.headers["Vary"]
    body = response.get_json()
    assert SearchResponseSchema().validate(body) == {}
    assert body["safety"] is None
    assert body["query"]["conditions"][0]["label"] == "Depresión"
    reasons = body["results"][0]["reasons"]
    assert any(r.startswith("Se especializa en depresión") for r in reasons), reasons
    distance = next(r for r in reasons if r.startswith("A ") and "millas" in r)
    assert "," in distance.split()[1]  # "A 0,4 millas (Portland, OR)": a decimal comma
    assert any(r.startswith("Acepta pacientes") for r in reasons)
    english = client.get(
        "/api/v1/search", query_string={"location": "Portland, OR", "condition": "depression"}
    ).get_json()
    assert any(r.endswith("mi away (Portland, OR)") for r in english["results"][0]["reasons"])


def test_search_api_crisis_in_any_field(client):
    body = client.get(
        "/api/v1/search",
        query_string={"location": "97201", "insurance": "i want to kill myself"},
    ).get_json()
    assert body["crisis"] is True
    assert body["safety"]["kinds"] == ["suicide"]


def test_openapi_documents_safety_and_lang(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    schemas = spec["components"]["schemas"]
    safety = schemas["Safety"]["properties"]
    assert {"kinds", "resources"} <= set(safety)
    assert set(schemas["CrisisResource"]["properties"]) >= RESOURCE_KEYS
    params = {p["name"] for p in spec["paths"]["/api/v1/search"]["get"]["parameters"]}
    assert "lang" in params
    params = {p["name"] for p in spec["paths"]["/api/v1/conditions/resolve"]["get"]["parameters"]}
    assert "lang" in params
