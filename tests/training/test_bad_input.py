"""#12's bad input, the rest of it: a clear message naming the field, nothing saved, never a 500,
on the pages and in the API (trainings and offers: tests/training/test_trainings.py and
test_supervisors.py; cases: test_records.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from app.core.extensions import db
from app.training.models import RecordTraining
from tests.accounts.helpers import post_form

RANGE_BACKWARDS = "date_from=2027-05-01&date_to=2027-04-01"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        (RANGE_BACKWARDS, "date_to"),
        ("date_from=2027-02-30", "date_from"),
        ("radius_mi=-5", "radius_mi"),
    ],
)
def test_training_search_names_the_field_in_the_api(client, query, field):
    response = client.get(f"/api/v1/trainings?{query}")
    assert response.status_code == 422, query
    body = response.get_json()
    assert field in body["message"]
    assert field in body["errors"]["query"]


@pytest.mark.parametrize(
    ("path", "query", "field", "message"),
    [
        ("/trainings", RANGE_BACKWARDS, "date_to", "Must not be before"),
        ("/trainings", "mode=teleport", "mode", "Must be one of"),
        ("/supervisors", "timezone=Mars/Olympus", "timezone", "is not a time zone"),
        ("/supervisors", "max_fee=-5", "max_fee", ""),
        ("/access", "weeks=999", "weeks", ""),
        ("/access", "metric=shoe-size", "metric", "Choose one of"),
    ],
)
def test_search_pages_name_the_field(client, path, query, field, message):
    response = client.get(f"{path}?{query}")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'class="error-summary"' in html
    assert f'href="#{field}"' in html
    assert message in html


def _tomorrow() -> str:
    return (dt.date.today() + dt.timedelta(days=1)).isoformat()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"completed_on": _tomorrow()}, "completed_on", "cannot be in the future"),
        ({"completed_on": "last spring"}, "completed_on", "Not a valid date"),
        ({"hours": "-3"}, "hours", "Give hours above 0"),
        ({"hours": ""}, "hours", "Give the hours"),
        ({"title": ""}, "title", "Give the training"),
        ({"training_id": "999999", "title": ""}, "training_id", "Choose a listed training"),
    ],
)
def test_bad_record_trainings_name_the_field_and_save_nothing(
    client, logged_in, therapist_user, change, field, message
):
    logged_in(therapist_user)
    page = "/profile/training-record"
    post_form(client, f"{page}/target", {"ladder": "isipt|therapist"}, page=page)
    form = {"title": "ISIPT intro", "hours": "16", "completed_on": "2026-03-01", **change}
    response = post_form(client, f"{page}/trainings", form, page=page)
    assert response.status_code == 422, change
    html = response.get_data(as_text=True)
    assert f'id="{field}-error"' in html
    assert message in html
    assert db.session.query(RecordTraining).count() == 0
