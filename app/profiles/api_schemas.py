"""OpenAPI schemas of ``/api/v1/me``: what each request sends and each response returns.

Request bodies are validated by the services (``app.profiles.services``, ``app.credentials``) with
the same marshmallow schemas these reference, so the document states the rules a request is held
to. Some rules cannot be written as JSON Schema and are said in the operation's description and
answered 409/422: the ``version`` must be the current one, a ZIP code must exist, a credential
level must belong to its body, dates must not be in the future.
"""

from __future__ import annotations

from marshmallow import INCLUDE, Schema, fields

from app.credentials.services import SubmissionSchema, submission_schema
from app.profiles.schemas import EXCLUDED, SelfProfileSchema


class ApiErrorSchema(Schema):
    """Every error: ``{"code", "status", "message", "errors"}`` (a 409 adds the current state)."""

    class Meta:
        unknown = INCLUDE

    code = fields.Integer(required=True)
    status = fields.String(required=True)
    message = fields.String(required=True)
    errors = fields.Dict(required=True)


class MeSchema(Schema):
    id = fields.Integer(required=True)
    email = fields.String(required=True)
    role = fields.String(required=True, metadata={"enum": ["therapist", "verifier", "admin"]})
    email_verified = fields.Boolean(required=True)
    therapist_id = fields.Integer(required=True, allow_none=True)
    csrf_token = fields.String(
        required=True, metadata={"description": "Send it back in the X-CSRFToken header."}
    )


def _profile(**kwargs) -> fields.Nested:
    return fields.Nested(SelfProfileSchema(exclude=EXCLUDED), **kwargs)


class ProfileEnvelopeSchema(Schema):
    id = fields.Integer(required=True)
    version = fields.Integer(required=True)
    visibility = fields.String(required=True, metadata={"enum": ["draft", "published", "hidden"]})
    accepting_confirmed_on = fields.Date(required=True, allow_none=True)
    availability_stale = fields.Boolean(required=True)
    public_url = fields.String(required=True, allow_none=True)
    profile = _profile(required=True)


class ProfileCreateSchema(Schema):
    profile = _profile(required=True)


class ProfileReplaceSchema(Schema):
    version = fields.Integer(
        required=True,
        metadata={"description": "The version you read; another one is a 409, nothing saved."},
    )
    profile = _profile(required=True)


class ProfilePatchSchema(Schema):
    version = fields.Integer(
        required=True,
        metadata={"description": "The version you read; another one is a 409, nothing saved."},
    )
    profile = fields.Nested(
        SelfProfileSchema(exclude=EXCLUDED, partial=True),
        required=True,
        metadata={"description": "Only the fields to change."},
    )


class CredentialSubmitSchema(SubmissionSchema):
    """A credential to verify (``tier`` is derived, ``status`` starts as pending): the schema the
    service loads it with, so the document states exactly what is checked."""


class CredentialOutSchema(Schema):
    id = fields.Integer(required=True)
    body = fields.String(required=True)
    level = fields.String(required=True)
    tier = fields.String(required=True, allow_none=True)
    status = fields.String(required=True)
    awarded_on = fields.Date(required=True, allow_none=True)
    expires_on = fields.Date(required=True, allow_none=True)
    certificate_id = fields.String(required=True, allow_none=True)
    evidence_url = fields.String(required=True, allow_none=True)
    verified_at = fields.String(required=True, allow_none=True)
    note = fields.String(required=True, allow_none=True)
    text = fields.String(required=True)


class CredentialListSchema(Schema):
    credentials = fields.List(fields.Nested(CredentialOutSchema), required=True)


def credential_submit_schema() -> CredentialSubmitSchema:
    return CredentialSubmitSchema(exclude=submission_schema().exclude)
