"""Schemas for the training pathway: one definition validates input, shapes output and documents the
API (``/api/v1/supervisors``, ``/api/v1/trainings``, ``/api/v1/access``)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from app.core.validation import Strict, lang_field, no_control_characters, text_field
from matching.reference import vocabulary
from matching.supervision import FORMATS, timezone_names, valid_timezone

VOCAB = vocabulary()
MAX_FEE = 5000
MAX_PRICE = 100_000
TIMEZONES = sorted(timezone_names())  # the document's enum for every time zone field


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


def _timezone_field(**kw: Any) -> fields.String:
    """An IANA time zone name. The document lists them (an enum), while the check keeps a short
    message: marshmallow's OneOf would recite all six hundred."""
    metadata = {"enum": TIMEZONES, **kw.pop("metadata", {})}
    return fields.String(
        validate=[validate.Length(min=1, max=64), check_timezone], metadata=metadata, **kw
    )


# --- supervision offers ----------------------------------------------------------------------


class OfferSchema(Strict):
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


class SupervisorSearchArgs(Strict):
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
    in_person_near = text_field(
        metadata={"description": "For in-person supervision: a ZIP or 'City, ST' (a preference)."}
    )
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0, max=10_000))
    lang = lang_field("reasons and dates")


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


# --- trainings ---------------------------------------------------------------------------------

BODIES = list(VOCAB.credential_bodies)


class TrainingInputSchema(Strict):
    """A course or workshop as a trainer or partner organisation submits it."""

    title = text_field(200, required=True)
    provider = text_field(200, required=True, metadata={"description": "Who runs it."})
    description = fields.String(
        allow_none=True,
        load_default=None,
        validate=[validate.Length(max=4000), no_control_characters],
    )
    body = fields.String(
        allow_none=True,
        load_default=None,
        validate=validate.OneOf(BODIES),
        metadata={"description": "The certifying body whose ladder it counts toward."},
    )
    level = fields.String(allow_none=True, load_default=None, validate=validate.Length(max=20))
    adaptation = fields.String(
        allow_none=True, load_default=None, validate=validate.OneOf(list(VOCAB.adaptations))
    )
    starts_at = fields.String(
        required=True, metadata={"description": "Local date and time, e.g. 2027-03-14T09:00."}
    )
    ends_at = fields.String(required=True)
    timezone = _timezone_field(required=True)
    online = fields.Boolean(load_default=True)
    venue = fields.String(
        allow_none=True,
        load_default=None,
        validate=[validate.Length(max=200), no_control_characters],
    )
    place = fields.String(
        allow_none=True,
        load_default=None,
        validate=[validate.Length(max=200), no_control_characters],
        metadata={"description": "For in-person trainings: a ZIP or 'City, ST'."},
    )
    hours = fields.Float(
        allow_none=True,
        load_default=None,
        validate=validate.Range(
            min=0, min_inclusive=False, max=500, error="Give hours above 0, up to {max}."
        ),
    )
    ce_credits = fields.Float(
        allow_none=True,
        load_default=None,
        validate=validate.Range(min=0, max=500, error="Credits cannot be negative (0 to {max})."),
    )
    price = fields.Integer(
        allow_none=True,
        load_default=None,
        validate=validate.Range(
            min=0, max=MAX_PRICE, error="A price cannot be negative (0 to {max} USD)."
        ),
    )
    seats_left = fields.Integer(
        allow_none=True,
        load_default=None,
        validate=validate.Range(min=0, max=100_000, error="Seats cannot be negative."),
    )
    language = fields.String(load_default="en", validate=validate.OneOf(list(VOCAB.languages)))
    registration_url = fields.String(
        required=True, validate=[validate.Length(max=500), check_https]
    )

    @validates_schema
    def _level_on_ladder(self, data: dict, **kwargs: Any) -> None:
        level = data.get("level")
        if level and not data.get("body"):
            raise ValidationError(
                "Choose the body whose ladder this level is on.", field_name="body"
            )
        if level and (data["body"], level) not in VOCAB.credential_levels:
            raise ValidationError(
                f"'{level}' is not a level of {VOCAB.credential_bodies[data['body']]['label']}.",
                field_name="level",
            )


class TrainingSearchArgs(Strict):
    date_from = fields.Date(metadata={"description": "Starting on or after (YYYY-MM-DD)."})
    date_to = fields.Date(metadata={"description": "Starting on or before (YYYY-MM-DD)."})
    mode = fields.String(
        load_default="any",
        validate=validate.OneOf(("any", "online", "in-person")),
        metadata={"description": "online, in-person, or any."},
    )
    near = text_field(metadata={"description": "In-person near a ZIP or 'City, ST'."})
    radius_mi = fields.Float(load_default=100.0, validate=validate.Range(min=1, max=1000))
    body = fields.String(validate=validate.OneOf(BODIES))
    level = fields.String(validate=validate.Length(max=20))
    adaptation = fields.String(validate=validate.OneOf(list(VOCAB.adaptations)))
    language = fields.String(validate=validate.OneOf(list(VOCAB.languages)))
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0, max=10_000))
    lang = lang_field("reasons and dates")

    @validates_schema
    def _range(self, data: dict, **kwargs: Any) -> None:
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            raise ValidationError(
                "Must not be before date_from (the range ends before it starts).",
                field_name="date_to",
            )


class TrainingSchema(Schema):
    id = fields.Integer()
    title = fields.String()
    provider = fields.String()
    description = fields.String(allow_none=True)
    body = fields.String(allow_none=True)
    level = fields.String(allow_none=True)
    counts_toward = fields.String(allow_none=True)
    adaptation = fields.String(allow_none=True)
    starts_at = fields.DateTime()
    ends_at = fields.DateTime()
    timezone = fields.String()
    local_start = fields.String()
    local_end = fields.String()
    online = fields.Boolean()
    venue = fields.String(allow_none=True)
    city = fields.String(allow_none=True)
    state = fields.String(allow_none=True)
    distance_mi = fields.Float(allow_none=True)
    hours = fields.Float(allow_none=True)
    ce_credits = fields.Float(allow_none=True)
    price = fields.Integer(allow_none=True)
    seats_left = fields.Integer(allow_none=True)
    language = fields.String()
    registration_url = fields.String()
    url = fields.String()


class TrainingListSchema(Schema):
    total = fields.Integer()
    calendar_url = fields.String()
    results = fields.List(fields.Nested(TrainingSchema))


# --- access ------------------------------------------------------------------------------------


class AccessArgs(Strict):
    level = fields.String(
        load_default="state",
        validate=validate.OneOf(("state", "zip3")),
        metadata={"description": "Rows by state, or by 3-digit ZIP area."},
    )
    state = fields.String(validate=validate.OneOf(list(VOCAB.states)))
    weeks = fields.Integer(load_default=12, validate=validate.Range(min=1, max=52))


class WeekCountSchema(Schema):
    week = fields.Date()
    searches = fields.Integer()


class UnmetDemandSchema(Schema):
    total = fields.Integer(
        allow_none=True, metadata={"description": "null: fewer than 10, not shown."}
    )
    by_condition = fields.Dict(keys=fields.String(), values=fields.Integer())
    by_week = fields.List(fields.Nested(WeekCountSchema))


class AccessAreaSchema(Schema):
    state = fields.String()
    state_name = fields.String()
    zip3 = fields.String(allow_none=True)
    therapists = fields.Integer()
    verified = fields.Integer()
    by_tier = fields.Dict(keys=fields.String(), values=fields.Integer())
    by_adaptation = fields.Dict(keys=fields.String(), values=fields.Integer())
    telehealth = fields.Integer(
        metadata={"description": "Listed therapists offering telehealth, licensed in the state."}
    )
    unmet_demand = fields.Nested(UnmetDemandSchema)


class AccessResponseSchema(Schema):
    level = fields.String()
    weeks = fields.Integer()
    suppressed_below = fields.Integer()
    areas = fields.List(fields.Nested(AccessAreaSchema))
