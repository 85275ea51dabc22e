"""Reporting a problem with a listing: stored for a verifier; anonymous reports alone change
neither the ranking nor the public page (the verifier's side: tests/review/test_reports.py)."""

from __future__ import annotations

from sqlalchemy import select

from app.core.extensions import db
from app.directory import reports
from app.directory.models import ListingReport
from app.search.models import SearchDocument
from app.search.service import SearchParams, search
from app.seeker import services
from tests.factories import TherapistFactory
from tests.seeker.conftest import form_values


def report(client, slug: str, **data):
    page = client.get(f"/therapists/{slug}/report")
    assert page.status_code == 200
    return client.post(
        f"/therapists/{slug}/report", data={**form_values(page.get_data(as_text=True)), **data}
    )


def document(therapist_id: int) -> SearchDocument:
    db.session.expire_all()
    return db.session.get(SearchDocument, therapist_id)


def test_report_is_stored_for_moderation(client, instant_forms):
    t = TherapistFactory(slug="ada")
    response = report(client, "ada", reason="not-accepting")
    assert response.status_code == 303
    assert response.headers["Location"] == "/therapists/ada/report/thanks"
    assert "Thank you" in client.get(response.headers["Location"]).get_data(as_text=True)
    stored = db.session.scalar(select(ListingReport))
    assert (stored.therapist_id, stored.reason, stored.status, stored.note) == (
        t.id,
        "not-accepting",
        "open",
        None,
    )
    assert services.open_report_count(t.id) == 0  # nothing public until a verifier decides
    assert document(t.id).open_reports == 0


def test_other_needs_a_note_and_errors_are_named(client, instant_forms):
    TherapistFactory(slug="ada")
    response = report(client, "ada", reason="other", note="")
    assert response.status_code == 422
    assert "Tell us what is wrong" in response.get_data(as_text=True)
    response = report(client, "ada")
    assert "What is wrong with this listing?: Choose what is wrong" in response.get_data(
        as_text=True
    )
    response = report(client, "ada", reason="made-up")
    assert response.status_code == 422
    assert db.session.scalar(select(ListingReport)) is None
    assert report(client, "ada", reason="other", note="Retired in 2024").status_code == 303


def test_report_needs_csrf_and_a_person(client, instant_forms, app):
    TherapistFactory(slug="ada")
    assert report(client, "ada", reason="other", note="x", csrf_token="").status_code == 400
    assert report(client, "ada", reason="other", note="x", website="bot").status_code == 422
    app.config["CONTACT_MIN_SECONDS"] = 30
    assert report(client, "ada", reason="other", note="x").status_code == 422
    assert db.session.scalar(select(ListingReport)) is None


def test_anonymous_reports_alone_never_demote_a_listing(app, client, instant_forms):
    reported = TherapistFactory(name="Reported", slug="reported")
    TherapistFactory(name="Other")
    first = [r.therapist.name for r in search(SearchParams(location="97204")).results]
    assert first == ["Reported", "Other"]  # equal listings: ties go to the older one
    for reason in ("wrong-contact", "not-ipt-trained", "not-accepting"):
        report(client, "reported", reason=reason)
    for client_address in ("10.0.0.1", "10.0.0.2", "10.0.0.3"):
        services.create_report(reported, "other", "wrong", client=client_address)
    assert document(reported.id).open_reports == 0
    assert [r.therapist.name for r in search(SearchParams(location="97204")).results] == first
    assert "may be out of date" not in client.get("/therapists/reported").get_data(as_text=True)


def test_report_floods_are_capped(app, monkeypatch):
    t = TherapistFactory()
    monkeypatch.setattr(reports, "MAX_ACTIVE_REPORTS", 2)
    assert services.create_report(t, "other", "a", client="1.1.1.1") is not None
    assert services.create_report(t, "other", "b", client="1.1.1.1") is None  # same person
    assert services.create_report(t, "other", "b", client="2.2.2.2") is not None
    assert services.create_report(t, "other", "c", client="3.3.3.3") is None
    assert reports.active_count(t.id) == 2


def test_deleting_a_therapist_deletes_their_reports(app):
    t = TherapistFactory()
    services.create_report(t, "other", "gone")
    db.session.delete(t)
    db.session.commit()
    assert db.session.scalar(select(ListingReport)) is None
