"""The training record: private, measured against the chosen ladder, submitted when complete."""

from __future__ import annotations

import csv
import datetime as dt
import io

from app.core.extensions import db
from app.directory.models import IptCredential
from app.training.models import RecordCase, TrainingRecord
from tests.accounts.helpers import login, post_form
from tests.training.factories import TrainingFactory, make_supervisor

PAGE = "/profile/training-record"


def _start(client, ladder: str = "isipt|therapist"):
    response = post_form(client, f"{PAGE}/target", {"ladder": ladder}, page=PAGE)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]


def _case(client, n: int, **extra):
    form = {
        "label": f"Case {n}",
        "supervisor_slug": "ida-isipt",
        "sessions": "14",
        "supervision_hours": "7",
        "started_on": "2026-01-05",
        "ended_on": "2026-04-20",
        **extra,
    }
    return post_form(client, f"{PAGE}/cases", form, page=PAGE)


def test_a_therapist_logs_their_way_to_completion_and_submits(
    app, client, logged_in, therapist_user, verifier
):
    supervisor = make_supervisor("Ida Isipt")
    supervisor.slug = "ida-isipt"
    db.session.commit()
    logged_in(therapist_user)
    _start(client)
    page = client.get(PAGE).get_data(as_text=True)
    assert "Your way to ISIPT Therapist" in page
    assert "0 of 3 cases" in page
    assert "https://interpersonalpsychotherapy.org/therapist-certification" in page

    listed = TrainingFactory(
        title="ISIPT intro workshop",
        body="isipt",
        level=None,
        hours=16,
        starts_at=_past(40),
        ends_at=_past(39),
    )
    added = post_form(
        client,
        f"{PAGE}/trainings",
        {"training_id": str(listed.id), "completed_on": _past_date(39)},
        page=PAGE,
    )
    assert added.status_code == 302
    for n in (1, 2, 3):
        assert _case(client, n).status_code == 302
    page = client.get(PAGE).get_data(as_text=True)
    assert "3 of 3 cases" in page
    assert "16 of 16 hours" in page
    assert "Submit for verification" not in page  # the attestations are still open
    post_form(
        client,
        f"{PAGE}/statements",
        {"attested": ["clinical-qualification", "membership"]},
        page=PAGE,
    )
    page = client.get(PAGE).get_data(as_text=True)
    assert "Every requirement is met" in page
    assert post_form(client, f"{PAGE}/submit", page=PAGE).status_code == 302

    cred = db.session.query(IptCredential).filter_by(body="isipt", level="therapist").one()
    assert cred.status == "pending"
    record = db.session.query(TrainingRecord).one()
    assert cred.evidence_url.endswith(f"/verify/training-records/{record.id}")
    # A second submission while this one waits is refused.
    post_form(client, f"{PAGE}/submit", page=PAGE)
    assert db.session.query(IptCredential).filter_by(body="isipt", level="therapist").count() == 1

    reviewer = app.test_client()
    login(reviewer, verifier)
    attached = reviewer.get(f"/verify/training-records/{record.id}")
    assert attached.status_code == 200
    assert "Case 3" in attached.get_data(as_text=True)


def _past(days: int) -> dt.datetime:
    return dt.datetime.now(dt.UTC) - dt.timedelta(days=days)


def _past_date(days: int) -> str:
    return (dt.date.today() - dt.timedelta(days=days)).isoformat()


def test_a_case_with_a_supervisor_not_on_the_ladder_is_kept_and_flagged(
    client, logged_in, therapist_user
):
    make_supervisor("Ines Institute", body="ipt-institute", level="D").slug = "ines-institute"
    db.session.commit()
    logged_in(therapist_user)
    _start(client)
    # By hand, someone the directory cannot confirm; and an IPT Institute supervisor on ISIPT.
    assert _case(client, 1, supervisor_slug="", supervisor_name="Dr Unknown").status_code == 302
    assert _case(client, 2, supervisor_slug="ines-institute").status_code == 302
    cases = db.session.query(RecordCase).order_by(RecordCase.id).all()
    assert [c.supervisor_qualified for c in cases] == [False, False]
    assert cases[1].supervisor_name == "Ines Institute"
    # On the IPT Institute ladder, she is a supervisor: changing the target looks again.
    _start(client, "ipt-institute|B")
    db.session.expire_all()
    cases = db.session.query(RecordCase).order_by(RecordCase.id).all()
    assert [c.supervisor_qualified for c in cases] == [False, True]
    page = client.get(PAGE).get_data(as_text=True)
    assert "not confirmed as a supervisor on this ladder" in page
    assert "1 with a supervisor not confirmed" in page
    assert "the verifier will check" in page


def test_the_record_is_private(client, logged_in, therapist_user, other_therapist_user, verifier):
    logged_in(therapist_user)
    _start(client)
    record = db.session.query(TrainingRecord).one()
    # No submission pending: not even a verifier reads it.
    other = client.application.test_client()
    login(other, verifier)
    assert other.get(f"/verify/training-records/{record.id}").status_code == 404
    third = client.application.test_client()
    login(third, other_therapist_user)
    assert third.get(f"/verify/training-records/{record.id}").status_code == 403
    assert "Your way to" not in third.get(PAGE).get_data(as_text=True)
    anonymous = client.application.test_client()
    assert anonymous.get(PAGE).status_code == 302


def test_bad_entries_name_the_field_and_save_nothing(client, logged_in, therapist_user):
    logged_in(therapist_user)
    _start(client)
    for change, field in (
        ({"sessions": "0"}, "sessions"),
        ({"supervision_hours": "-2"}, "supervision_hours"),
        ({"portfolio_rating": "7"}, "portfolio_rating"),
        ({"ended_on": "2025-01-01"}, "ended_on"),
        ({"started_on": (dt.date.today() + dt.timedelta(days=5)).isoformat()}, "started_on"),
        ({"supervisor_slug": "nobody-here", "supervisor_name": ""}, "supervisor_slug"),
        ({"label": ""}, "label"),
    ):
        response = _case(client, 9, **change)
        assert response.status_code == 422, change
        assert f'id="{field}-error"' in response.get_data(as_text=True), change
    assert db.session.query(RecordCase).count() == 0
    bad_target = post_form(client, f"{PAGE}/target", {"ladder": "other|workshop"}, page=PAGE)
    assert bad_target.status_code == 422


def test_csv_export_and_printable_page(client, logged_in, therapist_user):
    make_supervisor("Ida Isipt").slug = "ida-isipt"
    db.session.commit()
    logged_in(therapist_user)
    _start(client)
    _case(client, 1, label="=HYPERLINK(evil)")
    response = client.get(f"{PAGE}.csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][0] == "kind"
    assert rows[1][:2] == ["supervised case", "'=HYPERLINK(evil)"]
    assert rows[1][3] == "yes"
    printable = client.get(f"{PAGE}/print").get_data(as_text=True)
    assert "IPT training record" in printable
    assert "Jane Doe" in printable


def test_statements_of_hours_given_count_toward_supervisor_level(client, logged_in, therapist_user):
    logged_in(therapist_user)
    _start(client, "isipt|supervisor")
    bad = post_form(
        client,
        f"{PAGE}/statements",
        {"declared-supervision-given-hours": "lots"},
        page=PAGE,
    )
    assert bad.status_code == 422
    assert "Give a number." in bad.get_data(as_text=True)
    post_form(
        client,
        f"{PAGE}/statements",
        {"declared-supervision-given-hours": "85", "declared-supervisees": "3"},
        page=PAGE,
    )
    page = client.get(PAGE).get_data(as_text=True)
    assert "85 of 80 hours — met" in page
    assert "3 of 4 clinicians" in page
    record = db.session.query(TrainingRecord).one()
    db.session.refresh(record)
    assert record.declared == {"supervision-given-hours": 85.0, "supervisees": 3.0}
