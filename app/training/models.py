"""The IPT training pathway: supervision offers, trainings, training records, and demand counts.

Rules the database can hold are declared here (checks, foreign keys), so a bad row is refused
whichever code path writes it; the services give the messages people read.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.core.clock import utcnow
from app.core.database import UTCDateTime, check_in
from app.core.extensions import Model
from app.directory.models import IptCredential, Therapist, therapist_fk
from matching.reference import vocabulary

VOCAB = vocabulary()
TRAINING_STATUSES = ("pending", "published", "rejected", "withdrawn")
FORMATS = ("individual", "group")


class SupervisionOffer(Model):
    """Whether and how a therapist supervises clinicians working toward IPT certification."""

    __tablename__ = "supervision_offer"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    therapist_id: Mapped[int] = therapist_fk(unique=True)
    accepting: Mapped[bool] = mapped_column(Boolean, default=True)
    confirmed_on: Mapped[dt.date | None] = mapped_column(Date)
    individual: Mapped[bool] = mapped_column(Boolean, default=True)
    group_sessions: Mapped[bool] = mapped_column(Boolean, default=False)
    fee_individual: Mapped[int | None] = mapped_column(Integer)  # USD per hour
    fee_group: Mapped[int | None] = mapped_column(Integer)
    timezone: Mapped[str] = mapped_column(String(64))
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    adaptations: Mapped[list[str]] = mapped_column(JSON, default=list)
    in_person: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow, index=True
    )
    therapist: Mapped[Therapist] = relationship()

    __table_args__ = (
        CheckConstraint("individual OR group_sessions", name="some_format"),
        CheckConstraint("fee_individual IS NULL OR fee_individual >= 0", name="fee_individual"),
        CheckConstraint("fee_group IS NULL OR fee_group >= 0", name="fee_group"),
    )


class Training(Model):
    """A course or workshop, public once a verifier has checked it."""

    __tablename__ = "training"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    provider: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str | None] = mapped_column(String(20))
    level: Mapped[str | None] = mapped_column(String(20))
    adaptation: Mapped[str | None] = mapped_column(String(40))
    starts_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    timezone: Mapped[str] = mapped_column(String(64))
    online: Mapped[bool] = mapped_column(Boolean, default=True)
    venue: Mapped[str | None] = mapped_column(String(200))
    city: Mapped[str | None] = mapped_column(String(100))
    state: Mapped[str | None] = mapped_column(String(2))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    hours: Mapped[float | None] = mapped_column(Float)
    ce_credits: Mapped[float | None] = mapped_column(Float)
    price: Mapped[int | None] = mapped_column(Integer)  # USD
    seats_left: Mapped[int | None] = mapped_column(Integer)
    language: Mapped[str] = mapped_column(String(8), default="en")
    registration_url: Mapped[str] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(12), default="pending")
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    reviewed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    review_note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])

    __table_args__ = (
        check_in("status", TRAINING_STATUSES, "status"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("price IS NULL OR price >= 0", name="price_non_negative"),
        CheckConstraint("ce_credits IS NULL OR ce_credits >= 0", name="credits_non_negative"),
        CheckConstraint("hours IS NULL OR hours > 0", name="hours_positive"),
        CheckConstraint("seats_left IS NULL OR seats_left >= 0", name="seats_non_negative"),
        CheckConstraint("registration_url LIKE 'https://%'", name="registration_https"),
        CheckConstraint("online OR city IS NOT NULL", name="online_or_place"),
        CheckConstraint("(level IS NULL) OR (body IS NOT NULL)", name="level_needs_body"),
        Index("ix_training_status_ends", "status", "ends_at"),
        Index("ix_training_status_starts", "status", "starts_at"),
    )


class TrainingRecord(Model):
    """A therapist's way to one certification level: private to them (and a reviewing verifier)."""

    __tablename__ = "training_record"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    therapist_id: Mapped[int] = therapist_fk(unique=True)
    body: Mapped[str] = mapped_column(String(20))
    level: Mapped[str] = mapped_column(String(20))
    declared: Mapped[dict] = mapped_column(JSON, default=dict)  # requirement key -> number
    attested: Mapped[list[str]] = mapped_column(JSON, default=list)  # requirement keys
    submitted_credential_id: Mapped[int | None] = mapped_column(
        ForeignKey("ipt_credential.id", ondelete="SET NULL")
    )
    submitted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    therapist: Mapped[Therapist] = relationship()
    submitted_credential: Mapped[IptCredential | None] = relationship()
    trainings: Mapped[list[RecordTraining]] = relationship(
        cascade="all, delete-orphan", order_by="RecordTraining.completed_on"
    )
    cases: Mapped[list[RecordCase]] = relationship(
        cascade="all, delete-orphan", order_by="RecordCase.id"
    )
    __table_args__ = (check_in("body", VOCAB.credential_bodies, "body"),)


class RecordTraining(Model):
    """A training attended: a listed training, or one entered by hand."""

    __tablename__ = "record_training"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_id: Mapped[int] = mapped_column(
        ForeignKey("training_record.id", ondelete="CASCADE"), index=True
    )
    training_id: Mapped[int | None] = mapped_column(ForeignKey("training.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200))
    provider: Mapped[str | None] = mapped_column(String(200))
    hours: Mapped[float] = mapped_column(Float)
    completed_on: Mapped[dt.date] = mapped_column(Date)
    __table_args__ = (CheckConstraint("hours > 0 AND hours <= 1000", name="hours_range"),)


class RecordCase(Model):
    """One supervised case: never a client's name, only what the certifying body counts."""

    __tablename__ = "record_case"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_id: Mapped[int] = mapped_column(
        ForeignKey("training_record.id", ondelete="CASCADE"), index=True
    )
    label: Mapped[str] = mapped_column(String(80))  # "Case 2 — role transition"
    supervisor_name: Mapped[str] = mapped_column(String(200))
    supervisor_therapist_id: Mapped[int | None] = mapped_column(
        ForeignKey("therapist.id", ondelete="SET NULL")
    )
    # Whether, when logged, the supervisor held a supervisor level on the record's ladder in the
    # directory. False is shown to the verifier; it does not stop the case being logged.
    supervisor_qualified: Mapped[bool] = mapped_column(Boolean, default=False)
    sessions: Mapped[int] = mapped_column(Integer)
    supervision_hours: Mapped[float] = mapped_column(Float)
    started_on: Mapped[dt.date] = mapped_column(Date)
    ended_on: Mapped[dt.date | None] = mapped_column(Date)
    portfolio_rating: Mapped[float | None] = mapped_column(Float)
    __table_args__ = (
        CheckConstraint("sessions > 0 AND sessions <= 100", name="sessions_range"),
        CheckConstraint(
            "supervision_hours >= 0 AND supervision_hours <= 200", name="supervision_hours_range"
        ),
        CheckConstraint(
            "portfolio_rating IS NULL OR (portfolio_rating >= 1 AND portfolio_rating <= 5)",
            name="rating_range",
        ),
        CheckConstraint("ended_on IS NULL OR ended_on >= started_on", name="case_dates"),
    )


class DemandCount(Model):
    """Searches that found fewer than five in-person results, counted per week, area and condition.

    Aggregate only: no search text, no address, no identifier, no time finer than the week.
    """

    __tablename__ = "demand_count"
    week: Mapped[dt.date] = mapped_column(Date, primary_key=True)  # the Monday
    state: Mapped[str] = mapped_column(String(2), primary_key=True)
    zip3: Mapped[str] = mapped_column(String(3), primary_key=True)  # "" when not known
    condition: Mapped[str] = mapped_column(String(40), primary_key=True)  # slug or "any"
    searches: Mapped[int] = mapped_column(Integer, default=0)
