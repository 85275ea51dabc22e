"""Schemas for the training pathway: one definition validates input, shapes output and documents the
API (``/api/v1/supervisors``, ``/api/v1/trainings``, ``/api/v1/access``)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema

from app.core.validation import no_control_characters
from matching.reference import vocabulary
from matching.supervision import FORMATS, valid_timezone

VOCAB = vocabulary()
MAX_FEE = 5000
MAX_PRICE = 100_000


def _text(max_len: int = 200, **kw: Any) -> fields.String:
    return fields.String(
        validate=[validate.Length(min=1, max=max_len), no_control_characters], **kw
    )


def check_timezone(value: str) -> None:
    if not valid_timezone(value):
        raise ValidationError(
            f"'{value[:64]}' is not a time zone. Use a name such as 'America/Chicago' or "
            "'Europe/London'."
        )


def check_https(value: str) -> None:
    parts = urlsplit(value.strip())
    if parts.scheme != "https" or not parts.netloc or " " in value.strip():
        raise ValidationError("Give a full https:// address (for example https://example.org/…).")


class _Strict(Schema):
    class Meta:
        unknown = RAISE


def _timezone_field(**kw: Any) -> fields.String:
    return fields.String(validate=[validate.Length(min=1, max=64), check_timezone], **kw)


# --- supervision offers ----------------------------------------------------------------------


class OfferSchema(_Strict):
    """A supervisor's offer, as they edit it."""

    accepting = fields.Boolean(
        load_default=True, metadata={"description": "Taking supervisees now."}
    )
    individual = fields.Boolean(load_default=True)
    group = fields.Boolean(load_default=False)
    fee_individual = fields.Integer(
        allow_none=True,
        load_default=None,
        validate=validate.Range(min=0, max=MAX_FEE, error="Give a fee from 0 to {max} (USD/hour)."),
    )
    fee_group = fields.Integer(
        allow_none=True,
        load_default=None,
        validate=validate.Range(min=0, max=MAX_FEE, error="Give a fee from 0 to {max} (USD/hour)."),
    )
    timezone = _timezone_field(required=True)
    languages = fields.List(
        fields.String(validate=validate.OneOf(list(VOCAB.languages))),
        load_default=lambda: ["en"],
        validate=validate.Length(min=1, max=10, error="Choose one to ten languages."),
    )
    adaptations = fields.List(
        fields.String(validate=validate.OneOf(list(VOCAB.adaptations))),
        load_default=list,
        validate=validate.Length(max=len(VOCAB.adaptations)),
    )
    in_person = fields.Boolean(load_default=False)
    note = fields.String(
        allow_none=True,
        load_default=None,
        validate=[validate.Length(max=1000), no_control_characters],
    )

    @validates_schema
    def _format(self, data: dict, **kwargs: Any) -> None:
        if not data.get("individual") and not data.get("group"):
            raise ValidationError(
                "Offer individual or group supervision (or both).", field_name="individual"
            )


class SupervisorSearchArgs(_Strict):
    ladder = fields.String(
        validate=validate.OneOf([b for b in VOCAB.credential_bodies if b != "other"]),
        metadata={"description": "The certifying body whose ladder you are on."},
    )
    verified_only = fields.Boolean(load_default=False)
    adaptation = fields.List(
        fields.String(validate=validate.OneOf(list(VOCAB.adaptations))),
        load_default=list,
        metadata={"description": "Adaptation expertise (repeat for several: all must match)."},
    )
    language = fields.String(validate=validate.OneOf(list(VOCAB.languages)))
    timezone = _timezone_field(metadata={"description": "Your time zone, e.g. America/Chicago."})
    max_hours_apart = fields.Float(validate=validate.Range(min=0, max=12))
    format = fields.String(validate=validate.OneOf(FORMATS))
    max_fee = fields.Integer(validate=validate.Range(min=0, max=MAX_FEE))
    accepting = fields.Boolean(load_default=False)
    in_person_near = _text(
        metadata={"description": "For in-person supervision: a ZIP or 'City, ST' (a preference)."}
    )
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0, max=10_000))


class StandingSchema(Schema):
    body = fields.String()
    level = fields.String()
    tier = fields.String()
    verified = fields.Boolean()
    text = fields.String()


class SupervisorSchema(Schema):
    therapist_id = fields.Integer()
    name = fields.String()
    slug = fields.String()
    profile_url = fields.String()
    standings = fields.List(fields.Nested(StandingSchema))
    adaptations = fields.List(fields.String())
    languages = fields.List(fields.String())
    timezone = fields.String()
    individual = fields.Boolean()
    group = fields.Boolean()
    fee_individual = fields.Integer(allow_none=True)
    fee_group = fields.Integer(allow_none=True)
    accepting = fields.Boolean()
    confirmed_on = fields.Date(allow_none=True)
    in_person = fields.Boolean()
    place = fields.String(allow_none=True)
    note = fields.String(allow_none=True)
    distance_mi = fields.Float(allow_none=True)
    score = fields.Float()
    score_parts = fields.Dict(keys=fields.String(), values=fields.Float())
    reasons = fields.List(fields.String())


class SupervisorResponseSchema(Schema):
    total = fields.Integer()
    results = fields.List(fields.Nested(SupervisorSchema))
