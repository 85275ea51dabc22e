"""Turn search outcomes and profiles into the plain dicts the API and pages show."""

from __future__ import annotations

import re
from dataclasses import asdict
from typing import Any

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.core.clock import today
from app.core.i18n import BabelWords, request_language
from app.search.safety import safety_dict
from app.search.service import Reading, ResultCard, SearchOutcome
from matching.explain import availability_text, best_credential, credential_text
from matching.geo import Place
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
