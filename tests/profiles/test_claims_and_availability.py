"""Claiming imported listings, and keeping availability fresh (one click, monthly reminders)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from app.accounts.models import User
from app.core.extensions import db
from app.directory.models import Therapist
from app.profiles.models import ClaimRequest, StaleReminder
from tests.accounts.helpers import body_of, links_in, login, make_user, path_of, post_form
from tests.factories import TherapistFactory


def test_claim_by_email_to_the_address_on_file(client, app, outbox):
    listing = TherapistFactory(name="Priya Natarajan", email="priya@clinic.example")
    user = make_user("priya.personal@example.org")
    login(client, user)
    found = client.get("/profile/claim?q=natara").get_data(as_text=True)
    assert "Priya Natarajan" in found
    assert "pr•••@cl•••.example" in found
    assert "priya@clinic.example" not in found  # the address is masked
    sent = post_form(client, f"/profile/claim/{listing.id}", page="/profile/claim")
    assert sent.status_code == 200
    [message] = outbox()
    assert message["To"] == "priya@clinic.example"
    assert "priya.personal@example.org" in body_of(message)
    [link] = [u for u in links_in(message) if "/profile/claim/confirm/" in u]

    # Someone else logged in cannot use the link.
    intruder = app.test_client()
    login(intruder, make_user("intruder@example.org"))
    assert intruder.get(path_of(link)).status_code == 403
    assert post_form(intruder, path_of(link), page="/profile").status_code == 403

    page = client.get(path_of(link))
    assert page.status_code == 200
    done = post_form(client, path_of(link), page=path_of(link))
    assert done.status_code == 302
    db.session.refresh(user)
    assert user.therapist_id == listing.id
    assert client.get(path_of(link)).status_code == 400  # single use
    # A claimed listing no longer shows up for claiming.
    assert "Priya Natarajan" not in intruder.get("/profile/claim?q=priya").get_data(as_text=True)
    assert (
        post_form(intruder, f"/profile/claim/{listing.id}", page="/profile/claim").status_code
        == 404
    )


def test_claim_without_email_goes_to_a_verifier(client, app, verifier, outbox):
    listing = TherapistFactory(name="Lee Park", email=None)
    user = make_user("lee@example.org")
    login(client, user)
    too_short = post_form(
        client, f"/profile/claim/{listing.id}", {"evidence": "me"}, page="/profile/claim"
    )
    assert too_short.status_code == 422
    assert 'id="evidence-error"' in too_short.get_data(as_text=True)
    asked = post_form(
        client,
        f"/profile/claim/{listing.id}",
        {"evidence": "OR LCSW licence L-123; call the practice line 503-555-0188"},
        page="/profile/claim",
    )
    assert asked.status_code == 200
    assert "with a verifier" in asked.get_data(as_text=True)
    claim = db.session.scalar(select(ClaimRequest))
    assert (claim.method, claim.status) == ("manual", "pending")

    desk = app.test_client()
    login(desk, verifier)
    queue = desk.get("/verify").get_data(as_text=True)
    assert f"/verify/claims/{claim.id}" in queue
    no_note = post_form(desk, f"/verify/claims/{claim.id}", {"decision": "reject"}, page="/verify")
    assert no_note.status_code == 422
    approved = post_form(
        desk, f"/verify/claims/{claim.id}", {"decision": "approve"}, page="/verify"
    )
    assert approved.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).therapist_id == listing.id
    assert outbox()[-1]["To"] == "lee@example.org"
    assert "approved" in outbox()[-1]["Subject"]
    # Decided claims leave the queue; deciding again is refused.
    assert desk.get(f"/verify/claims/{claim.id}").status_code == 404


def test_rejected_manual_claim_tells_the_claimant_why(client, app, verifier, outbox):
    listing = TherapistFactory(name="Kim Moss", email=None)
    user = make_user("kim@example.org")
    login(client, user)
    post_form(
        client,
        f"/profile/claim/{listing.id}",
        {"evidence": "Licence 42 in Oregon, call me"},
        page="/profile/claim",
    )
    claim = db.session.scalar(select(ClaimRequest))
    desk = app.test_client()
    login(desk, verifier)
    decided = post_form(
        desk,
        f"/verify/claims/{claim.id}",
        {"decision": "reject", "note": "The licence number belongs to someone else."},
        page="/verify",
    )
    assert f"Claim #{claim.id} is rejected." in desk.get(decided.location).get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, user.id).therapist_id is None
    mail = body_of(outbox()[-1])
    assert "belongs to someone else" in mail
    assert "Replies to this e-mail are not read" in mail  # it comes from a no-reply address
    assert "/profile/claim" in mail
    assert "belongs to someone else" in client.get("/profile").get_data(as_text=True)


def test_still_accepting_button_updates_the_confirmation_date(client, app, therapist_user):
    t = db.session.get(Therapist, therapist_user.therapist_id)
    t.accepting_confirmed_on = dt.date.today() - dt.timedelta(days=200)
    db.session.commit()
    login(client, therapist_user)
    assert "out of date" in client.get("/profile").get_data(as_text=True)
    post_form(client, "/profile/confirm-accepting", page="/profile")
    db.session.expire_all()
    assert db.session.get(Therapist, t.id).accepting_confirmed_on == dt.date.today()
    assert client.get(f"/api/v1/therapists/{t.id}").get_json()["availability_stale"] is False


def test_stale_reminders_go_once_a_month_and_their_link_confirms_in_one_click(
    app, runner, client, therapist_user, other_therapist_user, outbox
):
    today = dt.date(2026, 5, 10)
    app.config["TODAY"] = today
    stale = db.session.get(Therapist, therapist_user.therapist_id)
    stale.accepting_confirmed_on = today - dt.timedelta(days=91)
    fresh = db.session.get(Therapist, other_therapist_user.therapist_id)
    fresh.accepting_confirmed_on = today - dt.timedelta(days=30)
    unowned = TherapistFactory(accepting_confirmed_on=today - dt.timedelta(days=400))
    db.session.commit()

    first = runner.invoke(args=["remind-stale-profiles"])
    assert first.exit_code == 0
    assert "1 reminder(s) sent." in first.output
    again = runner.invoke(args=["remind-stale-profiles"])
    assert "0 reminder(s) sent." in again.output  # idempotent within the month
    next_month = runner.invoke(args=["remind-stale-profiles", "--on", "2026-06-02"])
    assert "1 reminder(s) sent." in next_month.output
    messages = outbox()
    assert [m["To"] for m in messages] == [therapist_user.email, therapist_user.email]
    assert "91 days" in body_of(messages[0])
    assert db.session.scalar(select(func.count()).select_from(StaleReminder)) == 2
    assert unowned.id not in {r.therapist_id for r in db.session.scalars(select(StaleReminder))}

    [link] = [u for u in links_in(messages[0]) if "/still-accepting/" in u]
    page = client.get(path_of(link))  # no login needed; a button, so scanners cannot press it
    assert page.status_code == 200
    db.session.expire_all()
    assert db.session.get(Therapist, stale.id).accepting_confirmed_on != today
    post_form(client, path_of(link), page=path_of(link))
    db.session.expire_all()
    assert db.session.get(Therapist, stale.id).accepting_confirmed_on == today
    assert client.get("/profile/still-accepting/not-a-token").status_code == 400
