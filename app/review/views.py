"""Verifier and admin pages: the queues (credentials, claims, photos, reports), their decisions, the
audit log. Report decisions are in ``report_views``."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, make_response, render_template, request, url_for
from flask_login import current_user
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from app.accounts.access import role_required
from app.core.decisions import decide_from_form, settle
from app.core.errors import InvalidInput, NotFound
from app.credentials import services
from app.profiles import photos
from app.profiles import services as profiles
from app.review import audit_view, queues
from matching.reference import vocabulary

bp = Blueprint("review", __name__)


def _user():
    return current_user._get_current_object()


def _render(template: str, status: int = 200, **context):
    return render_template(f"review/{template}.html", **context), status


@bp.get("/verify")
@role_required("verifier")
def queue():
    """Every queue with its count as tabs; the chosen one searchable, filterable and paged."""
    all_queues = queues.queues()
    counts = {qu.slug: queues.count(qu) for qu in all_queues}
    chosen = queues.get(request.args.get("queue", "")) or next(
        (qu for qu in all_queues if counts[qu.slug]), all_queues[0]
    )
    try:
        query = queues.parse_query(chosen, request.args)
    except InvalidInput as exc:
        errors, status = exc.by_field(), 422
        query = queues.Query("", {f.name: "" for f in chosen.filters}, "oldest", 1)
    else:
        errors, status = {}, 200
    page = queues.page_of(
        chosen, q=query.q, filters=query.filters, sort=query.sort, page=query.page
    )
    return _render(
        "queue",
        status,
        queues=all_queues,
        counts=counts,
        chosen=chosen,
        page=page,
        q=query.q,
        filters=query.filters,
        sort=query.sort,
        sorts=queues.SORTS,
        errors=errors,
    )


def _queue_url(**changes) -> str:
    args = {k: v for k, v in request.args.items() if v}
    args.update({k: v for k, v in changes.items() if v is not None})
    for k, v in changes.items():
        if v is None:
            args.pop(k, None)
    return url_for("review.queue", **args)  # type: ignore[arg-type]


@bp.app_template_global()
def review_queue_url(**changes) -> str:
    return _queue_url(**changes)


@bp.route("/verify/credentials/<int:credential_id>", methods=["GET", "POST"])
@role_required("verifier")
def review(credential_id: int):
    done, errors = decide_from_form(
        "Credential", services.decide, credential_id, url_for("review.queue")
    )
    if done is not None:
        return done
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


def _approve_or_reject(
    what: str, item_id: int, decide: Callable[[bool, str | None], object], queue_url: str
) -> tuple[Response | None, dict[str, list[str]]]:
    """A verifier's approve/reject form for a claim or a photo: the redirect once decided, or the
    errors to show again (a decision someone else made first is said, not shown as an error)."""
    decision = request.form.get("decision")
    if decision not in ("approve", "reject"):
        return None, {"decision": ["Choose approve or reject."]}
    past = {"approve": "approved", "reject": "rejected"}[decision]
    return settle(
        lambda: decide(decision == "approve", request.form.get("note")),
        lambda _: f"{what} #{item_id} is {past}.",
        queue_url,
    )


@bp.route("/verify/claims/<int:claim_id>", methods=["GET", "POST"])
@role_required("verifier")
def review_claim(claim_id: int):
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        done, errors = _approve_or_reject(
            "Claim",
            claim_id,
            lambda approve, note: profiles.decide_claim(_user(), claim_id, approve, note),
            url_for("review.queue"),
        )
        if done is not None:
            return done
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


@bp.route("/verify/photos/<int:photo_id>", methods=["GET", "POST"])
@role_required("verifier")
def review_photo(photo_id: int):
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        done, errors = _approve_or_reject(
            "Photo",
            photo_id,
            lambda approve, note: photos.decide(_user(), photo_id, approve, note),
            url_for("review.queue", queue="photos"),
        )
        if done is not None:
            return done
    photo = photos.pending_for_review(photo_id)
    if photo is None:
        raise NotFound(f"There is no photo waiting with id {photo_id}.")
    return _render(
        "review_photo",
        422 if errors else 200,
        photo=photo,
        errors=errors,
        note=request.form.get("note", ""),
    )


@bp.get("/verify/photos/<int:photo_id>/image")
@role_required("verifier")
def photo_image(photo_id: int):
    """A waiting photo, for verifiers only (never cached anywhere)."""
    photo = photos.pending_for_review(photo_id)
    if photo is None:
        raise NotFound(f"There is no photo waiting with id {photo_id}.")
    response = make_response(photo.large)
    response.headers["Content-Type"] = photo.content_type
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/admin/audit")
@role_required("admin")
def audit_log():
    """The audit log in words: who (names; e-mails for staff), what, about whom, and a
    field-by-field diff; filtered by action, person and profile, newest first, paged."""
    action = request.args.get("action", "").strip()
    who = " ".join(request.args.get("who", "").split())[:200]
    profile = " ".join(request.args.get("profile", "").split())[:200]
    try:
        page_no = max(1, int(request.args.get("page", "1")))
    except ValueError:
        page_no = 1
    page = audit_view.entries(action=action, who=who, profile=profile, page=page_no)
    return _render(
        "audit",
        page=page,
        action=action,
        who=who,
        profile=profile,
        actions=audit_view.known_actions(),
    )


# --- styled errors for staff pages ----------------------------------------------------------


@bp.errorhandler(403)
def forbidden(exc: HTTPException):
    return _staff_error(exc, "You do not have access to this page")


@bp.errorhandler(404)
def not_found(exc: HTTPException):
    return _staff_error(exc, "We can't find that")


def _staff_error(exc: HTTPException, title: str):
    if request.path.startswith("/api/"):
        return exc
    return _render(
        "error", exc.code or 500, title=title, description=exc.description, code=exc.code
    )
