"""The verifiers' decisions on problem reports (audit logged). Listing and paging them is the
generic verifier queue's "reports" tab (``app/review/queues.py``).

Decisions: ``confirm`` (the listing is wrong: public notice and lower ranking until the report is
closed), ``fixed``, ``dismiss`` ("not a problem") and ``remove`` (the listing is hidden from seekers
and every waiting report on it closes as removed). The listing's owner is told by e-mail.
"""

from __future__ import annotations

from sqlalchemy import select

from app.accounts import audit, emails
from app.accounts.models import User
from app.core.clock import utcnow
from app.core.errors import Conflict, InvalidInput, NotFound
from app.core.extensions import db
from app.directory.models import REPORT_ACTIVE, REPORT_REASONS, ListingReport, Therapist

DECISIONS = {"confirm": "confirmed", "fixed": "fixed", "dismiss": "dismissed", "remove": "removed"}
MAX_NOTE = 2000


def get(report_id: int) -> ListingReport:
    report = db.session.get(ListingReport, report_id)
    if report is None:
        raise NotFound(f"There is no report with id {report_id}.")
    return report


def therapist_of(report: ListingReport) -> Therapist | None:
    return db.session.get(Therapist, report.therapist_id)


def decide(verifier: User, report_id: int, decision: str, note: str | None) -> ListingReport:
    report = get(report_id)
    errors = []
    if decision not in DECISIONS:
        errors.append((("decision",), f"Choose one of: {', '.join(DECISIONS)}."))
    note = (note or "").strip() or None
    if note is not None and len(note) > MAX_NOTE:
        errors.append((("note",), f"At most {MAX_NOTE} characters."))
    if errors:
        raise InvalidInput(errors)
    status = DECISIONS[decision]
    if report.status not in REPORT_ACTIVE:
        raise Conflict(f"Report #{report.id} was already closed ({report.status}).")
    if status == "confirmed" and report.status == "confirmed":
        raise Conflict(f"Report #{report.id} is already confirmed.")
    before = report.status
    now = utcnow()
    therapist = therapist_of(report)
    closing = [report]
    if status == "removed" and therapist is not None:
        before_visibility = therapist.visibility
        therapist.visibility = "hidden"
        therapist.updated_at = now
        closing = list(
            db.session.scalars(
                select(ListingReport).where(
                    ListingReport.therapist_id == therapist.id,
                    ListingReport.status.in_(REPORT_ACTIVE),
                )
            )
        )
        audit.record(
            verifier,
            "profile.remove_listing",
            "therapist",
            therapist.id,
            therapist_id=therapist.id,
            before={"visibility": before_visibility},
            after={"visibility": "hidden", "report": report.id},
        )
    for item in closing:
        item.status = status
        item.decided_by_id = verifier.id
        item.decided_at = now
        item.decision_note = note
        if status != "confirmed":
            item.resolved_at = now
    audit.record(
        verifier,
        f"report.{decision}",
        "listing_report",
        report.id,
        therapist_id=report.therapist_id,
        before={"status": before},
        after={"status": status, "note": note},
    )
    db.session.commit()
    _tell_owner(report, therapist, note)
    return report


def _tell_owner(report: ListingReport, therapist: Therapist | None, note: str | None) -> None:
    if therapist is None:
        return
    owner = db.session.scalar(select(User).where(User.therapist_id == therapist.id))
    if owner is None or not owner.active:
        return
    emails.send(
        owner.email,
        "A report about your listing was reviewed",
        "report_decided",
        status=report.status,
        name=therapist.name,
        reason=REPORT_REASONS[report.reason],
        note=note,
        dashboard_url=emails.external_url("profiles.dashboard"),
    )
