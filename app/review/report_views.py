"""Verifier pages for problem reports: one report's page with its decision form. The list is the
verifier queue's "reports" tab (``app/review/queues.py``); rules live in ``report_services``."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.accounts.access import role_required
from app.core.errors import Conflict, InvalidInput
from app.directory.models import REPORT_REASONS
from app.review import report_services as services

bp = Blueprint("review_reports", __name__)


@bp.get("/verify/reports")
@role_required("verifier")
def reports():
    """The reports are a tab of the verifier queue (/verify?queue=reports); old links land there."""
    args = {k: v for k, v in request.args.items() if k in ("status", "reason", "page", "q", "sort")}
    return redirect(url_for("review.queue", **{"queue": "reports", **args}))  # type: ignore[arg-type]


@bp.route("/verify/reports/<int:report_id>", methods=["GET", "POST"])
@role_required("verifier")
def report(report_id: int):
    errors: dict[str, list[str]] = {}
    status = 200
    if request.method == "POST":
        try:
            decided = services.decide(
                current_user._get_current_object(),
                report_id,
                request.form.get("decision", ""),
                request.form.get("note"),
            )
        except Conflict as exc:
            flash(str(exc), "error")
            return redirect(url_for("review.queue", queue="reports"))
        except InvalidInput as exc:
            errors, status = exc.by_field(), 422
        else:
            flash(f"Report #{decided.id} is {decided.status}.", "success")
            return redirect(url_for("review.queue", queue="reports"))
    item = services.get(report_id)
    return render_template(
        "review/report.html",
        report=item,
        therapist=services.therapist_of(item),
        reasons=REPORT_REASONS,
        decisions=services.DECISIONS,
        errors=errors,
    ), status
