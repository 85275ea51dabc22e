"""Credential pages: a therapist submits, sees and withdraws their own IPT credentials."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.accounts.access import therapist_required
from app.core.errors import InvalidInput
from app.credentials import services
from app.directory.services import own_profile
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
    therapist = own_profile(_user())
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
        "issuer": form.get("issuer", ""),
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
        except InvalidInput as exc:
            errors = exc.by_field()
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
    services.withdraw(_user(), credential_id)
    flash("The credential is removed from your profile.", "success")
    return redirect(url_for("credentials.mine"))
