"""Defect 8 (issue #13): account e-mails are limited per address (whoever asks) and per client,
and sign-up / reset answer the same way whether or not the address has an account. (How long
they take is measured by bench/bench_signup_timing.py; tests never assert on time.)"""

from __future__ import annotations

from sqlalchemy import func, select

from app.accounts.models import AuditEntry
from app.core.extensions import db
from tests.accounts.helpers import PASSWORD, make_user, post_form


def _forgot(app, email):
    client = app.test_client()  # a different session each time; one client address in tests
    return post_form(client, "/account/password/forgot", {"email": email})


def test_reset_mails_are_limited_per_address(app, outbox):
    make_user("limited@example.org")
    pages = [_forgot(app, "Limited@Example.org") for _ in range(4)]
    assert {p.status_code for p in pages} == {200}
    assert len({p.get_data(as_text=True).count("csrf") for p in pages}) == 1
    assert len(outbox()) == 3  # MAIL_PER_ADDRESS_LIMIT: 3 an hour


def test_sign_up_mails_are_limited_per_address_and_look_the_same(app, outbox):
    make_user("taken@example.org")
    answers = []
    for email in ["taken@example.org"] * 4 + ["fresh@example.org"]:
        client = app.test_client()
        response = post_form(
            client,
            "/account/signup",
            {"email": email, "password": PASSWORD},
            page="/account/signup",
        )
        answers.append((response.status_code, response.headers.get("Location")))
    assert len(set(answers)) == 1  # the same answer for a taken and a fresh address
    to = [m["To"] for m in outbox()]
    assert to.count("taken@example.org") == 3
    assert to.count("fresh@example.org") == 1
    attempts = db.session.scalar(
        select(func.count())
        .select_from(AuditEntry)
        .where(AuditEntry.action == "account.sign_up_existing")
    )
    assert attempts == 4


def test_reset_mails_are_limited_per_client(app, outbox):
    client = app.test_client()
    codes = [
        post_form(client, "/account/password/forgot", {"email": f"p{i}@example.org"}).status_code
        for i in range(6)
    ]
    assert codes[:5] == [200] * 5
    assert codes[5] == 429
