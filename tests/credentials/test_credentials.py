"""Submitting IPT credentials, the verifier queue, expiry, and the audit trail."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app.accounts.models import AuditEntry
from app.core.extensions import db
from app.directory.models import IptCredential
from app.search.models import SearchDocument
from tests.accounts.helpers import api_headers, body_of, login, post_form
from tests.factories import CredentialFactory

ISIPT = {
    "ladder": "isipt|therapist",
    "awarded_on": "2024-02-01",
    "expires_on": (dt.date.today() + dt.timedelta(days=200)).isoformat(),
    "certificate_id": "ISIPT-0042",
    "evidence_url": "https://isipt.example/register/42",
}


def _submit(client, form):
    return post_form(client, "/profile/credentials", form, page="/profile/credentials")


def _document(therapist_id):
    db.session.expire_all()
    return db.session.get(SearchDocument, therapist_id)


def test_submit_then_verify_earns_the_badge_and_full_weight(
    client, app, therapist_user, verifier, outbox
):
    tid = therapist_user.therapist_id
    for cred in db.session.scalars(select(IptCredential).where(IptCredential.therapist_id == tid)):
        db.session.delete(cred)  # start from no credential at all
    db.session.commit()
    login(client, therapist_user)
    response = _submit(client, ISIPT)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    cred = db.session.scalar(select(IptCredential).where(IptCredential.therapist_id == tid))
    assert (cred.status, cred.tier, cred.level) == ("pending", "certified", "therapist")
    doc = _document(tid)
    assert doc.tier_verified == 0
    assert doc.tier_claimed > 0
    public = client.get(f"/api/v1/therapists/{tid}").get_json()["ipt_credentials"]
    assert public[0]["verified"] is False
    assert "pending" in public[0]["text"]

    desk = app.test_client()
    login(desk, verifier)
    queue = desk.get("/verify").get_data(as_text=True)
    assert f"/verify/credentials/{cred.id}" in queue
    review = desk.get(f"/verify/credentials/{cred.id}").get_data(as_text=True)
    assert "ISIPT-0042" in review
    assert 'rel="noopener noreferrer nofollow"' in review
    done = post_form(
        desk,
        f"/verify/credentials/{cred.id}",
        {"decision": "verify", "note": "Register checked"},
        page="/verify",
    )
    assert done.status_code == 302
    db.session.expire_all()
    cred = db.session.get(IptCredential, cred.id)
    assert cred.status == "verified"
    assert cred.verified_at is not None
    assert cred.verified_by == f"IPT Directory verifier #{verifier.id}"
    assert _document(tid).tier_verified > 0
    public = client.get(f"/api/v1/therapists/{tid}").get_json()["ipt_credentials"]
    assert public[0]["verified"] is True
    assert "— verified" in public[0]["text"]
    assert outbox()[-1]["To"] == therapist_user.email
    assert "verified" in outbox()[-1]["Subject"]

    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "credential.verify"))
    assert entry.actor_id == verifier.id
    assert entry.actor_role == "verifier"
    assert entry.before["status"] == "pending"
    assert entry.after["status"] == "verified"
    assert entry.after["verified_at"]
    assert entry.subject_id == cred.id

    # A decided credential cannot be decided again (e.g. by a second verifier at the same time).
    again = post_form(
        desk, f"/verify/credentials/{cred.id}", {"decision": "reject", "note": "x"}, page="/verify"
    )
    assert again.status_code == 302
    db.session.expire_all()
    assert db.session.get(IptCredential, cred.id).status == "verified"


def test_rejection_needs_a_note_which_the_therapist_sees(
    client, app, therapist_user, verifier, outbox
):
    login(client, therapist_user)
    _submit(client, {**ISIPT, "ladder": "ipt-uk|B", "expires_on": ""})
    cred = db.session.scalar(select(IptCredential).where(IptCredential.status == "pending"))
    desk = app.test_client()
    login(desk, verifier)
    no_note = post_form(
        desk, f"/verify/credentials/{cred.id}", {"decision": "reject"}, page="/verify"
    )
    assert no_note.status_code == 422
    assert 'id="note-error"' in no_note.get_data(as_text=True)
    post_form(
        desk,
        f"/verify/credentials/{cred.id}",
        {"decision": "reject", "note": "Not on the IPT UK register."},
        page="/verify",
    )
    db.session.expire_all()
    assert db.session.get(IptCredential, cred.id).status == "rejected"
    assert "Not on the IPT UK register." in body_of(outbox()[-1])
    assert "Not on the IPT UK register." in client.get("/profile/credentials").get_data(
        as_text=True
    )
    public = client.get(f"/api/v1/therapists/{therapist_user.therapist_id}").get_json()
    assert all(c["status"] != "rejected" for c in public["ipt_credentials"])


def test_submission_rules_name_the_field(client, therapist_user):
    login(client, therapist_user)
    cases = [
        ({"ladder": ""}, "ladder"),
        ({"ladder": "isipt|B"}, "ladder"),  # a level from another body's ladder
        ({"evidence_url": "http://isipt.example/42"}, "evidence_url"),
        ({"evidence_url": "javascript:alert(1)"}, "evidence_url"),
        ({"expires_on": ""}, "expires_on"),  # ISIPT membership is annual
        ({"expires_on": "2001-01-01"}, "expires_on"),
        ({"awarded_on": (dt.date.today() + dt.timedelta(days=3)).isoformat()}, "awarded_on"),
        ({"awarded_on": "not a date"}, "awarded_on"),
        ({"certificate_id": "", "evidence_url": ""}, "certificate_id"),
    ]
    for change, field in cases:
        response = _submit(client, {**ISIPT, **change})
        assert response.status_code == 422, change
        assert f'id="{field}-error"' in response.get_data(as_text=True), (change, field)
    assert db.session.scalar(select(IptCredential).where(IptCredential.status == "pending")) is None


def test_withdraw_and_duplicates(client, therapist_user):
    login(client, therapist_user)
    assert _submit(client, ISIPT).status_code == 302
    duplicate = _submit(client, ISIPT)
    assert duplicate.status_code == 422
    assert "already have this credential" in duplicate.get_data(as_text=True)
    cred_id = db.session.scalar(select(IptCredential.id).where(IptCredential.status == "pending"))
    assert (
        post_form(
            client, f"/profile/credentials/{cred_id}/withdraw", page="/profile/credentials"
        ).status_code
        == 302
    )
    assert db.session.get(IptCredential, cred_id) is None
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "credential.withdraw"))
    assert entry.before["certificate_id"] == "ISIPT-0042"


def test_credentials_api(client, therapist_user):
    login(client, therapist_user)
    headers = api_headers(client)
    payload = {k: v for k, v in ISIPT.items() if k != "ladder"} | {
        "body": "isipt",
        "level": "supervisor",
    }
    created = client.post("/api/v1/me/credentials", json=payload, headers=headers)
    assert created.status_code == 201, created.get_json()
    assert created.get_json()["status"] == "pending"
    assert created.get_json()["tier"] == "supervisor"
    forged = client.post(
        "/api/v1/me/credentials",
        json={**payload, "level": "trainer", "status": "verified"},
        headers=headers,
    )
    assert forged.status_code == 422
    assert "status" in forged.get_json()["message"]
    listed = client.get("/api/v1/me/credentials").get_json()["credentials"]
    assert {c["status"] for c in listed} >= {"pending"}
    cid = created.get_json()["id"]
    assert client.delete(f"/api/v1/me/credentials/{cid}", headers=headers).status_code == 204
    assert client.delete(f"/api/v1/me/credentials/{cid}", headers=headers).status_code == 404


def test_expire_credentials_is_idempotent_and_audited(app, runner, therapist_user, outbox):
    tid = therapist_user.therapist_id
    past = CredentialFactory(
        therapist_id=tid,
        body="isipt",
        level="therapist",
        tier="certified",
        status="verified",
        verified_at=dt.datetime(2024, 1, 5, tzinfo=dt.UTC),
        expires_on=dt.date(2025, 1, 31),
    )
    last_day = CredentialFactory(
        therapist_id=tid,
        body="isipt",
        level="supervisor",
        tier="supervisor",
        status="pending",
        expires_on=dt.date(2025, 2, 1),
    )
    first = runner.invoke(args=["expire-credentials", "--on", "2025-02-01"])
    assert first.exit_code == 0
    assert "1 credential(s) expired." in first.output
    db.session.expire_all()
    assert db.session.get(IptCredential, past.id).status == "expired"
    assert (
        db.session.get(IptCredential, last_day.id).status == "pending"
    )  # valid through its last day
    assert (
        "0 credential(s) expired."
        in runner.invoke(args=["expire-credentials", "--on", "2025-02-01"]).output
    )
    assert "expired" in outbox()[-1]["Subject"]
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "credential.expire"))
    assert entry.actor_role == "system"
    assert entry.actor_id is None
    assert (entry.before["status"], entry.after["status"]) == ("verified", "expired")
    assert _document(tid).tier_verified == 0  # the factory's default credential is self-reported


def test_admin_reads_the_audit_log(client, admin, verifier, therapist_user):
    cred = CredentialFactory(therapist_id=therapist_user.therapist_id, status="pending")
    from app.credentials import services

    services.decide(verifier, cred.id, "verify", None)
    login(client, admin)
    page = client.get("/admin/audit?action=credential.verify")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "credential.verify" in html
    assert '"status": "verified"' in html
    assert client.get("/admin/audit?action=credential.verify").status_code == 200
    desk = client.application.test_client()
    login(desk, verifier)
    assert desk.get("/admin/audit").status_code == 403
