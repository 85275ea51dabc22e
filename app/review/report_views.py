"""Verifier pages for problem reports: one report's page with its decision form. The list is the
verifier queue's "reports" tab (``app/review/queues.py``); rules live in ``report_services``."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for

from app.accounts.access import role_required
from app.core.decisions import decide_from_form
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
    queue_url = url_for("review.queue", queue="reports")
    done, errors = decide_from_form("Report", services.decide, report_id, queue_url)
    if done is not None:
        return done
    item = services.get(report_id)
    return render_template(
        "review/report.html",
        report=item,
        therapist=services.therapist_of(item),
        reasons=REPORT_REASONS,
        decisions=services.DECISIONS,
        errors=errors,
    ), 422 if errors else 200
