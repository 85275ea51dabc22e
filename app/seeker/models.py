"""What seekers leave with us: contact requests (kept briefly) and problem reports on listings.

Contact requests hold a seeker's name, e-mail and message: they are never logged, and
``flask purge-contact-requests`` deletes them after ``CONTACT_RETENTION_DAYS``. Problem reports hold
no personal data at all (no IP address, no e-mail): only what is wrong with the listing.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.database import UTCDateTime, check_in, utcnow
from app.extensions import db

REPORT_REASONS = {
    "wrong-contact": "The phone number, e-mail or address is wrong",
    "not-accepting": "They are not taking new clients",
    "not-ipt-trained": "They are not trained in IPT",
    "other": "Something else",
}
REPORT_STATUSES = ("open", "resolved")


class ContactRequest(db.Model):
    """A seeker's message to a therapist, e-mailed to the therapist and purged after retention."""

    __tablename__ = "contact_request"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    therapist_id: Mapped[int] = mapped_column(
        ForeignKey("therapist.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    message: Mapped[str] = mapped_column(Text)
    consented_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    emailed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:  # never the seeker's details
        return f"<ContactRequest {self.id} therapist={self.therapist_id}>"


class ListingReport(db.Model):
    """ "This listing is wrong": kept for moderation; two or more open ones lower the ranking."""

    __tablename__ = "listing_report"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    therapist_id: Mapped[int] = mapped_column(ForeignKey("therapist.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12), default="open")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    __table_args__ = (
        check_in("reason", REPORT_REASONS, "reason"),
        check_in("status", REPORT_STATUSES, "status"),
        # The search document counts a therapist's open reports through this index.
        Index("ix_listing_report_therapist_status", "therapist_id", "status"),
    )

    def __repr__(self) -> str:
        return f"<ListingReport {self.id} therapist={self.therapist_id} {self.status}>"
