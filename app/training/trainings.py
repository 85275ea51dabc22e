"""Trainings: courses and workshops submitted from an account, reviewed by a verifier, then public.

Times are entered in the training's own time zone and stored in UTC. Past trainings (ended) drop
out of search. The iCalendar feed is written by the ``icalendar`` library.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import icalendar
import numpy as np
from babel.dates import format_datetime
from flask import has_request_context, url_for
from marshmallow import ValidationError
from sqlalchemy import func, select

from app.accounts import audit
from app.accounts.models import User
from app.core.clock import utcnow
from app.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from app.core.extensions import db
from app.core.i18n import request_language
from app.directory.schemas import flatten_errors
from app.training.models import Training
from app.training.schemas import TrainingInputSchema
from matching.distance import haversine_miles
from matching.geo import PlaceError, resolve_place
from matching.reference import vocabulary

NOTE_MAX = 2000
MAX_DAYS = 400  # one listing spans at most this long (a year-long programme fits)
MAX_PENDING_PER_ACCOUNT = 50
_TIME_EXAMPLE = "Give a date and time such as 2027-03-14T09:00."


def _local(text: Any, zone: ZoneInfo | None, field: str, errors: list) -> dt.datetime | None:
    if not isinstance(text, str) or not text.strip():
        errors.append(((field,), "Missing data for required field."))
        return None
    try:
        naive = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        errors.append(((field,), f"'{text[:40]}' is not a date and time. {_TIME_EXAMPLE}"))
        return None
    if naive.tzinfo is not None:
        errors.append(
            ((field,), "Give the local time without an offset; the time zone is separate.")
        )
        return None
    if zone is None:
        return None
    return naive.replace(tzinfo=zone).astimezone(dt.UTC)


def validate(payload: Any) -> dict[str, Any]:
    """A training's columns from its submission, or InvalidInput naming every field at fault."""
    errors: list[tuple[tuple, str]] = []
    try:
        data = TrainingInputSchema().load(payload if isinstance(payload, dict) else {})
    except ValidationError as exc:
        errors = flatten_errors(exc.messages)
        data = {
            k: v
            for k, v in (payload if isinstance(payload, dict) else {}).items()
            if k not in exc.messages
        }
    zone = (
        ZoneInfo(data["timezone"])
        if data.get("timezone") and not any(p == ("timezone",) for p, _ in errors)
        else None
    )
    starts = ends = None
    if "starts_at" in data:
        starts = _local(data.get("starts_at"), zone, "starts_at", errors)
    if "ends_at" in data:
        ends = _local(data.get("ends_at"), zone, "ends_at", errors)
    now = utcnow()
    if starts is not None and starts <= now:
        errors.append((("starts_at",), "The start is in the past: list trainings still to come."))
    if starts is not None and ends is not None:
        if ends <= starts:
            errors.append((("ends_at",), "The end must be after the start."))
        elif ends - starts > dt.timedelta(days=MAX_DAYS):
            errors.append((("ends_at",), f"A training can span at most {MAX_DAYS} days."))
    online = data.get("online", True)
    place = None
    if not online:
        if not (data.get("place") or "").strip():
            errors.append((("place",), "Give the place (a ZIP or 'City, ST'), or mark it online."))
        else:
            try:
                place = resolve_place(data["place"])
            except PlaceError as exc:
                errors.append((("place",), str(exc)))
    if errors:
        raise InvalidInput(errors)
    out = {
        key: data.get(key)
        for key in (
            "title",
            "provider",
            "description",
            "body",
            "level",
            "adaptation",
            "timezone",
            "venue",
            "hours",
            "ce_credits",
            "price",
            "seats_left",
            "language",
        )
    }
    out["title"] = out["title"].strip()
    out["provider"] = out["provider"].strip()
    out |= {
        "starts_at": starts,
        "ends_at": ends,
        "online": online,
        "registration_url": data["registration_url"].strip(),
        "city": None,
        "state": None,
        "lat": None,
        "lon": None,
    }
    if place is not None:
        out |= {
            "city": place.label,
            "state": place.state,
            "lat": place.lat,
            "lon": place.lon,
        }
    return out


def snapshot(t: Training) -> dict[str, Any]:
    return {
        "title": t.title,
        "status": t.status,
        "starts_at": t.starts_at,
        "ends_at": t.ends_at,
        "registration_url": t.registration_url,
    }


def submit(user: User, payload: Any) -> Training:
    """A training from ``user``'s account: ``pending`` until a verifier publishes it."""
    pending = db.session.scalar(
        select(db.func.count(Training.id)).where(
            Training.created_by_id == user.id, Training.status == "pending"
        )
    )
    if pending and pending >= MAX_PENDING_PER_ACCOUNT:
        raise Conflict(f"You have {pending} trainings waiting for review; wait for a decision.")
    training = Training(**validate(payload), status="pending", created_by_id=user.id)
    db.session.add(training)
    db.session.flush()
    audit.record(user, "training.submit", "training", training.id, after=snapshot(training))
    db.session.commit()
    return training


def own_trainings(user: User) -> list[Training]:
    return list(
        db.session.scalars(
            select(Training)
            .where(Training.created_by_id == user.id)
            .order_by(Training.starts_at.desc(), Training.id.desc())
        )
    )


def withdraw(user: User, training_id: int) -> Training:
    training = db.session.get(Training, training_id)
    if training is None or training.created_by_id != user.id:
        raise NotFound(f"You have no training with id {training_id}.")
    before = snapshot(training)
    training.status = "withdrawn"
    audit.record(user, "training.withdraw", "training", training.id, before=before)
    db.session.commit()
    return training


def viewable(training_id: int, user: Any) -> Training:
    """A published training for anyone; a pending one for its author and verifiers only."""
    training = db.session.get(Training, training_id)
    if training is None:
        raise NotFound(f"There is no training with id {training_id}.")
    if training.status == "published":
        return training
    signed_in = user is not None and getattr(user, "is_authenticated", False)
    if signed_in and (user.id == training.created_by_id or user.has_role("verifier")):
        return training
    raise NotFound(f"There is no training with id {training_id}.")


# --- review --------------------------------------------------------------------------------------


def review_queue() -> list[Training]:
    return list(
        db.session.scalars(
            select(Training).where(Training.status == "pending").order_by(Training.created_at)
        )
    )


def decide(verifier: User, training_id: int, decision: str, note: str | None) -> Training:
    if not verifier.has_role("verifier"):
        raise Forbidden("Only verifiers review trainings.")
    training = db.session.get(Training, training_id)
    if training is None:
        raise NotFound(f"There is no training with id {training_id}.")
    if training.status != "pending":
        raise Conflict(f"Training #{training_id} is already {training.status}.")
    note = (note or "").strip()
    if decision not in ("publish", "reject"):
        raise InvalidInput([(("decision",), "Choose publish or reject.")])
    if decision == "reject" and not note:
        raise InvalidInput([(("note",), "Say why, so the author can correct it.")])
    if len(note) > NOTE_MAX:
        raise InvalidInput([(("note",), f"At most {NOTE_MAX} characters.")])
    if decision == "publish" and training.ends_at <= utcnow():
        raise InvalidInput([(("decision",), "This training has already ended.")])
    before = snapshot(training)
    training.status = "published" if decision == "publish" else "rejected"
    training.reviewed_by_id = verifier.id
    training.reviewed_at = utcnow()
    training.review_note = note or None
    audit.record(
        verifier,
        f"training.{decision}",
        "training",
        training.id,
        before=before,
        after=snapshot(training),
    )
    db.session.commit()
    return training


# --- search ------------------------------------------------------------------------------------


def search(args: dict[str, Any]) -> tuple[int, list[tuple[Training, float | None]]]:
    """Published trainings still to come (or under way), soonest first. PlaceError for ``near``."""
    stmt = select(Training).where(Training.status == "published", Training.ends_at > utcnow())
    if args.get("date_from"):
        start = dt.datetime.combine(args["date_from"], dt.time.min, dt.UTC)
        stmt = stmt.where(Training.ends_at >= start)
    if args.get("date_to"):
        end = dt.datetime.combine(args["date_to"] + dt.timedelta(days=1), dt.time.min, dt.UTC)
        stmt = stmt.where(Training.starts_at < end)
    mode = args.get("mode", "any")
    near = None
    if args.get("near"):
        near = resolve_place(args["near"])
        mode = "in-person" if mode == "any" else mode
    if mode == "online":
        stmt = stmt.where(Training.online.is_(True))
    elif mode == "in-person":
        stmt = stmt.where(Training.online.is_(False))
    for key in ("body", "level", "adaptation", "language"):
        if args.get(key):
            stmt = stmt.where(getattr(Training, key) == args[key])
    offset, limit = args.get("offset", 0), args.get("limit", 50)
    if near is None:
        # Paged in the database: a count, then one page of rows.
        total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
        page = db.session.scalars(
            stmt.order_by(Training.starts_at, Training.id).offset(offset).limit(limit)
        )
        return total, [(t, None) for t in page]
    # Near a place: a latitude band in SQL, then the exact radius over the band's few rows.
    radius = args.get("radius_mi", 100.0)
    band = radius / 68.7 + 0.01
    stmt = stmt.where(Training.lat.between(near.lat - band, near.lat + band))
    rows = db.session.execute(
        stmt.with_only_columns(Training.id, Training.lat, Training.lon).order_by(
            Training.starts_at, Training.id
        )
    ).all()
    if not rows:
        return 0, []
    miles = haversine_miles(
        near.lat,
        near.lon,
        np.array([r.lat for r in rows], dtype=float),
        np.array([r.lon for r in rows], dtype=float),
    )
    kept = [(r.id, float(m)) for r, m in zip(rows, miles, strict=True) if m <= radius]
    chosen = kept[offset : offset + limit]
    loaded = {
        t.id: t
        for t in db.session.scalars(select(Training).where(Training.id.in_([i for i, _ in chosen])))
    }
    return len(kept), [(loaded[i], m) for i, m in chosen]


def counts_toward(t: Training) -> str | None:
    if not t.body:
        return None
    vocab = vocabulary()
    body = vocab.credential_bodies[t.body]["label"]
    if t.level:
        return f"{body} {vocab.credential_levels[(t.body, t.level)].label}"
    return body


def _local_text(moment: dt.datetime, zone: str) -> str:
    """ "Tue 12 Jan 2027, 09:00" / "mar 12 ene 2027, 09:00": the trainer's local time."""
    local = moment.astimezone(ZoneInfo(zone))
    return format_datetime(local, "EEE d MMM y, HH:mm", tzinfo=local.tzinfo, locale=_locale())


def _locale() -> str:
    return request_language() if has_request_context() else "en"


def training_dict(t: Training, distance_mi: float | None = None) -> dict[str, Any]:
    return {
        "id": t.id,
        "title": t.title,
        "provider": t.provider,
        "description": t.description,
        "body": t.body,
        "level": t.level,
        "counts_toward": counts_toward(t),
        "adaptation": t.adaptation,
        "starts_at": t.starts_at,
        "ends_at": t.ends_at,
        "timezone": t.timezone,
        "local_start": _local_text(t.starts_at, t.timezone),
        "local_end": _local_text(t.ends_at, t.timezone),
        "online": t.online,
        "venue": t.venue,
        "city": t.city,
        "state": t.state,
        "distance_mi": round(distance_mi, 1) if distance_mi is not None else None,
        "hours": t.hours,
        "ce_credits": t.ce_credits,
        "price": t.price,
        "seats_left": t.seats_left,
        "language": t.language,
        "registration_url": t.registration_url,
        "url": url_for("training.training_detail", training_id=t.id),
    }


def calendar_url(params: Iterable[tuple[str, Any]]) -> str:
    """The iCalendar feed for the same search (paging left out: a feed holds every match)."""
    kept = [(k, v) for k, v in params if k not in ("limit", "offset") and v not in ("", None)]
    base = url_for("training_api.TrainingCalendar")
    return f"{base}?{urlencode(kept)}" if kept else base


def calendar(trainings: list[Training], host: str) -> bytes:
    """An RFC 5545 calendar of ``trainings``, written by the icalendar library."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//IPT Directory//Trainings//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "IPT trainings")
    stamp = utcnow()
    for t in trainings:
        event = icalendar.Event()
        event.add("uid", f"training-{t.id}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", t.starts_at.astimezone(ZoneInfo(t.timezone)))
        event.add("dtend", t.ends_at.astimezone(ZoneInfo(t.timezone)))
        event.add("summary", t.title)
        lines = [f"By {t.provider}."]
        if towards := counts_toward(t):
            lines.append(f"Counts toward {towards}.")
        if t.ce_credits is not None:
            lines.append(f"{t.ce_credits:g} CE credits.")
        if t.price is not None:
            lines.append("Free." if t.price == 0 else f"${t.price}.")
        lines.append(f"Register: {t.registration_url}")
        event.add("description", " ".join(lines))
        where = "Online" if t.online else ", ".join(p for p in (t.venue, t.city) if p)
        event.add("location", where)
        event.add("url", t.registration_url)
        cal.add_component(event)
    if trainings:  # VTIMEZONEs covering the feed's dates only, so the file stays small
        first = min(t.starts_at for t in trainings).date() - dt.timedelta(days=366)
        last = max(t.ends_at for t in trainings).date() + dt.timedelta(days=366)
        cal.add_missing_timezones(first_date=first, last_date=last)
    return cal.to_ical()
