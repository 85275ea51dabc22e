"""Verifier queues, one generic shape: search, filters, sort by submitted date, paging and counts.

A queue is a :class:`Queue`: a base query of waiting items, the column holding when each was
submitted, the columns a search matches, optional filters, and how one item becomes a row for the
table. Credentials, claims and photos are registered here; another queue (problem reports, say)
plugs in with ``register(Queue(...))`` and appears on /verify with its count; nothing else changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import url_for
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import selectinload

from app.accounts.models import User
from app.core.extensions import db
from app.directory.models import IptCredential, Therapist, TherapistPhoto
from app.profiles.models import ClaimRequest
from matching.explain import CredentialFact, credential_label
from matching.reference import vocabulary

PER_PAGE = 25
SORTS = {"oldest": "Oldest first", "newest": "Newest first"}


@dataclass(frozen=True)
class Filter:
    """A select box: ``options`` value -> label; ``apply(stmt, value)`` narrows the query."""

    name: str
    label: str
    options: Callable[[], dict[str, str]]
    apply: Callable[[Select, str], Select]


@dataclass(frozen=True)
class Queue:
    slug: str
    title: str
    base: Callable[[], Select]  # the waiting items (a select of one entity)
    submitted: Any  # the column "submitted" sorts by
    search: tuple[Any, ...]  # columns a search matches (case-insensitive "contains")
    row: Callable[[Any], dict]  # id, url, who, what, detail, submitted
    filters: tuple[Filter, ...] = field(default_factory=tuple)
    search_hint: str = "Name, e-mail or number"


_QUEUES: dict[str, Queue] = {}


def register(queue: Queue) -> Queue:
    _QUEUES[queue.slug] = queue
    return queue


def queues() -> list[Queue]:
    return list(_QUEUES.values())


def get(slug: str) -> Queue | None:
    return _QUEUES.get(slug)


def count(queue: Queue) -> int:
    base = queue.base().order_by(None).subquery()
    return db.session.scalar(select(func.count()).select_from(base)) or 0


@dataclass
class Page:
    rows: list[dict]
    total: int  # matching the search and filters
    page: int
    pages: int
    first: int  # 1-based position of the first row


def _like(text: str) -> str:
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def page_of(
    queue: Queue,
    *,
    q: str = "",
    filters: dict[str, str] | None = None,
    sort: str = "oldest",
    page: int = 1,
) -> Page:
    stmt = queue.base()
    text = " ".join((q or "").split())[:200]
    if text:
        stmt = stmt.where(
            or_(*(func.lower(col).like(_like(text), escape="\\") for col in queue.search))
        )
    for f in queue.filters:
        value = (filters or {}).get(f.name) or ""
        if value and value in f.options():
            stmt = f.apply(stmt, value)
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    pages = max(1, -(-total // PER_PAGE))
    page = min(max(1, page), pages)
    order = queue.submitted.desc() if sort == "newest" else queue.submitted.asc()
    entity = stmt.column_descriptions[0]["entity"]
    stmt = stmt.order_by(None).order_by(order.nulls_last(), entity.id)
    items = db.session.scalars(stmt.offset((page - 1) * PER_PAGE).limit(PER_PAGE)).all()
    return Page([queue.row(i) for i in items], total, page, pages, (page - 1) * PER_PAGE + 1)


# --- the queues ----------------------------------------------------------------------------------


def _owner_email():
    return select(User.email).where(User.therapist_id == Therapist.id).limit(1).scalar_subquery()


def _credentials_base() -> Select:
    return (
        select(IptCredential)
        .join(Therapist, Therapist.id == IptCredential.therapist_id)
        .where(IptCredential.status == "pending")
        .options(selectinload(IptCredential.therapist))
    )


def _credential_row(c: IptCredential) -> dict:
    fact = CredentialFact(c.body, c.level, c.tier, c.status, None, c.issuer)
    return {
        "id": c.id,
        "url": url_for("review.review", credential_id=c.id),
        "who": c.therapist.name,
        "what": credential_label(fact),
        "detail": c.certificate_id or ("link to evidence" if c.evidence_url else ""),
        "submitted": c.submitted_at,
    }


def _bodies() -> dict[str, str]:
    return {slug: b["label"] for slug, b in vocabulary().credential_bodies.items()}


def _tiers() -> dict[str, str]:
    return {t: t.title() for t in vocabulary().tiers}


register(
    Queue(
        slug="credentials",
        title="Credentials",
        base=_credentials_base,
        submitted=IptCredential.submitted_at,
        search=(Therapist.name, IptCredential.certificate_id, IptCredential.issuer, _owner_email()),
        row=_credential_row,
        filters=(
            Filter("body", "Body", _bodies, lambda s, v: s.where(IptCredential.body == v)),
            Filter("tier", "Tier", _tiers, lambda s, v: s.where(IptCredential.tier == v)),
        ),
        search_hint="Therapist, e-mail, certificate number or issuer",
    )
)


def _claims_base() -> Select:
    return (
        select(ClaimRequest)
        .join(Therapist, Therapist.id == ClaimRequest.therapist_id)
        .join(User, User.id == ClaimRequest.user_id)
        .where(ClaimRequest.status == "pending", ClaimRequest.method == "manual")
        .options(selectinload(ClaimRequest.therapist), selectinload(ClaimRequest.user))
    )


def _claim_row(c: ClaimRequest) -> dict:
    evidence = " ".join((c.evidence or "").split())
    return {
        "id": c.id,
        "url": url_for("review.review_claim", claim_id=c.id),
        "who": c.therapist.name,
        "what": f"Claimed by {c.user.email}",
        "detail": evidence[:120] + ("…" if len(evidence) > 120 else ""),
        "submitted": c.created_at,
    }


register(
    Queue(
        slug="claims",
        title="Claims",
        base=_claims_base,
        submitted=ClaimRequest.created_at,
        search=(Therapist.name, User.email, ClaimRequest.evidence),
        row=_claim_row,
        search_hint="Listing, claimant's e-mail or evidence",
    )
)


def _photos_base() -> Select:
    return (
        select(TherapistPhoto)
        .join(Therapist, Therapist.id == TherapistPhoto.therapist_id)
        .where(TherapistPhoto.status == "pending")
        .options(selectinload(TherapistPhoto.therapist))
    )


def _photo_row(p: TherapistPhoto) -> dict:
    return {
        "id": p.id,
        "url": url_for("review.review_photo", photo_id=p.id),
        "who": p.therapist.name,
        "what": "Profile photo",
        "detail": "",
        "submitted": p.created_at,
        "thumb": url_for("review.photo_image", photo_id=p.id),
    }


register(
    Queue(
        slug="photos",
        title="Photos",
        base=_photos_base,
        submitted=TherapistPhoto.created_at,
        search=(Therapist.name, _owner_email()),
        row=_photo_row,
        search_hint="Therapist or e-mail",
    )
)
