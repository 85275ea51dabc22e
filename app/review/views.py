"""Verifier and admin pages: the credential and claim queues, their decisions, the audit log."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from app.accounts.access import role_required
from app.accounts.models import AuditEntry
from app.core.errors import Conflict, InvalidInput, NotFound
from app.core.extensions import db
from app.credentials import services
from app.profiles import services as profiles
from matching.reference import vocabulary

bp = Blueprint("review", __name__)
AUDIT_PAGE = 100


def _user():
    return current_user._get_current_object()


def _render(template: str, status: int = 200, **context):
    return render_template(f"review/{template}.html", **context), status


@bp.get("/verify")
@role_required("verifier")
def queue():
    return _render(
        "queue",
        credentials=services.queue(),
        claims=profiles.pending_manual_claims(),
        vocab=vocabulary(),
    )


@bp.route("/verify/credentials/<int:credential_id>", methods=["GET", "POST"])
@role_required("verifier")
def review(credential_id: int):
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        try:
            decided = services.decide(
                _user(), credential_id, request.form.get("decision", ""), request.form.get("note")
            )
        except Conflict as exc:
            flash(str(exc), "error")
            return redirect(url_for("review.queue"))
        except InvalidInput as exc:
            errors = exc.by_field()
        else:
            flash(f"Credential #{decided.id} is {decided.status}.", "success")
            return redirect(url_for("review.queue"))
    cred = services.get_for_review(credential_id)
    if cred is None:
        raise NotFound(f"There is no credential with id {credential_id}.")
    return _render(
        "review",
        422 if errors else 200,
        cred=cred,
        owner=services.owner_of(cred.therapist_id),
        vocab=vocabulary(),
        errors=errors,
        note=request.form.get("note", ""),
    )


@bp.route("/verify/claims/<int:claim_id>", methods=["GET", "POST"])
@role_required("verifier")
def review_claim(claim_id: int):
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        decision = request.form.get("decision")
        if decision not in ("approve", "reject"):
            errors = {"decision": ["Choose approve or reject."]}
        else:
            try:
                profiles.decide_claim(
                    _user(), claim_id, decision == "approve", request.form.get("note")
                )
            except Conflict as exc:
                flash(str(exc), "error")
                return redirect(url_for("review.queue"))
            except InvalidInput as exc:
                errors = exc.by_field()
            else:
                past = {"approve": "approved", "reject": "rejected"}[decision]
                flash(f"Claim #{claim_id} is {past}.", "success")
                return redirect(url_for("review.queue"))
    claim = next((c for c in profiles.pending_manual_claims() if c.id == claim_id), None)
    if claim is None:
        raise NotFound(f"There is no pending claim with id {claim_id}.")
    return _render(
        "review_claim",
        422 if errors else 200,
        claim=claim,
        errors=errors,
        note=request.form.get("note", ""),
    )


@bp.get("/admin/audit")
@role_required("admin")
def audit_log():
    action = request.args.get("action", "").strip()
    stmt = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(AUDIT_PAGE)
    if action:
        stmt = stmt.where(AuditEntry.action == action)
    return _render("audit", entries=list(db.session.scalars(stmt)), action=action)
