"""Credential pages: a therapist's own credentials, the verifier queue, and the audit log."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from app.accounts.access import role_required, therapist_required
from app.accounts.models import AuditEntry
from app.credentials import services
from app.extensions import db
from app.profiles import forms
from app.profiles import services as profiles
from app.profiles.services import ProfileInputError, ProfileStateError
from matching.reference import vocabulary

bp = Blueprint("credentials", __name__)
AUDIT_PAGE = 100


def _user():
    return current_user._get_current_object()


def _render(template: str, status: int = 200, **context):
    return render_template(f"accounts/credentials/{template}.html", **context), status


def _bodies():
    vocab = vocabulary()
    return [
        (slug, body["label"], [(lvl["code"], lvl["label"]) for lvl in body["levels"]])
        for slug, body in vocab.credential_bodies.items()
    ]


def _mine_page(status: int = 200, **context):
    therapist = profiles.own_profile(_user())
    context.setdefault("values", {})
    context.setdefault("errors", {})
    return _render(
        "mine",
        status,
        therapist=therapist,
        credentials=services.credentials_of(therapist),
        bodies=_bodies(),
        vocab=vocabulary(),
        **context,
    )


def _submission(form) -> dict:
    """Form fields -> the submission JSON ("ipt-institute|B" from one select -> body and level)."""
    body, _, level = form.get("ladder", "").partition("|")
    return {
        "body": body,
        "level": level,
        "awarded_on": form.get("awarded_on") or None,
        "expires_on": form.get("expires_on") or None,
        "certificate_id": form.get("certificate_id", ""),
        "evidence_url": form.get("evidence_url", ""),
    }


@bp.route("/profile/credentials", methods=["GET", "POST"])
@therapist_required
def mine():
    if request.method == "POST":
        if _user().therapist_id is None:
            abort(404, description="Create or claim your profile before adding credentials.")
        values = _submission(request.form)
        try:
            services.submit(_user(), values)
        except ProfileInputError as exc:
            errors = forms.form_errors(exc.errors)
            if "body" in errors or "level" in errors:
                errors["ladder"] = errors.pop("body", []) + errors.pop("level", [])
            return _mine_page(
                422, values={**values, "ladder": request.form.get("ladder")}, errors=errors
            )
        flash("Thank you: your credential is waiting for a verifier.", "success")
        return redirect(url_for("credentials.mine"))
    return _mine_page()


@bp.post("/profile/credentials/<int:credential_id>/withdraw")
@therapist_required
def withdraw(credential_id: int):
    try:
        services.withdraw(_user(), credential_id)
    except LookupError:
        abort(404)
    flash("The credential is removed from your profile.", "success")
    return redirect(url_for("credentials.mine"))


# --- verifiers ------------------------------------------------------------------------------


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
            cred = services.decide(
                _user(), credential_id, request.form.get("decision", ""), request.form.get("note")
            )
        except LookupError:
            abort(404)
        except PermissionError:
            abort(403)
        except ProfileStateError as exc:
            flash(str(exc), "error")
            return redirect(url_for("credentials.queue"))
        except ProfileInputError as exc:
            errors = forms.form_errors(exc.errors)
        else:
            flash(f"Credential #{cred.id} is {cred.status}.", "success")
            return redirect(url_for("credentials.queue"))
    cred = services.get_for_review(credential_id)
    if cred is None:
        abort(404)
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
            except LookupError:
                abort(404)
            except ProfileStateError as exc:
                flash(str(exc), "error")
                return redirect(url_for("credentials.queue"))
            except ProfileInputError as exc:
                errors = forms.form_errors(exc.errors)
            else:
                flash(f"Claim #{claim_id} is {decision}d.", "success")
                return redirect(url_for("credentials.queue"))
    claim = next((c for c in profiles.pending_manual_claims() if c.id == claim_id), None)
    if claim is None:
        abort(404)
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
