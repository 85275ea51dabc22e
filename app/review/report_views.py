"""Verifier pages for problem reports: ``/verify/reports`` (filter, page) and one report's page
with its decision form. Rules live in ``report_services``."""

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
    try:
        page = services.queue(
            request.args.get("status"), request.args.get("reason"), request.args.get("page")
        )
    except InvalidInput as exc:
        return render_template(
            "review/reports.html", errors=exc.by_field(), page=None, reasons=REPORT_REASONS
        ), 422
    return render_template("review/reports.html", errors={}, page=page, reasons=REPORT_REASONS)


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
            return redirect(url_for(".reports"))
        except InvalidInput as exc:
            errors, status = exc.by_field(), 422
        else:
            flash(f"Report #{decided.id} is {decided.status}.", "success")
            return redirect(url_for(".reports"))
    item = services.get(report_id)
    return render_template(
        "review/report.html",
        report=item,
        therapist=services.therapist_of(item),
        reasons=REPORT_REASONS,
        decisions=services.DECISIONS,
        errors=errors,
    ), status
