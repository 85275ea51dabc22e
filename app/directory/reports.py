"""Problem reports on listings: the data rules every layer above shares.

* A report is counted once per distinct reporter and listing (``reporter`` is a keyed hash of the
  listing and the client address: no address is stored, and one person's reports on different
  listings cannot be linked). A listing holds at most ``MAX_ACTIVE_REPORTS`` waiting reports.
* Anonymous reports alone change nothing a seeker sees. Only a verifier's ``confirmed`` decision
  shows the public "may be out of date" notice and lowers the ranking, until the report is closed
  (fixed, dismissed or removed) — see ``app.review.report_services``.
"""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app
from sqlalchemy import func, select

from app.core.extensions import db
from app.directory.models import REPORT_ACTIVE, REPORT_REASONS, ListingReport, Therapist

MAX_ACTIVE_REPORTS = 50


def reporter_id(therapist_id: int, client: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    message = f"listing-report|{therapist_id}|{client}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]


def active_count(therapist_id: int) -> int:
    return db.session.execute(
        select(func.count())
        .select_from(ListingReport)
        .where(ListingReport.therapist_id == therapist_id, ListingReport.status.in_(REPORT_ACTIVE))
    ).scalar_one()


def confirmed_count(therapist_id: int) -> int:
    """Reports a verifier confirmed and nobody has closed: what the public notice is based on."""
    return db.session.execute(
        select(func.count())
        .select_from(ListingReport)
        .where(ListingReport.therapist_id == therapist_id, ListingReport.status == "confirmed")
    ).scalar_one()


def distinct_reporters(therapist_id: int) -> int:
    """How many different people have a waiting report on this listing."""
    return db.session.execute(
        select(func.count(func.distinct(func.coalesce(ListingReport.reporter, ""))))
        .select_from(ListingReport)
        .where(ListingReport.therapist_id == therapist_id, ListingReport.status.in_(REPORT_ACTIVE))
    ).scalar_one()


def active_reports_for(therapist_id: int) -> list[ListingReport]:
    """A listing's waiting and confirmed reports, newest first (the therapist's dashboard)."""
    return list(
        db.session.scalars(
            select(ListingReport)
            .where(
                ListingReport.therapist_id == therapist_id,
                ListingReport.status.in_(REPORT_ACTIVE),
            )
            .order_by(ListingReport.created_at.desc(), ListingReport.id.desc())
        )
    )


def add_report(
    therapist: Therapist, reason: str, note: str | None, reporter: str | None
) -> ListingReport | None:
    """Store a report; None when this reporter already has one waiting on this listing, or the
    listing has ``MAX_ACTIVE_REPORTS`` waiting (the person is thanked either way)."""
    if reason not in REPORT_REASONS:
        raise ValueError(f"unknown report reason {reason!r}")
    if reporter is not None:
        already = db.session.scalar(
            select(ListingReport.id).where(
                ListingReport.therapist_id == therapist.id,
                ListingReport.reporter == reporter,
                ListingReport.status.in_(REPORT_ACTIVE),
            )
        )
        if already is not None:
            return None
    if active_count(therapist.id) >= MAX_ACTIVE_REPORTS:
        return None
    report = ListingReport(
        therapist_id=therapist.id, reason=reason, note=note or None, reporter=reporter
    )
    db.session.add(report)
    db.session.commit()
    return report
