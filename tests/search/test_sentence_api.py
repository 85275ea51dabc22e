"""/api/v1/search?q=: a sentence is a search; explicit parameters win; bad input is a 4xx."""

from __future__ import annotations

import pytest

from app.core.extensions import db
from app.directory.models import Specialty
from tests.factories import LicenceFactory, LocationFactory, TherapistFactory

AUSTIN = {"city": "Austin", "state": "TX", "zip": "78701", "lat": 30.2672, "lon": -97.7431}
DAUGHTER = "my 15 year old daughter is so anxious, we live in Austin and have Aetna"


def texan(name: str, condition: str = "anxiety", **kw):
    kw.setdefault("insurance", ["aetna"])
    kw.setdefault("age_groups", ["adolescents", "adults"])
    t = TherapistFactory(
        name=name,
        locations=[LocationFactory.build(**AUSTIN)],
        licences=[LicenceFactory.build(state="TX")],
        specialties=[Specialty(condition_slug=condition, is_primary=True)],
        **kw,
    )
    db.session.commit()
    return t


def understood(body: dict) -> dict[str, object]:
    return {p["field"]: p["value"] for p in body["query"]["understood"]}


def search(client, **params):
    return client.get("/api/v1/search", query_string=params)


def test_a_sentence_alone_is_a_search_and_says_what_it_understood(client):
    t = texan("Ada")
    texan("Bea Other Insurer", insurance=["cigna"])
    texan("Cy Grief", condition="grief")
    response = search(client, q=DAUGHTER)
    assert response.status_code == 200, response.data
    body = response.get_json()
    assert [r["therapist"]["id"] for r in body["results"]] == [t.id]
    assert body["query"]["location"]["label"] == "Austin, TX"
    assert [c["slug"] for c in body["query"]["conditions"]] == ["anxiety"]
    assert body["query"]["insurance"] == [{"slug": "aetna", "label": "Aetna"}]
    assert body["query"]["age_group"] == "adolescents"
    assert understood(body) == {
        "age_group": "adolescents",
        "condition": ["anxiety"],
        "location": "Austin, TX",
        "insurance": "aetna",
    }
    pieces = {p["field"]: p for p in body["query"]["understood"]}
    assert pieces["location"] == {
        "field": "location",
        "value": "Austin, TX",
        "label": "Austin, TX",
        "text": "Austin",
    }
    assert pieces["insurance"]["text"] == "Aetna"
    assert body["safety"] is None
    assert body["crisis"] is False


def test_the_same_search_as_a_sentence_or_as_parameters_gives_the_same_results(client):
    texan("Ada")
    texan("Bea", insurance=["cigna"])
    sentence = search(client, q=DAUGHTER).get_json()
    params = search(
        client,
        location="Austin, TX",
        condition="anxiety",
        insurance="aetna",
        age_group="adolescents",
    ).get_json()
    assert sentence["results"] == params["results"]
    assert sentence["total"] == params["total"] == 1


@pytest.mark.parametrize(
    ("explicit", "field", "expected"),
    [
        ({"location": "Portland, OR"}, "location", "Portland, OR"),
        ({"insurance": "cigna"}, "insurance", [{"slug": "cigna", "label": "Cigna"}]),
        ({"condition": "grief"}, "conditions", ["grief"]),
        ({"age_group": "adults"}, "age_group", "adults"),
        ({"telehealth": "exclude"}, "telehealth", "exclude"),
        ({"language": "es"}, "languages", ["es"]),
    ],
)
def test_an_explicit_parameter_wins_over_the_sentence(client, explicit, field, expected):
    body = search(client, q=DAUGHTER + ", online", **explicit).get_json()
    got = body["query"][field]
    if field == "location":
        got = got["label"]
    if field == "conditions":
        got = [c["slug"] for c in got]
    assert got == expected
    name = {"conditions": "condition", "languages": "language"}.get(field, field)
    assert name not in understood(body)  # what the sentence said about it is not in use
    assert len(body["query"]["understood"]) >= 3  # the rest of the sentence still is


def test_ignore_leaves_a_piece_of_the_sentence_out(client):
    texan("Ada")
    texan("Bea", insurance=["cigna"])
    body = search(client, q=DAUGHTER, ignore="insurance,age_group").get_json()
    assert "insurance" not in understood(body)
    assert body["query"]["insurance"] == []
    assert body["query"]["age_group"] is None
    assert body["total"] == 2
    response = search(client, q=DAUGHTER, ignore="colour")
    assert response.status_code == 422
    assert "ignore" in response.get_json()["message"]


def test_no_place_is_a_422_naming_location_with_everything_else_understood(client):
    response = search(client, q="spanish speaking therapist for my anxiety, I have Aetna")
    assert response.status_code == 422
    body = response.get_json()
    assert body["message"].startswith("location:")
    assert list(body["errors"]["query"]) == ["location"]
    assert {p["field"]: p["value"] for p in body["understood"]} == {
        "language": "es",
        "condition": ["anxiety"],
        "insurance": "aetna",
    }
    assert body["crisis"] is False
    # the page then asks only for the place, and sends the rest back unchanged
    again = search(
        client, q="spanish speaking therapist for my anxiety, I have Aetna", location="Austin, TX"
    )
    assert again.status_code == 200
    assert understood(again.get_json()) == {
        "language": "es",
        "condition": ["anxiety"],
        "insurance": "aetna",
    }


def test_a_state_alone_with_online_searches_video_therapists_licensed_there(client):
    licensed = TherapistFactory(
        name="Licensed in Montana, far away",
        licences=[LicenceFactory.build(state="MT")],
        telehealth=True,
    )
    TherapistFactory(
        name="Office in Montana, no video",
        locations=[LocationFactory.build(city="Billings", state="MT", lat=45.78, lon=-108.50)],
        licences=[LicenceFactory.build(state="MT")],
        telehealth=False,
    )
    TherapistFactory(name="Video, not licensed in Montana", telehealth=True)
    body = search(client, q="online IPT for depression, I live in rural Montana").get_json()
    assert body["query"]["location"]["kind"] == "state"
    assert body["query"]["location"]["state"] == "MT"
    assert body["query"]["telehealth"] == "only"
    assert [r["therapist"]["id"] for r in body["results"]] == [licensed.id]
    assert body["results"][0]["telehealth_eligible"] is True


def test_noted_fields_are_understood_but_said_not_to_filter(client):
    TherapistFactory()
    body = search(client, q="female therapist under $100 for depression near 97204").get_json()
    assert understood(body)["gender"] == "woman"
    assert understood(body)["fee_max"] == 100
    assert body["total"] == 1
    assert any("cannot filter" in note for note in body["notes"])


@pytest.mark.parametrize(
    "q",
    [
        "",
        "   ",
        "\n\t ",
        "x" * 10_000,
        "😀🙏😭💔",
        "I have been thinking about it a lot lately. " * 250,
        "asdf qwerty zxcv",
    ],
)
def test_nothing_to_search_is_a_clear_4xx_naming_q(client, q):
    response = search(client, q=q)
    assert 400 <= response.status_code < 500, response.data
    body = response.get_json()
    assert body["message"].startswith("q:")
    assert "q" in body["errors"]["query"]


def test_only_a_crisis_sentence_names_q_and_carries_the_safety_information(client):
    response = search(client, q="i want to kill myself")
    assert response.status_code == 422
    body = response.get_json()
    assert body["message"].startswith("q:")
    assert body["crisis"] is True
    assert body["safety"]["kinds"][0] == "suicide"
    assert body["safety"]["resources"]  # the crisis services, most relevant first


def test_a_long_crisis_message_is_refused_as_too_long_but_still_gets_the_safety_information(
    client,
):
    text = "I don't know where else to write this. " * 40 + "I want to end my life tonight."
    body = search(client, q=text).get_json()
    assert body["message"].startswith("q:")
    assert body["crisis"] is True
    assert "suicide" in body["safety"]["kinds"]


def test_a_crisis_sentence_with_a_place_searches_and_flags_crisis(client):
    TherapistFactory()
    body = search(
        client, q="i feel like ending it all, need a therapist in Portland, OR"
    ).get_json()
    assert body["crisis"] is True
    assert "suicide" in body["safety"]["kinds"]
    assert body["total"] == 1


@pytest.mark.parametrize(
    "q",
    [
        "<script>alert(1)</script> depression in Austin",
        "'; DROP TABLE therapist; -- anxiety in Austin",
        'anxiety in Austin" OR 1=1 --',
        "<img src=x onerror=alert(1)> 78701",
    ],
)
def test_html_and_sql_in_the_sentence_are_just_text(client, q):
    texan("Ada")
    response = search(client, q=q)
    assert response.status_code == 200, response.data
    assert response.get_json()["query"]["location"]["state"] == "TX"
    assert search(client, location="Austin, TX").get_json()["total"] == 1


def test_control_characters_in_q_are_refused_naming_q(client):
    response = search(client, q="anxiety\x00 in Austin")
    assert response.status_code == 422
    assert "q" in response.get_json()["message"]


def test_sentence_output_matches_its_documented_schemas(client):
    from app.search.schemas import SearchResponseSchema, SentenceErrorSchema

    texan("Ada")
    body = search(client, q="Springfield depression, Aetna").get_json()
    assert SearchResponseSchema().validate(body) == {}
    location = next(p for p in body["query"]["understood"] if p["field"] == "location")
    assert location["alternatives"]
    body = search(client, q=DAUGHTER).get_json()
    assert SearchResponseSchema().validate(body) == {}
    error = search(client, q="i want to die, my 15 year old has Aetna").get_json()
    assert SentenceErrorSchema().validate(error) == {}


def test_openapi_documents_q_understood_and_the_422(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    operation = spec["paths"]["/api/v1/search"]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert {"q", "ignore", "location"} <= names
    assert "422" in operation["responses"]
    text = str(spec["components"]["schemas"])
    assert "understood" in text
