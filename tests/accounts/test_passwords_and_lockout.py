"""Brute-force protection, password reset and change, and the session renewal they force."""

from __future__ import annotations

import contextlib
import datetime as dt

from sqlalchemy import func, select

from app.accounts import services
from app.accounts.models import LoginSession
from app.core.clock import utcnow
from app.core.extensions import db
from tests.accounts.helpers import (
    PASSWORD,
    csrf_token,
    links_in,
    login,
    make_user,
    path_of,
    post_form,
)


def _attempt(client, email, password):
    return post_form(
        client, "/account/login", {"email": email, "password": password}, page="/account/login"
    )


def test_failed_logins_pause_the_account_with_growing_back_off(client, therapist_user, outbox):
    for _ in range(services.FREE_ATTEMPTS):
        assert _attempt(client, therapist_user.email, "wrong password here").status_code == 401
    db.session.refresh(therapist_user)
    assert therapist_user.failed_logins == services.FREE_ATTEMPTS
    first_lock = therapist_user.locked_until - utcnow()
    assert dt.timedelta(seconds=50) < first_lock <= dt.timedelta(minutes=1)
    # Even the right password is refused while paused, with the same message as a wrong one.
    paused = _attempt(client, therapist_user.email, PASSWORD)
    assert paused.status_code == 401
    assert "Wrong e-mail address or password" in paused.get_data(as_text=True)
    # The owner is told once, when the pause starts.
    [message] = outbox()
    assert message["To"] == therapist_user.email
    assert "paused" in message["Subject"]

    # After the window, one more failure doubles it.
    therapist_user.locked_until = utcnow() - dt.timedelta(seconds=1)
    db.session.commit()
    _attempt(client, therapist_user.email, "still the wrong one")
    db.session.refresh(therapist_user)
    assert (
        dt.timedelta(seconds=110)
        < therapist_user.locked_until - utcnow()
        <= dt.timedelta(minutes=2)
    )

    # And the right password after the window resets the counter.
    therapist_user.locked_until = utcnow() - dt.timedelta(seconds=1)
    db.session.commit()
    login(client, therapist_user)
    db.session.refresh(therapist_user)
    assert therapist_user.failed_logins == 0
    assert therapist_user.locked_until is None


def test_back_off_is_capped_at_an_hour():
    assert services.lock_duration(services.FREE_ATTEMPTS - 1) is None
    assert services.lock_duration(services.FREE_ATTEMPTS) == dt.timedelta(minutes=1)
    assert services.lock_duration(services.FREE_ATTEMPTS + 3) == dt.timedelta(minutes=8)
    assert services.lock_duration(1000) == dt.timedelta(hours=1)


def test_each_client_is_rate_limited_whatever_the_account(client):
    token = csrf_token(client, "/account/login")
    statuses = [
        client.post(
            "/account/login",
            data={"email": f"guess{i}@example.org", "password": "x" * 12, "csrf_token": token},
        ).status_code
        for i in range(11)
    ]
    assert statuses[:10] == [401] * 10
    assert statuses[10] == 429


def test_password_reset_link_works_once_and_ends_other_sessions(
    client, app, therapist_user, outbox
):
    other_browser = app.test_client()
    login(other_browser, therapist_user)
    response = post_form(client, "/account/password/forgot", {"email": therapist_user.email})
    assert response.status_code == 200
    [link] = [u for u in links_in(outbox()[-1]) if "/password/reset/" in u]
    page = client.get(path_of(link))
    assert page.status_code == 200
    weak = post_form(client, path_of(link), {"password": "password1234"}, page=path_of(link))
    assert weak.status_code == 422
    new_password = "a brand new long passphrase"
    done = post_form(client, path_of(link), {"password": new_password}, page=path_of(link))
    assert done.status_code == 302
    assert other_browser.get("/profile").status_code == 302  # logged out everywhere
    assert db.session.scalar(select(func.count()).select_from(LoginSession)) == 0
    assert client.get(path_of(link)).status_code == 400  # used
    login(client, therapist_user, new_password)


def test_reset_for_unknown_address_says_the_same_and_sends_nothing(client, outbox):
    response = post_form(client, "/account/password/forgot", {"email": "nobody@example.org"})
    assert response.status_code == 200
    assert "If there is an account" in response.get_data(as_text=True)
    assert outbox() == []


def test_reset_link_dies_when_the_password_changes_another_way(client, therapist_user, outbox):
    post_form(client, "/account/password/forgot", {"email": therapist_user.email})
    [link] = [u for u in links_in(outbox()[-1]) if "/password/reset/" in u]
    login(client, therapist_user)
    response = post_form(
        client,
        "/account/password",
        {"current_password": PASSWORD, "password": "another long passphrase"},
        page="/account",
    )
    assert response.status_code == 302
    post_form(client, "/account/logout", page="/account")
    assert client.get(path_of(link)).status_code == 400


def test_change_password_needs_the_current_one_and_keeps_only_this_session(
    client, app, therapist_user
):
    other = app.test_client()
    login(other, therapist_user)
    login(client, therapist_user)
    wrong = post_form(
        client,
        "/account/password",
        {"current_password": "nope", "password": "x y z long enough"},
        page="/account",
    )
    assert wrong.status_code == 422
    ok = post_form(
        client,
        "/account/password",
        {"current_password": PASSWORD, "password": "x y z long enough"},
        page="/account",
    )
    assert ok.status_code == 302
    assert client.get("/profile").status_code == 200
    assert other.get("/profile").status_code == 302


def test_revoked_accounts_cannot_log_in_and_their_sessions_end(client, runner, therapist_user):
    login(client, therapist_user)
    result = runner.invoke(args=["revoke-user", therapist_user.email])
    assert result.exit_code == 0, result.output
    assert client.get("/profile").status_code == 302
    response = _attempt(client, therapist_user.email, PASSWORD)
    assert response.status_code == 401
    assert "closed" in response.get_data(as_text=True)


def test_verification_resend_is_rate_limited(client):
    user = make_user("slow@example.org", verified=False)
    login(client, user)
    codes = [
        post_form(client, "/account/verify/resend", page="/account").status_code for _ in range(6)
    ]
    assert codes[:5] == [302] * 5
    assert codes[5] == 429


def test_unknown_email_costs_as_much_work_as_a_wrong_password(monkeypatch, app):
    calls = []
    real = services.verify_password
    monkeypatch.setattr(services, "verify_password", lambda h, p: calls.append(h) or real(h, p))
    with contextlib.suppress(services.LoginFailed):
        services.authenticate("ghost@example.org", "some password")
    assert calls == [None]  # an Argon2 check against a dummy hash ran all the same


def test_a_stored_hash_is_upgraded_to_raised_costs_at_the_next_login(app, therapist_user):
    """Raising the Argon2 costs takes effect for each person at their next login."""
    old_hash = therapist_user.password_hash
    assert "$m=8,t=1,p=1$" in old_hash  # the test configuration's costs
    app.config.update(PASSWORD_HASH_TIME_COST=2, PASSWORD_HASH_MEMORY_KIB=19 * 1024)
    with contextlib.suppress(services.LoginFailed):
        services.authenticate(therapist_user.email, "a wrong password")
    db.session.refresh(therapist_user)
    assert therapist_user.password_hash == old_hash  # only a right password is re-hashed
    services.authenticate(therapist_user.email, PASSWORD)
    db.session.refresh(therapist_user)
    assert "$m=19456,t=2,p=1$" in therapist_user.password_hash
    assert services.authenticate(therapist_user.email, PASSWORD).id == therapist_user.id


def test_login_page_does_not_echo_the_password(client, therapist_user):
    response = _attempt(client, therapist_user.email, "a wrong secret value")
    assert "a wrong secret value" not in response.get_data(as_text=True)


def test_a_password_with_a_line_break_is_judged_not_crashed_on():
    from app.accounts.passwords import password_problem

    assert password_problem("correct horse\nbattery staple") is None
    assert "common" in (password_problem("\npassword123456\n") or "")
