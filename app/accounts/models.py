"""Accounts: users, their login sessions, spent one-time tokens, and the audit log.

Users are linked to therapist profiles from this side (``User.therapist_id``, unique), so the
directory's models know nothing about accounts. The audit log never stores personal data: actors and
subjects are ids, and ``before``/``after`` hold statuses, roles and field names (verifier notes and
certificate ids are redacted when the account they concern is deleted).
"""

from __future__ import annotations

import datetime as dt

from flask_login import UserMixin
from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.clock import utcnow
from app.core.database import UTCDateTime, check_in
from app.core.extensions import Model
from app.directory.models import Therapist

ROLES = ("therapist", "verifier", "admin")


class User(UserMixin, Model):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(12), default="therapist", index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    email_verified_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    therapist_id: Mapped[int | None] = mapped_column(
        ForeignKey("therapist.id", ondelete="SET NULL"), unique=True
    )
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    therapist: Mapped[Therapist | None] = relationship()

    __table_args__ = (check_in("role", ROLES, "role"),)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive (revoked) users
        return bool(self.active)

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    def has_role(self, *roles: str) -> bool:
        """Admins can do everything a verifier can."""
        if self.role == "admin":
            return True
        return self.role in roles

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


class LoginSession(Model):
    """One signed-in browser. The cookie holds a random nonce; only its SHA-256 is stored, so
    logging out (or a password reset, or revoking the account) ends the session server-side."""

    __tablename__ = "login_session"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    nonce_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class UsedToken(Model):
    """A one-time link that has been used (SHA-256 of its random id): e-mail links work once."""

    __tablename__ = "used_token"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    purpose: Mapped[str] = mapped_column(String(24))
    used_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class AuditEntry(Model):
    """Who did what, when, with the state before and after as JSON.

    ``actor_id`` is deliberately not a foreign key: entries outlive the accounts they mention.
    ``therapist_id`` (also not a foreign key) says which profile an entry concerns, so entries
    can be redacted when that therapist deletes their account.
    """

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(Integer)
    actor_role: Mapped[str] = mapped_column(String(12))  # a role, or "system" for scheduled jobs
    action: Mapped[str] = mapped_column(String(40), index=True)
    subject_type: Mapped[str] = mapped_column(String(20))
    subject_id: Mapped[int | None] = mapped_column(Integer)
    therapist_id: Mapped[int | None] = mapped_column(Integer, index=True)
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)
