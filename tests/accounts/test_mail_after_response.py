"""Defect 8 (issue #13), with a real mail server: sign-up for a new address and for one that has
an account each send one e-mail, and in both cases it goes to the SMTP server only after the
response has gone out, so the mail server's time is never part of the answer's. (No clocks:
the fake server records whether a request was still being answered when it was called.)"""

from __future__ import annotations

import logging

import pytest
from flask import has_request_context

from app.core import mail
from tests.accounts.helpers import PASSWORD, make_user, post_form


class FakeSMTP:
    calls: list[dict] = []  # noqa: RUF012 - one list per test (reset by the fixture)
    fail = False

    def __init__(self, host, port, timeout):
        self.host = host

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def starttls(self):
        pass

    def login(self, user, password):
        pass

    def send_message(self, msg):
        if FakeSMTP.fail:
            raise ConnectionRefusedError("mail server down")
        FakeSMTP.calls.append(
            {"to": msg["To"], "subject": msg["Subject"], "during_request": has_request_context()}
        )


@pytest.fixture
def smtp(app, monkeypatch):
    FakeSMTP.calls = []
    FakeSMTP.fail = False
    monkeypatch.setattr(mail.smtplib, "SMTP", FakeSMTP)
    app.config["MAIL_BACKEND"] = "smtp"
    return FakeSMTP


def _sign_up(app, email):
    """The answer, as the client has it: the server has not closed the response yet."""
    return post_form(
        app.test_client(),
        "/account/signup",
        {"email": email, "password": PASSWORD},
        page="/account/signup",
    )


def test_both_sign_up_paths_mail_after_the_response(app, smtp):
    make_user("taken@example.org")
    for email in ("taken@example.org", "fresh@example.org"):
        response = _sign_up(app, email)
        assert response.status_code == 302
        assert [c["to"] for c in smtp.calls].count(email) == 0  # not while answering
        response.close()  # what a WSGI server does once the client has the response
        assert [c["to"] for c in smtp.calls].count(email) == 1
    assert [(c["to"], c["during_request"]) for c in smtp.calls] == [
        ("taken@example.org", False),
        ("fresh@example.org", False),
    ]
    assert [c["subject"] for c in smtp.calls] == [
        "Someone tried to sign up with your address",
        "Confirm your e-mail address",
    ]


def test_a_mail_server_failure_after_the_response_is_logged_without_the_address(app, smtp, caplog):
    smtp.fail = True
    with caplog.at_level(logging.ERROR):
        response = _sign_up(app, "fresh@example.org")
        assert response.status_code == 302  # the answer did not wait for, nor depend on it
        response.close()
    logged = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert logged == ["an e-mail could not be handed to the mail server (ConnectionRefusedError)"]
    assert "fresh@example.org" not in caplog.text


def test_outside_a_request_mail_goes_at_once(app, smtp):
    mail.send_mail("someone@example.org", "Hello", "Body")
    assert smtp.calls == [
        {"to": "someone@example.org", "subject": "Hello", "during_request": False}
    ]
