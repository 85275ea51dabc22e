"""Lower-severity item (issue #13): contact e-mail addresses are checked by email-validator, so
the Reply-To of the therapist's e-mail is exactly the address shown in it."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.core.extensions import db
from app.core.validation import normalised_email
from app.seeker.models import ContactRequest
from tests.seeker.conftest import form_values, perinatal_therapist


@pytest.mark.parametrize(
    "address",
    [
        "a@b@example.org",
        "name@example..org",
        "name@-example.org",
        ".name@example.org",
        "name.@example.org",
        "na..me@example.org",
        "name@example.org.",
        "name@exa_mple.org",
    ],
)
def test_contact_form_refuses_addresses_a_mail_server_would_read_differently(
    client, instant_forms, outbox, address
):
    perinatal_therapist(slug="ada")
    values = form_values(client.get("/therapists/ada/contact").get_data(as_text=True))
    data = {
        **values,
        "name": "Sam",
        "email": address,
        "message": "Hello, are you taking new clients?",
        "consent": "1",
    }
    response = client.post("/therapists/ada/contact", data=data)
    assert response.status_code == 422, address
    assert "e-mail address" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(ContactRequest)) == 0
    assert outbox() == []


def test_reply_to_is_the_address_shown(client, instant_forms, outbox):
    perinatal_therapist(slug="ada")
    values = form_values(client.get("/therapists/ada/contact").get_data(as_text=True))
    data = {
        **values,
        "name": "Sam",
        "email": "Sam.Seeker@EXAMPLE.net",
        "message": "Hello, are you taking new clients?",
        "consent": "1",
    }
    assert client.post("/therapists/ada/contact", data=data).status_code == 303
    [message] = outbox()
    shown = normalised_email("Sam.Seeker@EXAMPLE.net")
    assert message["Reply-To"] == shown
    assert f"E-mail: {shown}" in message.get_body(("plain",)).get_content()
