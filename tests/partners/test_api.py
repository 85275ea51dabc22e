"""The partner layer over the JSON API: keys, CORS, per-key limits, usage counts."""

from __future__ import annotations

import itertools
import re

import pytest
from sqlalchemy import select

from app.core.extensions import db
from app.directory.schemas import (
    SINGLE_LINE_PATTERN,
    SINGLE_LINE_REQUIRED_PATTERN,
    SINGLE_LINE_SPACE,
)
from app.partners import keys, services
from app.partners.models import Partner, PartnerKey, PartnerOrigin, PartnerUsage
from tests.partners.conftest import ORIGIN, OTHER_ORIGIN

GEOCODE = "/api/v1/geocode"
PORTLAND = {"q": "Portland, OR"}


def _get(client, path=GEOCODE, params=None, key=None, origin=None, headers=None):
    sent = dict(headers or {})
    if key:
        sent["X-API-Key"] = key
    if origin:
        sent["Origin"] = origin
    return client.get(path, query_string=params or PORTLAND, headers=sent)


def test_requests_without_a_key_still_work_but_get_no_cors(client, partner_key):
    response = _get(client, origin=ORIGIN)
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response.headers
    assert "Origin" in response.vary


def test_a_valid_key_from_its_origin_gets_cors(client, partner_key):
    _partner, new = partner_key
    response = _get(client, key=new.full, origin=ORIGIN)
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "Origin" in response.vary
    assert "Retry-After" in response.headers["Access-Control-Expose-Headers"]
    assert "Access-Control-Allow-Credentials" not in response.headers


def test_a_valid_key_from_another_origin_gets_no_cors(client, partner_key, make_partner):
    _partner, new = partner_key
    make_partner(origins=[OTHER_ORIGIN])  # registered, but for someone else
    for origin in (OTHER_ORIGIN, "https://evil.example", "null", ORIGIN + ".evil.example"):
        response = _get(client, key=new.full, origin=origin)
        assert response.status_code == 200
        assert "Access-Control-Allow-Origin" not in response.headers


def test_server_side_calls_without_origin_need_no_cors(client, partner_key):
    _partner, new = partner_key
    response = _get(client, key=new.full)
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response.headers


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("nonsense", "Malformed key"),
        ("ipt_aaaaaaaaaaaa", "public id"),
        ("ipt_aaaaaaaaaaaa_" + "A" * 32, "Unknown or revoked key"),
    ],
)
def test_bad_keys_are_401_naming_the_header(client, partner_key, key, message):
    response = _get(client, key=key, origin=ORIGIN)
    assert response.status_code == 401
    body = response.get_json()
    assert body["code"] == 401
    assert body["message"].startswith("X-API-Key: ")
    assert message in body["message"]
    assert "X-API-Key" in body["errors"]["headers"]
    assert "Access-Control-Allow-Origin" not in response.headers
    assert response.headers["WWW-Authenticate"].startswith("ApiKey")


def test_a_revoked_key_stops_working(client, partner_key):
    _partner, new = partner_key
    assert _get(client, key=new.full).status_code == 200
    key = db.session.scalar(select(PartnerKey).where(PartnerKey.prefix == new.prefix))
    services.revoke_key(key)
    response = _get(client, key=new.full, origin=ORIGIN)
    assert response.status_code == 401
    assert "Access-Control-Allow-Origin" not in response.headers


@pytest.mark.parametrize(
    "name", ["api_key", "apikey", "key", "API-KEY", "x-api-key", "access_token", "token"]
)
def test_a_key_in_the_query_string_is_refused(client, partner_key, name):
    _partner, new = partner_key
    response = client.get(GEOCODE, query_string={**PORTLAND, name: new.full})
    assert response.status_code == 400
    body = response.get_json()
    assert "X-API-Key header, never in the URL" in body["message"]
    assert f"'{name}'" in body["message"]
    assert name in body["errors"]["query"]
    # Refused even alongside a valid header, and whatever the endpoint.
    response = client.get(
        "/api/v1/search",
        query_string={"location": "97204", name: "x"},
        headers={"X-API-Key": new.full},
    )
    assert response.status_code == 400


def test_a_key_smuggled_into_any_parameter_is_refused(client, partner_key):
    _partner, new = partner_key
    response = client.get(GEOCODE, query_string={"q": new.full})
    assert response.status_code == 400
    assert "'q'" in response.get_json()["message"]
    assert new.secret not in response.get_data(as_text=True)


def test_preflight_for_a_registered_origin(client, partner_key):
    response = client.options(
        "/api/v1/search",
        headers={
            "Origin": ORIGIN,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "x-api-key",
        },
    )
    assert response.status_code == 204
    assert response.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "X-API-Key" in response.headers["Access-Control-Allow-Headers"]
    assert "GET" in response.headers["Access-Control-Allow-Methods"]
    assert int(response.headers["Access-Control-Max-Age"]) > 0
    assert "Origin" in response.vary


@pytest.mark.parametrize(
    ("origin", "method"),
    [("https://evil.example", "GET"), (ORIGIN, "DELETE"), (None, "GET")],
)
def test_preflight_for_anything_else_gets_no_cors(client, partner_key, origin, method):
    headers = {"Access-Control-Request-Method": method}
    if origin:
        headers["Origin"] = origin
    response = client.options("/api/v1/search", headers=headers)
    assert "Access-Control-Allow-Origin" not in response.headers


def test_preflight_ignores_origins_whose_keys_are_all_revoked(client, partner_key):
    _partner, new = partner_key
    services.revoke_key(services.find_key(new.public_id))
    response = client.options(
        "/api/v1/search", headers={"Origin": ORIGIN, "Access-Control-Request-Method": "GET"}
    )
    assert "Access-Control-Allow-Origin" not in response.headers


def test_per_key_limit_gives_429_with_retry_after(client, make_partner):
    _slow, slow_key = make_partner(rate_limit="3/minute")
    _other, other_key = make_partner()
    for _ in range(3):
        assert _get(client, key=slow_key.full, origin=ORIGIN).status_code == 200
    response = _get(client, key=slow_key.full, origin=ORIGIN)
    assert response.status_code == 429
    assert 0 < int(response.headers["Retry-After"]) <= 60
    body = response.get_json()
    assert body["code"] == 429
    assert slow_key.public_id in body["message"]
    assert "3/minute" in body["message"]
    # The partner's page can read the 429 and its Retry-After.
    assert response.headers["Access-Control-Allow-Origin"] == ORIGIN
    # Limits are per key: another partner, and anonymous callers, are unaffected.
    assert _get(client, key=other_key.full).status_code == 200
    assert _get(client).status_code == 200


def test_the_limit_is_shared_across_endpoints(client, make_partner, portland):
    _partner, new = make_partner(rate_limit="2/minute")
    assert _get(client, key=new.full).status_code == 200
    therapist = f"/api/v1/therapists/{portland['ada'].id}"
    assert client.get(therapist, headers={"X-API-Key": new.full}).status_code == 200
    assert client.get(therapist, headers={"X-API-Key": new.full}).status_code == 429


def test_anonymous_requests_have_a_modest_per_address_limit(app, client, partner_key):
    assert app.config["PARTNER_API_ANON_LIMIT"] == "60/minute"
    app.config["PARTNER_API_ANON_LIMIT"] = "2/minute"
    assert _get(client).status_code == 200
    assert _get(client).status_code == 200
    response = _get(client)
    assert response.status_code == 429
    assert "without an API key" in response.get_json()["message"]
    assert int(response.headers["Retry-After"]) > 0
    # A partner key is not held back by the anonymous callers' limit.
    _partner, new = partner_key
    assert _get(client, key=new.full).status_code == 200


def test_preflights_do_not_use_up_the_limit(client, make_partner):
    _partner, new = make_partner(rate_limit="2/minute")
    for _ in range(5):
        client.options(GEOCODE, headers={"Origin": ORIGIN, "Access-Control-Request-Method": "GET"})
    assert _get(client, key=new.full).status_code == 200


@pytest.mark.commits  # usage counts are written on the engine's own connection
def test_usage_is_counted_per_key_per_day_without_search_text(client, partner_key, portland):
    partner, new = partner_key
    secret_words = ["postpartum", "Portland", "97204", "Blue Cross", "Hopper"]
    for _ in range(2):
        response = client.get(
            "/api/v1/search",
            query_string={
                "location": "Portland, OR 97204",
                "condition": "postpartum depression",
                "insurance": "Blue Cross",
            },
            headers={"X-API-Key": new.full},
        )
        assert response.status_code == 200
    client.get(
        "/api/v1/conditions/resolve",
        query_string={"q": "postpartum"},
        headers={"X-API-Key": new.full},
    )
    client.get(f"/api/v1/therapists/{portland['grace'].id}", headers={"X-API-Key": new.full})
    client.get("/api/v1/search", query_string={"location": "Portland"})  # no key: not counted
    counts = {kind: count for _id, _day, kind, count in services.usage(partner)}
    assert counts == {"api.search": 2, "api.conditions_resolve": 1, "api.therapist": 1}

    # Nothing stored for partners holds what was searched for, or which therapist was viewed.
    stored = []
    for model in (Partner, PartnerOrigin, PartnerKey, PartnerUsage):
        for row in db.session.scalars(select(model)):
            stored.extend(str(getattr(row, c.key)) for c in model.__table__.columns)
    text = " ".join(stored)
    for word in secret_words:
        assert word not in text
    assert str(portland["grace"].id) not in {
        str(row.kind) for row in db.session.scalars(select(PartnerUsage))
    }


@pytest.mark.commits  # usage counts are written on the engine's own connection
def test_rate_limited_requests_are_counted_separately(client, make_partner):
    partner, new = make_partner(rate_limit="1/minute")
    _get(client, key=new.full)
    _get(client, key=new.full)
    counts = {kind: count for _id, _day, kind, count in services.usage(partner)}
    assert counts == {"api.geocode": 1, "api.rate_limited": 1}


def test_openapi_documents_the_key_header(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    scheme = spec["components"]["securitySchemes"]["ApiKeyAuth"]
    assert scheme == {**scheme, "type": "apiKey", "in": "header", "name": "X-API-Key"}


def test_other_pages_are_untouched(client, partner_key):
    _partner, new = partner_key
    response = client.get("/healthz", headers={"Origin": ORIGIN, "X-API-Key": "nonsense"})
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response.headers
    assert keys.FULL_KEY_RE.fullmatch(new.full)


@pytest.mark.commits  # usage counts are written on the engine's own connection
def test_usage_counts_are_buffered_between_flushes(app, client):
    """With a flush interval, counts wait in the process and then land in one write."""
    _, new = services.create_partner(name="Buffered", contact="b@example.org")
    db.session.commit()
    app.config["PARTNER_USAGE_FLUSH_SECONDS"] = 3600
    for _ in range(3):
        client.get("/api/v1/geocode", query_string={"q": "97204"}, headers={"X-API-Key": new.full})
    assert db.session.query(PartnerUsage).count() == 0
    app.extensions["partner_usage"].flush()
    assert [u.count for u in db.session.query(PartnerUsage)] == [3]


def test_verified_keys_are_remembered_only_for_the_configured_window(app, client):
    _, new = services.create_partner(name="Cached", contact="c@example.org")
    db.session.commit()
    app.config["PARTNER_KEY_CACHE_SECONDS"] = 3600
    headers = {"X-API-Key": new.full}
    ask = lambda: client.get("/api/v1/geocode", query_string={"q": "97204"}, headers=headers)  # noqa: E731
    assert ask().status_code == 200
    services.revoke_key(db.session.get(PartnerKey, db.session.scalar(select(PartnerKey.id))))
    db.session.commit()
    assert ask().status_code == 200  # still inside the window
    app.config["PARTNER_KEY_CACHE_SECONDS"] = 0
    assert ask().status_code == 401


# Around a value: nothing, spaces, control characters (refused), other Unicode white space.
_AROUND = ["", " ", "  ", "\t", "\n", "\x0b", "\x1c", "\x1f", "\x7f", "\xa0", "\u2003", "\u3000"]


@pytest.mark.parametrize(
    ("component", "field", "own_pattern", "values"),
    [
        ("CredentialSubmit", "level", SINGLE_LINE_REQUIRED_PATTERN, ["a", "E", "Therapist", "F"]),
        ("Licence", "nucc_code", SINGLE_LINE_PATTERN, ["", "1041C0700X", "103T00000X", "X"]),
    ],
)
def test_a_pattern_stated_per_branch_admits_what_the_fields_own_and_the_branchs_did(
    client, component, field, own_pattern, values
):
    """The field's own pattern moved into its oneOf branches (PATTERNS_IN_BRANCHES): each branch
    admits exactly what the field's pattern and the branch's values (with any white space around,
    as before) admitted together."""
    schema = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"][component]
    assert "pattern" not in schema["properties"][field]
    for branch in schema["oneOf"]:
        stated = branch["properties"][field]["pattern"]
        head, tail = f"^{SINGLE_LINE_SPACE}*", f"{SINGLE_LINE_SPACE}*$"
        assert stated.startswith(head), stated
        assert stated.endswith(tail), stated
        before = rf"^\s*{stated[len(head) : -len(tail)]}\s*$"  # as stated_pattern() wrote it
        for value, left, right in itertools.product(values, _AROUND, _AROUND):
            text = left + value + right
            together = bool(re.search(own_pattern, text) and re.search(before, text))
            assert bool(re.search(stated, text)) == together, (component, stated, text)
