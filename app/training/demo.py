"""Demo data for the training pathway: supervision offers from the demo supervisors, a calendar of
trainings (past and to come), and training records. Deterministic for a seed and a date."""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

from sqlalchemy import select

from app.core.clock import utcnow
from app.core.extensions import db
from app.directory.models import IptCredential, Location, Therapist
from app.training.models import (
    RecordCase,
    RecordTraining,
    SupervisionOffer,
    Training,
    TrainingRecord,
)
from matching.pathway import SUPERVISING_TIERS, requirements

OFFER_SHARE = 0.7
RECORDS = 40
ADAPTATION_MIX = ("ipt", "ipt", "perinatal-ipt", "ipt-a", "ipsrt", "group-ipt", "ipt-ptsd")
COURSES: tuple[tuple[str, str | None, str | None, str, int], ...] = (
    ("IPT Level A clinical training", "ipt-institute", "A", "ipt", 16),
    ("Perinatal IPT course", "ipt-institute", "A", "perinatal-ipt", 15),
    ("IPT for Adolescents (IPT-A) course", "ipt-institute", "A", "ipt-a", 14),
    ("IPT booster and advanced course", "ipt-institute", "B", "ipt", 8),
    ("ISIPT introductory IPT workshop", "isipt", "therapist", "ipt", 16),
    ("ISIPT supervisor training", "isipt", "supervisor", "ipt", 12),
    ("IPT UK practitioner training", "ipt-uk", "A", "ipt", 30),
    ("Group IPT facilitator training", None, None, "group-ipt", 12),
    ("IPSRT for bipolar disorder", None, None, "ipsrt", 8),
    ("Interpersonal counselling (IPC) workshop", None, None, "ipc", 6),
)
PROVIDERS = (
    "IPT Institute",
    "ISIPT",
    "IPT UK",
    "Northwest IPT Training Collaborative",
    "Perinatal Mental Health Alliance",
    "University Department of Psychiatry",
)


def timezone_for(state: str, lon: float) -> str:
    """A plausible zone for a US practice (demo data only: a few states straddle zones)."""
    special = {"AK": "America/Anchorage", "HI": "Pacific/Honolulu", "AZ": "America/Phoenix"}
    if state in special:
        return special[state]
    if state in ("PR", "VI"):
        return "America/Puerto_Rico"
    if lon > -86.5:
        return "America/New_York"
    if lon > -101.5:
        return "America/Chicago"
    if lon > -114.5:
        return "America/Denver"
    return "America/Los_Angeles"


def seed_training_demo(seed: int, as_of: dt.date) -> dict[str, int]:
    """Add the pathway's demo rows for the demo profiles of ``seed``; returns rows per table."""
    rng = random.Random(f"training-{seed}")
    prefix = f"demo-{seed}-%"
    rows = db.session.execute(
        select(Therapist.id, IptCredential.body, Location.state, Location.lon)
        .join(Location, Location.therapist_id == Therapist.id)
        .join(IptCredential, IptCredential.therapist_id == Therapist.id)
        .where(
            Therapist.external_id.like(prefix),
            Therapist.visibility == "published",
            IptCredential.tier.in_(SUPERVISING_TIERS),
            IptCredential.status.in_(("verified", "self-reported", "pending")),
        )
        .order_by(Therapist.id, Location.position, Location.id)
    ).all()
    ladders: dict[int, set[str]] = {}
    first_place: dict[int, tuple[str, float]] = {}
    for tid, body, state, lon in rows:
        ladders.setdefault(tid, set()).add(body)
        first_place.setdefault(tid, (state, lon))
    offers = 0
    supervisor_ids = []
    for tid, (state, lon) in first_place.items():
        if rng.random() > OFFER_SHARE:
            continue
        individual = rng.random() < 0.85
        group = not individual or rng.random() < 0.35
        adaptations = sorted(set(rng.sample(ADAPTATION_MIX, rng.randint(1, 3))))
        languages = ["en"] + (["es"] if rng.random() < 0.15 else [])
        db.session.add(
            SupervisionOffer(
                therapist_id=tid,
                accepting=rng.random() < 0.75,
                confirmed_on=as_of - dt.timedelta(days=rng.choice((1, 3, 8, 20, 45, 120))),
                individual=individual,
                group_sessions=group,
                fee_individual=rng.choice((90, 110, 125, 150, 175)) if individual else None,
                fee_group=rng.choice((35, 45, 60)) if group else None,
                timezone=timezone_for(state, lon),
                languages=languages,
                adaptations=adaptations,
                in_person=rng.random() < 0.3,
                note=None,
            )
        )
        supervisor_ids.append(tid)
        offers += 1

    places = db.session.execute(
        select(Location.city, Location.state, Location.lat, Location.lon)
        .join(Therapist, Therapist.id == Location.therapist_id)
        .where(Therapist.external_id.like(prefix))
        .order_by(Location.id)
        .limit(300)
    ).all()
    trainings = []
    now = utcnow()
    for i in range(36):
        title, course_body, level, adaptation, hours = COURSES[i % len(COURSES)]
        start_day = as_of + dt.timedelta(days=rng.randint(-120, 270))
        city = rng.choice(places) if places and rng.random() < 0.4 else None
        zone = (
            timezone_for(city.state, city.lon)
            if city
            else rng.choice(("America/New_York", "America/Chicago", "America/Los_Angeles"))
        )
        local = dt.datetime.combine(start_day, dt.time(9, 0), ZoneInfo(zone))
        days = 2 if hours > 8 else 1
        starts = local.astimezone(dt.UTC)
        ends = (local + dt.timedelta(days=days - 1, hours=8)).astimezone(dt.UTC)
        training = Training(
            title=title,
            provider=rng.choice(PROVIDERS),
            description="Demo listing: a synthetic course for trying the directory.",
            body=course_body,
            level=level,
            adaptation=adaptation,
            starts_at=starts,
            ends_at=ends,
            timezone=zone,
            online=city is None,
            venue="Training centre" if city else None,
            city=f"{city.city}, {city.state}" if city else None,
            state=city.state if city else None,
            lat=city.lat if city else None,
            lon=city.lon if city else None,
            hours=float(hours),
            ce_credits=float(hours) if rng.random() < 0.8 else None,
            price=rng.choice((0, 150, 295, 450, 650)),
            seats_left=rng.choice((None, 0, 4, 12, 30)),
            language="es" if rng.random() < 0.12 else "en",
            registration_url=f"https://example.org/ipt-demo/training-{seed}-{i + 1}",
            status="pending" if rng.random() < 0.08 and starts > now else "published",
            reviewed_at=now,
        )
        trainings.append(training)
        db.session.add(training)
    db.session.flush()

    learners = db.session.scalars(
        select(Therapist.id)
        .where(Therapist.external_id.like(prefix), Therapist.id.not_in(supervisor_ids or [0]))
        .order_by(Therapist.id)
        .limit(RECORDS)
    ).all()
    past = [t for t in trainings if t.ends_at < now and t.status == "published"]
    targets = sorted(requirements())
    cases = attended = 0
    for tid in learners:
        body, level = rng.choice(targets)
        record = TrainingRecord(therapist_id=tid, body=body, level=level, declared={}, attested=[])
        db.session.add(record)
        db.session.flush()
        if past:
            course = rng.choice(past)
            db.session.add(
                RecordTraining(
                    record_id=record.id,
                    training_id=course.id,
                    title=course.title,
                    provider=course.provider,
                    hours=course.hours or 16.0,
                    completed_on=course.ends_at.date(),
                )
            )
            attended += 1
        for n in range(rng.randint(0, 4)):
            supervisor = rng.choice(supervisor_ids) if supervisor_ids else None
            started = as_of - dt.timedelta(days=rng.randint(60, 500))
            db.session.add(
                RecordCase(
                    record_id=record.id,
                    label=f"Case {n + 1}",
                    supervisor_name="Demo supervisor",
                    supervisor_therapist_id=supervisor,
                    supervisor_qualified=body in ladders.get(supervisor or 0, ()),
                    sessions=rng.randint(8, 16),
                    supervision_hours=float(rng.randint(4, 10)),
                    started_on=started,
                    ended_on=started + dt.timedelta(days=rng.randint(60, 120)),
                    portfolio_rating=rng.choice((None, 2.8, 3.2, 3.6, 4.1)),
                )
            )
            cases += 1
    db.session.commit()
    return {
        "supervision_offer": offers,
        "training": len(trainings),
        "training_record": len(learners),
        "record_case": cases,
        "record_training": attended,
    }
