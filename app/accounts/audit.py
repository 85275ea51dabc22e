"""The audit log: one row per decision (who, when, what, before and after as JSON).

Callers pass ids and states, never names or e-mail addresses. Free text a person wrote about a
therapist (a verifier's note) and certificate numbers are redacted when that therapist deletes
their account; the entry itself stays.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, or_, select

from app.accounts.models import AuditEntry, User
from app.core.extensions import db

REDACTED = "[redacted]"
PERSONAL_KEYS = frozenset({"note", "certificate_id", "evidence_url", "evidence", "email", "name"})


def record(
    actor: User | None,
    action: str,
    subject_type: str,
    subject_id: int | None,
    *,
    therapist_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """Add an entry to the session (the caller's commit makes it part of the same change)."""
    entry = AuditEntry(
        actor_id=actor.id if actor is not None else None,
        actor_role=actor.role if actor is not None else "system",
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        therapist_id=therapist_id,
        before=_jsonable(before),
        after=_jsonable(after),
    )
    db.session.add(entry)
    return entry


def _jsonable(data: dict[str, Any] | None) -> dict[str, Any] | None:
    if data is None:
        return None
    out: dict[str, Any] = {}
    for key, value in data.items():
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        out[key] = value
    return out


def redact_for(user_id: int, therapist_id: int | None) -> int:
    """Blank the personal values in entries about this user or their profile; returns the count."""
    conditions: list[ColumnElement[bool]] = [
        (AuditEntry.subject_type == "user") & (AuditEntry.subject_id == user_id)
    ]
    if therapist_id is not None:
        conditions.append(AuditEntry.therapist_id == therapist_id)
    count = 0
    for entry in db.session.scalars(select(AuditEntry).where(or_(*conditions))):
        entry.before = _redacted(entry.before)
        entry.after = _redacted(entry.after)
        count += 1
    return count


def _redacted(data: dict[str, Any] | None) -> dict[str, Any] | None:
    if data is None:
        return None
    return {k: (REDACTED if k in PERSONAL_KEYS and v is not None else v) for k, v in data.items()}
