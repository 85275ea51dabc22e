"""Claims on imported listings, and the record of availability reminders sent."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.core.clock import utcnow
from app.core.database import UTCDateTime, check_in
from app.core.extensions import Model
from app.directory.models import Therapist, therapist_fk

CLAIM_METHODS = ("email", "manual")
CLAIM_STATUSES = ("pending", "approved", "rejected")


class ClaimRequest(Model):
    """A therapist asks to manage an existing listing.

    ``email``: a link went to the address on the listing; the claim completes when it is used.
    ``manual``: the listing has no e-mail address, so a verifier checks the ``evidence`` the
    therapist gave (licence number, a practice phone line to call back, …) and decides.
    """

    __tablename__ = "claim_request"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    therapist_id: Mapped[int] = therapist_fk(index=True)
    method: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    evidence: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    decision_note: Mapped[str | None] = mapped_column(Text)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    therapist: Mapped[Therapist] = relationship()

    __table_args__ = (
        check_in("method", CLAIM_METHODS, "method"),
        check_in("status", CLAIM_STATUSES, "status"),
    )


class StaleReminder(Model):
    """One availability reminder per profile per calendar month (``period`` is ``YYYY-MM``)."""

    __tablename__ = "stale_reminder"

    therapist_id: Mapped[int] = therapist_fk(primary_key=True)
    period: Mapped[str] = mapped_column(String(7), primary_key=True)
    sent_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
