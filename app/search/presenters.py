"""Turn search outcomes and profiles into the plain dicts the API and pages show."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict
from typing import Any

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from app.core.clock import today
from app.core.i18n import BabelWords, request_language
from app.directory.public import initials
from app.search.safety import safety_dict
from app.search.service import Reading, ResultCard, SearchOutcome, SearchResult
from matching.explain import (
    Words,
    availability_stale,
    availability_text,
    best_credential,
    credential_label,
    credential_text,
    miles_text,
)
from matching.geo import Place
from matching.index import NO_CONTACT
from matching.ranking import WEIGHTS
from matching.reference import vocabulary

AGE_LABELS = {
    "children": _l("Children"),
    "adolescents": _l("Teens"),
    "adults": _l("Adults"),
    "older-adults": _l("Older adults"),
}
TELEHEALTH_LABELS = {"only": _l("Online only"), "exclude": _l("In person only")}


def chip_label(field: str, value) -> str:
    """How a search field reads on a chip ("Teens", "Speaks Spanish"), in the page's language."""
    vocab = vocabulary()
    if field == "condition":
        lang = request_language()
        return _(" and ").join(vocab.condition_label(slug, lang) for slug in value)
    if field == "insurance":
        return vocab.payers.get(value, value)
    if field == "age_group":
        return str(AGE_LABELS.get(value, value))
    if field == "language":
        name = BabelWords(request_language()).language_name(value)
        return _("Speaks %(language)s", language=name)
    if field == "telehealth":
        return str(TELEHEALTH_LABELS.get(value, value))
    return str(value)


_NOT_FOUND = re.compile(r"^We couldn't find “(?P<place>[^”]*)”")


def place_error(exc: Exception) -> str:
    """A place that could not be resolved, said in the page's language (the gazetteer's own
    messages are English and more precise: English pages keep them)."""
    message = str(exc)
    if request_language() == "en":
        return message
    found = _NOT_FOUND.match(message)
    if found:
        return _(
            "We couldn't find “%(place)s”. Enter a US ZIP code (97201), a city and state "
            "(Portland, OR) or coordinates (45.52, -122.68).",
            place=found["place"],
        )
    return _(
        "We couldn't use that place. Enter a US ZIP code (97201), a city and state "
        "(Portland, OR) or coordinates (45.52, -122.68)."
    )


def place_dict(place: Place, query: str | None = None) -> dict:
    brief = {
        "label": place.label,
        "lat": place.lat,
        "lon": place.lon,
        "kind": place.kind,
        "state": place.state,
    }
    return {
        **({"query": query} if query is not None else {}),
        **brief,
        "ambiguous": place.ambiguous,
        "alternatives": [
            {"label": a.label, "lat": a.lat, "lon": a.lon, "kind": a.kind, "state": a.state}
            for a in place.alternatives
        ],
    }


def therapist_summary(card: ResultCard, lang: str = "en") -> dict:
    """The summary of one search result (see ResultCard), its labels in ``lang``."""
    vocab = vocabulary()
    words = BabelWords(lang)
    cred = best_credential(card.credentials)
    return {
        "id": card.id,
        "slug": card.slug,
        "name": card.name,
        "pronouns": card.pronouns,
        "credential_letters": card.credential_letters,
        "telehealth": card.telehealth,
        "accepting_clients": card.accepting_clients,
        "accepting_confirmed_on": card.accepting_confirmed_on,
        "availability": availability_text(
            card.accepting_clients, card.accepting_confirmed_on, today(), words
        ),
        "fee_min": card.fee_min,
        "fee_max": card.fee_max,
        "sliding_scale": card.sliding_scale,
        "specialties": [
            {"slug": slug, "label": vocab.condition_label(slug, lang), "primary": primary}
            for slug, primary in card.specialty_slugs
        ],
        "insurance": [{"slug": p, "label": vocab.payers[p]} for p in card.payer_slugs],
        "languages": sorted(words.language_name(code) for code in card.language_codes),
        "adaptations": [
            {"slug": a, "label": vocab.adaptations[a]["label"]} for a in card.adaptation_slugs
        ],
        "ipt_credential": None
        if cred is None
        else {
            "body": cred.body,
            "level": cred.level,
            "tier": cred.tier,
            "status": cred.status,
            "verified_at": cred.verified_at,
            "verified": cred.status == "verified",
            "text": credential_text(cred, words),
        },
        "api_url": url_for("therapists_api.TherapistById", therapist_id=card.id),
    }


def part_labels() -> dict[str, str]:
    return {
        "specialty": _("Specialty fit"),
        "ipt": _("IPT training"),
        "distance": _("Distance"),
        "availability": _("Availability"),
    }


BIO_EXCERPT_CHARS = 170  # about two lines of a card at 1280 px


def bio_excerpt(bio: str | None, limit: int = BIO_EXCERPT_CHARS) -> str | None:
    """The bio's opening words, on one line, cut at a word with an ellipsis."""
    text = " ".join((bio or "").split())
    if len(text) <= limit:
        return text or None
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",.;:—-")
    return cut + "…"


def fee_text(fee_min: int | None, fee_max: int | None) -> str | None:
    if fee_min is None and fee_max is None:
        return None
    if fee_min is not None and fee_max is not None and fee_max != fee_min:
        return f"${fee_min}–{fee_max}"
    return f"${fee_min if fee_min is not None else fee_max}"


def card_chips(r: SearchResult, asked_payers: list[str], words: Words) -> list[dict]:
    """Small facts a seeker scans for: fee, sliding scale, video, languages, their insurance."""
    vocab = vocabulary()
    card = r.therapist
    chips = []
    fee = fee_text(card.fee_min, card.fee_max)
    if fee:
        chips.append({"kind": "fee", "text": fee, "hidden": " " + _("per session")})
    if card.sliding_scale:
        chips.append({"kind": "fee", "text": _("Sliding scale")})
    if r.hit.telehealth_eligible:
        chips.append({"kind": "video", "text": _("Video sessions")})
    other = sorted(words.language_name(c) for c in card.language_codes if c != "en")
    if other:
        chips.append({"kind": "language", "text": ", ".join(other[:2])})
    accepted = [p for p in asked_payers if p in card.payer_slugs]
    if accepted:
        chips.append(
            {
                "kind": "insurance tag-insurance-match",
                "before": _("Accepts") + " ",
                "text": ", ".join(vocab.payers[p] for p in accepted),
            }
        )
    elif not card.payer_slugs:
        chips.append({"kind": "insurance", "text": _("Self-pay")})
    return chips


def score_breakdown(r: SearchResult) -> list[dict]:
    """Each score part with its weight, value and the reasons that explain it (each said once)."""
    rows: list[dict] = []
    labels = part_labels()
    total_weight = sum(WEIGHTS[name] for name in r.hit.parts)
    for name, value in r.hit.parts.items():
        rows.append(
            {
                "part": name,
                "label": labels[name],
                "percent": round(100 * value),
                "weight": round(100 * WEIGHTS[name] / total_weight),
                "reasons": [text for part, text in r.explained if part == name],
            }
        )
    matched = [text for part, text in r.explained if part == "match"]
    if matched:
        rows.append({"part": "match", "label": _("Your filters"), "reasons": matched})
    return rows


def short_availability(accepting: bool, confirmed_on: dt.date | None, stale: bool) -> str:
    """The card's one-line availability; the full sentence is in "Why this result"."""
    if not accepting:
        return _("Not accepting new clients")
    if stale or confirmed_on is None:
        return _("Accepting")  # with a "May be out of date" badge
    days = (today() - confirmed_on).days
    if days <= 0:
        return _("Accepting · confirmed today")
    return ngettext(
        "Accepting · confirmed %(num)d day ago", "Accepting · confirmed %(num)d days ago", days
    )


def where_text(r: SearchResult, loc: dict | None, words: Words) -> str | None:
    place = f"{loc['city']}, {loc['state']}" if loc is not None else None
    if r.distance_mi is not None and (r.hit.in_person or not r.hit.telehealth_eligible):
        return miles_text(r.distance_mi, words) + (f" · {place}" if place else "")
    if r.hit.telehealth_eligible:
        if place:
            return _("By video · office in %(place)s", place=place)
        return _("By video")
    return None


def card_view(r: SearchResult, asked_payers: list[str], lang: str = "en") -> dict:
    """A result card's contents, shared by the seeker pages and the partner widget: the summary,
    plus a bio excerpt, chips, where, a short availability and the score breakdown."""
    words = BabelWords(lang)
    s = therapist_summary(r.therapist, lang)
    loc = r.nearest_location
    best = best_credential(r.therapist.credentials)
    stale = s["accepting_clients"] and availability_stale(s["accepting_confirmed_on"], today())
    return {
        **s,
        "initials": initials(s["name"]),
        "stale": stale,
        "availability_short": short_availability(
            s["accepting_clients"], s["accepting_confirmed_on"], stale
        ),
        "distance_mi": r.distance_mi,
        "place": f"{loc['city']}, {loc['state']}" if loc is not None else None,
        "where": where_text(r, loc, words),
        "in_person": r.hit.in_person,
        "telehealth_eligible": r.hit.telehealth_eligible,
        "reasons": r.reasons,
        "breakdown": score_breakdown(r),
        "score": round(r.hit.score),
        "bio_excerpt": bio_excerpt(r.therapist.bio),
        "chips": card_chips(r, asked_payers, words),
        "credential_label": None if best is None else credential_label(best, words),
        "contactable": not (r.hit.facts.get("flags", 0) & NO_CONTACT),
        "photo": url_for("seeker.photo", token=r.therapist.photo_token, size="small")
        if r.therapist.photo_token
        else None,
    }


def sentence_error_dict(field: str, message: str, reading: Reading) -> dict:
    """422 for a sentence that cannot be searched: what is missing, and everything understood."""
    body = {
        "code": 422,
        "status": "Unprocessable Entity",
        "message": f"{field}: {message}",
        "errors": {"query": {field: [message]}},
        "understood": reading.as_dicts(),
        "crisis": reading.safety.crisis,
        "safety": safety_dict(reading.safety, request_language()),
    }
    return body


def outcome_dict(outcome: SearchOutcome) -> dict:
    vocab = vocabulary()
    q = outcome.query
    if outcome.conditions is not None and outcome.conditions.matches:
        chosen = [
            asdict(m) for m in outcome.conditions.matches if m.slug in outcome.chosen_conditions
        ]
    else:
        chosen = [
            {
                "slug": s,
                "label": vocab.condition_label(s, outcome.lang),
                "score": 1.0,
                "evidence": vocab.conditions[s].evidence,
            }
            for s in outcome.chosen_conditions
        ]
    body: dict[str, Any] = {
        "query": {
            "location": place_dict(outcome.place),
            "radius_mi": q.radius_mi,
            "conditions": chosen,
            "insurance": [{"slug": p, "label": vocab.payers[p]} for p in outcome.payers],
            "telehealth": q.telehealth,
            "age_group": q.age_group,
            "languages": list(q.languages),
            "min_ipt_tier": q.min_tier,
            "verified_only": q.verified_only,
            "accepting": q.accepting_only,
            "sort": q.sort,
        },
        "total": outcome.total,
        "limit": q.limit,
        "offset": q.offset,
        "results": [
            {
                "therapist": therapist_summary(r.therapist, outcome.lang),
                "score": r.hit.score,
                "score_breakdown": {
                    "specialty": r.hit.parts.get("specialty"),
                    "ipt": r.hit.parts["ipt"],
                    "distance": r.hit.parts["distance"],
                    "availability": r.hit.parts["availability"],
                },
                "distance_mi": None if r.distance_mi is None else round(r.distance_mi, 2),
                "nearest_location": r.nearest_location,
                "in_person": r.hit.in_person,
                "telehealth_eligible": r.hit.telehealth_eligible,
                "reasons": r.reasons,
            }
            for r in outcome.results
        ],
        "notes": outcome.notes,
        "suggestions": outcome.suggestions,
        "crisis": outcome.crisis,
        "safety": safety_dict(outcome.safety, outcome.lang),
    }
    if outcome.reading is not None:
        body["query"]["understood"] = outcome.reading.as_dicts()
    return body
