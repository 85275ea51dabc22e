"""Supervision offers: a supervisor says whether and how they supervise; clinicians search them.

A therapist may offer supervision only while holding an IPT credential at supervisor level or above
(verified, pending or self-reported; rejected and expired credentials do not count). Search reads a
per-worker ``SupervisorPool`` rebuilt when an offer, a profile or a credential changes.
"""

from __future__ import annotations

import threading
from typing import Any

from flask import current_app, url_for
from marshmallow import ValidationError
from sqlalchemy import func, select

from app.accounts import audit
from app.accounts.models import User
from app.core.clock import today
from app.core.errors import Conflict, InvalidInput
from app.core.extensions import db
from app.directory.models import IptCredential, Location, Therapist
from app.directory.schemas import flatten_errors
from app.directory.services import own_profile
from app.search.models import SearchState
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


def standings_of(credentials: list[IptCredential]) -> list[LadderStanding]:
    """The credentials that let their holder supervise, each marked verified or not."""
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
    db.session.commit()


# --- search ------------------------------------------------------------------------------------


class _PoolCache:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.stamp: tuple | None = None
        self.pool: SupervisorPool | None = None


def _stamp() -> tuple:
    generation = db.session.scalar(select(SearchState.generation).where(SearchState.id == 1))
    count, latest = db.session.execute(
        select(func.count(SupervisionOffer.id), func.max(SupervisionOffer.updated_at))
    ).one()
    return (today(), generation or 0, count, latest)


def load_offers() -> list[SupervisorFacts]:
    """Every listed supervisor's offer as plain facts (published profiles only)."""
    rows = db.session.execute(
        select(SupervisionOffer, Therapist.name, Therapist.slug)
        .join(Therapist, Therapist.id == SupervisionOffer.therapist_id)
        .where(Therapist.visibility == "published")
        .order_by(SupervisionOffer.therapist_id)
    ).all()
    ids = [offer.therapist_id for offer, _, _ in rows]
    standings: dict[int, list[IptCredential]] = {}
    places: dict[int, Location] = {}
    for chunk in (ids[i : i + 5000] for i in range(0, len(ids), 5000)):
        for cred in db.session.scalars(
            select(IptCredential).where(
                IptCredential.therapist_id.in_(chunk),
                IptCredential.tier.in_(SUPERVISING_TIERS),
            )
        ):
            standings.setdefault(cred.therapist_id, []).append(cred)
        located = db.session.scalars(
            select(Location)
            .where(Location.therapist_id.in_(chunk))
            .order_by(Location.therapist_id, Location.position.desc(), Location.id.desc())
        )
        for place in located:
            places[place.therapist_id] = place  # the first location wins (ordered last)
    out = []
    for offer, name, slug in rows:
        loc = places.get(offer.therapist_id)
        out.append(
            SupervisorFacts(
                therapist_id=offer.therapist_id,
                name=name,
                slug=slug,
                standings=tuple(standings_of(standings.get(offer.therapist_id, []))),
                adaptations=tuple(offer.adaptations or ()),
                languages=tuple(offer.languages or ()),
                timezone=offer.timezone,
                individual=offer.individual,
                group=offer.group_sessions,
                fee_individual=offer.fee_individual,
                fee_group=offer.fee_group,
                accepting=offer.accepting,
                confirmed_on=offer.confirmed_on,
                in_person=offer.in_person,
                lat=loc.lat if loc is not None else None,
                lon=loc.lon if loc is not None else None,
                place=f"{loc.city}, {loc.state}" if loc is not None else None,
                note=offer.note,
            )
        )
    return out


def pool() -> SupervisorPool:
    """This worker's pool, rebuilt when anything it was built from has changed."""
    cache = current_app.extensions.setdefault("supervisor_pool", _PoolCache())
    stamp = _stamp()
    with cache.lock:
        if cache.pool is None or cache.stamp != stamp:
            cache.pool = SupervisorPool(load_offers(), stamp[0])
            cache.stamp = stamp
        return cache.pool


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
    )
    return pool().search(query)


def result_dict(ranked: RankedSupervisor) -> dict[str, Any]:
    """One result as the API and the pages show it."""
    f = ranked.facts
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
                "text": standing_text(s),
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
