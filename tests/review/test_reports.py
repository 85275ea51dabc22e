"""Defect 5 (issue #13): the report loop. Anonymous reports are counted per distinct reporter and
never change rank or the public page by themselves; the owner is told by e-mail and on the
dashboard; verifiers filter, page and decide reports (audit logged); only a verifier's decision
shows the notice, lowers the ranking, or removes the listing."""

from __future__ import annotations

from sqlalchemy import select

from app.accounts.models import AuditEntry
from app.core.extensions import db
from app.directory.models import ListingReport, Therapist
from app.search.models import SearchDocument
from app.search.service import SearchParams, search
from app.seeker import services
from tests.accounts.helpers import csrf_token, login
from tests.factories import TherapistFactory


def _names():
    return [r.therapist.name for r in search(SearchParams(location="97204")).results]


def _document(therapist_id):
    db.session.expire_all()
    return db.session.get(SearchDocument, therapist_id)


def _decide(client, report_id, decision, note="Checked with the licensing board."):
    token = csrf_token(client, f"/verify/reports/{report_id}")
    return client.post(
        f"/verify/reports/{report_id}",
        data={"decision": decision, "note": note, "csrf_token": token},
    )


def test_the_report_loop(app, therapist_user, verifier, outbox):
    jane = db.session.get(Therapist, therapist_user.therapist_id)
    TherapistFactory(name="Other")
    before = _names()
    assert before == ["Jane Doe", "Other"]
    first = services.create_report(jane, "not-accepting", "Said they are full.", client="10.0.0.1")
    second = services.create_report(jane, "wrong-contact", None, client="10.0.0.2")
    assert services.create_report(jane, "other", "again", client="10.0.0.1") is None
    assert first is not None
    assert second is not None

    # Anonymous reports alone: nothing public changes.
    assert _names() == before
    assert _document(jane.id).open_reports == 0
    public = app.test_client()
    assert "may be out of date" not in public.get(f"/therapists/{jane.slug}").get_data(as_text=True)

    # The owner is told, once a day at most, by e-mail and on the dashboard.
    told = [m for m in outbox() if m["To"] == therapist_user.email]
    assert [m["Subject"] for m in told] == ["Someone reported a problem with your listing"]
    owner = app.test_client()
    login(owner, therapist_user)
    dashboard = owner.get("/profile").get_data(as_text=True)
    assert "Reports about your listing (2)" in dashboard
    assert "Said they are full." in dashboard
    assert owner.get("/verify?queue=reports").status_code == 403

    # The verifier's queue (the generic one's "reports" tab): its count, filter, search, distinct
    # reporters per listing; bad filter values are refused naming the field.
    desk = app.test_client()
    login(desk, verifier)
    queue = desk.get("/verify?queue=reports").get_data(as_text=True)
    assert 'Reports <span class="count">2</span>' in queue
    assert "Showing 1–2 of 2 (2 waiting)" in queue
    assert "2 people reporting this listing" in queue
    assert f'href="/verify/reports/{first.id}"' in queue
    only = desk.get("/verify?queue=reports&reason=wrong-contact").get_data(as_text=True)
    assert "Showing 1–1 of 1 matching" in only
    said = desk.get("/verify?queue=reports&q=they+are+full").get_data(as_text=True)
    assert "Showing 1–1 of 1 matching" in said
    bad = desk.get("/verify?queue=reports&status=maybe&page=0")
    assert bad.status_code == 422
    assert "Status: choose one of open, confirmed, closed, all." in bad.get_data(as_text=True)
    assert "Page: a whole number from 1" in bad.get_data(as_text=True)
    moved = desk.get("/verify/reports?status=closed")
    assert moved.status_code == 302
    assert moved.headers["Location"].endswith("/verify?queue=reports&status=closed")
    assert desk.get("/verify/reports/999999").status_code == 404
    refused = _decide(desk, first.id, "shrug")
    assert refused.status_code == 422
    assert "decision" in refused.get_data(as_text=True)

    # Confirmed by a verifier: notice and lower rank, owner told, audit logged.
    assert _decide(desk, first.id, "confirm").status_code == 302
    assert _document(jane.id).open_reports == 1
    assert _names() == ["Other", "Jane Doe"]
    assert "may be out of date" in public.get(f"/therapists/{jane.slug}").get_data(as_text=True)
    assert outbox()[-1]["Subject"] == "A report about your listing was reviewed"
    assert "confirmed by a verifier" in owner.get("/profile").get_data(as_text=True)

    # Closed as fixed: back as before. A second decision on it is a conflict.
    assert _decide(desk, first.id, "fixed").status_code == 302
    assert _names() == before
    assert "may be out of date" not in public.get(f"/therapists/{jane.slug}").get_data(as_text=True)
    again = _decide(desk, first.id, "dismiss")
    assert again.status_code == 302
    db.session.expire_all()
    assert db.session.get(ListingReport, first.id).status == "fixed"

    # Not a problem: closed, nothing public changes.
    assert _decide(desk, second.id, "dismiss").status_code == 302
    assert "Reports about your listing" not in owner.get("/profile").get_data(as_text=True)

    actions = list(
        db.session.scalars(
            select(AuditEntry.action).where(AuditEntry.subject_type == "listing_report")
        )
    )
    assert sorted(actions) == ["report.confirm", "report.dismiss", "report.fixed"]
    assert "Nothing waiting." in desk.get("/verify?queue=reports").get_data(as_text=True)
    closed = desk.get("/verify?queue=reports&status=closed").get_data(as_text=True)
    assert "Showing 1–2 of 2 matching (0 waiting)" in closed


def test_remove_listing_hides_it_and_closes_its_reports(app, therapist_user, verifier):
    jane = db.session.get(Therapist, therapist_user.therapist_id)
    one = services.create_report(jane, "not-ipt-trained", None, client="10.0.0.1")
    services.create_report(jane, "other", "Fake listing", client="10.0.0.2")
    desk = app.test_client()
    login(desk, verifier)
    assert _decide(desk, one.id, "remove").status_code == 302
    db.session.expire_all()
    assert db.session.get(Therapist, jane.id).visibility == "hidden"
    assert {r.status for r in db.session.scalars(select(ListingReport))} == {"removed"}
    assert app.test_client().get(f"/therapists/{jane.slug}").status_code == 404
    assert "profile.remove_listing" in set(db.session.scalars(select(AuditEntry.action)))
