"""Supervision offers: a supervisor says whether and how they supervise; clinicians search them.

A therapist may offer supervision only while holding an IPT credential at supervisor level or above
(verified, pending or self-reported; rejected and expired credentials do not count). Search reads a
per-worker ``SupervisorPool`` rebuilt when an offer, a profile or a credential changes.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable
from typing import Any

from flask import current_app, url_for
from flask_babel import get_translations
from marshmallow import ValidationError
from sqlalchemy import select

from app.accounts import audit
from app.accounts.models import User
from app.core.clock import today
from app.core.errors import Conflict, InvalidInput
from app.core.extensions import db
from app.core.i18n import BabelWords, request_language
from app.directory.models import IptCredential, Location, Therapist
from app.directory.schemas import flatten_errors
from app.directory.services import own_profile
from app.search import documents
from app.search.models import SearchDocument, SearchState
from app.training.models import SupervisionOffer
from app.training.schemas import OfferSchema
from matching.geo import resolve_place
from matching.pathway import SUPERVISING_TIERS
from matching.supervision import (
    LadderStanding,
    RankedSupervisor,
    SupervisorFacts,
    SupervisorPool,
    SupervisorQuery,
    SupervisorResult,
    standing_text,
)

USABLE_STATUSES = ("verified", "pending", "self-reported")
NO_STANDING = (
    "To offer supervision, first list an IPT credential at supervisor level or above (ISIPT "
    "Supervisor or Trainer, IPT Institute Level D or E, IPT UK Level D) on your credentials page."
)


class RequestWords(BabelWords):
    """The request's words with its catalog looked up once: ``flask_babel.gettext`` finds the
    locale and catalog again on every call, and a page of 20 supervisors says ~170 sentences
    (measured: 2.2 ms a search, down to about 0.5). Make one per request, use it there."""

    def __init__(self) -> None:
        super().__init__(request_language())
        self._catalog = get_translations()

    def gettext(self, msgid: str, **variables: object) -> str:
        text = self._catalog.ugettext(msgid)
        return text % variables if variables else text


def standings_of(credentials: Iterable[Any]) -> list[LadderStanding]:
    """The credentials (ORM objects or rows) that let their holder supervise, each marked
    verified or not."""
    on = today()
    out = []
    for c in credentials:
        if c.tier not in SUPERVISING_TIERS or c.status not in USABLE_STATUSES:
            continue
        if c.expires_on is not None and c.expires_on < on:
            continue
        out.append(LadderStanding(c.body, c.level, c.tier, c.status == "verified", c.verified_at))
    return out


def own_offer(user: User) -> SupervisionOffer | None:
    if user.therapist_id is None:
        return None
    return db.session.scalar(
        select(SupervisionOffer).where(SupervisionOffer.therapist_id == user.therapist_id)
    )


def offer_dict(offer: SupervisionOffer | None) -> dict[str, Any]:
    if offer is None:
        return {}
    return {
        "accepting": offer.accepting,
        "individual": offer.individual,
        "group": offer.group_sessions,
        "fee_individual": offer.fee_individual,
        "fee_group": offer.fee_group,
        "timezone": offer.timezone,
        "languages": list(offer.languages or []),
        "adaptations": list(offer.adaptations or []),
        "in_person": offer.in_person,
        "note": offer.note,
        "confirmed_on": offer.confirmed_on,
    }


def save_offer(user: User, payload: Any) -> SupervisionOffer:
    """Create or replace the signed-in therapist's offer; nothing is saved on any error."""
    therapist = own_profile(user)
    if therapist is None:
        raise Conflict("Create or claim your profile before offering supervision.")
    try:
        data = OfferSchema().load(payload if isinstance(payload, dict) else {})
    except ValidationError as exc:
        errors = flatten_errors(exc.messages)
    else:
        errors = []
    if not standings_of(list(therapist.ipt_credentials)):
        errors.insert(0, (("ladder",), NO_STANDING))
    if errors:
        raise InvalidInput(errors)
    if data["in_person"] and not therapist.locations:
        raise InvalidInput(
            [(("in_person",), "Add a practice location to your profile to offer it in person.")]
        )
    offer = own_offer(user)
    before = offer_dict(offer)
    if offer is None:
        offer = SupervisionOffer(therapist_id=therapist.id)
        db.session.add(offer)
    offer.accepting = data["accepting"]
    offer.individual = data["individual"]
    offer.group_sessions = data["group"]
    offer.fee_individual = data["fee_individual"] if data["individual"] else None
    offer.fee_group = data["fee_group"] if data["group"] else None
    offer.timezone = data["timezone"]
    offer.languages = sorted(set(data["languages"]))
    offer.adaptations = sorted(set(data["adaptations"]))
    offer.in_person = data["in_person"]
    offer.note = (data.get("note") or "").strip() or None
    offer.confirmed_on = today()  # saving the offer confirms it
    db.session.flush()
    documents.refresh(db.session(), [therapist.id])  # tells every worker's supervisor pool
    audit.record(
        user,
        "supervision.save",
        "supervision",
        offer.id,
        therapist_id=therapist.id,
        before=before or None,
        after=offer_dict(offer),
    )
    db.session.commit()
    return offer


def confirm_offer(user: User, accepting: bool = True) -> SupervisionOffer:
    offer = own_offer(user)
    if offer is None:
        raise Conflict("You have no supervision offer to confirm.")
    offer.accepting = accepting
    offer.confirmed_on = today()
    db.session.flush()
    documents.refresh(db.session(), [offer.therapist_id])
    audit.record(
        user,
        "supervision.confirm",
        "supervision",
        offer.id,
        therapist_id=offer.therapist_id,
        after={"accepting": accepting, "confirmed_on": offer.confirmed_on},
    )
    db.session.commit()
    return offer


def withdraw_offer(user: User) -> None:
    offer = own_offer(user)
    if offer is None:
        return
    audit.record(
        user, "supervision.withdraw", "supervision", offer.id, therapist_id=offer.therapist_id
    )
    db.session.delete(offer)
    db.session.flush()
    documents.refresh(db.session(), [offer.therapist_id])
    db.session.commit()


# --- search ------------------------------------------------------------------------------------


class _PoolCache:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.generation = -1
        self.pool: SupervisorPool | None = None


_OFFERS = (
    select(
        SupervisionOffer.therapist_id,
        Therapist.name,
        Therapist.slug,
        SupervisionOffer.adaptations,
        SupervisionOffer.languages,
        SupervisionOffer.timezone,
        SupervisionOffer.individual,
        SupervisionOffer.group_sessions,
        SupervisionOffer.fee_individual,
        SupervisionOffer.fee_group,
        SupervisionOffer.accepting,
        SupervisionOffer.confirmed_on,
        SupervisionOffer.in_person,
        SupervisionOffer.note,
    )
    .join(Therapist, Therapist.id == SupervisionOffer.therapist_id)
    .where(Therapist.visibility == "published")
)
_CREDENTIALS = select(
    IptCredential.therapist_id,
    IptCredential.body,
    IptCredential.level,
    IptCredential.tier,
    IptCredential.status,
    IptCredential.verified_at,
    IptCredential.expires_on,
).where(IptCredential.tier.in_(SUPERVISING_TIERS))
_PLACES = select(
    Location.therapist_id, Location.city, Location.state, Location.lat, Location.lon
).order_by(Location.therapist_id, Location.position, Location.id)
CHUNK = 500


def _chunks(ids: list[int]):
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def load_offers(ids: list[int] | None = None) -> list[SupervisorFacts]:
    """Listed supervisors' offers as plain facts (published profiles only): all of them, or those
    of ``ids``. Read with three plain queries, no ORM objects, so a full load stays quick."""
    if ids is None:
        ids = list(
            db.session.scalars(
                select(SupervisionOffer.therapist_id).order_by(SupervisionOffer.therapist_id)
            )
        )
    offers: list[Any] = []
    creds: dict[int, list[Any]] = {}
    places: dict[int, Any] = {}
    # By primary and foreign keys, a chunk of ids at a time: index lookups only, at any scale.
    for chunk in _chunks(ids):
        offers += db.session.execute(_OFFERS.where(Therapist.id.in_(chunk))).all()
        for cred in db.session.execute(_CREDENTIALS.where(IptCredential.therapist_id.in_(chunk))):
            creds.setdefault(cred.therapist_id, []).append(cred)
        for place in db.session.execute(_PLACES.where(Location.therapist_id.in_(chunk))):
            places.setdefault(place.therapist_id, place)  # the first location
    out = []
    for o in sorted(offers, key=lambda r: r.therapist_id):
        loc = places.get(o.therapist_id)
        out.append(
            SupervisorFacts(
                therapist_id=o.therapist_id,
                name=o.name,
                slug=o.slug,
                standings=tuple(standings_of(creds.get(o.therapist_id, []))),
                adaptations=tuple(o.adaptations or ()),
                languages=tuple(o.languages or ()),
                timezone=o.timezone,
                individual=o.individual,
                group=o.group_sessions,
                fee_individual=o.fee_individual,
                fee_group=o.fee_group,
                accepting=o.accepting,
                confirmed_on=o.confirmed_on,
                in_person=o.in_person,
                lat=loc.lat if loc is not None else None,
                lon=loc.lon if loc is not None else None,
                place=f"{loc.city}, {loc.state}" if loc is not None else None,
                note=o.note,
            )
        )
    return out


def _patched(current: SupervisorPool, since: int, on: dt.date) -> SupervisorPool:
    """The pool with the supervisors changed since generation ``since`` reloaded (the search
    documents' change feed names every therapist whose profile or credentials changed, and offer
    changes refresh their therapist's document too)."""
    changed = sorted(
        set(
            db.session.scalars(
                select(SearchDocument.therapist_id).where(SearchDocument.seq > since)
            )
        )
    )
    offering: set[int] = set()
    for chunk in _chunks(changed):
        offering |= set(
            db.session.scalars(
                select(SupervisionOffer.therapist_id).where(
                    SupervisionOffer.therapist_id.in_(chunk)
                )
            )
        )
    relevant = sorted(t for t in changed if t in offering or t in current.therapist_ids)
    if not relevant:
        return current if current.on == on else SupervisorPool(current.offers, on)
    keep = set(relevant)
    offers = [f for f in current.offers if f.therapist_id not in keep] + load_offers(relevant)
    offers.sort(key=lambda f: f.therapist_id)
    return SupervisorPool(offers, on)


def pool() -> SupervisorPool:
    """This worker's pool: built once, then patched with the supervisors whose offer, profile or
    credentials changed (one small query per search when nothing did)."""
    cache = current_app.extensions.setdefault("supervisor_pool", _PoolCache())
    state = db.session.execute(
        select(SearchState.generation, SearchState.rebuilt_generation).where(SearchState.id == 1)
    ).first()
    generation, rebuilt = state if state is not None else (0, 0)
    on = today()
    with cache.lock:
        current = cache.pool
        if current is not None and cache.generation == generation and current.on == on:
            return current
        if current is None or rebuilt > cache.generation or generation < cache.generation:
            fresh = SupervisorPool(load_offers(), on)
        else:
            fresh = _patched(current, cache.generation, on)
        cache.pool, cache.generation = fresh, generation
        return fresh


def search(args: dict[str, Any]) -> SupervisorResult:
    """``args`` as loaded by ``SupervisorSearchArgs``; PlaceError for an unknown place."""
    lat = lon = None
    if args.get("in_person_near"):
        place = resolve_place(args["in_person_near"])
        lat, lon = place.lat, place.lon
    query = SupervisorQuery(
        today=today(),
        ladder=args.get("ladder"),
        verified_only=args.get("verified_only", False),
        adaptations=tuple(args.get("adaptation") or ()),
        language=args.get("language"),
        timezone=args.get("timezone"),
        max_hours_apart=args.get("max_hours_apart"),
        format=args.get("format"),
        max_fee=args.get("max_fee"),
        accepting_only=args.get("accepting", False),
        in_person_lat=lat,
        in_person_lon=lon,
        limit=args.get("limit", 20),
        offset=args.get("offset", 0),
        words=RequestWords(),
    )
    return pool().search(query)


def result_dict(ranked: RankedSupervisor) -> dict[str, Any]:
    """One result as the API and the pages show it."""
    f = ranked.facts
    words = RequestWords()
    return {
        "therapist_id": f.therapist_id,
        "name": f.name,
        "slug": f.slug,
        "profile_url": url_for("seeker.profile", slug=f.slug),
        "standings": [
            {
                "body": s.body,
                "level": s.level,
                "tier": s.tier,
                "verified": s.verified,
                "text": standing_text(s, words),
            }
            for s in sorted(f.standings, key=lambda s: (not s.verified, s.body))
        ],
        "adaptations": list(f.adaptations),
        "languages": list(f.languages),
        "timezone": f.timezone,
        "individual": f.individual,
        "group": f.group,
        "fee_individual": f.fee_individual,
        "fee_group": f.fee_group,
        "accepting": f.accepting,
        "confirmed_on": f.confirmed_on,
        "in_person": f.in_person,
        "place": f.place,
        "note": f.note,
        "distance_mi": round(ranked.distance_mi, 1) if ranked.distance_mi is not None else None,
        "score": ranked.score,
        "score_parts": ranked.parts,
        "reasons": ranked.reasons,
    }
