"""Account pages: sign up, confirm e-mail, log in/out, reset or change password, delete."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.accounts import services, tokens
from app.accounts.access import login_required, safe_next
from app.accounts.services import AccountError, LoginFailed
from app.core.extensions import limiter

bp = Blueprint("accounts", __name__, url_prefix="/account")

# Per client (IP address). Per-account back-off lives in services.authenticate.
LOGIN_LIMIT = "10 per minute;60 per hour"
EMAIL_SENDING_LIMIT = "5 per hour"
SIGNUP_LIMIT = "10 per hour"


def _render(template: str, status: int = 200, **context):
    return render_template(f"accounts/{template}.html", **context), status


def _home(user) -> str:
    """Where a user lands after login when no (safe) ``next`` was given."""
    return url_for("profiles.dashboard") if user.role == "therapist" else url_for("review.queue")


@bp.route("/signup", methods=["GET", "POST"])
@limiter.limit(SIGNUP_LIMIT, methods=["POST"])
def signup():
    if current_user.is_authenticated:
        return redirect(url_for("profiles.dashboard"))
    errors: dict[str, str] = {}
    email = ""
    if request.method == "POST":
        email = request.form.get("email", "")
        try:
            services.sign_up(email, request.form.get("password", ""))
        except AccountError as exc:
            errors[exc.field or "email"] = exc.message
        else:
            return redirect(url_for("accounts.check_inbox"))
    return _render("signup", 422 if errors else 200, errors=errors, email=email)


@bp.get("/check-inbox")
def check_inbox():
    return _render("check_inbox")


@bp.get("/verify/<token>")
def verify_email(token: str):
    try:
        services.verify_email(token)
    except tokens.TokenError as exc:
        return _render("link_problem", 400, message=str(exc))
    flash("Thank you: your e-mail address is confirmed.", "success")
    if current_user.is_authenticated:
        return redirect(url_for("profiles.dashboard"))
    return redirect(url_for("accounts.login"))


@bp.post("/verify/resend")
@limiter.limit(EMAIL_SENDING_LIMIT)
@login_required
def resend_verification():
    if not current_user.email_verified:
        services.send_verification(current_user)
        flash("We sent you a new confirmation link.", "success")
    return redirect(url_for("accounts.settings"))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
def login():
    next_url = safe_next(request.values.get("next"), default="")
    if current_user.is_authenticated and request.method == "GET":
        return redirect(next_url or _home(current_user))
    error = None
    email = ""
    if request.method == "POST":
        email = request.form.get("email", "")
        try:
            user = services.authenticate(email, request.form.get("password", ""))
        except LoginFailed as exc:
            error = str(exc)
        else:
            services.start_session(user)
            return redirect(next_url or _home(user))
    return _render("login", 401 if error else 200, error=error, email=email, next_url=next_url)


@bp.post("/logout")
def logout():
    services.end_session()
    flash("You are logged out.", "success")
    return redirect(url_for("accounts.login"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(EMAIL_SENDING_LIMIT, methods=["POST"])
def forgot_password():
    if request.method == "POST":
        services.request_password_reset(request.form.get("email", ""))
        return _render("forgot_sent")
    return _render("forgot")


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
def reset_password(token: str):
    try:
        services.reset_token_user(token)
    except tokens.TokenError as exc:
        return _render("link_problem", 400, message=str(exc))
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            services.reset_password(token, request.form.get("password", ""))
        except AccountError as exc:
            errors["password"] = exc.message
        except tokens.TokenError as exc:
            return _render("link_problem", 400, message=str(exc))
        else:
            if current_user.is_authenticated:
                services.end_session()
            flash("Your password is changed. Log in with the new one.", "success")
            return redirect(url_for("accounts.login"))
    return _render("reset", 422 if errors else 200, errors=errors, token=token)


@bp.get("")
@login_required
def settings():
    return _render("settings", errors={})


@bp.post("/password")
@limiter.limit(LOGIN_LIMIT)
@login_required
def change_password():
    try:
        services.change_password(
            current_user, request.form.get("current_password", ""), request.form.get("password", "")
        )
    except AccountError as exc:
        return _render("settings", 422, errors={exc.field: exc.message})
    flash(
        "Your password is changed. Other browsers signed in to this account are logged out.",
        "success",
    )
    return redirect(url_for("accounts.settings"))


@bp.route("/delete", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
@login_required
def delete_account():
    errors: dict[str, str] = {}
    if request.method == "POST":
        if request.form.get("confirm") not in ("on", "yes"):
            errors["confirm"] = "Tick the box to confirm that you want to delete your account."
        else:
            try:
                services.delete_account(
                    current_user._get_current_object(), request.form.get("password", "")
                )
            except AccountError as exc:
                errors[exc.field or "password"] = exc.message
            else:
                services.end_session()
                flash("Your account is deleted and your profile is no longer shown.", "success")
                return redirect("/")
    return _render("delete", 422 if errors else 200, errors=errors)
