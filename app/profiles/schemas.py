"""The therapist-facing profile schema: the directory's ``ProfileSchema`` minus what a therapist
does not set directly.

* ``ipt_credentials`` go through submission and verification (``app.credentials``), never an edit;
* ``visibility`` changes through publish/hide, ``accepting_confirmed_on`` through the one-click
  "I am still accepting clients";
* ``external_id`` belongs to the import that created a listing.

Locations are geocoded on save from their ZIP code (and town), so ``lat``/``lon`` are optional on
input and whatever is sent there is replaced.
"""

from __future__ import annotations

from marshmallow import fields, validate

from app.directory.schemas import MAX_LOCATIONS, LocationSchema, Number, ProfileSchema

EXCLUDED = ("external_id", "visibility", "ipt_credentials", "accepting_confirmed_on")


class SelfLocationSchema(LocationSchema):
    lat = Number(
        allow_none=True,
        load_default=None,
        metadata={"description": "Computed from the ZIP code on save; input is ignored."},
    )
    lon = Number(
        allow_none=True,
        load_default=None,
        metadata={"description": "Computed from the ZIP code on save; input is ignored."},
    )


class SelfProfileSchema(ProfileSchema):
    locations = fields.List(
        fields.Nested(SelfLocationSchema),
        load_default=list,
        validate=validate.Length(max=MAX_LOCATIONS, error="At most {max} locations."),
    )


def editable_schema(*, partial: bool = False) -> SelfProfileSchema:
    """``partial`` makes top-level fields optional (PATCH); a location or licence that is given
    must still be complete."""
    schema = SelfProfileSchema(exclude=EXCLUDED)
    if partial:
        schema = SelfProfileSchema(exclude=EXCLUDED, partial=tuple(schema.load_fields))
    return schema


EDITABLE_FIELDS: tuple[str, ...] = tuple(SelfProfileSchema(exclude=EXCLUDED).load_fields)

FIELD_LABELS = {
    "slug": "Profile web address",
    "name": "Name",
    "pronouns": "Pronouns",
    "credential_letters": "Credentials after your name",
    "bio": "About you",
    "gender": "Gender",
    "telehealth": "Offers telehealth",
    "psypact": "PSYPACT telepsychology",
    "accepting_clients": "Accepting new clients",
    "fee_min": "Lowest fee",
    "fee_max": "Highest fee",
    "sliding_scale": "Sliding scale",
    "email": "Contact e-mail",
    "phone": "Phone",
    "website": "Website",
    "npi": "NPI",
    "locations": "Locations",
    "licences": "Licences",
    "specialties": "Specialties",
    "languages": "Languages",
    "insurance": "Insurance accepted",
    "age_groups": "Age groups",
    "session_formats": "Session formats",
    "adaptations": "IPT adaptations",
    "delivery_formats": "Delivery formats",
}
