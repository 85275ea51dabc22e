"""Therapist pages: dashboard, create/edit (with conflict handling), preview, publish/hide,
"still accepting clients", and claiming an existing listing."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.accounts import tokens
from app.accounts.access import login_required, therapist_required
from app.core.errors import Conflict, Forbidden, InvalidInput
from app.credentials import services as credentials
from app.directory import reports
from app.directory.models import REPORT_REASONS
from app.profiles import forms, photos, services
from app.profiles.services import VersionConflict

bp = Blueprint("profiles", __name__, url_prefix="/profile")


def _user():
    return current_user._get_current_object()


def _render(template: str, status: int = 200, **context):
    return render_template(f"accounts/profiles/{template}.html", **context), status


def _edit_page(status: int = 200, **context):
    return _render("edit", status, choices=forms.choices(), **context)


@bp.get("")
@therapist_required
def dashboard():
    therapist = services.own_profile(_user())
    return _render(
        "dashboard",
        therapist=therapist,
        stale=services.is_stale(therapist) if therapist else False,
        problems=services.publish_problems(therapist) if therapist else [],
        credentials=credentials.credentials_of(therapist) if therapist else [],
        claims=services.my_claims(_user()),
        photo_limit_mb=photos.MAX_UPLOAD_BYTES // 1_048_576,
        reports=reports.active_reports_for(therapist.id) if therapist else [],
        report_reasons=REPORT_REASONS,
    )


@bp.route("/new", methods=["GET", "POST"])
@therapist_required
def new():
    if _user().therapist_id is not None:
        if request.method == "POST":
            abort(409, description="You already have a profile: edit it instead.")
        return redirect(url_for(".edit"))
    values: dict = {"accepting_clients": True}
    if request.method == "POST":
        values = forms.payload_from_form(request.form)
        try:
            services.create_profile(_user(), values)
        except InvalidInput as exc:
            return _edit_page(
                422, values=values, errors=forms.form_errors(exc.errors), creating=True
            )
        flash("Your profile is created as a draft. Preview it, then publish it.", "success")
        return redirect(url_for(".dashboard"))
    return _edit_page(values=values, errors={}, creating=True)


@bp.route("/edit", methods=["GET", "POST"])
@therapist_required
def edit():
    therapist = services.own_profile(_user())
    if therapist is None:
        if request.method == "POST":
            abort(404, description="You do not have a profile yet.")
        return redirect(url_for(".dashboard"))
    if request.method == "POST":
        values = forms.payload_from_form(request.form)
        raw_version = request.form.get("version", "")
        version = int(raw_version) if raw_version.isascii() and raw_version.isdigit() else None
        signed_base = request.form.get("base", "")
        try:
            services.update_profile(
                _user(), values, version=version, base=services.read_base(signed_base)
            )
        except InvalidInput as exc:
            # Keep the version the person started from: fixing a typo must not skip the check.
            return _edit_page(
                422,
                values=values,
                errors=forms.form_errors(exc.errors),
                version=raw_version,
                base=signed_base,
            )
        except VersionConflict as exc:
            return _edit_page(
                409,
                values=values,
                errors={},
                conflict=exc,
                version=exc.current_version,
                base=services.sign_base(exc.current),
            )
        flash("Your changes are saved.", "success")
        return redirect(url_for(".dashboard"))
    values = services.editable_dict(therapist)
    return _edit_page(
        values=values, errors={}, version=therapist.version, base=services.sign_base(values)
    )


@bp.post("/photo")
@therapist_required
def upload_photo():
    """A photo, re-encoded and waiting for a verifier (see app.profiles.photos)."""
    _require_profile()
    request.max_content_length = photos.MAX_UPLOAD_BYTES + 64 * 1024  # the form around it
    upload = request.files.get("photo")
    try:
        photos.upload(_user(), upload.read() if upload else b"")
    except (InvalidInput, Conflict) as exc:
        if isinstance(exc, InvalidInput):
            flash(exc.by_field().get("photo", [str(exc)])[0], "error")
        else:
            flash(str(exc), "error")
    else:
        flash("Thank you: your photo waits for a verifier's check before it is shown.", "success")
    return redirect(url_for(".dashboard") + "#photo-title")


@bp.post("/photo/remove")
@therapist_required
def remove_photo():
    _require_profile()
    photos.remove_mine(_user())
    flash("Your photo is removed. Your listing shows your initials.", "success")
    return redirect(url_for(".dashboard") + "#photo-title")


@bp.post("/publish")
@therapist_required
def publish():
    return _visibility("published", "Your profile is published: seekers can find it now.")


@bp.post("/hide")
@therapist_required
def hide():
    return _visibility("hidden", "Your profile is hidden: seekers cannot see it.")


def _require_profile() -> None:
    """Actions on "my profile" by an account that has none: there is nothing to act on."""
    if _user().therapist_id is None:
        abort(404, description="You do not have a profile yet.")


def _visibility(visibility: str, message: str):
    _require_profile()
    try:
        services.set_visibility(_user(), visibility)
    except Conflict as exc:
        flash(str(exc), "error")
    else:
        flash(message, "success")
    return redirect(url_for(".dashboard"))


@bp.post("/confirm-accepting")
@therapist_required
def confirm_accepting():
    _require_profile()
    try:
        services.confirm_accepting_for(_user())
    except Conflict as exc:
        flash(str(exc), "error")
    else:
        flash("Thank you: seekers now see that you confirmed your availability today.", "success")
    return redirect(url_for(".dashboard"))


@bp.route("/still-accepting/<token>", methods=["GET", "POST"])
def still_accepting(token: str):
    """The link in the reminder e-mail: one click (a button, so mail scanners cannot press it)."""
    try:
        user, therapist = services.accepting_link_owner(token)
    except tokens.TokenError as exc:
        return render_template("accounts/link_problem.html", message=str(exc)), 400
    if request.method == "POST":
        services.confirm_accepting(therapist, user)
        return _render("still_accepting", done=True, therapist=therapist, token=token)
    return _render("still_accepting", done=False, therapist=therapist, token=token)


# --- claiming ------------------------------------------------------------------------------


@bp.get("/claim")
@therapist_required
def claim_search():
    query = request.args.get("q", "")
    results = services.find_claimable(query)
    return _render(
        "claim",
        query=query,
        results=results,
        mask_email=services.mask_email,
        errors={},
    )


@bp.post("/claim/<int:therapist_id>")
@therapist_required
def claim(therapist_id: int):
    try:
        claim = services.request_claim(_user(), therapist_id, request.form.get("evidence"))
    except InvalidInput as exc:
        therapist = services.claimable(therapist_id)
        return _render(
            "claim",
            422,
            query=request.form.get("q", ""),
            results=[therapist] if therapist else [],
            mask_email=services.mask_email,
            errors=forms.form_errors(exc.errors),
            evidence=request.form.get("evidence", ""),
        )
    return _render("claim_sent", claim=claim)


@bp.route("/claim/confirm/<token>", methods=["GET", "POST"])
@login_required
def confirm_claim(token: str):
    try:
        claim, _ = services.claim_from_token(_user(), token)
    except tokens.TokenError as exc:
        return render_template("accounts/link_problem.html", message=str(exc)), 400
    except Forbidden:
        return render_template(
            "accounts/link_problem.html",
            message="This link was sent for another account. Log in as the account that asked "
            "to manage the listing, then open the link again.",
        ), 403
    if request.method == "POST":
        try:
            services.confirm_claim(_user(), token)
        except (tokens.TokenError, Conflict) as exc:
            return render_template("accounts/link_problem.html", message=str(exc)), 409
        flash("The listing is now yours to manage. Check it and keep it up to date.", "success")
        return redirect(url_for(".dashboard"))
    return _render("claim_confirm", claim=claim, token=token)
