"""Contacting a therapist: stored, e-mailed, confirmed; protected by CSRF, a honeypot, a minimum
time, a rate limit; never logged; purged after the retention period."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from sqlalchemy import func, select

from app.core.clock import utcnow
from app.core.extensions import db
from app.seeker import services
from app.seeker.models import ContactRequest
from tests.factories import TherapistFactory
from tests.seeker.conftest import form_values, perinatal_therapist

MESSAGE = {
    "name": "Sam Seeker",
    "email": "sam.seeker@example.net",
    "phone": "+1 503 555 0199",
    "message": "Hello, I had a baby in March and I am struggling. Are you free on Tuesdays?",
    "consent": "1",
}


def stored() -> int:
    return db.session.scalar(select(func.count()).select_from(ContactRequest))


def open_form(client, slug: str) -> dict:
    response = client.get(f"/therapists/{slug}/contact")
    assert response.status_code == 200
    values = form_values(response.get_data(as_text=True))
    assert values["csrf_token"]
    assert values["started"]
    assert values["website"] == ""
    return values


def send(client, slug: str, **changes):
    data = {**open_form(client, slug), **MESSAGE, **changes}
    data = {k: v for k, v in data.items() if v is not None}
    return client.post(f"/therapists/{slug}/contact", data=data)


def test_contact_request_is_stored_emailed_and_confirmed(client, outbox, instant_forms):
    t = perinatal_therapist(slug="ada")
    response = send(client, "ada")
    assert response.status_code == 303
    assert response.headers["Location"] == "/therapists/ada/contact/sent"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your message is on its way" in page
    assert MESSAGE["message"] not in page  # the confirmation repeats nothing they wrote

    request = db.session.scalar(select(ContactRequest))
    assert (request.therapist_id, request.name, request.email) == (
        t.id,
        "Sam Seeker",
        MESSAGE["email"],
    )
    assert request.phone == MESSAGE["phone"]
    assert request.consented_at is not None
    assert request.emailed_at is not None

    [mail] = outbox()
    assert mail["To"] == "ada@example.org"
    assert mail["Reply-To"] == MESSAGE["email"]
    body = mail.get_content()
    assert MESSAGE["message"] in body
    assert "Sam Seeker" in body
    assert MESSAGE["phone"] in body


def test_missing_fields_are_named_and_what_was_typed_is_kept(client, outbox, instant_forms):
    perinatal_therapist(slug="ada")
    response = send(client, "ada", email="not-an-address", consent=None, name="")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "<title>Error:" in html
    assert "Your name: Enter your name." in html
    assert "Enter an e-mail address like name@example.com." in html
    assert "Tick the box to agree" in html
    assert "Hello, I had a baby in March" in html
    assert stored() == 0
    assert outbox() == []


def test_csrf_token_is_required(app, client, outbox, instant_forms):
    assert app.config.get("WTF_CSRF_ENABLED", True)
    perinatal_therapist(slug="ada")
    response = send(client, "ada", csrf_token="")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "press the button again" in html
    assert "Hello, I had a baby in March" in html  # nothing they wrote is lost
    assert stored() == 0
    assert outbox() == []
    fresh = form_values(html)  # the page carries a new token: sending again works
    response = client.post("/therapists/ada/contact", data={**fresh, **MESSAGE})
    assert response.status_code == 303


def test_honeypot_rejects_bots(client, outbox, instant_forms):
    perinatal_therapist(slug="ada")
    response = send(client, "ada", website="http://spam.example")
    assert response.status_code == 422
    assert stored() == 0
    assert outbox() == []


def test_forms_sent_faster_than_a_person_could_are_refused(app, client, outbox):
    app.config["CONTACT_MIN_SECONDS"] = 30
    perinatal_therapist(slug="ada")
    response = send(client, "ada")
    assert response.status_code == 422
    assert "quicker than we expected" in response.get_data(as_text=True)
    assert stored() == 0
    assert outbox() == []


def test_expired_or_foreign_form_tokens_are_refused(client, outbox, instant_forms, monkeypatch):
    perinatal_therapist(slug="ada")
    perinatal_therapist("Bea", slug="bea", email="bea@example.org")
    bea_token = open_form(client, "bea")["started"]
    assert send(client, "ada", started=bea_token).status_code == 422
    assert send(client, "ada", started="forged").status_code == 422
    monkeypatch.setattr(services, "FORM_MAX_AGE_SECONDS", -1)
    response = send(client, "ada")
    assert response.status_code == 422
    assert "open for a long time" in response.get_data(as_text=True)
    assert stored() == 0
    assert outbox() == []


def test_rate_limit_shows_a_friendly_429(client, instant_forms):
    perinatal_therapist(slug="ada")
    for _ in range(5):
        assert send(client, "ada").status_code == 303
    response = send(client, "ada")
    assert response.status_code == 429
    html = response.get_data(as_text=True)
    assert "Please wait a little" in html
    assert 'href="tel:988"' in html
    assert "Retry-After" in response.headers
    assert client.get("/therapists/ada/contact").status_code == 200  # reading is not limited


def test_seekers_details_are_never_logged(client, caplog, capfd, instant_forms):
    perinatal_therapist(slug="ada")
    caplog.set_level(logging.DEBUG)
    send(client, "ada")
    send(client, "ada", email="bad")
    logged = caplog.text + "".join(capfd.readouterr())
    for secret in ("Sam Seeker", "sam.seeker", "555 0199", "baby in March"):
        assert secret not in logged


def test_mail_failure_keeps_nothing_and_says_so(client, outbox, instant_forms, monkeypatch):
    perinatal_therapist(slug="ada")

    def broken(*args, **kwargs):
        raise OSError("SMTP down")

    monkeypatch.setattr(services, "send_mail", broken)
    response = send(client, "ada")
    assert response.status_code == 503
    html = response.get_data(as_text=True)
    assert "couldn't send your message" in html
    assert "baby in March" in html
    assert stored() == 0


def test_a_real_mail_server_failure_is_told_to_the_seeker_at_once(
    app, client, instant_forms, monkeypatch
):
    """With SMTP, a contact request is handed to the server while answering (account mails wait
    for the response to close; this one must not, or a seeker would read "sent" for a lost
    message)."""
    from app.core import mail

    def server_down(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(mail.smtplib, "SMTP", server_down)
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "smtp")
    perinatal_therapist(slug="ada")
    response = send(client, "ada")
    assert response.status_code == 503
    assert "couldn't send your message" in response.get_data(as_text=True)
    assert stored() == 0


def test_therapist_without_email_has_no_contact_form(client):
    TherapistFactory(slug="no-mail", email=None)
    response = client.get("/therapists/no-mail/contact")
    assert response.status_code == 404
    assert "does not take messages" in response.get_data(as_text=True)
    assert "Send a message" not in client.get("/therapists/no-mail").get_data(as_text=True)


@pytest.mark.parametrize("days", [None, 7])
def test_purge_command_deletes_requests_past_retention(app, runner, days):
    t = perinatal_therapist()
    if days:
        app.config["CONTACT_RETENTION_DAYS"] = days
    keep_for = days or 30
    now = utcnow()
    for age in (keep_for + 1, keep_for - 1, 0):
        created = now - dt.timedelta(days=age)
        db.session.add(
            ContactRequest(
                therapist_id=t.id,
                name="n",
                email="e@example.org",
                message="m",
                consented_at=created,
                created_at=created,
            )
        )
    db.session.commit()
    result = runner.invoke(args=["purge-contact-requests"])
    assert result.exit_code == 0, result.output
    assert f"Deleted 1 contact request(s) older than {keep_for} days." in result.output
    assert stored() == 2
    result = runner.invoke(args=["purge-contact-requests", "--days", "0"])
    assert "Deleted 2" in result.output
    assert stored() == 0
