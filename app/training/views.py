"""Pages of the training pathway. Views parse, call a service, render."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from marshmallow import EXCLUDE, ValidationError

from app.accounts.access import therapist_required
from app.core.clock import today
from app.core.errors import InvalidInput
from app.directory.schemas import flatten_errors
from app.directory.services import own_profile
from app.training import schemas, supervision
from matching.geo import PlaceError
from matching.reference import vocabulary
from matching.supervision import standing_text, taking_text, timezone_names

bp = Blueprint("training", __name__)

COMMON_TIMEZONES = (
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
    "America/Puerto_Rico",
    "Europe/London",
    "Europe/Berlin",
    "Australia/Sydney",
)


def _user():
    return current_user._get_current_object()


def _render(template: str, status: int = 200, **context: Any):
    context.setdefault("vocab", vocabulary())
    context.setdefault("standing_text", standing_text)
    context.setdefault("taking_text", taking_text)
    context.setdefault("today", today())
    vocab = context["vocab"]
    context.setdefault(
        "adaptation_options", [(slug, a["short"]) for slug, a in vocab.adaptations.items()]
    )
    context.setdefault("language_options", sorted(vocab.languages.items(), key=lambda p: p[1]))
    context.setdefault("timezone_options", [(tz, tz.replace("_", " ")) for tz in COMMON_TIMEZONES])
    return render_template(f"training/{template}.html", **context), status


def _form_args(source, list_fields: tuple[str, ...] = ()) -> dict[str, Any]:
    """A query string or form as schema input: empty fields left out, lists kept as lists."""
    out: dict[str, Any] = {}
    for key in source:
        if key == "csrf_token":
            continue
        if key in list_fields:
            values = [v for v in source.getlist(key) if v.strip()]
            if values:
                out[key] = values
            continue
        value = source.get(key, "").strip()
        if value:
            out[key] = value
    return out


def _errors(exc: ValidationError | InvalidInput) -> dict[str, list[str]]:
    if isinstance(exc, InvalidInput):
        return exc.by_field()
    out: dict[str, list[str]] = {}
    for path, message in flatten_errors(exc.messages):
        out.setdefault(".".join(str(p) for p in path if not isinstance(p, int)), []).append(message)
    return out


# --- find a supervisor --------------------------------------------------------------------------


@bp.get("/supervisors")
def supervisors():
    raw = _form_args(request.args, ("adaptation",))
    errors: dict[str, list[str]] = {}
    result = None
    if raw:
        try:
            args = schemas.SupervisorSearchArgs(unknown=EXCLUDE).load(raw)
            result = supervision.search(args)
        except ValidationError as exc:
            errors = _errors(exc)
        except PlaceError as exc:
            errors = {"in_person_near": [str(exc)]}
    return _render(
        "supervisors",
        422 if errors else 200,
        values=raw,
        errors=errors,
        total=result.total if result else None,
        results=[supervision.result_dict(r) for r in result.results] if result else [],
    )


# --- a supervisor's own offer -------------------------------------------------------------------


def _offer_payload(form) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "accepting": form.get("accepting") == "on",
        "individual": form.get("individual") == "on",
        "group": form.get("group") == "on",
        "in_person": form.get("in_person") == "on",
        "timezone": form.get("timezone", "").strip(),
        "languages": form.getlist("languages"),
        "adaptations": form.getlist("adaptations"),
        "note": form.get("note", "").strip() or None,
    }
    for key in ("fee_individual", "fee_group"):
        value = form.get(key, "").strip().lstrip("$")
        payload[key] = value or None
    return payload


@bp.route("/profile/supervision", methods=["GET", "POST"])
@therapist_required
def offer():
    user = _user()
    therapist = own_profile(user)
    errors: dict[str, list[str]] = {}
    current = supervision.own_offer(user)
    values = supervision.offer_dict(current) or {"languages": ["en"], "individual": True}
    if request.method == "POST":
        values = _offer_payload(request.form)
        try:
            supervision.save_offer(user, values)
        except InvalidInput as exc:
            errors = exc.by_field()
        else:
            flash("Your supervision offer is saved and confirmed as of today.", "success")
            return redirect(url_for("training.offer"))
    standings = supervision.standings_of(list(therapist.ipt_credentials)) if therapist else []
    return _render(
        "offer",
        422 if errors else 200,
        therapist=therapist,
        offer=current,
        standings=standings,
        values=values,
        errors=errors,
        timezones=sorted(timezone_names()),
    )


@bp.post("/profile/supervision/confirm")
@therapist_required
def confirm_offer():
    accepting = request.form.get("accepting", "yes") == "yes"
    supervision.confirm_offer(_user(), accepting)
    flash(
        "Thank you: you are shown as taking supervisees, confirmed today."
        if accepting
        else "You are shown as not taking supervisees now.",
        "success",
    )
    return redirect(url_for("training.offer"))


@bp.post("/profile/supervision/withdraw")
@therapist_required
def withdraw_offer():
    supervision.withdraw_offer(_user())
    flash("Your supervision offer is removed.", "success")
    return redirect(url_for("training.offer"))
