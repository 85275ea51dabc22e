"""Factories for the training pathway, built on the project's factories (tests/factories.py)."""

from __future__ import annotations

import datetime as dt

import factory

from app.core.clock import utcnow
from app.training import models
from tests.factories import CredentialFactory, TherapistFactory, _Base


def supervisor_credential(body: str = "isipt", level: str = "supervisor", verified: bool = True):
    from matching.reference import vocabulary

    return CredentialFactory.build(
        body=body,
        level=level,
        tier=vocabulary().tier_for(body, level),
        status="verified" if verified else "self-reported",
        verified_at=utcnow() if verified else None,
        verified_by="verifier@example.org" if verified else None,
    )


class SupervisionOfferFactory(_Base):
    class Meta:
        model = models.SupervisionOffer

    accepting = True
    confirmed_on = factory.LazyFunction(dt.date.today)
    individual = True
    group_sessions = False
    fee_individual = 120
    timezone = "America/Chicago"
    languages = factory.LazyFunction(lambda: ["en"])
    adaptations = factory.LazyFunction(lambda: ["ipt"])
    in_person = False


def make_supervisor(
    name: str,
    *,
    body: str = "isipt",
    level: str = "supervisor",
    verified: bool = True,
    **offer,
):
    """A published therapist holding a supervisor-level credential, with a supervision offer."""
    therapist = TherapistFactory(
        name=name, ipt_credentials=[supervisor_credential(body, level, verified)]
    )
    SupervisionOfferFactory(therapist_id=therapist.id, **offer)
    return therapist


def _in_days(days: int, hour: int = 15) -> dt.datetime:
    base = dt.datetime.now(dt.UTC).replace(minute=0, second=0, microsecond=0)
    return base.replace(hour=hour) + dt.timedelta(days=days)


class TrainingFactory(_Base):
    class Meta:
        model = models.Training

    title = factory.Sequence(lambda n: f"IPT Level A course {n}")
    provider = "IPT Institute"
    body = "ipt-institute"
    level = "A"
    adaptation = None
    starts_at = factory.LazyFunction(lambda: _in_days(30))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=8))
    timezone = "America/New_York"
    online = True
    hours = 16
    ce_credits = 14
    price = 450
    seats_left = 20
    language = "en"
    registration_url = "https://example.org/register"
    status = "published"
