"""Therapist self-service: create or claim a profile, edit it with optimistic locking, preview,
publish, hide, confirm availability, and the monthly reminder for stale availability.

Writes go through the directory's ``upsert_profile`` (the one way a profile is written), with input
validated by the directory's ``ProfileSchema`` (see ``app.profiles.schemas``). Search documents
follow automatically at commit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from marshmallow import ValidationError
from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from app.accounts import audit, emails, tokens
from app.accounts.models import User
from app.core.clock import today, utcnow
from app.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from app.core.extensions import db
from app.directory.models import Therapist
from app.directory.public import has_contact
from app.directory.schemas import flatten_errors
from app.directory.services import own_profile, slug_in_use, unique_slug, upsert_profile
from app.profiles.models import ClaimRequest, StaleReminder
from app.profiles.schemas import (
    EDITABLE_FIELDS,
    EXCLUDED,
    FIELD_LABELS,
    SelfProfileSchema,
    editable_schema,
)
from matching.explain import STALE_AFTER_DAYS, availability_stale
from matching.geo import PlaceError, resolve_place

Path = tuple[Any, ...]


@dataclass
class FieldChange:
    field: str
    label: str
    base: str | None  # when you opened the form (None when unknown)
    current: str  # saved now
    submitted: str  # yours


class VersionConflict(Conflict):
    """Someone saved the profile after the editor read it: nothing was saved."""

    def __init__(
        self,
        current_version: int,
        current: dict[str, Any],
        changes: list[FieldChange] | None = None,
    ) -> None:
        super().__init__(
            "This profile was changed after you opened it (it is now at version "
            f"{current_version}). Nothing was saved."
        )
        self.current_version = current_version
        self.current = current
        self.changes = changes or []

    def api_details(self) -> dict[str, Any]:
        return {
            "errors": {"json": {"version": [str(self)]}},
            "current_version": self.current_version,
            "current": self.current,
            "changes": [
                {"field": c.field, "label": c.label, "current": c.current, "submitted": c.submitted}
                for c in self.changes
            ],
        }


# --- reading ---------------------------------------------------------------------------------


def editable_dict(therapist: Therapist) -> dict[str, Any]:
    """The profile's editable fields, in the shape the edit schema loads."""
    return SelfProfileSchema(exclude=EXCLUDED).dump(therapist)


def is_stale(therapist: Therapist) -> bool:
    confirmed = therapist.accepting_confirmed_on
    return availability_stale(confirmed, today())


def _base_serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="ipt-profiles/edit-base")


def sign_base(values: Mapping[str, Any]) -> str:
    """The values the edit form was opened with, signed, so a conflict can show what changed."""
    return _base_serializer().dumps(dict(values))


def read_base(signed: str | None) -> dict[str, Any] | None:
    if not signed:
        return None
    try:
        data = _base_serializer().loads(signed)
    except BadSignature:
        return None
    return data if isinstance(data, dict) else None


# --- validation and geocoding ----------------------------------------------------------------


def validate_input(
    payload: Any, *, partial: bool = False, therapist: Therapist | None = None
) -> dict[str, Any]:
    """Schema validation, then geocoding and the checks that need the database."""
    try:
        data = editable_schema(partial=partial).load(payload)
    except ValidationError as exc:
        raise InvalidInput(flatten_errors(exc.messages)) from exc
    errors: list[tuple[Path, str]] = []
    if "locations" in data:
        errors += geocode_locations(data["locations"])
    slug = data.get("slug")
    if slug and slug != (therapist.slug if therapist else None) and slug_in_use(slug):
        errors.append((("slug",), f"The address '{slug}' is taken by another profile."))
    npi = data.get("npi")
    if npi:
        taken = select(Therapist.id).where(Therapist.npi == npi)
        if therapist is not None and therapist.id is not None:
            taken = taken.where(Therapist.id != therapist.id)
        if db.session.scalar(taken) is not None:
            errors.append(
                (
                    ("npi",),
                    f"NPI {npi} is already on another listing. If that listing is yours, "
                    "claim it instead of creating a new one.",
                )
            )
    if errors:
        raise InvalidInput(errors)
    return data


def geocode_locations(rows: list[dict[str, Any]]) -> list[tuple[Path, str]]:
    """Set each row's lat/lon from its ZIP code (else its town and state), offline.

    The town is checked too, so "Portlnad" is caught (or corrected by the gazetteer) and a ZIP in
    another state is refused. Errors name the row and field.
    """
    errors: list[tuple[Path, str]] = []
    for i, row in enumerate(rows):
        row.pop("lat", None)
        row.pop("lon", None)
        city, state, zip_code = row["city"], row["state"], row["zip"]
        by_zip = by_town = None
        try:
            by_zip = resolve_place(zip_code)
        except PlaceError:
            by_zip = None
        try:
            by_town = resolve_place(f"{city}, {state}")
        except PlaceError:
            errors.append(
                (
                    ("locations", i, "city"),
                    f"We could not find a town called '{city}' in {state}. Check the spelling "
                    "(use the town of your postal address).",
                )
            )
        if by_zip is not None and by_zip.state and by_zip.state != state:
            errors.append(
                (("locations", i, "zip"), f"ZIP {zip_code} is in {by_zip.state}, not {state}.")
            )
            continue
        place = by_zip or by_town
        if place is None:
            if by_town is None and not any(p[:2] == ("locations", i) for p, _ in errors):
                errors.append((("locations", i, "zip"), f"We could not place ZIP {zip_code}."))
            continue
        row["lat"], row["lon"] = round(place.lat, 6), round(place.lon, 6)
    return errors


# --- create, edit ------------------------------------------------------------------------------


def create_profile(user: User, payload: Any) -> Therapist:
    """A new draft profile owned by ``user``."""
    if user.therapist_id is not None:
        raise Conflict("You already have a profile; edit it instead.")
    data = validate_input(payload)
    if data.get("accepting_clients"):
        data["accepting_confirmed_on"] = today()
    data["visibility"] = "draft"
    if not data.get("slug"):
        # Chosen before the new row joins the session: upsert_profile's own slug lookup would
        # autoflush a therapist that has no slug yet.
        data["slug"] = unique_slug(data["name"])
    therapist = upsert_profile(data, therapist=Therapist())  # never matched to someone else's
    db.session.flush()
    user.therapist_id = therapist.id
    audit.record(user, "profile.create", "therapist", therapist.id, therapist_id=therapist.id)
    db.session.commit()
    return therapist


def update_profile(
    user: User,
    payload: Any,
    *,
    version: Any,
    partial: bool = False,
    base: Mapping[str, Any] | None = None,
) -> Therapist:
    """Save an edit made on top of ``version``; VersionConflict if the profile moved on since."""
    therapist = own_profile(user)
    if therapist is None:
        raise Conflict("You do not have a profile yet.")
    data = validate_input(payload, partial=partial, therapist=therapist)
    before = editable_dict(therapist)
    if not isinstance(version, int) or isinstance(version, bool) or version != therapist.version:
        raise _conflict(therapist, before, payload, base)
    if data.get("accepting_clients") and not therapist.accepting_clients:
        data["accepting_confirmed_on"] = today()  # switching to "accepting" is a confirmation
    upsert_profile(data, therapist=therapist)
    therapist.updated_at = utcnow()  # always an UPDATE, so the version moves on every save
    after = editable_dict(therapist)
    changed = sorted(
        k for k in EDITABLE_FIELDS if _norm(k, before.get(k)) != _norm(k, after.get(k))
    )
    audit.record(
        user,
        "profile.edit",
        "therapist",
        therapist.id,
        therapist_id=therapist.id,
        after={"fields": changed},
    )
    try:
        db.session.commit()
    except StaleDataError:  # someone saved between our read and our write
        db.session.rollback()
        current = own_profile(user)
        if current is None:
            raise Conflict("This profile was deleted meanwhile.") from None
        raise _conflict(current, editable_dict(current), payload, base) from None
    return therapist


def _conflict(
    therapist: Therapist, current: dict, submitted: Any, base: Mapping[str, Any] | None
) -> VersionConflict:
    submitted = submitted if isinstance(submitted, Mapping) else {}
    return VersionConflict(therapist.version, current, diff_profiles(base, current, submitted))


def _norm(name: str, value: Any) -> Any:
    """Comparable form of a field's value (computed coordinates and list order do not count)."""
    if value in ("", None, []):
        return None
    if name == "locations" and isinstance(value, list):
        return [
            {k: (v if v != "" else None) for k, v in row.items() if k not in ("lat", "lon")}
            for row in value
            if isinstance(row, Mapping)
        ]
    if name == "specialties" and isinstance(value, list):
        return sorted(
            (str(s.get("condition")), bool(s.get("primary")))
            for s in value
            if isinstance(s, Mapping)
        )
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return sorted(value)
    if isinstance(value, list):
        return [
            {k: (v if v != "" else None) for k, v in row.items()}
            if isinstance(row, Mapping)
            else row
            for row in value
        ]
    return value


def describe(name: str, value: Any) -> str:
    """A field's value in words, for the conflict table."""
    value = _norm(name, value)
    if value is None:
        return "(empty)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if name == "specialties":
        return ", ".join(f"{slug} (primary)" if primary else slug for slug, primary in value)
    if isinstance(value, list):
        parts = []
        for item in value:
            if isinstance(item, Mapping):
                parts.append(
                    ", ".join(
                        str(v) if not isinstance(v, bool) else f"{k}: {'yes' if v else 'no'}"
                        for k, v in item.items()
                        if v is not None
                    )
                )
            else:
                parts.append(str(item))
        return "; ".join(parts)
    return str(value)


def diff_profiles(
    base: Mapping[str, Any] | None, current: Mapping[str, Any], submitted: Mapping[str, Any]
) -> list[FieldChange]:
    """Field by field: with the values the editor started from, the fields someone else changed
    since; without them, the fields where what is saved differs from what was sent."""
    changes = []
    for name in EDITABLE_FIELDS:
        now_value = _norm(name, current.get(name))
        mine = _norm(name, submitted.get(name)) if name in submitted else now_value
        if base is not None:
            if _norm(name, base.get(name)) == now_value:
                continue
        elif mine == now_value:
            continue
        changes.append(
            FieldChange(
                field=name,
                label=FIELD_LABELS.get(name, name),
                base=describe(name, base.get(name)) if base is not None else None,
                current=describe(name, current.get(name)),
                submitted=describe(name, submitted.get(name) if name in submitted else None)
                if name in submitted
                else describe(name, current.get(name)),
            )
        )
    return changes


# --- publish, hide, availability ------------------------------------------------------------


def publish_problems(therapist: Therapist) -> list[str]:
    problems = []
    if not therapist.locations:
        problems.append("Add at least one practice location (seekers search by place).")
    if not therapist.licences:
        problems.append("Add at least one state licence.")
    if not has_contact(therapist):
        problems.append(
            "Add a way for people to reach you: an e-mail address (it also turns on the contact"
            " form), a phone number or a website."
        )
    return problems


def set_visibility(user: User, visibility: str) -> Therapist:
    therapist = own_profile(user)
    if therapist is None:
        raise Conflict("You do not have a profile yet.")
    if visibility == "published":
        problems = publish_problems(therapist)
        if problems:
            raise Conflict("Your profile cannot be published yet: " + " ".join(problems))
    before = therapist.visibility
    if before != visibility:
        therapist.visibility = visibility
        audit.record(
            user,
            "profile.publish" if visibility == "published" else "profile.hide",
            "therapist",
            therapist.id,
            therapist_id=therapist.id,
            before={"visibility": before},
            after={"visibility": visibility},
        )
        db.session.commit()
    return therapist


def confirm_accepting(therapist: Therapist, actor: User | None) -> Therapist:
    """One click: "I am still accepting clients"."""
    before = {
        "accepting_clients": therapist.accepting_clients,
        "accepting_confirmed_on": therapist.accepting_confirmed_on,
    }
    therapist.accepting_clients = True
    therapist.accepting_confirmed_on = today()
    therapist.updated_at = utcnow()
    audit.record(
        actor,
        "profile.confirm_accepting",
        "therapist",
        therapist.id,
        therapist_id=therapist.id,
        before=before,
        after={
            "accepting_clients": True,
            "accepting_confirmed_on": therapist.accepting_confirmed_on,
        },
    )
    db.session.commit()
    return therapist


def confirm_accepting_for(user: User) -> Therapist:
    therapist = own_profile(user)
    if therapist is None:
        raise Conflict("You do not have a profile yet.")
    return confirm_accepting(therapist, user)


def accepting_link_owner(token: str) -> tuple[User, Therapist]:
    """The e-mailed "still accepting" link: valid for 30 days while the account owns the profile."""
    payload = tokens.read_token("confirm-accepting", token)
    user = db.session.get(User, payload.get("uid"))
    if user is None or not user.active or user.therapist_id != payload.get("tid"):
        raise tokens.TokenError("This link is not valid any more. Log in to confirm instead.")
    therapist = db.session.get(Therapist, user.therapist_id) if user.therapist_id else None
    if therapist is None:
        raise tokens.TokenError("This link is not valid any more. Log in to confirm instead.")
    return user, therapist


def remind_stale_profiles(on: dt.date | None = None) -> int:
    """E-mail owners of published, accepting profiles not confirmed for 90 days; at most once per
    profile per calendar month, so a scheduler may run it as often as it likes."""
    on = on or today()
    period = on.strftime("%Y-%m")
    cutoff = on - dt.timedelta(days=STALE_AFTER_DAYS)
    already = exists().where(
        StaleReminder.therapist_id == Therapist.id, StaleReminder.period == period
    )
    rows = db.session.execute(
        select(User, Therapist)
        .join(Therapist, Therapist.id == User.therapist_id)
        .where(
            User.active.is_(True),
            User.email_verified_at.is_not(None),
            Therapist.visibility == "published",
            Therapist.accepting_clients.is_(True),
            or_(
                Therapist.accepting_confirmed_on.is_(None),
                Therapist.accepting_confirmed_on < cutoff,
            ),
            ~already,
        )
        .order_by(Therapist.id)
    ).all()
    sent = 0
    for user, therapist in rows:
        db.session.add(StaleReminder(therapist_id=therapist.id, period=period))
        db.session.flush()
        token = tokens.make_token("confirm-accepting", uid=user.id, tid=therapist.id)
        days = (
            (on - therapist.accepting_confirmed_on).days
            if therapist.accepting_confirmed_on
            else None
        )
        emails.send(
            user.email,
            "Are you still accepting new clients?",
            "stale_reminder",
            days=days,
            confirm_url=emails.external_url("profiles.still_accepting", token=token),
            edit_url=emails.external_url("profiles.edit"),
        )
        db.session.commit()
        sent += 1
    return sent


# --- claims ---------------------------------------------------------------------------------


def _unowned():
    return ~exists().where(User.therapist_id == Therapist.id)


def find_claimable(query: str, limit: int = 20) -> list[Therapist]:
    """Listings nobody manages yet whose name contains ``query`` (case-insensitive)."""
    query = " ".join((query or "").split())
    if len(query) < 2:
        return []
    escaped = query.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    stmt = (
        select(Therapist)
        .where(
            func.lower(Therapist.name).like(f"%{escaped}%", escape="\\"),
            Therapist.visibility != "draft",
            _unowned(),
        )
        .options(selectinload(Therapist.locations))
        .order_by(Therapist.name, Therapist.id)
        .limit(limit)
    )
    return list(db.session.scalars(stmt))


def mask_email(address: str | None) -> str | None:
    """``jane.doe@example.org`` -> ``ja•••@ex•••.org``: enough to recognise, not to harvest."""
    if not address or "@" not in address:
        return None
    local, _, domain = address.partition("@")
    host, dot, tld = domain.rpartition(".")
    return f"{local[:2]}•••@{(host or tld)[:2]}•••{dot}{tld if host else ''}"


def claimable(therapist_id: int) -> Therapist | None:
    return db.session.scalar(
        select(Therapist).where(
            Therapist.id == therapist_id, Therapist.visibility != "draft", _unowned()
        )
    )


def request_claim(user: User, therapist_id: int, evidence: str | None) -> ClaimRequest:
    """Ask to manage a listing: by e-mail to the address on it, else for a verifier to check."""
    if user.therapist_id is not None:
        raise Conflict("Your account already manages a profile.")
    therapist = claimable(therapist_id)
    if therapist is None:
        raise NotFound("There is no listing with that id to claim.")
    method = "email" if therapist.email else "manual"
    evidence = (evidence or "").strip() or None
    if method == "manual":
        if evidence is None or len(evidence) < 10:
            raise InvalidInput(
                [
                    (
                        ("evidence",),
                        "This listing has no e-mail address, so a verifier will check your claim. "
                        "Tell us how to confirm it is you (at least 10 characters): for example "
                        "your licence number and a practice phone number we can call.",
                    )
                ]
            )
        if len(evidence) > 2000:
            raise InvalidInput([(("evidence",), "At most 2000 characters.")])
    claim = db.session.scalar(
        select(ClaimRequest).where(
            ClaimRequest.user_id == user.id,
            ClaimRequest.therapist_id == therapist.id,
            ClaimRequest.status == "pending",
        )
    )
    if claim is None:
        claim = ClaimRequest(user_id=user.id, therapist_id=therapist.id, method=method)
        db.session.add(claim)
    claim.method = method
    claim.evidence = evidence if method == "manual" else None
    db.session.flush()
    audit.record(
        user,
        "claim.request",
        "claim",
        claim.id,
        therapist_id=therapist.id,
        after={"method": method, "status": "pending"},
    )
    db.session.commit()
    if method == "email":
        assert therapist.email  # the method is "email" only when the listing has an address
        token = tokens.make_token("claim-profile", cid=claim.id, uid=user.id, tid=therapist.id)
        emails.send(
            therapist.email,
            "Confirm that you manage this listing",
            "claim_profile",
            therapist_name=therapist.name,
            account_email=user.email,
            confirm_url=emails.external_url("profiles.confirm_claim", token=token),
        )
    return claim


def claim_from_token(user: User, token: str) -> tuple[ClaimRequest, dict]:
    payload = tokens.read_token("claim-profile", token)
    claim = db.session.get(ClaimRequest, payload.get("cid"))
    if claim is None or claim.therapist_id != payload.get("tid") or claim.status != "pending":
        raise tokens.TokenError("This link is not valid any more.")
    if claim.user_id != user.id or payload.get("uid") != user.id:
        raise Forbidden("This link was sent for another account.")
    return claim, payload


def confirm_claim(user: User, token: str) -> Therapist:
    claim, payload = claim_from_token(user, token)
    tokens.spend("claim-profile", payload)
    _link(claim, user, decided_by=None, note=None)
    db.session.commit()
    return claim.therapist


def _link(claim: ClaimRequest, owner: User, *, decided_by: User | None, note: str | None) -> None:
    if owner.therapist_id is not None:
        raise Conflict("That account already manages a profile.")
    taken = db.session.scalar(select(User.id).where(User.therapist_id == claim.therapist_id))
    if taken is not None:
        raise Conflict("Another account already manages this listing.")
    owner.therapist_id = claim.therapist_id
    claim.status = "approved"
    claim.decided_at = utcnow()
    claim.decided_by_id = decided_by.id if decided_by else None
    claim.decision_note = note
    audit.record(
        decided_by or owner,
        "claim.approve",
        "claim",
        claim.id,
        therapist_id=claim.therapist_id,
        before={"status": "pending"},
        after={"status": "approved", "method": claim.method, "owner_id": owner.id},
    )


def pending_manual_claims() -> list[ClaimRequest]:
    return list(
        db.session.scalars(
            select(ClaimRequest)
            .where(ClaimRequest.status == "pending", ClaimRequest.method == "manual")
            .options(selectinload(ClaimRequest.therapist), selectinload(ClaimRequest.user))
            .order_by(ClaimRequest.created_at, ClaimRequest.id)
        )
    )


def decide_claim(verifier: User, claim_id: int, approve: bool, note: str | None) -> ClaimRequest:
    """A verifier's decision on a manual claim; the claimant is told by e-mail."""
    claim = db.session.scalar(
        select(ClaimRequest).where(ClaimRequest.id == claim_id).with_for_update()
    )
    if claim is None or claim.method != "manual":
        raise NotFound("There is no claim with that id.")
    if claim.status != "pending":
        raise Conflict(f"This claim was already decided ({claim.status}).")
    note = (note or "").strip() or None
    if not approve and note is None:
        raise InvalidInput([(("note",), "Say why the claim is rejected; the therapist sees it.")])
    owner = claim.user
    if approve:
        _link(claim, owner, decided_by=verifier, note=note)
    else:
        claim.status = "rejected"
        claim.decided_at = utcnow()
        claim.decided_by_id = verifier.id
        claim.decision_note = note
        audit.record(
            verifier,
            "claim.reject",
            "claim",
            claim.id,
            therapist_id=claim.therapist_id,
            before={"status": "pending"},
            after={"status": "rejected", "note": note},
        )
    db.session.commit()
    emails.send(
        owner.email,
        "Your claim was approved" if approve else "Your claim was not approved",
        "claim_decided",
        approved=approve,
        therapist_name=claim.therapist.name,
        note=note,
        dashboard_url=emails.external_url("profiles.dashboard"),
        claim_url=emails.external_url("profiles.claim_search"),
    )
    return claim


def my_claims(user: User) -> list[ClaimRequest]:
    return list(
        db.session.scalars(
            select(ClaimRequest)
            .where(ClaimRequest.user_id == user.id)
            .options(selectinload(ClaimRequest.therapist))
            .order_by(ClaimRequest.created_at.desc())
        )
    )
