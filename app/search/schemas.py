"""API schemas for search and the resolvers: one definition validates, serialises and documents."""

from __future__ import annotations

from marshmallow import Schema, fields, validate
from webargs.fields import DelimitedList

from app.core.validation import Strict, lang_field, no_control_characters, text_field
from app.directory.public import (
    CredentialBriefSchema,
    LabelledSchema,
    LocationBriefSchema,
    SpecialtySchema,
)
from app.directory.schemas import MULTILINE_REQUIRED_PATTERN, any_case, stated_pattern
from app.search.service import MAX_SENTENCE_CHARS, SENTENCE_FIELDS
from matching.ranking import SORTS, TELEHEALTH_MODES
from matching.reference import vocabulary
from matching.safety import KINDS as SAFETY_KINDS
from matching.sentence import MAX_CHARS as SENTENCE_READ_CHARS

VOCAB = vocabulary()


_LANG_OF = "labels, reasons, notes and crisis resources"


class ResolveArgs(Strict):
    q = text_field(required=True, metadata={"description": "What the person typed."})
    lang = lang_field(_LANG_OF)


class SearchArgs(Strict):
    q = fields.String(
        validate=[no_control_characters],
        metadata={
            # Something to read (not only spaces), and not too long: both answered 422 naming
            # q by the service, which still checks an over-long text for danger signals.
            "pattern": MULTILINE_REQUIRED_PATTERN,
            "maxLength": MAX_SENTENCE_CHARS,
            "description": "The seeker's own sentence, in English or Spanish: \"my 15 year old "
            'daughter has been making herself throw up, we live in Austin and have Aetna". '
            "Every field it states (place, condition, insurance, age group, language, how to "
            "meet) is used unless the same field is also given as a parameter: an explicit "
            "parameter wins. What was understood comes back in `query.understood`. Without a "
            "place (and no `location`), the answer is 422 naming `location`, with everything "
            "else understood in the body. Empty, over "
            f"{MAX_SENTENCE_CHARS:,} characters, or with nothing to search: 422 naming `q` (with "
            f"`safety` when it signals danger). The first {SENTENCE_READ_CHARS} characters are "
            "read.",
        },
    )
    ignore = DelimitedList(
        fields.String(validate=validate.OneOf(SENTENCE_FIELDS)),
        metadata={
            "description": "Fields of `q` to leave out, comma-separated (a removed chip), e.g. "
            "`insurance,age_group`."
        },
    )
    location = text_field(
        metadata={
            "description": "ZIP, 'City, ST', a city name, a state, or 'lat,lon'. Required "
            "unless `q` names a place."
        },
    )
    radius_mi = fields.Float(
        load_default=25.0,
        validate=validate.Range(min=1, max=200),
        metadata={"description": "In-person search radius in miles (1–200)."},
    )
    condition = text_field(metadata={"description": "A condition slug or the person's own words."})
    insurance = text_field(
        metadata={"description": "Payer slug(s), comma-separated, or free text."}
    )
    telehealth = fields.String(
        validate=validate.OneOf(TELEHEALTH_MODES),
        metadata={"description": 'Default `include`, or what `q` says ("online": `only`).'},
    )
    age_group = fields.String(validate=validate.OneOf(list(VOCAB.age_groups)))
    language = text_field(
        max_len=40,
        metadata={
            "description": "ISO code ('es') or name ('Spanish', any case).",
            "pattern": stated_pattern(
                "|".join(
                    [*VOCAB.languages, *(any_case(name) for name in VOCAB.languages.values())]
                ),
                optional=True,  # only spaces: no language filter
                space=r"[ \t\n\r]",  # the other control characters are refused
            ),
        },
    )
    min_ipt_tier = fields.String(validate=validate.OneOf(VOCAB.tiers))
    verified_only = fields.Boolean(load_default=False)
    accepting = fields.Boolean(load_default=False)
    sort = fields.String(load_default="best", validate=validate.OneOf(SORTS))
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0, max=10_000))
    lang = lang_field(_LANG_OF)


class ConditionMatchSchema(Schema):
    slug = fields.String()
    label = fields.String()
    score = fields.Float()
    evidence = fields.String()


class CrisisSmsSchema(Schema):
    number = fields.String(metadata={"description": "Where to send a text message."})
    keyword = fields.String(
        allow_none=True, metadata={"description": "The word to send, in this language; null: any"}
    )


class CrisisResourceSchema(Schema):
    id = fields.String(metadata={"description": "Stable id: 988, 911, dv-hotline ..."})
    name = fields.String()
    phone = fields.String(allow_none=True)
    sms = fields.Nested(CrisisSmsSchema, allow_none=True)
    chat_url = fields.String(allow_none=True)
    hours = fields.String()
    languages = fields.List(fields.String(), metadata={"description": "ISO codes answered in"})
    for_whom = fields.String()
    notes = fields.String(allow_none=True)


class SafetySchema(Schema):
    kinds = fields.List(
        fields.String(validate=validate.OneOf(SAFETY_KINDS)),
        metadata={"description": "Dangers found in the person's words, most urgent first."},
    )
    details = fields.List(
        fields.String(),
        metadata={"description": "Sub-cases that change what helps (postpartum, child ...)."},
    )
    message = fields.String(metadata={"description": "A short, calm message to show first."})
    resources = fields.List(
        fields.Nested(CrisisResourceSchema),
        metadata={"description": "Crisis services for these kinds, most relevant first."},
    )


_SAFETY = {
    "description": "null when the words signal no danger; otherwise what to show before "
    "anything else, in the request's language. `crisis` is true exactly when this is not null."
}


class ConditionResolveSchema(Schema):
    query = fields.String()
    matches = fields.List(fields.Nested(ConditionMatchSchema))
    guidance = fields.String(allow_none=True)
    crisis = fields.Boolean()
    safety = fields.Nested(SafetySchema, allow_none=True, metadata=_SAFETY)
    age_groups = fields.List(fields.String())


class PayerMatchSchema(Schema):
    slug = fields.String()
    label = fields.String()
    score = fields.Float()


class InsurerResolveSchema(Schema):
    query = fields.String()
    matches = fields.List(fields.Nested(PayerMatchSchema))


class PlaceBriefSchema(Schema):
    label = fields.String()
    lat = fields.Float()
    lon = fields.Float()
    kind = fields.String()
    state = fields.String(allow_none=True)


class PlaceSchema(PlaceBriefSchema):
    query = fields.String()
    ambiguous = fields.Boolean()
    alternatives = fields.List(fields.Nested(PlaceBriefSchema))


class TherapistSummarySchema(Schema):
    id = fields.Integer()
    slug = fields.String()
    name = fields.String()
    pronouns = fields.String(allow_none=True)
    credential_letters = fields.String(allow_none=True)
    telehealth = fields.Boolean()
    accepting_clients = fields.Boolean()
    accepting_confirmed_on = fields.Date(allow_none=True)
    availability = fields.String()
    fee_min = fields.Integer(allow_none=True)
    fee_max = fields.Integer(allow_none=True)
    sliding_scale = fields.Boolean()
    specialties = fields.List(fields.Nested(SpecialtySchema))
    insurance = fields.List(fields.Nested(LabelledSchema))
    languages = fields.List(fields.String())
    adaptations = fields.List(fields.Nested(LabelledSchema))
    ipt_credential = fields.Nested(CredentialBriefSchema, allow_none=True)
    api_url = fields.String()


class ScoreBreakdownSchema(Schema):
    specialty = fields.Float(
        allow_none=True, metadata={"description": "0–1, absent if no condition"}
    )
    ipt = fields.Float()
    distance = fields.Float()
    availability = fields.Float()


class SearchResultSchema(Schema):
    therapist = fields.Nested(TherapistSummarySchema)
    score = fields.Float(metadata={"description": "0–100; see the ranking documentation"})
    score_breakdown = fields.Nested(ScoreBreakdownSchema)
    distance_mi = fields.Float(allow_none=True)
    nearest_location = fields.Nested(LocationBriefSchema, allow_none=True)
    in_person = fields.Boolean()
    telehealth_eligible = fields.Boolean()
    reasons = fields.List(fields.String())


class UnderstoodSchema(Schema):
    field = fields.String(
        metadata={
            "description": "location | condition | insurance | age_group | language | telehealth "
            "| gender | fee_max | sliding_scale | low_cost | safety (gender and fees are noted, "
            "not yet filters)"
        }
    )
    value = fields.Raw(metadata={"description": "slug, code, list of slugs, number or label"})
    label = fields.String(metadata={"description": "For people: 'Austin, TX', 'Aetna'"})
    text = fields.String(metadata={"description": "The words of `q` it came from"})
    alternatives = fields.List(
        fields.String(), metadata={"description": "Other places with this name (location only)"}
    )


class ResolvedQuerySchema(Schema):
    location = fields.Nested(PlaceSchema)
    radius_mi = fields.Float()
    conditions = fields.List(fields.Nested(ConditionMatchSchema))
    insurance = fields.List(fields.Nested(LabelledSchema))
    telehealth = fields.String()
    age_group = fields.String(allow_none=True)
    languages = fields.List(fields.String())
    min_ipt_tier = fields.String(allow_none=True)
    verified_only = fields.Boolean()
    accepting = fields.Boolean()
    sort = fields.String()
    understood = fields.List(
        fields.Nested(UnderstoodSchema),
        metadata={"description": "With `q`: what the sentence gave, each with its words"},
    )


class SuggestionsSchema(Schema):
    in_person_total = fields.Integer(
        metadata={"description": "results with an office in the radius"}
    )
    wider_radius_mi = fields.Float()
    wider_radius_total = fields.Integer(metadata={"description": "offices within wider_radius_mi"})
    telehealth_total = fields.Integer()


class SearchResponseSchema(Schema):
    query = fields.Nested(ResolvedQuerySchema)
    total = fields.Integer()
    limit = fields.Integer()
    offset = fields.Integer()
    results = fields.List(fields.Nested(SearchResultSchema))
    notes = fields.List(fields.String())
    suggestions = fields.Nested(SuggestionsSchema)
    crisis = fields.Boolean()
    safety = fields.Nested(SafetySchema, allow_none=True, metadata=_SAFETY)


class SentenceErrorSchema(Schema):
    """422 for a sentence that cannot be searched as it is."""

    code = fields.Integer()
    status = fields.String()
    message = fields.String(metadata={"description": "Names `location` or `q`"})
    errors = fields.Dict()
    understood = fields.List(
        fields.Nested(UnderstoodSchema),
        metadata={"description": "Everything else the sentence gave: ask only for what is missing"},
    )
    crisis = fields.Boolean()
    safety = fields.Nested(SafetySchema, allow_none=True, metadata=_SAFETY)
