"""Trainings: listed from an account, reviewed before public, searched, and fed as iCalendar."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest

from app.core.extensions import db
from app.training.models import Training
from tests.accounts.helpers import login, post_form
from tests.training.factories import TrainingFactory, _in_days


def _local(days: int, hour: int) -> str:
    return (dt.date.today() + dt.timedelta(days=days)).isoformat() + f"T{hour:02d}:00"


GOOD = {
    "title": "Perinatal IPT two-day course",
    "provider": "North Clinic Training",
    "ladder": "ipt-institute|A",
    "adaptation": "perinatal-ipt",
    "starts_at": _local(40, 9),
    "ends_at": _local(41, 17),
    "timezone": "America/Chicago",
    "online": "on",
    "hours": "16",
    "ce_credits": "14",
    "price": "395",
    "seats_left": "12",
    "language": "en",
    "registration_url": "https://north.example.org/perinatal-ipt",
}


def _titles(response) -> list[str]:
    assert response.status_code == 200, response.get_json()
    return [t["title"] for t in response.get_json()["results"]]


def test_a_training_is_public_only_after_a_verifier_publishes_it(
    app, client, logged_in, therapist_user, verifier
):
    logged_in(therapist_user)
    response = post_form(client, "/profile/trainings", GOOD, page="/profile/trainings")
    assert response.status_code == 302
    training = db.session.query(Training).one()
    assert training.status == "pending"
    # Times are the trainer's local times in their zone, stored in UTC.
    local = dt.datetime.fromisoformat(GOOD["starts_at"]).replace(tzinfo=ZoneInfo("America/Chicago"))
    assert training.starts_at == local.astimezone(dt.UTC)
    assert _titles(client.get("/api/v1/trainings")) == []

    client = app.test_client()
    login(client, verifier)
    queue = client.get("/verify/trainings")
    assert "Perinatal IPT two-day course" in queue.get_data(as_text=True)
    page = f"/verify/trainings/{training.id}"
    rejected = post_form(client, page, {"decision": "reject"}, page=page)
    assert rejected.status_code == 422
    assert "Say why" in rejected.get_data(as_text=True)
    post_form(client, page, {"decision": "publish"}, page=page)
    assert _titles(client.get("/api/v1/trainings")) == ["Perinatal IPT two-day course"]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"ends_at": _local(39, 9)}, "ends_at", "The end must be after the start"),
        ({"starts_at": _local(-3, 9), "ends_at": _local(-2, 9)}, "starts_at", "in the past"),
        ({"timezone": "America/Atlantis"}, "timezone", "is not a time zone"),
        ({"price": "-10"}, "price", "cannot be negative"),
        ({"ce_credits": "-1"}, "ce_credits", "cannot be negative"),
        ({"seats_left": "-1"}, "seats_left", "cannot be negative"),
        ({"hours": "-2"}, "hours", "Give hours above 0"),
        ({"ends_at": _local(40, 9)}, "ends_at", "The end must be after the start"),  # = start
        ({"registration_url": "ftp://example.org/x"}, "registration_url", "https://"),
        ({"registration_url": "javascript:alert(1)"}, "registration_url", "https://"),
        ({"registration_url": "http://example.org"}, "registration_url", "https://"),
        ({"starts_at": "next tuesday"}, "starts_at", "is not a date and time"),
        ({"online": "", "place": ""}, "place", "Give the place"),
        ({"online": "", "place": "Qwxzy, ZZ"}, "place", ""),
        ({"ladder": "isipt|D"}, "ladder", "is not a level"),
        ({"title": ""}, "title", ""),
    ],
)
def test_bad_trainings_name_the_field_and_save_nothing(
    client, logged_in, therapist_user, change, field, message
):
    logged_in(therapist_user)
    response = post_form(
        client, "/profile/trainings", {**GOOD, **change}, page="/profile/trainings"
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'id="{field}-error"' in html
    assert message in html
    assert db.session.query(Training).count() == 0


def test_search_by_dates_mode_place_body_and_language(client):
    TrainingFactory(title="Online A", starts_at=_in_days(10))
    TrainingFactory(
        title="Portland in person",
        online=False,
        city="Portland, OR",
        state="OR",
        lat=45.52,
        lon=-122.68,
        starts_at=_in_days(60),
    )
    TrainingFactory(title="ISIPT Spanish", body="isipt", level=None, language="es")
    TrainingFactory(title="Still pending", status="pending")
    soon = (dt.date.today() + dt.timedelta(days=20)).isoformat()
    assert _titles(client.get(f"/api/v1/trainings?date_to={soon}")) == ["Online A"]
    assert _titles(client.get("/api/v1/trainings?mode=in-person")) == ["Portland in person"]
    near = client.get("/api/v1/trainings?near=97205&radius_mi=30").get_json()
    assert [t["title"] for t in near["results"]] == ["Portland in person"]
    assert near["results"][0]["distance_mi"] < 5
    assert _titles(client.get("/api/v1/trainings?near=Boston,%20MA")) == []
    assert _titles(client.get("/api/v1/trainings?body=isipt")) == ["ISIPT Spanish"]
    assert _titles(client.get("/api/v1/trainings?language=es")) == ["ISIPT Spanish"]
    assert "Still pending" not in _titles(client.get("/api/v1/trainings"))


def test_past_trainings_drop_out(client):
    TrainingFactory(title="Last month", starts_at=_in_days(-30), ends_at=_in_days(-29))
    TrainingFactory(title="Under way", starts_at=_in_days(-1), ends_at=_in_days(2))
    TrainingFactory(title="Next month", starts_at=_in_days(30))
    assert _titles(client.get("/api/v1/trainings")) == ["Under way", "Next month"]


def test_icalendar_feed_for_a_search(client):
    TrainingFactory(title="IPT-A workshop", adaptation="ipt-a", timezone="Europe/London")
    TrainingFactory(title="Other", adaptation=None)
    listing = client.get("/api/v1/trainings?adaptation=ipt-a").get_json()
    feed = client.get(listing["calendar_url"])
    assert feed.status_code == 200
    assert feed.mimetype == "text/calendar"
    cal = icalendar.Calendar.from_ical(feed.data)
    events = list(cal.walk("VEVENT"))
    assert [str(e["summary"]) for e in events] == ["IPT-A workshop"]
    assert events[0]["dtstart"].dt.tzinfo is not None
    assert "Register: https://example.org/register" in str(events[0]["description"])
    assert cal.walk("VTIMEZONE"), "the feed carries its time zone definitions"


def test_the_trainings_page_and_a_pending_training_is_private(client):
    TrainingFactory(title="Open course")
    hidden = TrainingFactory(title="Hidden course", status="pending")
    html = client.get("/trainings").get_data(as_text=True)
    assert "Open course" in html
    assert "Hidden course" not in html
    assert ".ics" in html
    assert client.get(f"/trainings/{hidden.id}").status_code == 404
    assert client.get(f"/api/v1/trainings/{hidden.id}").status_code == 404


def test_bad_search_input_names_the_field(client):
    for query, field in (
        ("date_from=yesterday", "date_from"),
        ("mode=teleport", "mode"),
        ("near=zzzzqqq", "near"),
        ("shoe=9", "shoe"),
    ):
        response = client.get(f"/api/v1/trainings?{query}")
        assert response.status_code == 422, query
        assert field in response.get_json()["message"]
