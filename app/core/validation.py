"""Field validators shared by the API and form schemas."""

from __future__ import annotations

import re
from typing import Any

from email_validator import EmailNotValidError, validate_email
from limits import parse_many
from marshmallow import RAISE, Schema, ValidationError, fields, validate

# Control characters; tab and line breaks are allowed only in multi-line text.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_CONTROL_MULTILINE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# The same rule for OpenAPI documents (JSON Schema "pattern"): no control characters but tab and
# line breaks, at least one character.
NO_CONTROL_PATTERN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]+$"
_RATE_LIMIT_CHARS_RE = re.compile(r"[0-9A-Za-z /;,]+")


def has_control_characters(text: str, *, multiline: bool = False) -> bool:
    return bool((_CONTROL_MULTILINE if multiline else _CONTROL).search(text))


def no_control_characters(value: str) -> None:
    """Marshmallow validator for text that may span lines (tabs and newlines allowed)."""
    if has_control_characters(value, multiline=True):
        raise ValidationError("Must not contain control characters.")


def text_field(max_len: int = 200, **kw: Any) -> fields.String:
    """Text of 1 to ``max_len`` characters without control characters (tab and line breaks
    allowed), the rule stated as a pattern in the OpenAPI document."""
    metadata = {"pattern": NO_CONTROL_PATTERN, **kw.pop("metadata", {})}
    return fields.String(
        validate=[validate.Length(min=1, max=max_len), no_control_characters],
        metadata=metadata,
        **kw,
    )


def lang_field(of: str) -> fields.String:
    """An API's ``lang`` parameter: the language ``of`` what it answers ("reasons and dates")."""
    return fields.String(
        validate=validate.Length(max=35),
        metadata={
            "description": f"Language of {of}: 'en' or 'es' (else Accept-Language; an unknown "
            "value falls back to English)."
        },
    )


class Strict(Schema):
    """A misspelt field or parameter is an error, not silently ignored (marshmallow's message;
    ``app.directory.schemas.StrictSchema`` also lists the allowed names)."""

    class Meta:
        unknown = RAISE


def validate_rate_limit(text: str) -> str:
    """A Flask-Limiter rate limit string such as ``60/minute`` or ``10/second;1000/day``."""
    candidate = " ".join((text or "").split())
    example = "use forms like '60/minute', '1000/day' or '10/second;1000/hour'"
    if not candidate:
        raise ValueError(f"A rate limit is required; {example}.")
    if len(candidate) > 64 or not _RATE_LIMIT_CHARS_RE.fullmatch(candidate):
        raise ValueError(f"'{candidate[:64]}' is not a rate limit; {example}.")
    try:
        items = parse_many(candidate)
    except ValueError:
        raise ValueError(f"'{candidate}' is not a rate limit; {example}.") from None
    if not items or any(item.amount < 1 for item in items):
        raise ValueError(f"'{candidate}' is not a rate limit; {example}.")
    return candidate


def normalised_email(value: str) -> str:
    """An e-mail address checked by ``email-validator`` (syntax only: no network), in its
    normalised form; ``ValueError`` with the reason otherwise.

    The normalised form is the one to store, show and put in headers, so that the address a
    person sees is exactly the one mail goes to (no display names, quotes or comments, no
    look-alike Unicode forms left un-normalised)."""
    try:
        result = validate_email(
            value, check_deliverability=False, allow_display_name=False, allow_quoted_local=False
        )
    except EmailNotValidError as exc:
        raise ValueError(str(exc)) from None
    return result.normalized
