"""Rules and transactions behind the seeker pages: contact requests, problem reports, form tokens.

Nothing here logs what a seeker wrote or who they are: not the message, not the name or e-mail,
not the condition they searched for.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import cast

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import delete, event, select
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from app.core.clock import utcnow
from app.core.extensions import db
from app.core.mail import outbox_files, send_mail, subject_of
from app.directory import reports
from app.directory.models import REPORT_REASONS, ListingReport, Therapist
from app.directory.public import published_therapist
from app.search import documents
from app.seeker.models import ContactRequest

CONTACT_SUBJECT = "New enquiry through the IPT Directory"
CONTACT_TAG = "contact"  # file outbox copies are named contact-<id>--<random>.eml
FORM_MAX_AGE_SECONDS = 24 * 3600  # a form left open longer asks to be sent again


class FormTokenError(ValueError):
    """The form was sent too fast (a bot) or too late (expired), or its token was tampered with."""


# --- listing reports --------------------------------------------------------------------------


def open_report_count(therapist_id: int) -> int:
    """Reports a verifier confirmed on this listing: the public notice shows from one."""
    return reports.confirmed_count(therapist_id)


def create_report(
    therapist: Therapist, reason: str, note: str | None, client: str = ""
) -> ListingReport | None:
    """Store a report for a verifier (once per distinct reporter and listing), and tell the
    listing's owner by e-mail (at most one such e-mail a day per listing)."""
    report = reports.add_report(therapist, reason, note, reports.reporter_id(therapist.id, client))
    if report is not None:
        _tell_owner(therapist, report)
    return report


def _tell_owner(therapist: Therapist, report: ListingReport) -> None:
    from limits import parse

    from app.accounts import emails
    from app.accounts.models import User
    from app.core.extensions import limiter

    owner = db.session.scalar(select(User).where(User.therapist_id == therapist.id))
    if owner is None or not owner.active:
        return
    try:
        if not limiter.limiter.hit(parse("1/day"), "report-notice", str(therapist.id)):
            return
    except Exception:
        current_app.logger.warning("rate-limit storage unavailable: report notice not limited")
    emails.send(
        owner.email,
        "Someone reported a problem with your listing",
        "listing_reported",
        name=therapist.name,
        reason=REPORT_REASONS[report.reason],
        dashboard_url=emails.external_url("profiles.dashboard"),
    )


def _mark_reported_therapists(session: Session, flush_context) -> None:
    """Any ORM change to a report marks its therapist for the search-document refresh."""
    ids = {
        obj.therapist_id
        for obj in (*session.new, *session.dirty, *session.deleted)
        if isinstance(obj, ListingReport) and obj.therapist_id is not None
    }
    if ids:
        session.info.setdefault(documents.DIRTY_KEY, set()).update(ids)


def install_hooks() -> None:
    """Join the search documents' change tracking (idempotent)."""
    session_class = db.session.session_factory.class_
    if not event.contains(session_class, "after_flush", _mark_reported_therapists):
        event.listen(session_class, "after_flush", _mark_reported_therapists)


# --- contact requests -------------------------------------------------------------------------


def retention_days() -> int:
    return int(current_app.config["CONTACT_RETENTION_DAYS"])


def create_contact_request(
    therapist: Therapist,
    *,
    name: str,
    email: str,
    phone: str | None,
    message: str,
    language: str = "en",
) -> ContactRequest:
    """Store the request and e-mail it to the therapist; nothing is kept if the e-mail fails.

    ``language`` is the language of the page the seeker wrote from: the therapist is told when it
    was Spanish, so they can answer in it (the e-mail itself is for the therapist, in English)."""
    if not therapist.email:
        raise ValueError("this therapist has no e-mail address for contact requests")
    now = utcnow()
    request = ContactRequest(
        therapist_id=therapist.id,
        name=name,
        email=email,
        phone=phone or None,
        message=message,
        consented_at=now,
        created_at=now,
    )
    db.session.add(request)
    db.session.flush()
    try:
        send_mail(
            therapist.email,
            CONTACT_SUBJECT,
            _contact_email_body(therapist, request, language),
            reply_to=email,
            outbox_tag=f"{CONTACT_TAG}-{request.id}",
        )
    except Exception:
        db.session.rollback()
        raise
    request.emailed_at = utcnow()
    db.session.commit()
    return request


def _contact_email_body(therapist: Therapist, request: ContactRequest, language: str = "en") -> str:
    lines = [
        f"Hello {therapist.name},",
        "",
        "Someone found your listing on the IPT Directory and would like to hear from you.",
        "",
        f"Name: {request.name}",
        f"E-mail: {request.email}",
    ]
    if request.phone:
        lines.append(f"Phone: {request.phone}")
    if language == "es":
        lines += [
            "",
            "They wrote from the Spanish version of the directory, so they may prefer to be",
            "answered in Spanish.",
        ]
    lines += [
        "",
        "Their message:",
        "",
        request.message,
        "",
        "--",
        "Reply to this e-mail to answer them directly. They agreed to us passing on their details;",
        f"we delete our copy of this request after {retention_days()} days.",
        "If you are no longer taking clients, please update your listing so people are not left",
        "waiting.",
    ]
    return "\n".join(lines)


def purge_contact_requests(now: dt.datetime | None = None, days: int | None = None) -> int:
    """Delete contact requests older than the retention period, with every copy of their
    content in the file outbox; returns how many requests went."""
    days = retention_days() if days is None else days
    cutoff = (now or utcnow()) - dt.timedelta(days=days)
    # Session.execute is typed as returning Result; DML returns a CursorResult (with rowcount).
    result = cast(
        CursorResult,
        db.session.execute(delete(ContactRequest).where(ContactRequest.created_at < cutoff)),
    )
    db.session.commit()
    purge_contact_outbox(cutoff)
    return result.rowcount or 0


def purge_contact_outbox(cutoff: dt.datetime) -> int:
    """Remove file-outbox copies of contact requests that are no longer kept: those whose request
    is gone (purged, or its listing deleted), and untagged copies written before tagging existed
    that are older than the cutoff. Returns how many files went."""
    files = outbox_files()
    tagged: dict[int, list] = {}
    removed = 0
    for tag, path in files:
        if tag and tag.startswith(CONTACT_TAG + "-") and tag[len(CONTACT_TAG) + 1 :].isdigit():
            tagged.setdefault(int(tag[len(CONTACT_TAG) + 1 :]), []).append(path)
        elif tag is None and _older_than(path, cutoff) and subject_of(path) == CONTACT_SUBJECT:
            path.unlink(missing_ok=True)
            removed += 1
    if tagged:
        kept = set(
            db.session.scalars(select(ContactRequest.id).where(ContactRequest.id.in_(list(tagged))))
        )
        for request_id, paths in tagged.items():
            if request_id not in kept:
                for path in paths:
                    path.unlink(missing_ok=True)
                    removed += 1
    return removed


def _older_than(path, cutoff: dt.datetime) -> bool:
    return dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC) < cutoff


# --- signed form timestamps (spam resistance without third-party CAPTCHAs) --------------------


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="seeker-form-started")


def issue_form_token(purpose: str, therapist_id: int) -> str:
    """A signed note of when a form was shown, and for which listing and purpose."""
    return _serializer().dumps([purpose, therapist_id])


def check_form_token(token: str | None, purpose: str, therapist_id: int) -> None:
    """Refuse a form sent faster than a person could, expired, or issued for another form."""
    if not token:
        raise FormTokenError("missing")
    try:
        payload, issued = _serializer().loads(
            token, max_age=FORM_MAX_AGE_SECONDS, return_timestamp=True
        )
    except SignatureExpired as exc:
        raise FormTokenError("expired") from exc
    except BadSignature as exc:
        raise FormTokenError("invalid") from exc
    if payload != [purpose, therapist_id]:
        raise FormTokenError("invalid")
    minimum = float(current_app.config["CONTACT_MIN_SECONDS"])
    if time.time() - issued.timestamp() < minimum:
        raise FormTokenError("too-fast")


def published_by_slug(slug: str) -> Therapist | None:
    """A published profile by its slug, with everything the public page shows loaded."""
    therapist_id = db.session.scalar(
        select(Therapist.id).where(Therapist.slug == slug, Therapist.visibility == "published")
    )
    return None if therapist_id is None else published_therapist(therapist_id)
