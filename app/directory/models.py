"""Therapist profiles and reference data.

Rules that the database can hold are declared here (foreign keys, uniques, checks), so a bad row is
refused whichever code path writes it. Allowed values come from ``seed_data/`` via the vocabulary.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.ext.associationproxy import AssociationProxy, association_proxy
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.clock import utcnow
from app.core.database import UTCDateTime, check_in
from app.core.extensions import Model
from matching.reference import vocabulary

VOCAB = vocabulary()
VISIBILITIES = ("draft", "published", "hidden")
GENDERS = ("woman", "man", "non-binary", "another")


# --- reference tables (synced from seed_data/ by ``services.sync_reference_data``) -------------


class ConditionRef(Model):
    __tablename__ = "condition"
    slug: Mapped[str] = mapped_column(String(40), primary_key=True)
    label: Mapped[str] = mapped_column(String(120))
    parent_slug: Mapped[str | None] = mapped_column(ForeignKey("condition.slug"))
    evidence: Mapped[str] = mapped_column(String(20))
    __table_args__ = (check_in("evidence", VOCAB.evidence_levels, "evidence"),)


class PayerRef(Model):
    __tablename__ = "payer"
    slug: Mapped[str] = mapped_column(String(40), primary_key=True)
    label: Mapped[str] = mapped_column(String(120))


class LanguageRef(Model):
    __tablename__ = "language"
    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    name: Mapped[str] = mapped_column(String(80))


class StateRef(Model):
    __tablename__ = "us_state"
    code: Mapped[str] = mapped_column(String(2), primary_key=True)
    name: Mapped[str] = mapped_column(String(80))


# --- the profile ------------------------------------------------------------------------------


def therapist_fk(**kw: Any) -> Mapped[int]:
    """A row's therapist: the row goes when the therapist does (ON DELETE CASCADE)."""
    return mapped_column(ForeignKey("therapist.id", ondelete="CASCADE"), **kw)


class Therapist(Model):
    __tablename__ = "therapist"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    external_id: Mapped[str | None] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    pronouns: Mapped[str | None] = mapped_column(String(40))
    credential_letters: Mapped[str | None] = mapped_column(String(100))  # e.g. "PhD, LCSW"
    bio: Mapped[str | None] = mapped_column(Text)
    gender: Mapped[str | None] = mapped_column(String(20))
    telehealth: Mapped[bool] = mapped_column(Boolean, default=False)
    accepting_clients: Mapped[bool] = mapped_column(Boolean, default=False)
    accepting_confirmed_on: Mapped[dt.date | None] = mapped_column(Date)
    fee_min: Mapped[int | None] = mapped_column(Integer)  # USD per session
    fee_max: Mapped[int | None] = mapped_column(Integer)
    sliding_scale: Mapped[bool] = mapped_column(Boolean, default=False)
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    website: Mapped[str | None] = mapped_column(String(500))
    npi: Mapped[str | None] = mapped_column(String(10), unique=True)
    psypact: Mapped[bool] = mapped_column(Boolean, default=False)
    visibility: Mapped[str] = mapped_column(String(12), default="draft", index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    locations: Mapped[list[Location]] = relationship(
        back_populates="therapist", cascade="all, delete-orphan", order_by="Location.position"
    )
    licences: Mapped[list[Licence]] = relationship(
        back_populates="therapist", cascade="all, delete-orphan", order_by="Licence.id"
    )
    ipt_credentials: Mapped[list[IptCredential]] = relationship(
        back_populates="therapist", cascade="all, delete-orphan", order_by="IptCredential.id"
    )
    specialties: Mapped[list[Specialty]] = relationship(
        cascade="all, delete-orphan", order_by="Specialty.condition_slug"
    )
    language_links: Mapped[list[TherapistLanguage]] = relationship(cascade="all, delete-orphan")
    payer_links: Mapped[list[TherapistPayer]] = relationship(cascade="all, delete-orphan")
    age_group_links: Mapped[list[TherapistAgeGroup]] = relationship(cascade="all, delete-orphan")
    session_format_links: Mapped[list[TherapistSessionFormat]] = relationship(
        cascade="all, delete-orphan"
    )
    adaptation_links: Mapped[list[TherapistAdaptation]] = relationship(cascade="all, delete-orphan")
    delivery_format_links: Mapped[list[TherapistDeliveryFormat]] = relationship(
        cascade="all, delete-orphan"
    )
    photos: Mapped[list[TherapistPhoto]] = relationship(
        back_populates="therapist", cascade="all, delete-orphan", order_by="TherapistPhoto.id"
    )

    languages: AssociationProxy[list[str]] = association_proxy(
        "language_links", "language_code", creator=lambda v: TherapistLanguage(language_code=v)
    )
    insurance: AssociationProxy[list[str]] = association_proxy(
        "payer_links", "payer_slug", creator=lambda v: TherapistPayer(payer_slug=v)
    )
    age_groups: AssociationProxy[list[str]] = association_proxy(
        "age_group_links", "age_group", creator=lambda v: TherapistAgeGroup(age_group=v)
    )
    session_formats: AssociationProxy[list[str]] = association_proxy(
        "session_format_links",
        "session_format",
        creator=lambda v: TherapistSessionFormat(session_format=v),
    )
    adaptations: AssociationProxy[list[str]] = association_proxy(
        "adaptation_links", "adaptation", creator=lambda v: TherapistAdaptation(adaptation=v)
    )
    delivery_formats: AssociationProxy[list[str]] = association_proxy(
        "delivery_format_links",
        "delivery_format",
        creator=lambda v: TherapistDeliveryFormat(delivery_format=v),
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's declarative API
    __table_args__ = (
        check_in("visibility", VISIBILITIES, "visibility"),
        check_in("gender", GENDERS, "gender"),
        CheckConstraint("fee_min IS NULL OR fee_min >= 0", name="fee_min_non_negative"),
        CheckConstraint(
            "fee_max IS NULL OR fee_min IS NULL OR fee_max >= fee_min", name="fee_range_ordered"
        ),
        CheckConstraint("npi IS NULL OR length(npi) = 10", name="npi_length"),
        CheckConstraint("length(name) > 0", name="name_not_empty"),
    )

    def __repr__(self) -> str:
        return f"<Therapist {self.id} {self.slug}>"


class Location(Model):
    """A practice location. ``show_address`` False keeps the street address off public pages."""

    __tablename__ = "location"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    therapist_id: Mapped[int] = therapist_fk(index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    label: Mapped[str | None] = mapped_column(String(120))
    address: Mapped[str | None] = mapped_column(String(200))
    city: Mapped[str] = mapped_column(String(100))
    state: Mapped[str] = mapped_column(ForeignKey("us_state.code"))
    zip: Mapped[str] = mapped_column(String(5))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    show_address: Mapped[bool] = mapped_column(Boolean, default=False)
    therapist: Mapped[Therapist] = relationship(back_populates="locations")
    __table_args__ = (
        CheckConstraint("lat BETWEEN -90 AND 90", name="lat_range"),
        CheckConstraint("lon BETWEEN -180 AND 180", name="lon_range"),
        CheckConstraint("length(zip) = 5", name="zip_length"),
    )


class Licence(Model):
    __tablename__ = "licence"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    therapist_id: Mapped[int] = therapist_fk(index=True)
    licence_type: Mapped[str] = mapped_column(String(40))
    title: Mapped[str | None] = mapped_column(String(20))  # the state's title, e.g. LCSW, LMHC
    state: Mapped[str] = mapped_column(ForeignKey("us_state.code"))
    number: Mapped[str] = mapped_column(String(40))
    expires_on: Mapped[dt.date | None] = mapped_column(Date)
    nucc_code: Mapped[str | None] = mapped_column(String(10))
    therapist: Mapped[Therapist] = relationship(back_populates="licences")
    __table_args__ = (
        check_in("licence_type", VOCAB.licence_types, "licence_type"),
        CheckConstraint("nucc_code IS NULL OR length(nucc_code) = 10", name="nucc_length"),
        UniqueConstraint("therapist_id", "state", "licence_type", name="uq_licence_per_state"),
    )


class IptCredential(Model):
    """An IPT credential on one body's ladder. A claim until a verifier marks it verified."""

    __tablename__ = "ipt_credential"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    therapist_id: Mapped[int] = therapist_fk(index=True)
    body: Mapped[str] = mapped_column(String(20))
    level: Mapped[str] = mapped_column(String(20))
    tier: Mapped[str] = mapped_column(String(12))  # derived from seed_data/ipt_credentials.json
    awarded_on: Mapped[dt.date | None] = mapped_column(Date)
    certificate_id: Mapped[str | None] = mapped_column(String(80))
    expires_on: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="self-reported", index=True)
    verified_by: Mapped[str | None] = mapped_column(String(200))
    verified_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    evidence_url: Mapped[str | None] = mapped_column(String(500))
    note: Mapped[str | None] = mapped_column(Text)
    # Who awarded an "other" credential (a university course, a national society …), shown with it.
    issuer: Mapped[str | None] = mapped_column(String(200))
    submitted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, index=True)
    therapist: Mapped[Therapist] = relationship(back_populates="ipt_credentials")
    __table_args__ = (
        check_in("body", VOCAB.credential_bodies, "body"),
        check_in("tier", VOCAB.tiers, "tier"),
        check_in("status", VOCAB.verification_statuses, "status"),
        # Each body's own ladder: a level only exists on the body that awards it.
        CheckConstraint(
            " OR ".join(
                "(body = '{}' AND level IN ({}))".format(
                    slug, ", ".join(f"'{lvl['code']}'" for lvl in body["levels"])
                )
                for slug, body in VOCAB.credential_bodies.items()
            ),
            name="level_on_ladder",
        ),
        CheckConstraint(
            "status != 'verified' OR verified_at IS NOT NULL", name="verified_has_timestamp"
        ),
    )


class Specialty(Model):
    __tablename__ = "specialty"
    therapist_id: Mapped[int] = therapist_fk(primary_key=True)
    condition_slug: Mapped[str] = mapped_column(ForeignKey("condition.slug"), primary_key=True)
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)


class TherapistLanguage(Model):
    __tablename__ = "therapist_language"
    therapist_id: Mapped[int] = therapist_fk(primary_key=True)
    language_code: Mapped[str] = mapped_column(ForeignKey("language.code"), primary_key=True)


class TherapistPayer(Model):
    __tablename__ = "therapist_payer"
    therapist_id: Mapped[int] = therapist_fk(primary_key=True)
    payer_slug: Mapped[str] = mapped_column(ForeignKey("payer.slug"), primary_key=True)


class TherapistAgeGroup(Model):
    __tablename__ = "therapist_age_group"
    therapist_id: Mapped[int] = therapist_fk(primary_key=True)
    age_group: Mapped[str] = mapped_column(String(20), primary_key=True)
    __table_args__ = (check_in("age_group", VOCAB.age_groups, "age_group"),)


class TherapistSessionFormat(Model):
    __tablename__ = "therapist_session_format"
    therapist_id: Mapped[int] = therapist_fk(primary_key=True)
    session_format: Mapped[str] = mapped_column(String(20), primary_key=True)
    __table_args__ = (check_in("session_format", VOCAB.session_formats, "session_format"),)


class TherapistAdaptation(Model):
    __tablename__ = "therapist_adaptation"
    therapist_id: Mapped[int] = therapist_fk(primary_key=True)
    adaptation: Mapped[str] = mapped_column(String(20), primary_key=True)
    __table_args__ = (check_in("adaptation", VOCAB.adaptations, "adaptation"),)


class TherapistDeliveryFormat(Model):
    __tablename__ = "therapist_delivery_format"
    therapist_id: Mapped[int] = therapist_fk(primary_key=True)
    delivery_format: Mapped[str] = mapped_column(String(20), primary_key=True)
    __table_args__ = (check_in("delivery_format", VOCAB.delivery_formats, "delivery_format"),)


Index("ix_location_lat_lon", Location.lat, Location.lon)


# --- what seekers report about a listing ------------------------------------------------------

REPORT_REASONS = {
    "wrong-contact": "The phone number, e-mail or address is wrong",
    "not-accepting": "They are not taking new clients",
    "not-ipt-trained": "They are not trained in IPT",
    "other": "Something else",
}
# open: waiting for a verifier; confirmed: a verifier agreed the listing is wrong (the public notice
# and the ranking penalty apply until it is fixed); fixed, dismissed ("not a problem") and removed
# (the listing was taken down) close a report.
REPORT_STATUSES = ("open", "confirmed", "fixed", "dismissed", "removed")
REPORT_ACTIVE = ("open", "confirmed")


class ListingReport(Model):
    """ "This listing is wrong": kept for a verifier. Anonymous reports alone change nothing a
    seeker sees; only a verifier's "confirmed" shows a notice and lowers the ranking."""

    __tablename__ = "listing_report"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    therapist_id: Mapped[int] = therapist_fk()
    reason: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12), default="open")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # A keyed hash of (listing, client address): counts distinct reporters of one listing without
    # storing an address, and cannot link one person's reports across listings.
    reporter: Mapped[str | None] = mapped_column(String(64))
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    decision_note: Mapped[str | None] = mapped_column(Text)
    __table_args__ = (
        check_in("reason", REPORT_REASONS, "reason"),
        check_in("status", REPORT_STATUSES, "status"),
        # The search document counts a therapist's confirmed reports through this index.
        Index("ix_listing_report_therapist_status", "therapist_id", "status"),
        Index("ix_listing_report_status_created", "status", "created_at"),
    )

    def __repr__(self) -> str:
        return f"<ListingReport {self.id} therapist={self.therapist_id} {self.status}>"


PHOTO_STATUSES = ("pending", "approved", "rejected")


class TherapistPhoto(Model):
    """A therapist's photo, re-encoded at fixed sizes (no metadata), public once a verifier has
    approved it. Deleted with the profile's photos when the account is deleted.

    ``token`` names the image in its URL (a hash of its bytes), so it can be cached for a year.
    ``decided_by_id`` is not a foreign key, like the audit log's actor ids.
    """

    __tablename__ = "therapist_photo"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    therapist_id: Mapped[int] = therapist_fk(index=True)
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    token: Mapped[str] = mapped_column(String(32), unique=True)
    content_type: Mapped[str] = mapped_column(String(20))
    small: Mapped[bytes] = mapped_column(LargeBinary)
    large: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)

    therapist: Mapped[Therapist] = relationship(back_populates="photos")

    __table_args__ = (check_in("status", PHOTO_STATUSES, "status"),)
