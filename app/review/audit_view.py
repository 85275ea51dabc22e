"""The audit log for people: names instead of ids, e-mails for staff, and a field-by-field diff."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from app.accounts.models import AuditEntry, User
from app.core.extensions import db
from app.directory.models import Therapist

PER_PAGE = 50
STAFF_ROLES = ("verifier", "admin")


@dataclass
class Page:
    rows: list[dict]
    total: int
    page: int
    pages: int


def known_actions() -> list[str]:
    return list(
        db.session.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action))
    )


def _like(text: str) -> str:
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def diff(before: dict | None, after: dict | None) -> list[dict]:
    """One row per field that changed (or was set, or cleared), in a stable order."""
    before, after = before or {}, after or {}
    rows = []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old != new:
            rows.append(
                {"field": key.replace("_", " "), "before": _shown(old), "after": _shown(new)}
            )
    return rows


def entries(*, action: str = "", who: str = "", profile: str = "", page: int = 1) -> Page:
    stmt = select(AuditEntry)
    if action:
        stmt = stmt.where(AuditEntry.action == action)
    if who:
        ids = select(User.id).where(func.lower(User.email).like(_like(who), escape="\\"))
        stmt = stmt.where(AuditEntry.actor_id.in_(ids))
    if profile:
        ids = select(Therapist.id).where(
            func.lower(Therapist.name).like(_like(profile), escape="\\")
        )
        stmt = stmt.where(AuditEntry.therapist_id.in_(ids))
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    pages = max(1, -(-total // PER_PAGE))
    page = min(page, pages)
    found = list(
        db.session.scalars(
            stmt.order_by(AuditEntry.id.desc()).offset((page - 1) * PER_PAGE).limit(PER_PAGE)
        )
    )
    users = {
        u.id: u
        for u in db.session.scalars(
            select(User).where(User.id.in_({e.actor_id for e in found if e.actor_id}))
        )
    }
    therapist_ids = {e.therapist_id for e in found if e.therapist_id}
    therapist_ids |= {u.therapist_id for u in users.values() if u.therapist_id}
    names = dict(
        db.session.execute(
            select(Therapist.id, Therapist.name).where(Therapist.id.in_(therapist_ids))
        ).all()
    )
    rows = []
    for e in found:
        user = users.get(e.actor_id) if e.actor_id else None
        if e.actor_role == "system":
            actor = "System (scheduled job)"
        elif user is None:
            actor = f"{e.actor_role.title()} (account deleted)" if e.actor_id else e.actor_role
        elif user.role in STAFF_ROLES:
            actor = f"{user.email} ({user.role})"
        else:
            actor = names.get(user.therapist_id or 0) or "A therapist without a profile"
        rows.append(
            {
                "at": e.at,
                "actor": actor,
                "action": e.action,
                "subject": f"{e.subject_type.replace('_', ' ')} #{e.subject_id}"
                if e.subject_id
                else e.subject_type,
                "profile": names.get(e.therapist_id) if e.therapist_id else None,
                "therapist_id": e.therapist_id,
                "changes": diff(e.before, e.after),
            }
        )
    return Page(rows, total, page, pages)
