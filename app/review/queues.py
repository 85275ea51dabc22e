"""Verifier queues, one generic shape: search, filters, sort by submitted date, paging and counts.

A queue is a :class:`Queue`: a base query of waiting items, the column holding when each was
submitted, the columns a search matches, optional filters, and how one item becomes a row for the
table. Credentials, claims, photos and seekers' problem reports are registered here; another queue
plugs in with ``register(Queue(...))`` and appears on /verify with its count; nothing else changes.

A filter may have a ``default`` (the reports' status filter shows waiting reports unless asked for
closed ones); the queue's count is its base with every default applied. A search, filter, sort or
page the queue does not know is refused (422, naming the field), never silently ignored.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from flask import url_for
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import selectinload

from app.accounts.models import User
from app.core.errors import InvalidInput
from app.core.extensions import db
from app.directory.models import (
    REPORT_ACTIVE,
    REPORT_REASONS,
    IptCredential,
    ListingReport,
    Therapist,
    TherapistPhoto,
)
from app.profiles.models import ClaimRequest
from matching.explain import CredentialFact, credential_label
from matching.reference import vocabulary

PER_PAGE = 25
MAX_PAGE = 100_000
MAX_SEARCH = 200
SORTS = {"oldest": "Oldest first", "newest": "Newest first"}


@dataclass(frozen=True)
class Filter:
    """A select box: ``options`` value -> label; ``apply(stmt, value)`` narrows the query."""

    name: str
    label: str
    options: Callable[[], dict[str, str]]
    apply: Callable[[Select, str], Select]
    default: str = ""  # applied when nothing is chosen ("" : no "Any" choice is offered otherwise)


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


def _with_filters(queue: Queue, stmt: Select, chosen: dict[str, str] | None) -> Select:
    for f in queue.filters:
        value = (chosen or {}).get(f.name) or f.default
        if value and value in f.options():
            stmt = f.apply(stmt, value)
    return stmt


def count(queue: Queue) -> int:
    """The items waiting: the base with every filter's default applied."""
    base = _with_filters(queue, queue.base(), None).order_by(None).subquery()
    return db.session.scalar(select(func.count()).select_from(base)) or 0


@dataclass
class Query:
    q: str
    filters: dict[str, str]  # as chosen ("" : the filter's default)
    sort: str
    page: int


def parse_query(queue: Queue, args: Mapping[str, str]) -> Query:
    """A queue page's search, filters, sort and page from a query string; unknown values are
    refused, each naming its field (the key is the form control's id)."""
    errors: list[tuple[tuple[str, ...], str]] = []
    q = args.get("q", "")
    if len(q) > MAX_SEARCH:
        errors.append((("q",), f"Search: at most {MAX_SEARCH} characters."))
    filters = {}
    for f in queue.filters:
        value = args.get(f.name, "")
        options = f.options()
        if value and value not in options:
            errors.append(((f"f-{f.name}",), f"{f.label}: choose one of {', '.join(options)}."))
        filters[f.name] = value
    sort = args.get("sort", "") or "oldest"
    if sort not in SORTS:
        errors.append((("sort",), f"Submitted: choose one of {', '.join(SORTS)}."))
    raw_page = args.get("page", "") or "1"
    page = int(raw_page) if raw_page.isdigit() else 0
    if not 1 <= page <= MAX_PAGE:
        errors.append((("page",), f"Page: a whole number from 1 to {MAX_PAGE:,}."))
    if errors:
        raise InvalidInput(errors)
    return Query(" ".join(q.split()), filters, sort, page)


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
    text = " ".join((q or "").split())[:MAX_SEARCH]
    if text:
        stmt = stmt.where(
            or_(*(func.lower(col).like(_like(text), escape="\\") for col in queue.search))
        )
    stmt = _with_filters(queue, stmt, filters)
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


# Seekers' problem reports: waiting ones by default ("open"), or those confirmed and not yet fixed,
# closed or all; by reason. A row says how many distinct people reported the listing.
REPORT_STATUS_FILTER = {
    "open": ("Waiting", ("open",)),
    "confirmed": ("Confirmed, not yet fixed", ("confirmed",)),
    "closed": ("Closed", ("fixed", "dismissed", "removed")),
    "all": ("All", ("open", "confirmed", "fixed", "dismissed", "removed")),
}


def _reports_base() -> Select:
    return select(ListingReport).join(Therapist, Therapist.id == ListingReport.therapist_id)


def _reporters(therapist_id: int) -> int:
    """Distinct people with a waiting report on this listing (reports without a reporter hash,
    from before they were kept, count as one)."""
    distinct = func.count(func.distinct(func.coalesce(ListingReport.reporter, "")))
    return (
        db.session.scalar(
            select(distinct).where(
                ListingReport.therapist_id == therapist_id,
                ListingReport.status.in_(REPORT_ACTIVE),
            )
        )
        or 0
    )


def _report_row(r: ListingReport) -> dict:
    people = _reporters(r.therapist_id)
    note = " ".join((r.note or "").split())
    said = f" · “{note[:100]}{'…' if len(note) > 100 else ''}”" if note else ""
    return {
        "id": r.id,
        "url": url_for("review_reports.report", report_id=r.id),
        "who": db.session.get(Therapist, r.therapist_id).name,  # type: ignore[union-attr]
        "what": REPORT_REASONS.get(r.reason, r.reason),
        "detail": f"{r.status.capitalize()} · {people} "
        f"{'person' if people == 1 else 'people'} reporting this listing{said}",
        "submitted": r.created_at,
    }


register(
    Queue(
        slug="reports",
        title="Reports",
        base=_reports_base,
        submitted=ListingReport.created_at,
        search=(Therapist.name, ListingReport.note, _owner_email()),
        row=_report_row,
        filters=(
            Filter(
                "status",
                "Status",
                lambda: {k: label for k, (label, _) in REPORT_STATUS_FILTER.items()},
                lambda s, v: s.where(ListingReport.status.in_(REPORT_STATUS_FILTER[v][1])),
                default="open",
            ),
            Filter(
                "reason",
                "Reason",
                lambda: dict(REPORT_REASONS),
                lambda s, v: s.where(ListingReport.reason == v),
            ),
        ),
        search_hint="Listing, owner's e-mail or what the reporter said",
    )
)
