"""The therapist profile schema: one shape for import, export and the JSON API.

``ProfileSchema().load(data)`` validates a profile and returns a plain dict keyed by ORM attribute
names (``services.upsert_profile`` writes it); ``ProfileSchema().dump(therapist)`` produces exactly
the shape ``load`` accepts, so an export re-imports unchanged.

Rules, in one place:

* Unknown fields are refused (``unknown = RAISE``); the message lists the allowed field names.
* Every string is stripped, has the maximum length of its database column (``bio`` and ``note`` have
  product limits) and may not contain control characters (tab and newlines are allowed in the long
  text fields). An optional string that is blank becomes ``null``.
* Types are strict: ``"true"`` is not a boolean, ``"120"`` is not a number. (The CSV reader converts
  cells before they get here.)
* Slugs come from ``seed_data/`` via :func:`matching.reference.vocabulary`; a wrong one is reported
  with the allowed values, e.g. ``Unknown condition 'depresion' (did you mean 'depression'?).
  Allowed: depression, perinatal-depression, …``. Case is forgiven (``OR`` == ``or``).
* A credential's ``tier`` is derived from the body's ladder in ``seed_data/ipt_credentials.json``.
  It is dumped for readers, and accepted on input only when it equals the derived tier.
* Locations need ``lat`` and ``lon`` (nothing here geocodes) and a real 5-digit US ZIP.

For a full load every field gets its default (``false``, ``null``, ``[]``, ``visibility="draft"``),
so an upsert makes the stored profile equal to the input. ``load(..., partial=True)`` leaves absent
fields out, for PATCH-style edits. A therapist-facing edit schema should exclude the verification
fields: ``ProfileSchema(exclude=("ipt_credentials.status", "ipt_credentials.verified_by",
"ipt_credentials.verified_at"))``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from typing import Any

from marshmallow import (
    RAISE,
    Schema,
    ValidationError,
    fields,
    post_load,
    validate,
    validates_schema,
)

from app.core.extensions import PATTERNS_IN_BRANCHES
from app.core.validation import has_control_characters
from app.directory.models import GENDERS, VISIBILITIES
from matching import geo
from matching.reference import vocabulary

VOCAB = vocabulary()

# Product limits (columns that are TEXT in the database still get a sane maximum).
BIO_MAX = 5000
NOTE_MAX = 2000
FEE_MAX = 2000  # USD per session
MAX_LOCATIONS = 20
MAX_LICENCES = 60
MAX_CREDENTIALS = 20

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# Formats, each one regular expression that the server applies (``re.fullmatch`` on the stripped
# value) and the OpenAPI document states (``pattern``, with the whitespace that is stripped
# around it), so that a value valid by the document is never refused, nor the other way round.
# ASCII only, and no lookarounds: JSON Schema (ECMA 262) and Python read them the same way.
ZIP_FORMAT = r"[0-9]{5}"
NPI_FORMAT = r"[0-9]{10}"
# Digits and + ( ) . - / spaces, at least 7 digits, then an optional extension ("x12", "ext. 12").
PHONE_FORMAT = (
    r"\+?[ ().\-/]*(?:[0-9][ ().\-/]*){7,}(?:[ ]*(?:[Xx]|[Ee][Xx][Tt]\.?)[ ]*[0-9]{1,6})?"
)
# The HTML standard's "valid e-mail address", with at least one dot in the domain.
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
EMAIL_FORMAT = rf"[A-Za-z0-9.!#$%&'*+/=?^_`{{|}}~-]+@{_LABEL}(?:\.{_LABEL})+"
# A host name with a top-level domain of letters, an optional port, then a path, query or fragment.
_HOST = rf"(?:{_LABEL}\.)+[A-Za-z]{{2,63}}(?::[0-9]{{1,5}})?"
_REST = r"(?:[/?#][^\s\x00-\x1f\x7f]*)?"
HTTPS_URL_FORMAT = rf"https://{_HOST}{_REST}"
WEB_URL_FORMAT = rf"[Hh][Tt][Tt][Pp][Ss]?://{_HOST}{_REST}"
BARE_WEB_FORMAT = rf"{_HOST}{_REST}"  # a website typed without its scheme: https:// is added
_ZIP_RE = re.compile(ZIP_FORMAT)
_PHONE_RE = re.compile(PHONE_FORMAT)


def npi_is_valid(npi: str) -> bool:
    """True for a 10-digit NPI whose last digit is the Luhn check digit over ``80840`` + NPI.

    (CMS: the NPI check digit is the ISO/IEC 7812 Luhn digit of the number prefixed with the
    card-issuer identifier 80840.)
    """
    if not isinstance(npi, str) or len(npi) != 10 or not npi.isascii() or not npi.isdigit():
        return False
    total = 0
    for position, char in enumerate(reversed("80840" + npi)):
        digit = int(char)
        if position % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def _shorten(value: Any, limit: int = 60) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- fields -----------------------------------------------------------------------------------


SINGLE_LINE_PATTERN = r"^[^\x00-\x1f\x7f]*$"
MULTILINE_PATTERN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
SINGLE_LINE_REQUIRED_PATTERN = r"^[^\x00-\x1f\x7f]*[^\s\x00-\x1f\x7f][^\x00-\x1f\x7f]*$"
MULTILINE_REQUIRED_PATTERN = (
    r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*[^\s\x00-\x1f\x7f][^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
)
# White space that is no control character: what a single-line pattern allows around a format.
SINGLE_LINE_SPACE = r"[^\S\x00-\x1f\x7f]"


class Text(fields.String):
    """A stripped string with a maximum length and no control characters.

    Blank input becomes ``None`` for an optional field and "Must not be empty." for a required one.
    Extra checks are plain callables ``check(value) -> None`` raising ``ValidationError``.
    """

    def __init__(
        self,
        max_length: int,
        *,
        multiline: bool = False,
        checks: Iterable[Callable[[str], None]] = (),
        checks_first: bool = False,
        required: bool = False,
        **kwargs: Any,
    ) -> None:
        metadata = {
            "maxLength": max_length,
            # The rules below, as the OpenAPI document states them (control characters; a
            # required field needs a visible character). Whitespace around is stripped.
            "pattern": (MULTILINE_PATTERN if multiline else SINGLE_LINE_PATTERN)
            if not required
            else (MULTILINE_REQUIRED_PATTERN if multiline else SINGLE_LINE_REQUIRED_PATTERN),
            **kwargs.pop("metadata", {}),
        }
        if not required:
            kwargs.setdefault("allow_none", True)
            kwargs.setdefault("load_default", None)
        super().__init__(required=required, metadata=metadata, **kwargs)
        self.max_length = max_length
        self.multiline = multiline
        self.checks = tuple(checks)
        self.checks_first = checks_first  # for short codes the format says more than the length

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs).strip()
        if self.checks_first and value and len(value) <= 4 * self.max_length:
            for check in self.checks:
                check(value)
        if len(value) > self.max_length:
            raise ValidationError(
                f"Too long: {len(value)} characters; at most {self.max_length} allowed."
            )
        if has_control_characters(value, multiline=self.multiline):
            raise ValidationError("Must not contain control characters.")
        if not value:
            if self.required:
                raise ValidationError("Must not be empty.")
            return None
        if not self.checks_first:
            for check in self.checks:
                check(value)
        return value


def complete_web_url(value: str) -> str:
    """ "lima.example/about" -> "https://lima.example/about": people type addresses without the
    scheme; anything else is left for the URL check to refuse with its message."""
    value = value.strip()
    if re.fullmatch(BARE_WEB_FORMAT, value):
        return "https://" + value
    return value


class WebsiteText(Text):
    """A website: an http(s) URL, completed with https:// when typed without a scheme. What is
    typed may be ``SCHEME_ROOM`` characters shorter than the column, which keeps room for the
    scheme added."""

    SCHEME_ROOM = len("https://")

    def __init__(self, max_length: int, **kwargs: Any) -> None:
        self.typed_max = max_length - self.SCHEME_ROOM
        metadata = {
            "maxLength": self.typed_max,
            "pattern": stated_pattern(f"{WEB_URL_FORMAT}|{BARE_WEB_FORMAT}", optional=True),
            "description": "http(s) URL; without a scheme, https:// is added.",
            **kwargs.pop("metadata", {}),
        }
        super().__init__(max_length, metadata=metadata, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str) and len(value.strip()) > self.typed_max:
            raise ValidationError(
                f"Too long: {len(value.strip())} characters; at most {self.typed_max} allowed."
            )
        value = super()._deserialize(value, attr, data, **kwargs)  # stripped, controls, blank
        if value is None:
            return None
        value = complete_web_url(value)
        check_web_url(value)
        return value


class Choice(fields.String):
    """One slug from a vocabulary. Case-insensitive on input; stored and dumped canonically."""

    def __init__(self, choices: Iterable[str], what: str, **kwargs: Any) -> None:
        self.choices = tuple(choices)
        self.what = what
        self._canonical = {c.lower(): c for c in self.choices}
        metadata = {"enum": list(self.choices), **kwargs.pop("metadata", {})}
        super().__init__(metadata=metadata, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        found = self._canonical.get(value.strip().lower())
        if found is None:
            raise ValidationError(unknown_choice(self.what, value, self.choices))
        return found


def unknown_choice(what: str, value: Any, choices: Iterable[str]) -> str:
    choices = list(choices)
    text = str(value).strip().lower()
    hint = ""
    if len(text) <= 60:
        close = difflib.get_close_matches(text, [c.lower() for c in choices], n=1, cutoff=0.8)
        if close:
            canonical = next(c for c in choices if c.lower() == close[0])
            hint = f" (did you mean '{canonical}'?)"
    return f"Unknown {what} '{_shorten(value)}'{hint}. Allowed: {', '.join(choices)}."


class SlugList(fields.List):
    """A list of distinct vocabulary slugs; dumped sorted so exports are stable."""

    def __init__(self, choices: Iterable[str], what: str, **kwargs: Any) -> None:
        kwargs.setdefault("load_default", list)
        super().__init__(Choice(choices, what), metadata={"uniqueItems": True}, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        result = super()._deserialize(value, attr, data, **kwargs)
        seen: set[str | None] = set()
        for item in result:
            if item in seen:
                raise ValidationError(f"'{item}' is listed more than once.")
            seen.add(item)
        return result

    def _serialize(self, value, attr, obj, **kwargs):
        if value is None:
            return None
        dumped = super()._serialize(list(value), attr, obj, **kwargs)
        return None if dumped is None else sorted(dumped)


class Bool(fields.Boolean):
    """Only JSON ``true``/``false``."""

    default_error_messages = {"invalid": "Not a valid boolean; use true or false."}  # noqa: RUF012

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("load_default", False)
        super().__init__(**kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, bool):
            raise self.make_error("invalid")
        return value


class Number(fields.Float):
    """A JSON number (not a string, not a boolean, not NaN or infinity)."""

    default_error_messages = {"invalid": "Not a valid number."}  # noqa: RUF012

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


def Date(**kwargs: Any) -> fields.Date:
    kwargs.setdefault("allow_none", True)
    kwargs.setdefault("load_default", None)
    return fields.Date(error_messages={"invalid": "Not a valid date; use YYYY-MM-DD."}, **kwargs)


def Fee() -> fields.Integer:
    return fields.Integer(
        strict=True,
        allow_none=True,
        load_default=None,
        validate=validate.Range(0, FEE_MAX, error="Must be between {min} and {max} (USD)."),
        error_messages={"invalid": "Not a valid whole number of dollars."},
    )


class UtcDateTime(fields.AwareDateTime):
    """An ISO 8601 date-time with a timezone, converted to UTC (as the database stores it)."""

    def _deserialize(self, value, attr, data, **kwargs):
        return super()._deserialize(value, attr, data, **kwargs).astimezone(dt.UTC)


class DerivedTier(fields.String):
    """The common tier for a credential, always computed from the ladder when dumping."""

    def _serialize(self, value, attr, obj, **kwargs):
        get = obj.get if isinstance(obj, Mapping) else lambda key: getattr(obj, key, None)
        body, level = get("body"), get("level")
        return (VOCAB.tier_for(body, level) if body and level else None) or value


# --- field checks -----------------------------------------------------------------------------


def check_slug(value: str) -> None:
    if not SLUG_RE.match(value):
        raise ValidationError(
            "Not a valid slug: use lowercase letters, digits and single hyphens, e.g. 'jane-doe'."
        )


def stated_pattern(fmt: str, *, optional: bool = False, space: str = r"\s") -> str:
    """The OpenAPI ``pattern`` for a format the server checks on the stripped value (``space``:
    the characters allowed around it, where control characters are refused before stripping)."""
    return rf"^{space}*(?:{fmt}){'?' if optional else ''}{space}*$"


def any_case(text: str) -> str:
    """A regular expression for ``text`` in any case ("Ab" -> "[Aa][Bb]")."""
    return "".join(
        f"[{c.upper()}{c.lower()}]"
        if len(c.upper()) == len(c.lower()) == 1 and c.upper() != c.lower()
        else re.sub(r"([\\^$.|?*+()\[\]{}/])", r"\\\1", c)  # the same in JSON Schema and Python
        for c in text
    )


def check_zip(value: str) -> None:
    if re.fullmatch(r"[0-9]{5}-[0-9]{4}", value):
        raise ValidationError(f"Use the 5-digit ZIP code ({value[:5]}), not ZIP+4.")
    if not _ZIP_RE.fullmatch(value):
        raise ValidationError(f"'{_shorten(value)}' is not a ZIP code: use 5 digits, e.g. 97204.")
    if not geo.is_zip_code(value):  # the offline ZIP list place searches use
        raise ValidationError(f"ZIP {value} is not a US ZIP code.")


def check_npi(value: str) -> None:
    if not re.fullmatch(NPI_FORMAT, value):
        raise ValidationError(f"'{_shorten(value)}' is not an NPI: an NPI is exactly 10 digits.")
    if not npi_is_valid(value):
        raise ValidationError(f"NPI {value} has a wrong check digit (Luhn over 80840 + NPI).")


def check_phone(value: str) -> None:
    if not _PHONE_RE.fullmatch(value):
        raise ValidationError(
            "Not a valid phone number: use digits, spaces, + ( ) . - / (at least 7 digits) and an "
            "optional extension ('x 12' or 'ext. 12')."
        )


def check_email(value: str) -> None:
    if not re.fullmatch(EMAIL_FORMAT, value):
        raise ValidationError("Not a valid email address. Use the form 'jane@example.org'.")


def check_web_url(value: str) -> None:
    if not re.fullmatch(WEB_URL_FORMAT, value):
        raise ValidationError(
            "Not a valid http or https URL. Use the form 'https://example.org/about' (a host name "
            "with a top-level domain)."
        )


def check_https_url(value: str) -> None:
    if not re.fullmatch(HTTPS_URL_FORMAT, value):
        raise ValidationError(
            "Not a valid https URL. Use the form 'https://example.org/certificate' (a host name "
            "with a top-level domain)."
        )


# --- schemas ----------------------------------------------------------------------------------


class StrictSchema(Schema):
    """Refuses unknown fields with a message that lists the allowed ones."""

    class Meta:
        unknown = RAISE

    error_messages = {"type": "Must be an object of named fields."}  # noqa: RUF012

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = ", ".join(f.data_key or name for name, f in self.load_fields.items())
        self.error_messages = {
            **self.error_messages,
            "unknown": f"Unknown field. Allowed fields: {allowed}.",
        }


class LocationSchema(StrictSchema):
    label = Text(120)
    address = Text(200)
    city = Text(100, required=True)
    state = Choice(VOCAB.states, "state", required=True)
    zip = Text(
        5,
        required=True,
        checks=[check_zip],
        checks_first=True,
        metadata={
            "pattern": stated_pattern(ZIP_FORMAT),
            "description": "A 5-digit US ZIP code that exists.",
        },
    )
    lat = Number(
        required=True,
        validate=validate.Range(-90, 90, error="Latitude must be between -90 and 90."),
    )
    lon = Number(
        required=True,
        validate=validate.Range(-180, 180, error="Longitude must be between -180 and 180."),
    )
    show_address = Bool()


class LicenceSchema(StrictSchema):
    licence_type = Choice(VOCAB.licence_types, "licence type", required=True)
    title = Text(20)  # the state's own title, e.g. LCSW, LICSW, LPC-MH
    state = Choice(VOCAB.states, "state", required=True)
    number = Text(40, required=True)
    expires_on = Date()
    nucc_code = Text(10)

    @classmethod
    def openapi_rules(cls, schema: Schema) -> dict:
        """The NUCC codes each licence type allows, as one branch per type."""
        if "nucc_code" not in schema.load_fields or "licence_type" not in schema.load_fields:
            return {}
        branches = []
        for kind, spec in VOCAB.licence_types.items():
            codes = "|".join(re.escape(code) for code in spec["nucc_codes"])
            branches.append(
                {
                    "properties": {
                        "licence_type": {"enum": [kind]},
                        # Stated whole (the field's own "no control characters" included):
                        # see PATTERNS_IN_BRANCHES.
                        "nucc_code": {
                            "pattern": stated_pattern(codes, optional=True, space=SINGLE_LINE_SPACE)
                            if codes
                            else rf"^{SINGLE_LINE_SPACE}*$"
                        },
                    }
                }
            )
        return {"oneOf": branches, PATTERNS_IN_BRANCHES: ["nucc_code"]}

    @validates_schema(skip_on_field_errors=False)
    def _nucc_matches_type(self, data, **kwargs):
        code, kind = data.get("nucc_code"), data.get("licence_type")
        if code is None or kind is None:
            return
        allowed = VOCAB.licence_types[kind]["nucc_codes"]
        if code not in allowed:
            raise ValidationError(
                f"NUCC code {_shorten(code)} does not belong to licence type '{kind}'. "
                f"Allowed: {', '.join(allowed)}.",
                "nucc_code",
            )


class CredentialSchema(StrictSchema):
    body = Choice(VOCAB.credential_bodies, "credential body", required=True)
    level = Text(20, required=True)
    tier = DerivedTier(
        allow_none=True,
        load_default=None,
        metadata={
            "enum": list(VOCAB.tiers),
            "description": "Derived from the body's ladder; optional on input, must match.",
        },
    )
    awarded_on = Date()
    certificate_id = Text(80)
    expires_on = Date()
    status = Choice(
        VOCAB.verification_statuses, "verification status", load_default="self-reported"
    )
    verified_by = Text(200)
    verified_at = UtcDateTime(
        format="iso",
        allow_none=True,
        load_default=None,
        error_messages={
            "invalid": "Not a valid date-time: use ISO 8601 with a timezone, "
            "e.g. 2024-03-01T12:00:00+00:00.",
            "invalid_awareness": "Give a timezone, e.g. 2024-03-01T12:00:00+00:00.",
        },
    )

    @classmethod
    def openapi_rules(cls, schema: Schema) -> dict:
        """Each body's ladder: the levels it allows (case-insensitive), one branch per body."""
        if "level" not in schema.load_fields or "body" not in schema.load_fields:
            return {}
        branches = []
        for body, spec in VOCAB.credential_bodies.items():
            codes = "|".join(any_case(level["code"]) for level in spec["levels"])
            branches.append(
                {
                    "properties": {
                        "body": {"enum": [body]},
                        # Stated whole (the field's own "visible, no control characters"
                        # included): see PATTERNS_IN_BRANCHES.
                        "level": {"pattern": stated_pattern(codes, space=SINGLE_LINE_SPACE)},
                    }
                }
            )
        return {"oneOf": branches, PATTERNS_IN_BRANCHES: ["level"]}

    evidence_url = Text(
        500,
        checks=[check_https_url],
        metadata={"pattern": stated_pattern(HTTPS_URL_FORMAT, optional=True)},
    )
    note = Text(NOTE_MAX, multiline=True)

    @validates_schema(skip_on_field_errors=False)
    def _ladder_and_verification(self, data, **kwargs):
        errors: dict[str, list[str]] = {}
        body, level = data.get("body"), data.get("level")
        if body is not None and level is not None:
            ladder = [lvl["code"] for lvl in VOCAB.credential_bodies[body]["levels"]]
            canonical = {code.lower(): code for code in ladder}.get(level.lower())
            if canonical is None:
                label = VOCAB.credential_bodies[body]["label"]
                errors["level"] = [
                    f"Level '{_shorten(level)}' is not on the {label} ladder. "
                    f"Allowed for {body}: {', '.join(ladder)}."
                ]
            else:
                derived = VOCAB.tier_for(body, canonical)
                tier = data.get("tier")
                if tier is not None and tier != derived:
                    errors["tier"] = [
                        f"The tier is derived from the ladder: {body} {canonical} is "
                        f"'{derived}', not '{_shorten(tier)}'. Leave tier out."
                    ]
        if data.get("status") == "verified":
            for name in ("verified_by", "verified_at"):
                if data.get(name) is None:
                    errors[name] = ["Required when status is 'verified'."]
        awarded, expires = data.get("awarded_on"), data.get("expires_on")
        if awarded and expires and expires < awarded:
            errors["expires_on"] = [f"Must not be before awarded_on ({awarded.isoformat()})."]
        if errors:
            raise ValidationError(errors)

    @post_load
    def _canonical(self, data, **kwargs):
        ladder = [lvl["code"] for lvl in VOCAB.credential_bodies[data["body"]]["levels"]]
        data["level"] = {code.lower(): code for code in ladder}[data["level"].lower()]
        data.pop("tier", None)  # services derive it; never stored from input
        return data


class SpecialtySchema(StrictSchema):
    condition = Choice(VOCAB.conditions, "condition", required=True, attribute="condition_slug")
    primary = Bool(attribute="is_primary")


class ProfileSchema(StrictSchema):
    external_id = Text(100, metadata={"description": "Your system's id; import matches on it."})
    slug = Text(
        120,
        checks=[check_slug],
        metadata={
            "description": "Generated from name if absent.",
            "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$",
        },
    )
    name = Text(200, required=True)
    pronouns = Text(40)
    credential_letters = Text(100)
    bio = Text(BIO_MAX, multiline=True)
    gender = Choice(GENDERS, "gender", allow_none=True, load_default=None)
    telehealth = Bool()
    psypact = Bool(metadata={"description": "Psychologists only (needs a psychologist licence)."})
    accepting_clients = Bool()
    accepting_confirmed_on = Date()
    fee_min = Fee()
    fee_max = Fee()
    sliding_scale = Bool()
    email = Text(
        254, checks=[check_email], metadata={"pattern": stated_pattern(EMAIL_FORMAT, optional=True)}
    )
    phone = Text(
        40, checks=[check_phone], metadata={"pattern": stated_pattern(PHONE_FORMAT, optional=True)}
    )
    website = WebsiteText(500)
    npi = Text(
        10,
        checks=[check_npi],
        checks_first=True,
        metadata={
            "pattern": stated_pattern(NPI_FORMAT, optional=True),
            "description": "10 digits, the last a Luhn check digit over 80840 + the NPI.",
        },
    )
    visibility = Choice(VISIBILITIES, "visibility", load_default="draft")
    locations = fields.List(
        fields.Nested(LocationSchema),
        load_default=list,
        validate=validate.Length(max=MAX_LOCATIONS, error="At most {max} locations."),
    )
    licences = fields.List(
        fields.Nested(LicenceSchema),
        load_default=list,
        validate=validate.Length(max=MAX_LICENCES, error="At most {max} licences."),
    )
    ipt_credentials = fields.List(
        fields.Nested(CredentialSchema),
        load_default=list,
        validate=validate.Length(max=MAX_CREDENTIALS, error="At most {max} credentials."),
    )
    specialties = fields.List(fields.Nested(SpecialtySchema), load_default=list)
    languages = SlugList(VOCAB.languages, "language")
    insurance = SlugList(VOCAB.payers, "payer")
    age_groups = SlugList(VOCAB.age_groups, "age group")
    session_formats = SlugList(VOCAB.session_formats, "session format")
    adaptations = SlugList(VOCAB.adaptations, "adaptation")
    delivery_formats = SlugList(VOCAB.delivery_formats, "delivery format")

    @validates_schema(skip_on_field_errors=False)
    def _cross_field_rules(self, data, **kwargs):
        errors: dict[str, list[str]] = {}
        low, high = data.get("fee_min"), data.get("fee_max")
        if low is not None and high is not None and high < low:
            errors["fee_max"] = [f"Must be at least fee_min ({low})."]

        licences = data.get("licences")
        if licences is not None:
            seen: set[tuple[str, str]] = set()
            for lic in licences:
                key = (lic.get("state"), lic.get("licence_type"))
                if None in key:
                    continue  # already reported on the licence itself
                if key in seen:
                    errors.setdefault("licences", []).append(
                        f"Two '{key[1]}' licences in {key[0]}: list each state's licence once."
                    )
                seen.add(key)
            if data.get("psypact") and not any(
                VOCAB.licence_types.get(lic.get("licence_type"), {}).get("psypact_eligible")
                for lic in licences
            ):
                errors["psypact"] = [
                    "PSYPACT applies to psychologists only: add a 'psychologist' licence "
                    "or set psypact to false."
                ]

        specialties = data.get("specialties")
        if specialties is not None:
            seen_conditions: set[str] = set()
            for item in specialties:
                slug = item.get("condition_slug")
                if slug is None:
                    continue
                if slug in seen_conditions:
                    errors.setdefault("specialties", []).append(
                        f"Condition '{slug}' is listed more than once."
                    )
                seen_conditions.add(slug)
        if errors:
            raise ValidationError(errors)


def _field_names(schema: type[Schema], kind: type) -> tuple[str, ...]:
    return tuple(n for n, f in schema._declared_fields.items() if isinstance(f, kind))


# Field lists for forms and import/export, derived from the schema (one place for each rule).
TEXT_FIELDS = _field_names(ProfileSchema, Text)
BOOL_FIELDS = _field_names(ProfileSchema, Bool)
FEE_FIELDS = ("fee_min", "fee_max")
SLUG_LIST_FIELDS = _field_names(ProfileSchema, SlugList)
LOCATION_BOOL_FIELDS = _field_names(LocationSchema, Bool)


@cache
def profile_schema() -> ProfileSchema:
    """A shared instance (schemas hold no per-call state)."""
    return ProfileSchema()


def flatten_errors(messages: Any, path: tuple = ()) -> list[tuple[tuple, str]]:
    """Marshmallow's nested error dict as ``[(path, message), ...]``, in a stable order."""
    if isinstance(messages, Mapping):
        out: list[tuple[tuple, str]] = []
        for key in messages:
            sub = path if key == "_schema" else (*path, key)
            out.extend(flatten_errors(messages[key], sub))
        return out
    if isinstance(messages, list | tuple):
        out = []
        for item in messages:
            out.extend(flatten_errors(item, path))
        return out
    return [(path, str(messages))]
