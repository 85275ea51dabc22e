"""The public face of a profile: what anyone may see, and nothing else.

Kept apart from the import/edit schema on purpose: internal fields (external id, verifier notes,
who verified, rejected claims, hidden street addresses) must never leak through the public API.
"""

from __future__ import annotations

import re

from marshmallow import Schema, fields
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.core.clock import today
from app.core.extensions import db
from app.core.i18n import BabelWords
from app.directory.models import Therapist
from matching.explain import CredentialFact, availability_stale, availability_text, credential_text
from matching.reference import vocabulary

_TITLES = {"dr", "mr", "mrs", "ms", "mx", "prof"}


def initials(name: str) -> str:
    """ "Dr. Ana María López" -> "AL": the avatar until profiles have photos."""
    words = [w for w in re.split(r"[\s\-]+", name) if w and w.strip(".").lower() not in _TITLES]
    letters = [w[0] for w in words if w[0].isalpha()]
    if not letters:
        return "?"
    return (letters[0] + (letters[-1] if len(letters) > 1 else "")).upper()


def has_contact(t) -> bool:
    """Someone can reach the therapist: an e-mail (which also enables the contact form), a phone
    number or a website. Imported listings without any are shown as "not yet claimed" and rank
    below the rest (``NO_CONTACT`` in the search document); they cannot be published by an owner."""
    return any((getattr(t, f) or "").strip() for f in ("email", "phone", "website"))


# --- the brief public shapes, shared with search results -------------------------------------


class LabelledSchema(Schema):
    slug = fields.String()
    label = fields.String()


class SpecialtySchema(LabelledSchema):
    primary = fields.Boolean()


class CredentialBriefSchema(Schema):
    body = fields.String()
    level = fields.String()
    tier = fields.String()
    status = fields.String()
    verified = fields.Boolean()
    verified_at = fields.DateTime(allow_none=True)
    text = fields.String()


class LocationBriefSchema(Schema):
    label = fields.String(allow_none=True)
    address = fields.String(allow_none=True, metadata={"description": "Only when shown publicly."})
    city = fields.String()
    state = fields.String()
    zip = fields.String()
    lat = fields.Float()
    lon = fields.Float()


def location_dict(loc) -> dict:
    """A practice location as shown publicly: the street address only where the therapist allows.

    ``loc`` is a Location or a row mapping with the same keys."""
    get = loc.__getitem__ if hasattr(loc, "keys") else loc.__getattribute__
    return {
        "label": get("label"),
        "address": get("address") if get("show_address") else None,
        "city": get("city"),
        "state": get("state"),
        "zip": get("zip"),
        "lat": get("lat"),
        "lon": get("lon"),
    }


def published_therapist(therapist_id: int) -> Therapist | None:
    stmt = (
        select(Therapist)
        .where(Therapist.id == therapist_id, Therapist.visibility == "published")
        .options(selectinload("*"))
    )
    return db.session.scalar(stmt)


def _labelled(slugs, labels) -> list[dict]:
    return [{"slug": s, "label": labels[s]} for s in sorted(slugs)]


def public_profile(t: Therapist, lang: str = "en") -> dict:
    """The public profile; condition, age-group and language names, availability and credential
    sentences in ``lang`` (``en``/``es``; other vocabularies keep their own names)."""
    vocab = vocabulary()
    words = BabelWords(lang)
    confirmed = t.accepting_confirmed_on
    return {
        "id": t.id,
        "slug": t.slug,
        "name": t.name,
        "pronouns": t.pronouns,
        "credential_letters": t.credential_letters,
        "bio": t.bio,
        "gender": t.gender,
        "telehealth": t.telehealth,
        "accepting_clients": t.accepting_clients,
        "accepting_confirmed_on": confirmed,
        "availability": availability_text(t.accepting_clients, confirmed, today(), words),
        "availability_stale": availability_stale(confirmed, today()),
        "fee_min": t.fee_min,
        "fee_max": t.fee_max,
        "sliding_scale": t.sliding_scale,
        "email": t.email,
        "phone": t.phone,
        "website": t.website,
        "contactable": has_contact(t),
        "npi": t.npi,
        "psypact": t.psypact,
        "specialties": [
            {
                "slug": s.condition_slug,
                "label": vocab.condition_label(s.condition_slug, lang),
                "primary": s.is_primary,
            }
            for s in sorted(t.specialties, key=lambda s: (not s.is_primary, s.condition_slug))
        ],
        "insurance": _labelled(t.insurance, vocab.payers),
        "languages": _labelled(t.languages, {c: words.language_name(c) for c in t.languages}),
        "age_groups": _labelled(
            t.age_groups, {g: vocab.age_group_label(g, lang) for g in t.age_groups}
        ),
        "session_formats": _labelled(t.session_formats, vocab.session_formats),
        "adaptations": _labelled(
            t.adaptations, {k: v["label"] for k, v in vocab.adaptations.items()}
        ),
        "delivery_formats": _labelled(t.delivery_formats, vocab.delivery_formats),
        "locations": [location_dict(loc) for loc in t.locations],
        "licences": [
            {
                "licence_type": lic.licence_type,
                "label": vocab.licence_types[lic.licence_type]["label"],
                "title": lic.title,
                "state": lic.state,
                "number": lic.number,
                "expires_on": lic.expires_on,
            }
            for lic in t.licences
        ],
        "ipt_credentials": [
            {
                "body": c.body,
                "level": c.level,
                "tier": c.tier,
                "status": c.status,
                "verified": c.status == "verified",
                "verified_at": c.verified_at,
                "awarded_on": c.awarded_on,
                "expires_on": c.expires_on,
                "certificate_id": c.certificate_id,
                "text": credential_text(
                    CredentialFact(c.body, c.level, c.tier, c.status, c.verified_at, c.issuer),
                    words,
                ),
            }
            for c in t.ipt_credentials
            if c.status != "rejected"
        ],
    }


class _Licence(Schema):
    licence_type = fields.String()
    label = fields.String()
    title = fields.String(allow_none=True)
    state = fields.String()
    number = fields.String()
    expires_on = fields.Date(allow_none=True)


class _Credential(CredentialBriefSchema):
    awarded_on = fields.Date(allow_none=True)
    expires_on = fields.Date(allow_none=True)
    certificate_id = fields.String(allow_none=True)


class PublicProfileSchema(Schema):
    id = fields.Integer()
    slug = fields.String()
    name = fields.String()
    pronouns = fields.String(allow_none=True)
    credential_letters = fields.String(allow_none=True)
    bio = fields.String(allow_none=True)
    gender = fields.String(allow_none=True)
    telehealth = fields.Boolean()
    accepting_clients = fields.Boolean()
    accepting_confirmed_on = fields.Date(allow_none=True)
    availability = fields.String()
    availability_stale = fields.Boolean()
    fee_min = fields.Integer(allow_none=True)
    fee_max = fields.Integer(allow_none=True)
    sliding_scale = fields.Boolean()
    email = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    website = fields.String(allow_none=True)
    contactable = fields.Boolean(
        metadata={"description": "False for an imported listing nobody has claimed yet."}
    )
    npi = fields.String(allow_none=True)
    psypact = fields.Boolean()
    specialties = fields.List(fields.Nested(SpecialtySchema))
    insurance = fields.List(fields.Nested(LabelledSchema))
    languages = fields.List(fields.Nested(LabelledSchema))
    age_groups = fields.List(fields.Nested(LabelledSchema))
    session_formats = fields.List(fields.Nested(LabelledSchema))
    adaptations = fields.List(fields.Nested(LabelledSchema))
    delivery_formats = fields.List(fields.Nested(LabelledSchema))
    locations = fields.List(fields.Nested(LocationBriefSchema))
    licences = fields.List(fields.Nested(_Licence))
    ipt_credentials = fields.List(fields.Nested(_Credential))
