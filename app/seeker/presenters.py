"""Shape search outcomes and profiles for the seeker templates (plain dicts, no markup)."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

from flask import current_app, url_for
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from app.core.clock import today
from app.core.security import DEFAULT_CSP
from app.directory.public import initials
from app.search.presenters import chip_label, therapist_summary
from app.search.service import SENTENCE_FIELDS, Reading, SearchOutcome
from matching.explain import availability_stale
from matching.reference import vocabulary

PER_PAGE = 10
MAX_PAGE = 1000  # the search service accepts offsets up to 10,000
SEARCH_KEYS = (
    "q",
    "ignore",
    "location",
    "condition",
    "insurance",
    "telehealth",
    "radius_mi",
    "age_group",
    "language",
    "min_ipt_tier",
    "verified_only",
    "accepting",
    "sort",
)
_ORIGIN_HOST = re.compile(r"^[A-Za-z0-9*.\-]+(:[0-9]{1,5})?$")


def is_stale(accepting: bool, confirmed_on: dt.date | None) -> bool:
    return accepting and availability_stale(confirmed_on, today())


def safe_web_url(url: str | None) -> str | None:
    """Only http(s) links become links: a javascript: or data: "website" stays plain text."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return url.strip()
    return None


def search_args(args, **changes) -> dict:
    """The search's own parameters (empty ones dropped), with changes applied; for links."""
    out = {k: args.get(k) for k in (*SEARCH_KEYS, "lang") if args.get(k) not in (None, "")}
    for key, value in changes.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = value
    return out


def search_url(args, **changes) -> str:
    return url_for("seeker.results", **search_args(args, **changes))


# --- one box: what the sentence gave, as chips and as prefilled options ---------------------

AUTO = "auto_"  # auto_<field>: the value "More options" was prefilled with from the sentence
DEFAULTS = {"radius_mi": "25", "sort": "best"}


def explicit_args(args) -> MultiDict:
    """The search parameters the person set. Empty values, defaults, and options still showing what
    the sentence prefilled (``auto_<field>``) are left out, so the sentence keeps deciding them; the
    search service then lets whatever is left win over the sentence."""
    out: MultiDict = MultiDict()
    for key in SEARCH_KEYS:
        value = args.get(key)
        if value is None or not value.strip() or DEFAULTS.get(key) == value:
            continue
        if key in (*SENTENCE_FIELDS, "radius_mi") and args.get(AUTO + key) == value:
            continue
        if key == "ignore" and AUTO + "q" in args and args.get(AUTO + "q") != args.get("q"):
            continue  # removed chips belong to the sentence they came from
        out[key] = value
    return out


def has_auto(args) -> bool:
    return any(key.startswith(AUTO) for key in args)


def ignored(args) -> set[str]:
    return {f for f in (args.get("ignore") or "").split(",") if f in SENTENCE_FIELDS}


def _effective(outcome: SearchOutcome) -> dict[str, object]:
    """The value of each sentence field the search used, whoever set it."""
    q = outcome.query
    values: dict[str, object] = {"location": outcome.place.label}
    if outcome.chosen_conditions:
        values["condition"] = tuple(outcome.chosen_conditions)
    if outcome.payers:
        values["insurance"] = outcome.payers[0]
    if q.age_group:
        values["age_group"] = q.age_group
    if q.languages:
        values["language"] = q.languages[0]
    if q.telehealth != "include":
        values["telehealth"] = q.telehealth
    return values


def chips(outcome: SearchOutcome, args) -> list[dict]:
    """What the search used, one removable chip each: a link to the same search without it.

    A piece of the sentence is removed by adding its field to ``ignore``; an option the person
    set, by dropping that parameter. Sentence pieces come first, in the order they were written."""
    values = _effective(outcome)
    reading = outcome.reading
    out = []
    skip = ignored(args)
    if reading is not None:
        for piece in reading.used:
            if piece.field in values and piece.field not in args:
                remove = search_url(args, ignore=",".join(sorted(skip | {piece.field})), page=None)
                label = piece.label if piece.field == "location" else None
                out.append(_chip(piece.field, values[piece.field], remove, piece.text, label))
    for field in SENTENCE_FIELDS:
        if args.get(field) and field in values:
            remove = search_url(args, **{field: None, "page": None})
            out.append(_chip(field, values[field], remove, None))
    return out


def _chip(field: str, value, remove: str, words: str | None, label: str | None = None) -> dict:
    text = label or chip_label(field, value)
    if field == "location":
        text = text.split(" (or another")[0]
    return {
        "field": field,
        "label": text,
        "words": words,
        "remove": remove,
        "remove_label": _("Remove “%(label)s” from your search", label=text),
    }


def reading_chips(reading: Reading) -> list[dict]:
    """What a sentence gave, as plain chips (no links): for the page that asks for a place."""
    out = []
    for piece in reading.used:
        if piece.field in SENTENCE_FIELDS:
            text = chip_label(piece.field, piece.value)
            out.append({"field": piece.field, "label": text, "words": piece.text})
    return out


MISSING_FIELDS = ("condition", "insurance", "age_group", "language", "telehealth")


def missing_fields(outcome: SearchOutcome) -> list[str]:
    """Fields the search did not use, which the "Add to your search" form offers."""
    have = _effective(outcome)
    return [f for f in MISSING_FIELDS if f not in have]


def prefill(outcome: SearchOutcome | None, reading: Reading | None, args) -> dict[str, str]:
    """What "More options" shows for each sentence field the person did not set themselves: what
    the sentence gave (the form also sends these back as ``auto_<field>``, see explicit_args)."""
    out: dict[str, str] = {"telehealth": "include"}
    if reading is None:
        return out
    for piece in reading.used:
        if piece.field not in SENTENCE_FIELDS or args.get(piece.field):
            continue
        if piece.field == "location":
            place = reading.understanding.place
            text = piece.text if place is None or place.kind == "zip" else place.label
            out["location"] = text
        elif piece.field == "condition":
            lang = outcome.lang if outcome is not None else "en"
            labels = (vocabulary().condition_label(slug, lang) for slug in piece.value)
            out["condition"] = ", ".join(labels)
        elif piece.field == "insurance":
            out["insurance"] = vocabulary().payers.get(piece.value, piece.value)
        else:
            out[piece.field] = str(piece.value)
    return out


def result_cards(outcome: SearchOutcome, first_number: int) -> list[dict]:
    cards = []
    for number, r in enumerate(outcome.results, start=first_number):
        s = therapist_summary(r.therapist, outcome.lang)
        loc = r.nearest_location
        cards.append(
            {
                **s,
                "number": number,
                "initials": initials(s["name"]),
                "url": url_for("seeker.profile", slug=s["slug"]),
                "stale": is_stale(s["accepting_clients"], s["accepting_confirmed_on"]),
                "distance_mi": r.distance_mi,
                "place": f"{loc['city']}, {loc['state']}" if loc is not None else None,
                "in_person": r.hit.in_person,
                "telehealth_eligible": r.hit.telehealth_eligible,
                "reasons": r.reasons,
                "marker": None
                if loc is None or not r.hit.in_person
                else {"lat": loc["lat"], "lon": loc["lon"]},
            }
        )
    return cards


def understood(outcome: SearchOutcome) -> dict:
    """What the search was read as, in words: the matcher is not a black box."""
    vocab = vocabulary()
    return {
        "place": outcome.place.label,
        "conditions": [vocab.condition_label(c, outcome.lang) for c in outcome.chosen_conditions],
        "insurance": [vocab.payers[p] for p in outcome.payers],
    }


def pages(total: int, page: int) -> dict:
    last = max(1, min(MAX_PAGE, -(-total // PER_PAGE)))
    window = sorted({1, last, *range(max(1, page - 2), min(last, page + 2) + 1)})
    return {"page": page, "last": last, "numbers": window, "first_shown": (page - 1) * PER_PAGE + 1}


def tile_config() -> dict | None:
    url = current_app.config.get("MAP_TILE_URL") or ""
    origin = tile_origin(url)
    if not origin:
        return None
    return {"url": url, "attribution": current_app.config.get("MAP_TILE_ATTRIBUTION") or ""}


def tile_origin(url: str) -> str | None:
    """The CSP source for a tile URL template: https://{s}.tile.example.org/... -> https://*.tile.example.org."""
    if not url:
        return None
    parts = urlsplit(url.replace("{s}", "*"))
    if parts.scheme not in ("http", "https") or not _ORIGIN_HOST.match(parts.netloc or ""):
        return None
    return f"{parts.scheme}://{parts.netloc}"


def csp_with_tiles() -> str | None:
    """The page's CSP with the tile server added to img-src, or None when no tiles are set."""
    origin = tile_origin(current_app.config.get("MAP_TILE_URL") or "")
    if origin is None:
        return None
    return DEFAULT_CSP.replace("img-src 'self' data:", f"img-src 'self' data: {origin}", 1)
