"""Sign-up, e-mail verification, login/logout and sessions, as a therapist would use them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from app.accounts.models import LoginSession, User
from app.core.clock import utcnow
from app.core.extensions import db
from tests.accounts.helpers import (
    PASSWORD,
    body_of,
    csrf_token,
    links_in,
    login,
    make_user,
    path_of,
    post_form,
)


def _signup(client, email="new@example.org", password=PASSWORD):
    return post_form(
        client, "/account/signup", {"email": email, "password": password}, page="/account/signup"
    )


def test_sign_up_sends_a_verification_link_that_works_once(client, outbox):
    response = _signup(client, "New.Person@Example.org")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/account/check-inbox")
    user = db.session.scalar(select(User).where(User.email == "new.person@example.org"))
    assert user is not None
    assert user.role == "therapist"
    assert not user.email_verified
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash

    [message] = outbox()
    assert message["To"] == "new.person@example.org"
    [link] = [u for u in links_in(message) if "/account/verify/" in u]
    first = client.get(path_of(link))
    assert first.status_code == 302
    db.session.refresh(user)
    assert user.email_verified
    again = client.get(path_of(link))
    assert again.status_code == 400
    assert "already been used" in again.get_data(as_text=True)


def test_tampered_or_expired_verification_link_is_refused(client, outbox, app, monkeypatch):
    _signup(client)
    [link] = [u for u in links_in(outbox()[0]) if "/account/verify/" in u]
    tampered = client.get(path_of(link)[:-3] + "abc")
    assert tampered.status_code == 400
    from app.accounts import tokens

    monkeypatch.setitem(tokens.MAX_AGE, "verify-email", -1)
    expired = client.get(path_of(link))
    assert expired.status_code == 400
    assert "expired" in expired.get_data(as_text=True)
    assert not db.session.scalar(select(User)).email_verified


def test_weak_passwords_are_refused_with_the_reason(client):
    for password, reason in [
        ("short", "at least 12 characters"),
        ("password1234", "most common passwords"),
        ("Password2024!", "most common passwords"),
        ("1q2w3e4r5t6y", "most common passwords"),
        ("abcabcabcabc", "pattern repeated"),
        ("NewPerson@example.org", "e-mail address"),
        ("newperson-secret-words", "e-mail address"),
    ]:
        response = _signup(client, "newperson@example.org", password)
        assert response.status_code == 422, password
        assert reason in response.get_data(as_text=True), (password, reason)
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_long_passphrases_with_any_characters_are_welcome(client):
    assert _signup(client, "a@example.org", "ñandú mañana 🌵 tea at five").status_code == 302


def test_signing_up_twice_reveals_nothing_and_tells_the_owner(client, outbox):
    make_user("taken@example.org")
    response = _signup(client, "taken@example.org")
    assert response.status_code == 302  # same answer as for a new address
    [message] = outbox()
    assert "already have an account" in body_of(message)
    assert db.session.scalar(select(func.count()).select_from(User)) == 1


def test_login_renews_the_session_and_logout_ends_it_on_the_server(client, therapist_user):
    before = csrf_token(client, "/account/login")
    login(client, therapist_user)
    assert client.get("/profile").status_code == 200
    after = csrf_token(client)
    assert after != before  # a brand-new session (and CSRF secret) after login
    assert db.session.scalar(select(func.count()).select_from(LoginSession)) == 1
    # A copy of the session cookie taken now stops working once the user logs out.
    stolen = client.get_cookie("session").value
    post_form(client, "/account/logout")
    assert db.session.scalar(select(func.count()).select_from(LoginSession)) == 0
    client.set_cookie("session", stolen)
    response = client.get("/profile")
    assert response.status_code == 302
    assert "/account/login" in response.headers["Location"]


def test_revoked_or_expired_sessions_do_not_authenticate(client, therapist_user):
    login(client, therapist_user)
    session_row = db.session.scalar(select(LoginSession))
    session_row.expires_at = utcnow() - dt.timedelta(seconds=1)
    db.session.commit()
    assert client.get("/profile").status_code == 302


def test_unverified_accounts_can_log_in_but_not_touch_profiles(client, outbox):
    user = make_user("unverified@example.org", verified=False)
    login(client, user)
    response = client.get("/profile")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/account")
    page = client.get("/account").get_data(as_text=True)
    assert "Confirm your e-mail address" in page
    post_form(client, "/account/verify/resend")
    assert any("/account/verify/" in u for u in links_in(outbox()[-1]))


def test_wrong_password_and_unknown_email_get_the_same_answer(client, therapist_user):
    wrong = post_form(
        client,
        "/account/login",
        {"email": therapist_user.email, "password": "nope nope nope"},
        page="/account/login",
    )
    unknown = post_form(
        client,
        "/account/login",
        {"email": "ghost@example.org", "password": "nope nope nope"},
        page="/account/login",
    )
    assert wrong.status_code == unknown.status_code == 401
    assert _error(wrong) == _error(unknown)


def _error(response) -> str:
    html = response.get_data(as_text=True)
    start = html.index('class="error-summary"')
    return html[start : html.index("</div>", start)]
