"""Safety in answers: what the API, pages and widget say when the words signal danger.

``check(*texts)`` runs ``matching.safety.triage`` over everything a person typed into a search
(condition, insurance, place: people in distress type into whichever box is first), before and
whatever else happens to the search, so a crisis is answered even when the place is unknown or the
form is incomplete. ``safety_dict`` is the API's ``safety`` field: ``None`` when nothing was found,
otherwise the kinds (most urgent first) and the crisis services for them, in the request's language.
"""

from __future__ import annotations

from functools import lru_cache

from matching.safety import CrisisResource, Triage, message_for, resources_for_triage, triage

_NOTHING = Triage(())


@lru_cache(maxsize=4096)
def _triage(text: str) -> Triage:
    return triage(text)


def check(*texts: str | None) -> Triage:
    """Triage of every non-empty text, read as separate sentences (one clause cannot leak into
    the next)."""
    parts = [t.strip() for t in texts if isinstance(t, str) and t.strip()]
    if not parts:
        return _NOTHING
    return _triage(" . ".join(parts))


def resource_dict(resource: CrisisResource) -> dict:
    return {
        "id": resource.id,
        "name": resource.name,
        "phone": resource.phone,
        "sms": None
        if resource.sms_number is None
        else {"number": resource.sms_number, "keyword": resource.sms_keyword},
        "chat_url": resource.chat_url,
        "hours": resource.hours,
        "languages": list(resource.languages),
        "for_whom": resource.for_whom,
        "notes": resource.notes,
    }


def safety_dict(result: Triage | None, lang: str = "en") -> dict | None:
    """The API's ``safety`` field: None, or the kinds found and the services for them, in order."""
    if result is None or not result.crisis:
        return None
    return {
        "kinds": list(result.kinds),
        "details": [s.detail for s in result.signals if s.detail],
        "message": message_for(result, lang),
        "resources": [resource_dict(r) for r in resources_for_triage(result, lang)],
    }


def panel(result: Triage | None, lang: str = "en") -> dict | None:
    """What a page's crisis panel shows: the message and the services for the kinds found."""
    return safety_dict(result, lang)
