"""ProfileSchema: what it accepts, what it refuses and how it says so; dump re-loads unchanged."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import pytest
from marshmallow import ValidationError
from sqlalchemy import String

from app.core.errors import format_path
from app.directory import models
from app.directory.schemas import (
    BIO_MAX,
    NOTE_MAX,
    CredentialSchema,
    LicenceSchema,
    LocationSchema,
    ProfileSchema,
    Text,
    flatten_errors,
    npi_is_valid,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def fixture_rows() -> list[dict]:
    with (FIXTURES / "profiles.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def valid_profile(**changes) -> dict:
    row = copy.deepcopy(fixture_rows()[0])
    row.update(changes)
    return row


def errors_of(data: dict, **kwargs) -> dict[str, list[str]]:
    """``{"locations[0].zip": [messages], ...}`` for data the schema refuses."""
    with pytest.raises(ValidationError) as info:
        ProfileSchema(**kwargs).load(data)
    found: dict[str, list[str]] = {}
    for path, message in flatten_errors(info.value.messages):
        found.setdefault(format_path(path), []).append(message)
    return found


# --- NPI ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("npi", ["1234567893", "1987654328", "1111111112"])
def test_valid_npis(npi):
    assert npi_is_valid(npi)


@pytest.mark.parametrize(
    "npi",
    ["1234567890", "123456789", "12345678931", "12345678a3", "", None, 1234567893, "١٢٣٤٥٦٧٨٩٣"],
)
def test_invalid_npis(npi):
    assert not npi_is_valid(npi)


# --- accepted input ----------------------------------------------------------------------------


def test_the_fixture_profiles_load():
    schema = ProfileSchema()
    for row in fixture_rows():
        schema.load(row)


def test_dump_produces_what_load_accepts():
    schema = ProfileSchema()
    for row in fixture_rows():
        dumped = schema.dump(schema.load(row))
        assert set(dumped) == set(schema.load_fields)
        assert schema.dump(schema.load(dumped)) == dumped  # a fixed point: export re-imports


def test_a_minimal_profile_gets_every_default():
    loaded = ProfileSchema().load({"name": "Jo"})
    assert loaded["visibility"] == "draft"
    assert loaded["telehealth"] is False
    assert loaded["bio"] is None
    assert loaded["slug"] is None
    assert loaded["locations"] == []
    assert loaded["insurance"] == []
    assert set(loaded) == {f.attribute or n for n, f in ProfileSchema().load_fields.items()}


def test_partial_load_leaves_absent_fields_out():
    assert ProfileSchema(partial=True).load({"fee_min": 90}) == {"fee_min": 90}


def test_strings_are_stripped_and_blank_optionals_become_null():
    loaded = ProfileSchema().load(
        {"name": "  Jo Park ", "pronouns": "   ", "bio": "Line 1\nLine 2"}
    )
    assert loaded["name"] == "Jo Park"
    assert loaded["pronouns"] is None
    assert loaded["bio"] == "Line 1\nLine 2"


def test_case_is_forgiven_and_stored_canonically():
    loaded = ProfileSchema().load(
        valid_profile(
            languages=["EN"],
            locations=[
                {"city": "Portland", "state": "or", "zip": "97204", "lat": 45.5, "lon": -122.6}
            ],
            ipt_credentials=[{"body": "IPT-Institute", "level": "b"}],
        )
    )
    assert loaded["languages"] == ["en"]
    assert loaded["locations"][0]["state"] == "OR"
    assert loaded["ipt_credentials"][0]["body"] == "ipt-institute"
    assert loaded["ipt_credentials"][0]["level"] == "B"


def test_tier_is_derived_not_taken_from_input():
    loaded = ProfileSchema().load(
        valid_profile(ipt_credentials=[{"body": "isipt", "level": "supervisor"}])
    )
    assert "tier" not in loaded["ipt_credentials"][0]
    # A stale tier in stored data is dumped as the ladder says today.
    dumped = CredentialSchema().dump({"body": "isipt", "level": "supervisor", "tier": "trained"})
    assert dumped["tier"] == "supervisor"


def test_slug_lists_dump_sorted():
    dumped = ProfileSchema().dump({"name": "x", "insurance": ["medicaid", "aetna"]})
    assert dumped["insurance"] == ["aetna", "medicaid"]


# --- refused input -----------------------------------------------------------------------------


def test_unknown_fields_are_refused_with_the_allowed_ones_named():
    errors = errors_of(valid_profile(favourite_colour="blue"))
    (message,) = errors["favourite_colour"]
    assert message.startswith("Unknown field. Allowed fields: external_id, slug, name")
    location = {"city": "Portland", "state": "OR", "zip": "97204", "lat": 45.5, "lon": -122.6}
    errors = errors_of(valid_profile(locations=[{**location, "county": "Multnomah"}]))
    assert "Allowed fields: label, address, city" in errors["locations[0].county"][0]


def test_unknown_condition_names_what_is_allowed():
    errors = errors_of(valid_profile(specialties=[{"condition": "depresion"}]))
    (message,) = errors["specialties[0].condition"]
    assert message.startswith(
        "Unknown condition 'depresion' (did you mean 'depression'?). "
        "Allowed: depression, perinatal-depression,"
    )


def test_unknown_payer_and_language():
    errors = errors_of(valid_profile(insurance=["aetna", "geico"], languages=["klingon"]))
    assert errors["insurance[1]"][0].startswith("Unknown payer 'geico'. Allowed: aetna,")
    assert errors["languages[0]"][0].startswith("Unknown language 'klingon'.")


@pytest.mark.parametrize(
    ("changes", "where", "text"),
    [
        ({"telehealth": "true"}, "telehealth", "Not a valid boolean; use true or false."),
        ({"telehealth": 1}, "telehealth", "Not a valid boolean"),
        ({"fee_min": "100"}, "fee_min", "Not a valid whole number"),
        ({"fee_min": 99.5}, "fee_min", "Not a valid whole number"),
        ({"fee_min": True}, "fee_min", "Not a valid whole number"),
        ({"name": 42}, "name", "Not a valid string."),
        ({"name": None}, "name", "Field may not be null."),
        ({"languages": "en"}, "languages", "Not a valid list."),
        ({"locations": {"city": "Portland"}}, "locations", "Not a valid list."),
        ({"licences": ["OR-123"]}, "licences[0]", "Must be an object of named fields."),
        ({"accepting_confirmed_on": "05/01/2025"}, "accepting_confirmed_on", "use YYYY-MM-DD"),
        ({"visibility": "public"}, "visibility", "Allowed: draft, published, hidden."),
        ({"gender": "robot"}, "gender", "Unknown gender 'robot'."),
    ],
)
def test_wrong_types_and_values(changes, where, text):
    errors = errors_of(valid_profile(**changes))
    assert any(text in message for message in errors[where]), errors


def test_required_fields():
    errors = errors_of({"locations": [{"city": "Portland"}], "licences": [{}]})
    assert errors["name"] == ["Missing data for required field."]
    for field in ("state", "zip", "lat", "lon"):
        assert errors[f"locations[0].{field}"] == ["Missing data for required field."]
    for field in ("licence_type", "state", "number"):
        assert errors[f"licences[0].{field}"] == ["Missing data for required field."]
    assert errors_of({"name": "   "})["name"] == ["Must not be empty."]


def _location(**changes) -> dict:
    location = {"city": "Portland", "state": "OR", "zip": "97204", "lat": 45.5, "lon": -122.6}
    return {**location, **changes}


@pytest.mark.parametrize(
    ("changes", "field", "text"),
    [
        ({"zip": "9720"}, "zip", "'9720' is not a ZIP code: use 5 digits"),
        ({"zip": "97204-1234"}, "zip", "Use the 5-digit ZIP code (97204), not ZIP+4."),
        ({"zip": "9" * 60}, "zip", "Too long"),
        ({"zip": "ABCDE"}, "zip", "is not a ZIP code"),
        ({"zip": "00000"}, "zip", "ZIP 00000 is not a US ZIP code."),
        ({"zip": 97204}, "zip", "Not a valid string."),
        ({"lat": 91.0}, "lat", "Latitude must be between -90 and 90."),
        ({"lat": -90.5}, "lat", "Latitude must be between -90 and 90."),
        ({"lon": 180.01}, "lon", "Longitude must be between -180 and 180."),
        ({"lat": "45.5"}, "lat", "Not a valid number."),
        ({"lat": float("nan")}, "lat", "not permitted"),
        ({"lon": None}, "lon", "Field may not be null."),
        ({"state": "XX"}, "state", "Unknown state 'XX'. Allowed: AK, AL,"),
    ],
)
def test_location_rules(changes, field, text):
    errors = errors_of(valid_profile(locations=[_location(**changes)]))
    assert any(text in m for m in errors[f"locations[0].{field}"]), errors


def test_npi_rules():
    assert errors_of(valid_profile(npi="1234567890"))["npi"] == [
        "NPI 1234567890 has a wrong check digit (Luhn over 80840 + NPI)."
    ]
    assert "exactly 10 digits" in errors_of(valid_profile(npi="12345"))["npi"][0]
    assert errors_of(valid_profile(npi=1234567893))["npi"] == ["Not a valid string."]


def test_fees():
    assert errors_of(valid_profile(fee_min=200, fee_max=100))["fee_max"] == [
        "Must be at least fee_min (200)."
    ]
    assert "between 0 and 2000" in errors_of(valid_profile(fee_min=-5))["fee_min"][0]
    assert "between 0 and 2000" in errors_of(valid_profile(fee_max=10**9))["fee_max"][0]


@pytest.mark.parametrize(
    ("changes", "field", "text"),
    [
        ({"email": "not-an-email"}, "email", "Not a valid email address."),
        ({"website": "ftp://example.org"}, "website", "Not a valid http or https URL."),
        ({"website": "javascript:alert(1)"}, "website", "Not a valid http or https URL."),
        ({"phone": "call me"}, "phone", "Not a valid phone number"),
        ({"phone": "123"}, "phone", "Not a valid phone number"),
        ({"slug": "Ana Rivera"}, "slug", "Not a valid slug"),
        ({"slug": "ana--rivera"}, "slug", "Not a valid slug"),
        ({"name": "Ana\x00Rivera"}, "name", "Must not contain control characters."),
        ({"bio": "tab\tand\nnewline ok, but \x1b no"}, "bio", "control characters"),
        ({"name": "x" * 201}, "name", "Too long: 201 characters; at most 200 allowed."),
        ({"bio": "x" * (BIO_MAX + 1)}, "bio", f"at most {BIO_MAX} allowed"),
        ({"external_id": "e" * 101}, "external_id", "at most 100 allowed"),
    ],
)
def test_scalar_rules(changes, field, text):
    errors = errors_of(valid_profile(**changes))
    assert any(text in m for m in errors[field]), errors


def test_licence_rules():
    licence = {"licence_type": "psychiatrist", "state": "OR", "number": "MD1"}
    errors = errors_of(valid_profile(licences=[{**licence, "nucc_code": "1041C0700X"}]))
    assert errors["licences[0].nucc_code"] == [
        "NUCC code 1041C0700X does not belong to licence type 'psychiatrist'. Allowed: 2084P0800X."
    ]
    errors = errors_of(valid_profile(licences=[licence, {**licence, "number": "MD2"}]))
    assert "list each state's licence once" in errors["licences"][0]
    errors = errors_of(valid_profile(licences=[{**licence, "licence_type": "shaman"}]))
    assert errors["licences[0].licence_type"][0].startswith("Unknown licence type 'shaman'.")


def test_psypact_is_for_psychologists_only():
    licence = {"licence_type": "clinical-social-worker", "state": "OR", "number": "L1"}
    errors = errors_of(valid_profile(psypact=True, licences=[licence]))
    assert "PSYPACT applies to psychologists only" in errors["psypact"][0]
    ProfileSchema().load(valid_profile(psypact=False, licences=[licence]))


@pytest.mark.parametrize(
    ("credential", "field", "text"),
    [
        ({"body": "isipt", "level": "B"}, "level", "Level 'B' is not on the ISIPT ladder."),
        ({"body": "ipt-uk", "level": "E"}, "level", "Allowed for ipt-uk: A, B, C, D."),
        ({"body": "guild", "level": "A"}, "body", "Unknown credential body 'guild'."),
        (
            {"body": "isipt", "level": "therapist", "tier": "trainer"},
            "tier",
            "isipt therapist is 'certified', not 'trainer'",
        ),
        ({"body": "isipt", "level": "therapist", "status": "verified"}, "verified_at", "Required"),
        ({"body": "isipt", "level": "therapist", "status": "verified"}, "verified_by", "Required"),
        (
            {"body": "isipt", "level": "therapist", "verified_at": "2024-04-02T10:15:00"},
            "verified_at",
            "Give a timezone",
        ),
        (
            {"body": "isipt", "level": "therapist", "evidence_url": "http://example.org/c"},
            "evidence_url",
            "Not a valid https URL.",
        ),
        (
            {"body": "isipt", "level": "therapist", "awarded_on": "2024-01-02"}
            | {"expires_on": "2023-01-01"},
            "expires_on",
            "Must not be before awarded_on (2024-01-02).",
        ),
        ({"body": "isipt", "level": "therapist", "status": "approved"}, "status", "Allowed:"),
        (
            {"body": "isipt", "level": "therapist", "note": "n" * (NOTE_MAX + 1)},
            "note",
            "Too long",
        ),
    ],
)
def test_credential_rules(credential, field, text):
    errors = errors_of(valid_profile(ipt_credentials=[credential]))
    assert any(text in m for m in errors[f"ipt_credentials[0].{field}"]), errors


def test_verified_credential_accepts_any_timezone_and_dumps_utc():
    loaded = ProfileSchema().load(
        valid_profile(
            ipt_credentials=[
                {
                    "body": "isipt",
                    "level": "therapist",
                    "status": "verified",
                    "verified_by": "Verifier",
                    "verified_at": "2024-04-02T05:15:00-05:00",
                }
            ]
        )
    )
    verified_at = loaded["ipt_credentials"][0]["verified_at"]
    assert verified_at == dt.datetime(2024, 4, 2, 10, 15, tzinfo=dt.UTC)
    dumped = CredentialSchema().dump({**loaded["ipt_credentials"][0], "verified_at": verified_at})
    assert dumped["verified_at"] == "2024-04-02T10:15:00+00:00"


def test_repeated_list_items_are_refused():
    errors = errors_of(valid_profile(languages=["en", "en"]))
    assert errors["languages"] == ["'en' is listed more than once."]
    errors = errors_of(valid_profile(specialties=[{"condition": "grief"}, {"condition": "grief"}]))
    assert errors["specialties"] == ["Condition 'grief' is listed more than once."]


def test_every_error_in_a_profile_is_reported_at_once():
    errors = errors_of(
        valid_profile(npi="1234567890", fee_min=300, fee_max=100, insurance=["geico"], extra=1)
    )
    assert {"npi", "fee_max", "insurance[0]", "extra"} <= set(errors)


# --- lengths follow the database ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("schema", "model"),
    [
        (ProfileSchema, models.Therapist),
        (LocationSchema, models.Location),
        (LicenceSchema, models.Licence),
        (CredentialSchema, models.IptCredential),
    ],
)
def test_string_lengths_match_the_database_columns(schema, model):
    columns = model.__table__.columns
    checked = 0
    for name, field in schema().load_fields.items():
        column = columns.get(field.attribute or name)
        if isinstance(field, Text) and column is not None and isinstance(column.type, String):
            if column.type.length is not None:
                assert field.max_length == column.type.length, name
                checked += 1
            else:  # TEXT columns get a product limit
                assert field.max_length in (BIO_MAX, NOTE_MAX), name
    assert checked


def test_format_path():
    assert format_path(("locations", 0, "zip")) == "locations[0].zip"
    assert format_path(()) == "(profile)"
