"""Account deletion (personal data gone, profile hidden, audit kept) and the operator commands."""

from __future__ import annotations

from sqlalchemy import func, select

from app.accounts.audit import REDACTED
from app.accounts.models import AuditEntry, LoginSession, User
from app.core.extensions import db
from app.directory.models import Therapist
from tests.accounts.helpers import PASSWORD, login, make_user, post_form
from tests.factories import CredentialFactory


def test_deleting_an_account_hides_the_profile_clears_contacts_and_keeps_audit(
    client, therapist_user, verifier, outbox
):
    therapist_id = therapist_user.therapist_id
    cred = CredentialFactory(
        therapist_id=therapist_id, status="pending", certificate_id="ISIPT-123"
    )
    from app.credentials import services as credentials

    credentials.decide(verifier, cred.id, "reject", "Call Jane on 555-0100 about ISIPT-123")
    user_id = therapist_user.id
    login(client, therapist_user)

    wrong = post_form(
        client,
        "/account/delete",
        {"password": "not my password", "confirm": "on"},
        page="/account/delete",
    )
    assert wrong.status_code == 422
    unconfirmed = post_form(
        client, "/account/delete", {"password": PASSWORD}, page="/account/delete"
    )
    assert unconfirmed.status_code == 422
    assert db.session.get(User, user_id) is not None

    done = post_form(
        client, "/account/delete", {"password": PASSWORD, "confirm": "on"}, page="/account/delete"
    )
    assert done.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user_id) is None
    assert db.session.scalar(select(func.count()).select_from(LoginSession)) == 0
    therapist = db.session.get(Therapist, therapist_id)
    assert therapist.visibility == "hidden"
    assert (therapist.email, therapist.phone, therapist.website) == (None, None, None)
    assert all(loc.address is None and not loc.show_address for loc in therapist.locations)
    assert client.get(f"/api/v1/therapists/{therapist_id}").status_code == 404

    entries = list(db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)))
    assert [e.action for e in entries][-1] == "account.delete"
    rejection = next(e for e in entries if e.action == "credential.reject")
    assert rejection.after["note"] == REDACTED
    assert rejection.after["certificate_id"] == REDACTED
    assert rejection.after["status"] == "rejected"
    for entry in entries:
        text = str(entry.before) + str(entry.after)
        assert "jane@example.org" not in text
        assert "555-0100" not in text
    assert outbox()[-1]["Subject"] == "Your account has been deleted"
    assert client.get("/profile").status_code == 302


def test_create_user_with_a_generated_password_prints_it_once(runner, client):
    result = runner.invoke(
        args=["create-user", "--role", "verifier", "--generate-password", "V@Example.org"]
    )
    assert result.exit_code == 0, result.output
    password = result.output.split("Password (shown once, pass it on securely): ")[1].strip()
    user = db.session.scalar(select(User).where(User.email == "v@example.org"))
    assert user.role == "verifier"
    assert user.email_verified
    assert password not in user.password_hash
    login(client, "v@example.org", password)
    assert client.get("/verify").status_code == 200


def test_create_user_prompts_for_a_password_and_applies_the_rules(runner):
    weak = runner.invoke(
        args=["create-user", "--role", "admin", "a@example.org"],
        input="password1234\npassword1234\n",
    )
    assert weak.exit_code != 0
    assert "common" in weak.output
    ok = runner.invoke(
        args=["create-user", "--role", "admin", "a@example.org"],
        input="a long admin passphrase\na long admin passphrase\n",
    )
    assert ok.exit_code == 0, ok.output
    assert "a long admin passphrase" not in ok.output
    again = runner.invoke(
        args=["create-user", "--role", "admin", "--generate-password", "a@example.org"]
    )
    assert again.exit_code != 0
    assert "already" in again.output


def test_list_users_filters_by_role_and_revoke_user_reports_unknown(runner):
    make_user("t@example.org")
    make_user("v@example.org", role="verifier")
    result = runner.invoke(args=["list-users", "--role", "verifier"])
    assert "v@example.org" in result.output
    assert "t@example.org" not in result.output
    assert "1 account(s)." in result.output
    everyone = runner.invoke(args=["list-users"])
    assert "2 account(s)." in everyone.output
    missing = runner.invoke(args=["revoke-user", "ghost@example.org"])
    assert missing.exit_code != 0
    assert "No account" in missing.output
    revoked = runner.invoke(args=["revoke-user", "V@example.org"])
    assert revoked.exit_code == 0
    assert "revoked" in runner.invoke(args=["list-users", "--role", "verifier"]).output
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "account.revoke"))
    assert entry.actor_role == "system"
    assert entry.after == {"active": False}
