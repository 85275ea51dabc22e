"""Defect 10 (issue #13): the retention purge removes a contact request's content from the file
outbox too, not only from the database."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from sqlalchemy import select, update

from app.core.clock import utcnow
from app.core.extensions import db
from app.core.mail import send_mail
from app.seeker import services
from app.seeker.models import ContactRequest
from tests.seeker.conftest import form_values, perinatal_therapist

OLD_MESSAGE = "I had a baby in March and I am struggling; please call me."
NEW_MESSAGE = "Do you have evening appointments for grief work?"


def _send(client, slug, message):
    values = form_values(client.get(f"/therapists/{slug}/contact").get_data(as_text=True))
    data = {
        **values,
        "name": "Sam Seeker",
        "email": "sam.seeker@example.net",
        "message": message,
        "consent": "1",
    }
    assert client.post(f"/therapists/{slug}/contact", data=data).status_code == 303


def _outbox_text(app) -> str:
    outbox = Path(app.config["MAIL_OUTBOX_DIR"])
    return "\n".join(p.read_text(errors="replace") for p in outbox.glob("*.eml"))


def test_purge_removes_contact_messages_from_the_file_outbox(
    app, client, runner, outbox, instant_forms
):
    perinatal_therapist(slug="ada")
    _send(client, "ada", OLD_MESSAGE)
    old = db.session.scalar(select(ContactRequest))
    _send(client, "ada", NEW_MESSAGE)
    db.session.execute(
        update(ContactRequest)
        .where(ContactRequest.id == old.id)
        .values(created_at=utcnow() - dt.timedelta(days=45))
    )
    db.session.commit()
    # A copy written before copies were tagged, and an old e-mail of another kind.
    outbox_dir = Path(app.config["MAIL_OUTBOX_DIR"])
    send_mail("t@example.org", services.CONTACT_SUBJECT, "Legacy copy: my son is not sleeping.")
    send_mail("u@example.org", "Confirm your e-mail address", "https://x.example/verify")
    long_ago = (utcnow() - dt.timedelta(days=60)).timestamp()
    for path in outbox_dir.glob("*.eml"):
        if "--" not in path.stem:
            os.utime(path, (long_ago, long_ago))
    assert OLD_MESSAGE.split(";")[0] in _outbox_text(app).replace("=\n", "")

    result = runner.invoke(args=["purge-contact-requests"])
    assert result.exit_code == 0, result.output

    text = _outbox_text(app).replace("=\n", "")
    assert "I had a baby in March" not in text
    assert "my son is not sleeping" not in text
    assert "evening appointments" in text  # still within retention: kept
    assert "Confirm your e-mail address" in text  # not a contact request: not ours to delete
    assert [r.message for r in db.session.scalars(select(ContactRequest))] == [NEW_MESSAGE]
