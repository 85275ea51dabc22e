"""Account rules: sign-up, e-mail verification, login with back-off, sessions, password reset,
deletion, and the operator commands' operations. Views call these; these own the transactions."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from flask import current_app, session
from flask_login import login_user, logout_user
from marshmallow import ValidationError, validate
from sqlalchemy import delete, select, update

from app.accounts import audit, emails, tokens
from app.accounts.models import ROLES, LoginSession, User
from app.accounts.passwords import (
    hash_password,
    needs_rehash,
    password_problem,
    verify_password,
)
from app.core.clock import utcnow
from app.core.extensions import db
from app.core.mail import address_quota_ok
from app.core.validation import normalised_email

SESSION_KEY = "account_sid"
SESSION_LIFETIME = dt.timedelta(days=14)
FREE_ATTEMPTS = 5  # consecutive failures before sign-in for the account pauses
BASE_LOCK = dt.timedelta(minutes=1)  # then 1, 2, 4, 8 … minutes per further failure
MAX_LOCK = dt.timedelta(hours=1)
LOGIN_FAILED = (
    "Wrong e-mail address or password. After several failed attempts sign-in to an account "
    "pauses for a while; the account's owner gets an e-mail about it."
)
_email_check = validate.Email(error="Enter a valid e-mail address, like name@example.org.")


class AccountError(Exception):
    """A rule was broken; ``field`` names the form field, ``message`` is for the person."""

    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class LoginFailed(Exception):
    pass


def now() -> dt.datetime:
    return utcnow()


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def checked_email(email: str) -> str:
    email = normalise_email(email)
    if not email:
        raise AccountError("email", "Enter your e-mail address.")
    if len(email) > 254:
        raise AccountError("email", "That e-mail address is too long (at most 254 characters).")
    try:
        _email_check(email)
        return normalise_email(normalised_email(email))
    except ValidationError as exc:
        raise AccountError("email", str(exc.messages[0])) from exc
    except ValueError as exc:
        raise AccountError("email", f"Enter a valid e-mail address ({exc})") from exc


def checked_password(password: str, email: str | None) -> str:
    problem = password_problem(password, email)
    if problem:
        raise AccountError("password", problem)
    return password


def user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


# --- sign-up and e-mail verification --------------------------------------------------------


def sign_up(email: str, password: str) -> User | None:
    """Create a therapist account and send the verification e-mail.

    When the address already has an account, nothing is created and its owner is told by e-mail
    instead, so the form never reveals which addresses have accounts. Both cases do the same work
    (a password hash, one database write, the per-address mail count, one e-mail), so the time
    the answer takes does not tell them apart either. Returns the new user or None.
    """
    email = checked_email(email)
    checked_password(password, email)
    password_hash = hash_password(password)  # in both cases: Argon2 is most of the time spent
    may_mail = address_quota_ok(email)
    existing = user_by_email(email)
    if existing is not None:
        audit.record(None, "account.sign_up_existing", "user", existing.id)
        db.session.commit()
        if may_mail:
            emails.send(
                existing.email,
                "Someone tried to sign up with your address",
                "signup_exists",
                login_url=emails.external_url("accounts.login"),
                reset_url=emails.external_url("accounts.forgot_password"),
            )
        return None
    user = User(email=email, password_hash=password_hash, role="therapist")
    db.session.add(user)
    db.session.flush()
    audit.record(user, "account.sign_up", "user", user.id, after={"role": user.role})
    db.session.commit()
    if may_mail:
        send_verification(user, counted=True)
    return user


def send_verification(user: User, *, counted: bool = False) -> None:
    """The confirmation link (again); within the per-address mail limit."""
    if not counted and not address_quota_ok(user.email):
        return
    token = tokens.make_token("verify-email", uid=user.id, email=user.email)
    emails.send(
        user.email,
        "Confirm your e-mail address",
        "verify_email",
        verify_url=emails.external_url("accounts.verify_email", token=token),
    )


def verify_email(token: str) -> User:
    payload = tokens.read_token("verify-email", token)
    user = db.session.get(User, payload.get("uid"))
    if user is None or user.email != payload.get("email"):
        raise tokens.TokenError("This link is not valid any more.")
    tokens.spend("verify-email", payload)
    if user.email_verified_at is None:
        user.email_verified_at = now()
        audit.record(user, "account.verify_email", "user", user.id)
    db.session.commit()
    return user


# --- login, sessions ------------------------------------------------------------------------


def lock_duration(failures: int) -> dt.timedelta | None:
    if failures < FREE_ATTEMPTS:
        return None
    doublings = min(failures - FREE_ATTEMPTS, 20)  # 2**20 minutes is far past the cap already
    return min(BASE_LOCK * 2**doublings, MAX_LOCK)


def authenticate(email: str, password: str) -> User:
    """The user for these credentials, or LoginFailed with a message that reveals nothing about
    which addresses have accounts or which accounts are paused."""
    user = user_by_email(email)
    current = now()
    if user is None or (user.locked_until is not None and user.locked_until > current):
        verify_password(None, password or "")  # the same work as a real check
        raise LoginFailed(LOGIN_FAILED)
    if not verify_password(user.password_hash, password or ""):
        _count_failure(user, current)
        raise LoginFailed(LOGIN_FAILED)
    if not user.active:
        raise LoginFailed("This account has been closed. Contact the directory's team.")
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = current
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    db.session.commit()
    return user


def _count_failure(user: User, current: dt.datetime) -> None:
    # One UPDATE … RETURNING, so concurrent failures are all counted.
    failures = db.session.execute(
        update(User)
        .where(User.id == user.id)
        .values(failed_logins=User.failed_logins + 1)
        .returning(User.failed_logins)
    ).scalar_one()
    lock = lock_duration(failures)
    if lock is not None:
        db.session.execute(
            update(User).where(User.id == user.id).values(locked_until=current + lock)
        )
    db.session.commit()
    if failures == FREE_ATTEMPTS:
        emails.send(
            user.email,
            "Sign-in to your account is paused",
            "login_paused",
            minutes=int(lock.total_seconds() // 60) if lock else 1,
            reset_url=emails.external_url("accounts.forgot_password"),
        )


def _hash(nonce: str) -> str:
    return hashlib.sha256(nonce.encode()).hexdigest()


def start_session(user: User) -> None:
    """A brand-new session: the old cookie's contents are dropped, a new nonce is issued."""
    session.clear()
    nonce = secrets.token_urlsafe(32)
    current = now()
    db.session.execute(
        delete(LoginSession).where(
            LoginSession.user_id == user.id, LoginSession.expires_at <= current
        )
    )
    db.session.add(
        LoginSession(
            user_id=user.id, nonce_hash=_hash(nonce), expires_at=current + session_lifetime()
        )
    )
    db.session.commit()
    login_user(user, remember=False, fresh=True)
    session[SESSION_KEY] = nonce


def end_session() -> None:
    nonce = session.get(SESSION_KEY)
    if nonce:
        db.session.execute(delete(LoginSession).where(LoginSession.nonce_hash == _hash(nonce)))
        db.session.commit()
    logout_user()
    session.clear()


def end_all_sessions(user: User, *, keep_current: bool = False) -> None:
    stmt = delete(LoginSession).where(LoginSession.user_id == user.id)
    nonce = session.get(SESSION_KEY) if keep_current else None
    if nonce:
        stmt = stmt.where(LoginSession.nonce_hash != _hash(nonce))
    db.session.execute(stmt)


def load_user(user_id: str) -> User | None:
    """Flask-Login's user loader: the user only while this browser's session row exists."""
    nonce = session.get(SESSION_KEY)
    if not nonce or not isinstance(user_id, str) or not user_id.isdigit():
        return None
    return db.session.scalar(
        select(User)
        .join(LoginSession, LoginSession.user_id == User.id)
        .where(
            User.id == int(user_id),
            User.active.is_(True),
            LoginSession.nonce_hash == _hash(nonce),
            LoginSession.expires_at > now(),
        )
    )


# --- passwords ------------------------------------------------------------------------------


def _password_fingerprint(user: User) -> str:
    """Changes whenever the password does, so a reset link dies with the password it replaces."""
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def request_password_reset(email: str) -> None:
    """Send a reset link if the address has an active account; say the same thing either way.

    Both cases do the same work (the per-address mail count, a token, the rendered e-mail); only
    the sending itself is skipped when there is nobody to send to."""
    address = normalise_email(email)
    may_mail = bool(address) and address_quota_ok(address)
    user = user_by_email(address)
    real = user is not None and user.active
    token = tokens.make_token(
        "reset-password",
        uid=user.id if user is not None else 0,
        pw=_password_fingerprint(user) if user is not None else "-",
    )
    body_context = {"reset_url": emails.external_url("accounts.reset_password", token=token)}
    if real and may_mail and user is not None:
        emails.send(user.email, "Reset your password", "reset_password", **body_context)
    else:
        emails.render("reset_password", **body_context)


def reset_token_user(token: str) -> tuple[User, dict]:
    payload = tokens.read_token("reset-password", token)
    user = db.session.get(User, payload.get("uid"))
    if user is None or not user.active or payload.get("pw") != _password_fingerprint(user):
        raise tokens.TokenError("This link is not valid any more. Ask for a new one.")
    return user, payload


def reset_password(token: str, new_password: str) -> User:
    user, payload = reset_token_user(token)
    checked_password(new_password, user.email)
    tokens.spend("reset-password", payload)
    user.password_hash = hash_password(new_password)
    user.failed_logins = 0
    user.locked_until = None
    if user.email_verified_at is None:  # the link reached their inbox: the address is theirs
        user.email_verified_at = now()
    end_all_sessions(user)
    audit.record(user, "account.reset_password", "user", user.id)
    db.session.commit()
    return user


def change_password(user: User, current_password: str, new_password: str) -> None:
    if not verify_password(user.password_hash, current_password or ""):
        raise AccountError("current_password", "Your current password is not right.")
    checked_password(new_password, user.email)
    user.password_hash = hash_password(new_password)
    end_all_sessions(user, keep_current=True)
    audit.record(user, "account.change_password", "user", user.id)
    db.session.commit()


# --- deletion -------------------------------------------------------------------------------


def delete_account(user: User, password: str) -> None:
    """Remove the account and its personal data; hide the profile and clear its contact details.

    Audit entries stay, with personal values redacted; the deleted account's id in them no longer
    leads to anyone.
    """
    if not verify_password(user.password_hash, password or ""):
        raise AccountError("password", "Your password is not right.")
    therapist = user.therapist
    if therapist is not None:
        therapist.visibility = "hidden"
        therapist.email = None
        therapist.phone = None
        therapist.website = None
        therapist.photos.clear()  # photos go with the account, public or waiting
        for location in therapist.locations:
            location.address = None
            location.show_address = False
        therapist.updated_at = utcnow()
    audit.redact_for(user.id, user.therapist_id)
    audit.record(
        user,
        "account.delete",
        "user",
        user.id,
        therapist_id=user.therapist_id,
        after={"profile_hidden": therapist is not None},
    )
    address = user.email
    db.session.delete(user)
    db.session.commit()
    emails.send(address, "Your account has been deleted", "account_deleted")


# --- operators ------------------------------------------------------------------------------


@dataclass
class CreatedUser:
    user: User
    generated_password: str | None


def create_operator(email: str, role: str, password: str | None) -> CreatedUser:
    """An account made by an operator (admin/verifier, or a therapist on their behalf).

    Its e-mail address counts as verified: the operator vouches for it.
    """
    if role not in ROLES:
        raise AccountError("role", f"Unknown role '{role}'. Allowed: {', '.join(ROLES)}.")
    email = checked_email(email)
    if user_by_email(email) is not None:
        raise AccountError("email", f"There is already an account for {email}.")
    generated = None
    if password is None:
        generated = password = secrets.token_urlsafe(18)
    checked_password(password, email)
    user = User(
        email=email,
        password_hash=hash_password(password),
        role=role,
        email_verified_at=now(),
    )
    db.session.add(user)
    db.session.flush()
    audit.record(None, "account.create", "user", user.id, after={"role": role})
    db.session.commit()
    return CreatedUser(user, generated)


def list_users(role: str | None = None) -> list[User]:
    stmt = select(User).order_by(User.id)
    if role:
        stmt = stmt.where(User.role == role)
    return list(db.session.scalars(stmt))


def revoke_user(email: str) -> User:
    user = user_by_email(email)
    if user is None:
        raise AccountError("email", f"No account for {normalise_email(email)}.")
    before = {"active": user.active}
    user.active = False
    end_all_sessions(user)
    audit.record(None, "account.revoke", "user", user.id, before=before, after={"active": False})
    db.session.commit()
    return user


def session_lifetime() -> dt.timedelta:
    return current_app.config.get("ACCOUNT_SESSION_LIFETIME", SESSION_LIFETIME)
