"""Partner sites, their API keys, allowed origins and daily usage counts.

Usage rows hold counts only (key, day, kind of request): never search text, places, conditions,
therapist ids or visitors' addresses.
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
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.clock import utcnow
from app.core.database import UTCDateTime, check_in
from app.core.extensions import Model
from app.partners import keys
from matching.ranking import TELEHEALTH_MODES

DEFAULT_RATE_LIMIT = "60/minute"


class Partner(Model):
    __tablename__ = "partner"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    contact: Mapped[str] = mapped_column(String(254))
    rate_limit: Mapped[str] = mapped_column(String(64), default=DEFAULT_RATE_LIMIT)
    # Widget presets: what the partner's visitors are narrowed to.
    preset_conditions: Mapped[list[str]] = mapped_column(JSON, default=list)
    preset_verified_only: Mapped[bool] = mapped_column(Boolean, default=False)
    preset_location: Mapped[str | None] = mapped_column(String(200))
    preset_radius_mi: Mapped[float | None] = mapped_column(Float)
    preset_telehealth: Mapped[str | None] = mapped_column(String(10))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    origins: Mapped[list[PartnerOrigin]] = relationship(
        back_populates="partner", cascade="all, delete-orphan", order_by="PartnerOrigin.origin"
    )
    keys: Mapped[list[PartnerKey]] = relationship(
        back_populates="partner", cascade="all, delete-orphan", order_by="PartnerKey.id"
    )

    __table_args__ = (
        check_in("preset_telehealth", TELEHEALTH_MODES, "preset_telehealth"),
        CheckConstraint(
            "(preset_location IS NULL) = (preset_radius_mi IS NULL)", name="preset_region_complete"
        ),
        CheckConstraint(
            "preset_radius_mi IS NULL OR (preset_radius_mi >= 1 AND preset_radius_mi <= 200)",
            name="preset_radius_range",
        ),
        CheckConstraint("length(name) > 0", name="name_not_empty"),
    )

    @property
    def origin_list(self) -> list[str]:
        return [o.origin for o in self.origins]

    def __repr__(self) -> str:
        return f"<Partner {self.id} {self.name!r}>"


class PartnerOrigin(Model):
    """One allowed origin, exactly ``scheme://host[:port]`` (``validation.normalise_origin``)."""

    __tablename__ = "partner_origin"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partner.id", ondelete="CASCADE"))
    origin: Mapped[str] = mapped_column(String(300), index=True)
    partner: Mapped[Partner] = relationship(back_populates="origins")

    __table_args__ = (UniqueConstraint("partner_id", "origin"),)


class PartnerKey(Model):
    """An API key: its public prefix and the hash of its secret (never the secret itself)."""

    __tablename__ = "partner_key"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    partner_id: Mapped[int] = mapped_column(
        ForeignKey("partner.id", ondelete="CASCADE"), index=True
    )
    prefix: Mapped[str] = mapped_column(String(16), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(64))
    label: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    partner: Mapped[Partner] = relationship(back_populates="keys")

    @property
    def public_id(self) -> str:
        return keys.public_id(self.prefix)

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def __repr__(self) -> str:
        return f"<PartnerKey {self.public_id}{' revoked' if self.revoked_at else ''}>"


class PartnerUsage(Model):
    """Requests per key per day per kind (``api.search``, ``widget.view`` …): counts only."""

    __tablename__ = "partner_usage"

    key_id: Mapped[int] = mapped_column(
        ForeignKey("partner_key.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
