"""A therapist's training record: trainings attended, supervised cases, progress toward a level.

Private to the therapist, and to a verifier while a submission made from it is pending. A case
logged with a supervisor who does not hold a supervisor level on the record's ladder (in this
directory) is kept, and marked for the verifier.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from flask import url_for
from marshmallow import RAISE, Schema, ValidationError, fields, validate
from sqlalchemy import select

from app.accounts import audit
from app.accounts.models import User
from app.core.clock import today, utcnow
from app.core.errors import Conflict, InvalidInput, NotFound
from app.core.extensions import db
from app.core.validation import no_control_characters
from app.directory.models import IptCredential, Therapist
from app.directory.schemas import flatten_errors
from app.directory.services import own_profile
from app.training.models import RecordCase, RecordTraining, Training, TrainingRecord
from app.training.supervision import standings_of
from matching.explain import ENGLISH, Words
from matching.pathway import CaseFact, Progress, RecordFacts, progress, requirements
from matching.reference import vocabulary

MAX_ENTRIES = 200
ACTIVE = ("pending", "verified", "self-reported")


def _text(max_len: int, **kw: Any) -> fields.String:
    return fields.String(
        validate=[validate.Length(min=1, max=max_len), no_control_characters], **kw
    )


class TrainingEntrySchema(Schema):
    class Meta:
        unknown = RAISE

    training_id = fields.Integer(allow_none=True, load_default=None)
    title = _text(200, allow_none=True, load_default=None)
    provider = fields.String(
        allow_none=True, load_default=None, validate=[validate.Length(max=200)]
    )
    hours = fields.Float(
        allow_none=True,
        load_default=None,
        validate=validate.Range(
            min=0, min_inclusive=False, max=1000, error="Give hours above 0, up to {max}."
        ),
    )
    completed_on = fields.Date(required=True)


class CaseSchema(Schema):
    class Meta:
        unknown = RAISE

    label = _text(
        80,
        required=True,
        metadata={"description": "A label you will recognise: never a client's name."},
    )
    supervisor_slug = fields.String(allow_none=True, load_default=None)
    supervisor_name = fields.String(
        allow_none=True, load_default=None, validate=[validate.Length(max=200)]
    )
    sessions = fields.Integer(
        required=True, validate=validate.Range(min=1, max=100, error="From {min} to {max}.")
    )
    supervision_hours = fields.Float(
        required=True,
        validate=validate.Range(min=0, max=200, error="From {min} to {max} hours."),
    )
    started_on = fields.Date(required=True)
    ended_on = fields.Date(allow_none=True, load_default=None)
    portfolio_rating = fields.Float(
        allow_none=True,
        load_default=None,
        validate=validate.Range(min=1, max=5, error="A rating from {min} to {max}."),
    )


def _load(schema: Schema, payload: Any) -> dict[str, Any]:
    try:
        return schema.load(payload if isinstance(payload, dict) else {})
    except ValidationError as exc:
        raise InvalidInput(flatten_errors(exc.messages)) from exc


def _therapist(user: User) -> Therapist:
    therapist = own_profile(user)
    if therapist is None:
        raise Conflict("Create or claim your profile before keeping a training record.")
    return therapist


def own_record(user: User) -> TrainingRecord | None:
    if user.therapist_id is None:
        return None
    return db.session.scalar(
        select(TrainingRecord).where(TrainingRecord.therapist_id == user.therapist_id)
    )


def _require_record(user: User) -> TrainingRecord:
    record = own_record(user)
    if record is None:
        raise Conflict("Choose the certification you are working toward first.")
    return record


def ladder_options() -> list[tuple[str, str]]:
    return [(f"{b}|{lvl}", reqs.label) for (b, lvl), reqs in requirements().items()]


def choose_target(user: User, ladder: str) -> TrainingRecord:
    therapist = _therapist(user)
    body, _, level = (ladder or "").partition("|")
    if (body, level) not in requirements():
        raise InvalidInput(
            [
                (
                    ("ladder",),
                    "Choose a certification level from the list (its requirements are known).",
                )
            ]
        )
    record = own_record(user)
    if record is None:
        record = TrainingRecord(therapist_id=therapist.id, declared={}, attested=[])
        db.session.add(record)
    record.body, record.level = body, level
    for case in record.cases:  # qualification is per ladder: look again on the new one
        supervisor = (
            db.session.get(Therapist, case.supervisor_therapist_id)
            if case.supervisor_therapist_id
            else None
        )
        case.supervisor_qualified = supervisor_qualified(supervisor, body)
    db.session.flush()
    audit.record(
        user,
        "record.target",
        "training_record",
        record.id,
        therapist_id=therapist.id,
        after={"body": body, "level": level},
    )
    db.session.commit()
    return record


def _entries(record: TrainingRecord) -> int:
    return len(record.trainings) + len(record.cases)


def add_training(user: User, payload: Any) -> RecordTraining:
    record = _require_record(user)
    data = _load(TrainingEntrySchema(), payload)
    errors: list[tuple[tuple, str]] = []
    listed = None
    if data.get("training_id"):
        listed = db.session.get(Training, data["training_id"])
        if listed is None or listed.status != "published":
            errors.append((("training_id",), "Choose a listed training, or enter one by hand."))
    if listed is None and not data.get("title"):
        errors.append((("title",), "Give the training's title."))
    hours = data.get("hours") or (listed.hours if listed is not None else None)
    if not hours:
        errors.append((("hours",), "Give the hours of training."))
    if data["completed_on"] > today():
        errors.append((("completed_on",), "The date cannot be in the future."))
    if _entries(record) >= MAX_ENTRIES:
        errors.append((("title",), f"At most {MAX_ENTRIES} entries in a record."))
    if errors:
        raise InvalidInput(errors)
    entry = RecordTraining(
        record_id=record.id,
        training_id=listed.id if listed is not None else None,
        title=(data.get("title") or (listed.title if listed else "")).strip(),
        provider=(data.get("provider") or (listed.provider if listed else "") or "").strip()
        or None,
        hours=hours,
        completed_on=data["completed_on"],
    )
    db.session.add(entry)
    db.session.commit()
    return entry


def supervisor_qualified(therapist: Therapist | None, body: str) -> bool:
    """Whether the supervisor holds a supervisor level (or above) on ``body``'s ladder here."""
    if therapist is None:
        return False
    return any(s.body == body for s in standings_of(list(therapist.ipt_credentials)))


def add_case(user: User, payload: Any) -> RecordCase:
    record = _require_record(user)
    data = _load(CaseSchema(), payload)
    errors: list[tuple[tuple, str]] = []
    supervisor = None
    slug = (data.get("supervisor_slug") or "").strip()
    if slug:
        supervisor = db.session.scalar(
            select(Therapist).where(Therapist.slug == slug, Therapist.visibility == "published")
        )
        if supervisor is None:
            errors.append((("supervisor_slug",), "No listed therapist has this profile name."))
    name = (data.get("supervisor_name") or "").strip() or (supervisor.name if supervisor else "")
    if not name:
        errors.append((("supervisor_name",), "Give your supervisor's name."))
    if supervisor is not None and supervisor.id == record.therapist_id:
        errors.append((("supervisor_slug",), "You cannot supervise your own case."))
    if data["started_on"] > today():
        errors.append((("started_on",), "The date cannot be in the future."))
    if data.get("ended_on") and data["ended_on"] < data["started_on"]:
        errors.append((("ended_on",), "The case cannot end before it started."))
    if _entries(record) >= MAX_ENTRIES:
        errors.append((("label",), f"At most {MAX_ENTRIES} entries in a record."))
    if errors:
        raise InvalidInput(errors)
    case = RecordCase(
        record_id=record.id,
        label=data["label"].strip(),
        supervisor_name=name,
        supervisor_therapist_id=supervisor.id if supervisor else None,
        supervisor_qualified=supervisor_qualified(supervisor, record.body),
        sessions=data["sessions"],
        supervision_hours=data["supervision_hours"],
        started_on=data["started_on"],
        ended_on=data.get("ended_on"),
        portfolio_rating=data.get("portfolio_rating"),
    )
    db.session.add(case)
    db.session.commit()
    return case


def remove_entry(user: User, kind: str, entry_id: int) -> None:
    record = _require_record(user)
    entry: RecordCase | RecordTraining | None = (
        db.session.get(RecordCase, entry_id)
        if kind == "case"
        else db.session.get(RecordTraining, entry_id)
    )
    if entry is None or entry.record_id != record.id:
        raise NotFound(f"There is no such entry in your record ({kind} {entry_id}).")
    db.session.delete(entry)
    db.session.commit()


def update_statements(user: User, attested: list[str], declared: dict[str, str]) -> None:
    """What only the clinician can state: attestations (yes/no) and figures such as hours given."""
    record = _require_record(user)
    reqs = requirements()[(record.body, record.level)].requirements
    allowed_attest = {r.key for r in reqs if r.kind == "attestation"}
    numbers = {r.key for r in reqs if r.kind == "declared_number"}
    errors: list[tuple[tuple, str]] = []
    values: dict[str, float] = {}
    for key, raw in declared.items():
        if key not in numbers:
            continue
        text = (raw or "").strip()
        if not text:
            continue
        try:
            value = float(text)
        except ValueError:
            errors.append(((key,), "Give a number."))
            continue
        if not 0 <= value <= 100_000:
            errors.append(((key,), "Give a number from 0 to 100000."))
        values[key] = value
    if errors:
        raise InvalidInput(errors)
    record.attested = sorted(set(attested) & allowed_attest)
    record.declared = values
    db.session.commit()


def facts_of(record: TrainingRecord) -> RecordFacts:
    return RecordFacts(
        training_hours=sum(t.hours for t in record.trainings),
        cases=tuple(
            CaseFact(c.supervision_hours, c.portfolio_rating, c.supervisor_qualified)
            for c in record.cases
        ),
        declared=dict(record.declared or {}),
        attested=frozenset(record.attested or ()),
    )


def progress_of(record: TrainingRecord, words: Words = ENGLISH) -> Progress:
    return progress(record.body, record.level, facts_of(record), words)


def pending_submission(record: TrainingRecord) -> IptCredential | None:
    cred = record.submitted_credential
    return cred if cred is not None and cred.status == "pending" else None


def submit(user: User) -> IptCredential:
    """Submit the target credential for verification, with the record attached for the verifier."""
    record = _require_record(user)
    if not progress_of(record).met:
        raise Conflict("The requirements are not all met yet: see what is left below.")
    if pending_submission(record) is not None:
        raise Conflict("A submission from this record is already waiting for a verifier.")
    held = db.session.scalar(
        select(IptCredential).where(
            IptCredential.therapist_id == record.therapist_id,
            IptCredential.body == record.body,
            IptCredential.level == record.level,
            IptCredential.status.in_(ACTIVE),
        )
    )
    if held is not None:
        raise Conflict("This credential is already on your profile.")
    vocab = vocabulary()
    cred = IptCredential(
        therapist_id=record.therapist_id,
        body=record.body,
        level=record.level,
        tier=vocab.tier_for(record.body, record.level),
        status="pending",
        evidence_url=url_for("training.record_for_verifier", record_id=record.id, _external=True),
    )
    db.session.add(cred)
    db.session.flush()
    record.submitted_credential_id = cred.id
    record.submitted_at = utcnow()
    flagged = sum(not c.supervisor_qualified for c in record.cases)
    audit.record(
        user,
        "record.submit",
        "credential",
        cred.id,
        therapist_id=record.therapist_id,
        after={
            "body": record.body,
            "level": record.level,
            "record_id": record.id,
            "cases": len(record.cases),
            "cases_flagged": flagged,
        },
    )
    db.session.commit()
    return cred


def record_for_verifier(record_id: int) -> TrainingRecord:
    """A record a verifier may read: only while a submission made from it is pending."""
    record = db.session.get(TrainingRecord, record_id)
    if record is None or pending_submission(record) is None:
        raise NotFound(f"There is no training record #{record_id} waiting for review.")
    return record


CSV_COLUMNS = (
    "kind",
    "title_or_case",
    "provider_or_supervisor",
    "supervisor_holds_supervisor_level",
    "hours",
    "sessions",
    "started_on",
    "completed_or_ended_on",
    "portfolio_rating",
)


def _safe(value: Any) -> Any:
    """Spreadsheets run cells starting with = + - @ as formulas: quote them."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def export_csv(record: TrainingRecord) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for t in record.trainings:
        writer.writerow(
            [
                _safe(v)
                for v in (
                    "training",
                    t.title,
                    t.provider or "",
                    "",
                    f"{t.hours:g}",
                    "",
                    "",
                    t.completed_on.isoformat(),
                    "",
                )
            ]
        )
    for c in record.cases:
        writer.writerow(
            [
                _safe(v)
                for v in (
                    "supervised case",
                    c.label,
                    c.supervisor_name,
                    "yes" if c.supervisor_qualified else "not confirmed",
                    f"{c.supervision_hours:g}",
                    c.sessions,
                    c.started_on.isoformat(),
                    c.ended_on.isoformat() if c.ended_on else "",
                    "" if c.portfolio_rating is None else f"{c.portfolio_rating:g}",
                )
            ]
        )
    for key, value in sorted((record.declared or {}).items()):
        writer.writerow(["statement", key, "", "", f"{value:g}", "", "", "", ""])
    for key in record.attested or []:
        writer.writerow(["attestation", key, "", "", "", "", "", "", ""])
    return out.getvalue()


def listed_trainings_before(on: dt.date) -> list[Training]:
    """Published trainings already started, to pick from when logging attendance."""
    return list(
        db.session.scalars(
            select(Training)
            .where(
                Training.status == "published",
                Training.starts_at < dt.datetime.combine(on, dt.time.max, dt.UTC),
            )
            .order_by(Training.starts_at.desc())
            .limit(200)
        )
    )
