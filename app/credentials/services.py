"""Credential rules: submit (-> pending), withdraw, verify or reject (verifiers), expire (CLI).

Every decision is written to the audit log with the credential's state before and after.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from marshmallow import Schema, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.accounts import audit, emails
from app.accounts.models import User
from app.core.clock import today, utcnow
from app.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from app.core.extensions import db
from app.directory.models import IptCredential, Therapist
from app.directory.schemas import (
    HTTPS_URL_FORMAT,
    MAX_CREDENTIALS,
    SINGLE_LINE_REQUIRED_PATTERN,
    CredentialSchema,
    Text,
    flatten_errors,
    stated_pattern,
)
from matching.explain import CredentialFact, credential_label, credential_text
from matching.reference import vocabulary

SUBMIT_EXCLUDE = ("tier", "status", "verified_by", "verified_at", "note")
NOTE_MAX = 2000
ACTIVE = ("pending", "verified", "self-reported")


class SubmissionSchema(CredentialSchema):
    """A therapist's submission: the import schema's fields plus who awarded an "other" one
    (kept out of the import/export format, which stays as documented)."""

    issuer = Text(200)

    @classmethod
    def openapi_rules(cls, schema: Schema) -> dict:
        """What ``submit`` needs besides the schema, as the document states it: an award date;
        per body, a renewal date (bodies renewed every year) or who awarded it ("other"); and a
        certificate number or a link to evidence. (Dates against today, and what the profile
        already has, are said in the operation's description.)"""
        rules = super().openapi_rules(schema)
        visible = {"type": "string", "pattern": SINGLE_LINE_REQUIRED_PATTERN}
        bodies = vocabulary().credential_bodies
        for branch in rules.get("oneOf", []):
            body = bodies[branch["properties"]["body"]["enum"][0]]
            required = ["awarded_on"]
            branch["properties"]["awarded_on"] = {"type": "string", "format": "date"}
            if body.get("annual_renewal"):
                required.append("expires_on")
                branch["properties"]["expires_on"] = {"type": "string", "format": "date"}
            if body["slug"] == "other":
                required.append("issuer")
                branch["properties"]["issuer"] = visible
            branch["required"] = required
        rules["anyOf"] = [
            {"required": ["certificate_id"], "properties": {"certificate_id": visible}},
            {
                "required": ["evidence_url"],
                "properties": {
                    "evidence_url": {"type": "string", "pattern": stated_pattern(HTTPS_URL_FORMAT)}
                },
            },
        ]
        return rules


def submission_schema() -> CredentialSchema:
    return SubmissionSchema(exclude=SUBMIT_EXCLUDE)


def snapshot(cred: IptCredential) -> dict[str, Any]:
    return {
        "body": cred.body,
        "level": cred.level,
        "tier": cred.tier,
        "status": cred.status,
        "awarded_on": cred.awarded_on,
        "expires_on": cred.expires_on,
        "certificate_id": cred.certificate_id,
        "evidence_url": cred.evidence_url,
        "issuer": cred.issuer,
        "verified_by": cred.verified_by,
        "verified_at": cred.verified_at,
        "note": cred.note,
    }


def status_text(cred: IptCredential) -> str:
    """One line for people: "ISIPT Therapist — verified Mar 2025", "… — rejected", "… — expired"."""
    if cred.status in ("rejected", "expired"):
        label = credential_label(
            CredentialFact(cred.body, cred.level, cred.tier, cred.status, None, cred.issuer)
        )
        return f"{label} — {'not verified' if cred.status == 'rejected' else 'expired'}"
    return credential_text(
        CredentialFact(cred.body, cred.level, cred.tier, cred.status, cred.verified_at, cred.issuer)
    )


def credentials_of(therapist: Therapist | None) -> list[IptCredential]:
    return [] if therapist is None else _credentials_of(therapist.id)


def _credentials_of(therapist_id: int) -> list[IptCredential]:
    return list(
        db.session.scalars(
            select(IptCredential)
            .where(IptCredential.therapist_id == therapist_id)
            .order_by(IptCredential.id)
        )
    )


def own(user: User) -> list[IptCredential]:
    """The account's credentials (none without a profile), without loading the profile."""
    return [] if user.therapist_id is None else _credentials_of(user.therapist_id)


def submit(user: User, payload: Any) -> IptCredential:
    """A therapist's own credential, as ``pending`` until a verifier decides."""
    # The profile row alone: its credentials are read below (not its dozen other lists).
    therapist = db.session.get(Therapist, user.therapist_id) if user.therapist_id else None
    if therapist is None:
        raise Conflict("Create or claim your profile before adding credentials.")
    try:
        data = submission_schema().load(payload)
    except ValidationError as exc:
        raise InvalidInput(flatten_errors(exc.messages)) from exc
    errors: list[tuple[tuple, str]] = []
    body = vocabulary().credential_bodies[data["body"]]
    current = today()
    awarded, expires = data.get("awarded_on"), data.get("expires_on")
    if awarded is None:
        errors.append((("awarded_on",), "Give the date the credential was awarded."))
    elif awarded > current:
        errors.append((("awarded_on",), "The award date cannot be in the future."))
    if body.get("annual_renewal") and expires is None:
        errors.append(
            (
                ("expires_on",),
                f"{body['label']} membership is renewed every year: give the date your current "
                "membership is valid until.",
            )
        )
    if expires is not None and expires < current:
        errors.append((("expires_on",), "This credential has already expired."))
    if not data.get("certificate_id") and not data.get("evidence_url"):
        errors.append(
            (
                ("certificate_id",),
                "Give the certificate or membership number, or a link to evidence, so a "
                "verifier can check it.",
            )
        )
    existing = credentials_of(therapist)
    if any(
        c.body == data["body"] and c.level == data["level"] and c.status in ACTIVE for c in existing
    ):
        errors.append(
            (
                ("level",),
                "You already have this credential listed; withdraw it first to replace it.",
            )
        )
    if len(existing) >= MAX_CREDENTIALS:
        errors.append((("body",), f"At most {MAX_CREDENTIALS} credentials per profile."))
    if data["body"] == "other" and not data.get("issuer"):
        errors.append(
            (
                ("issuer",),
                "Name who awarded it (a university, a training programme or a national IPT "
                "society), so seekers and verifiers know what it is.",
            )
        )
    if errors:
        raise InvalidInput(errors)
    cred = IptCredential(
        therapist_id=therapist.id,
        tier=vocabulary().tier_for(data["body"], data["level"]),
        status="pending",
        submitted_at=utcnow(),
        **data,
    )
    db.session.add(cred)
    db.session.flush()
    audit.record(
        user,
        "credential.submit",
        "credential",
        cred.id,
        therapist_id=therapist.id,
        after=snapshot(cred),
    )
    db.session.commit()
    return cred


def own_credential(user: User, credential_id: int) -> IptCredential | None:
    """The credential if it is on ``user``'s profile; None otherwise (someone else's is a 404)."""
    if user.therapist_id is None:
        return None
    return db.session.scalar(
        select(IptCredential).where(
            IptCredential.id == credential_id, IptCredential.therapist_id == user.therapist_id
        )
    )


def withdraw(user: User, credential_id: int) -> None:
    cred = own_credential(user, credential_id)
    if cred is None:
        raise NotFound(f"You have no credential with id {credential_id}.")
    audit.record(
        user,
        "credential.withdraw",
        "credential",
        cred.id,
        therapist_id=cred.therapist_id,
        before=snapshot(cred),
    )
    db.session.delete(cred)
    db.session.commit()


def queue() -> list[IptCredential]:
    """Pending credentials, oldest first."""
    return list(
        db.session.scalars(
            select(IptCredential)
            .where(IptCredential.status == "pending")
            .options(selectinload(IptCredential.therapist).selectinload(Therapist.licences))
            .order_by(IptCredential.id)
        )
    )


def get_for_review(credential_id: int) -> IptCredential | None:
    return db.session.scalar(
        select(IptCredential)
        .where(IptCredential.id == credential_id)
        .options(selectinload(IptCredential.therapist).selectinload(Therapist.licences))
    )


def owner_of(therapist_id: int) -> User | None:
    return db.session.scalar(select(User).where(User.therapist_id == therapist_id))


def decide(verifier: User, credential_id: int, decision: str, note: str | None) -> IptCredential:
    """Verify or reject a pending credential. The row is locked, so two verifiers cannot both
    decide it; the second is told it was already decided."""
    if decision not in ("verify", "reject"):
        raise InvalidInput([(("decision",), "Choose verify or reject.")])
    note = (note or "").strip() or None
    if note is not None and len(note) > NOTE_MAX:
        raise InvalidInput([(("note",), f"At most {NOTE_MAX} characters.")])
    if decision == "reject" and note is None:
        raise InvalidInput([(("note",), "Say why it is rejected: the therapist sees this note.")])
    cred = db.session.scalar(
        select(IptCredential).where(IptCredential.id == credential_id).with_for_update()
    )
    if cred is None:
        raise NotFound(f"There is no credential with id {credential_id}.")
    if verifier.therapist_id is not None and verifier.therapist_id == cred.therapist_id:
        raise Forbidden("Nobody verifies their own credentials.")
    if cred.status != "pending":
        raise Conflict(f"This credential was already decided ({cred.status}).")
    before = snapshot(cred)
    if decision == "verify":
        cred.status = "verified"
        cred.verified_by = f"IPT Directory verifier #{verifier.id}"
        cred.verified_at = utcnow()
    else:
        cred.status = "rejected"
        cred.verified_by = None
        cred.verified_at = None
    cred.note = note
    _record_change(verifier, decision, cred, before)
    db.session.commit()
    owner = owner_of(cred.therapist_id)
    if owner is not None:
        _tell_owner(owner, cred)
    return cred


def _record_change(actor: User | None, action: str, cred: IptCredential, before: dict) -> None:
    """The audit entry for a change of status, with the credential before and after it."""
    audit.record(
        actor,
        f"credential.{action}",
        "credential",
        cred.id,
        therapist_id=cred.therapist_id,
        before=before,
        after=snapshot(cred),
    )


def _tell_owner(owner: User, cred: IptCredential) -> None:
    vocab = vocabulary()
    subject = {
        "verified": "Your IPT credential is verified",
        "rejected": "Your IPT credential could not be verified",
        "expired": "Your IPT credential has expired",
    }[cred.status]
    emails.send(
        owner.email,
        subject,
        "credential_decided",
        status=cred.status,
        body_label=vocab.credential_bodies[cred.body]["label"],
        level_label=vocab.credential_levels[(cred.body, cred.level)].label,
        note=cred.note,
        expires_on=cred.expires_on,
        credentials_url=emails.external_url("credentials.mine"),
    )


def expire_due(on: dt.date | None = None) -> int:
    """Mark credentials past their ``expires_on`` (the last day they are valid) as expired.

    Safe to run daily: an expired credential is never touched again."""
    on = on or today()
    due = list(
        db.session.scalars(
            select(IptCredential)
            .where(
                IptCredential.expires_on.is_not(None),
                IptCredential.expires_on < on,
                IptCredential.status.in_(ACTIVE),
            )
            .order_by(IptCredential.id)
        )
    )
    for cred in due:
        before = snapshot(cred)
        cred.status = "expired"
        _record_change(None, "expire", cred, before)
    db.session.commit()
    for cred in due:
        owner = owner_of(cred.therapist_id)
        if owner is not None and owner.active:
            _tell_owner(owner, cred)
    return len(due)
