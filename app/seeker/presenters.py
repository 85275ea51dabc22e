"""Shape search outcomes and profiles for the seeker templates (plain dicts, no markup)."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

from flask import current_app, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from app.core.clock import today
from app.core.i18n import BabelWords
from app.core.security import DEFAULT_CSP
from app.directory.public import initials  # noqa: F401 - the profile page uses it
from app.search.presenters import card_view
from app.search.service import SearchOutcome
from matching.explain import availability_stale
from matching.reference import vocabulary

PER_PAGE = 10
MAX_PAGE = 1000  # the search service accepts offsets up to 10,000
SEARCH_KEYS = (
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


def result_cards(outcome: SearchOutcome, first_number: int) -> list[dict]:
    cards = []
    for number, r in enumerate(outcome.results, start=first_number):
        loc = r.nearest_location
        cards.append(
            {
                **card_view(r, outcome.payers, outcome.lang),
                "number": number,
                "url": url_for("seeker.profile", slug=r.therapist.slug),
                "marker": None
                if loc is None or not r.hit.in_person
                else {"lat": loc["lat"], "lon": loc["lon"]},
            }
        )
    return cards


def filter_words() -> dict[str, str]:
    return {
        "insurance": _("Search without the insurance filter"),
        "language": _("Search without the language filter"),
        "age_group": _("Search without the age group"),
        "min_ipt_tier": _("Search any level of IPT training"),
        "verified_only": _("Include credentials not yet verified"),
        "accepting": _("Include therapists not taking new clients"),
        "condition": _("Search for any condition"),
    }


def next_steps(outcome: SearchOutcome, args) -> list[dict]:
    """Links that turn a thin or empty page into next steps: a wider radius, telehealth, and (with
    nothing found) each filter removed. Never an empty "What you can try" box."""
    s, q, steps = outcome.suggestions, outcome.query, []
    if s.get("wider_radius_mi"):
        miles = f"{s['wider_radius_mi']:g}"
        steps.append(
            {
                "text": _(
                    "Search within %(miles)s miles (%(num)d)",
                    miles=miles,
                    num=s["wider_radius_total"],
                ),
                "url": search_url(args, radius_mi=miles, page=None),
            }
        )
    if s.get("telehealth_total") and q.telehealth != "only":
        n = s["telehealth_total"]
        state = vocabulary().states.get(q.state or "", q.state or "your state")
        steps.append(
            {
                "text": ngettext(
                    "See %(num)d telehealth option in %(state)s",
                    "See %(num)d telehealth options in %(state)s",
                    n,
                    state=state,
                ),
                "url": search_url(args, telehealth="only", page=None),
            }
        )
    if outcome.total == 0:
        for key, text in filter_words().items():
            if args.get(key) not in (None, ""):
                steps.append({"text": text, "url": search_url(args, **{key: None}, page=None)})
        if q.telehealth == "exclude":
            steps.append(
                {"text": _("Include video sessions"), "url": search_url(args, telehealth=None)}
            )
        if not steps:
            steps.append({"text": _("Start a new search"), "url": url_for("seeker.home")})
    return steps


def min_tier_words() -> dict[str, str]:
    return {
        "trained": _("IPT-trained or above"),
        "certified": _("IPT-certified or above"),
        "supervisor": _("an IPT supervisor or trainer"),
        "trainer": _("an IPT trainer"),
    }


def understood(outcome: SearchOutcome) -> dict:
    """What the search was read as, in words: the matcher is not a black box."""
    vocab = vocabulary()
    q = outcome.query
    words = BabelWords(outcome.lang)
    filters = []
    if q.languages:
        names = ", ".join(words.language_name(c) for c in q.languages)
        filters.append(_("in %(languages)s", languages=names))
    if q.age_group:
        filters.append(_("working with %(ages)s", ages=_(vocab.age_groups[q.age_group]).lower()))
    if q.min_tier:
        filters.append(min_tier_words().get(q.min_tier, q.min_tier))
    if q.verified_only:
        filters.append(_("with a verified IPT credential"))
    if q.accepting_only:
        filters.append(_("accepting new clients"))
    return {
        "place": outcome.place.label,
        "conditions": [vocab.condition_label(c, outcome.lang) for c in outcome.chosen_conditions],
        "insurance": [vocab.payers[p] for p in outcome.payers],
        "filters": filters,  # every other filter, so the summary leaves nothing out
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
