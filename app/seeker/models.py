"""What seekers leave with us: contact requests (kept briefly) and problem reports on listings.

Contact requests hold a seeker's name, e-mail and message: they are never logged, and
``flask purge-contact-requests`` deletes them after ``CONTACT_RETENTION_DAYS``. Problem reports hold
no personal data at all (no IP address, no e-mail): only what is wrong with the listing.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.core.clock import utcnow
from app.core.database import UTCDateTime
from app.core.extensions import Model
from app.directory.models import therapist_fk


class ContactRequest(Model):
    """A seeker's message to a therapist, e-mailed to the therapist and purged after retention."""

    __tablename__ = "contact_request"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    therapist_id: Mapped[int] = therapist_fk(index=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    message: Mapped[str] = mapped_column(Text)
    consented_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    emailed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:  # never the seeker's details
        return f"<ContactRequest {self.id} therapist={self.therapist_id}>"
