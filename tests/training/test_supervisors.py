"""Find an IPT supervisor: the API, the page, and a supervisor's own offer."""

from __future__ import annotations

import datetime as dt

from app.core.clock import utcnow
from app.core.extensions import db
from app.training.models import SupervisionOffer
from tests.accounts.helpers import make_user, post_form
from tests.factories import CredentialFactory, TherapistFactory
from tests.training.factories import SupervisionOfferFactory, make_supervisor


def _names(response) -> list[str]:
    assert response.status_code == 200, response.get_json()
    return [r["name"] for r in response.get_json()["results"]]


def test_a_supervisor_counts_only_on_the_ladder_where_they_supervise(client):
    make_supervisor("Ida Isipt", body="isipt", level="supervisor")
    make_supervisor("Ines Institute", body="ipt-institute", level="D")
    # Certified, not a supervisor: an offer in the table (written around the service) never shows.
    plain = TherapistFactory(name="Carl Certified")
    SupervisionOfferFactory(therapist_id=plain.id)

    assert _names(client.get("/api/v1/supervisors?ladder=isipt")) == ["Ida Isipt"]
    assert _names(client.get("/api/v1/supervisors?ladder=ipt-institute")) == ["Ines Institute"]
    assert sorted(_names(client.get("/api/v1/supervisors"))) == ["Ida Isipt", "Ines Institute"]


def test_verified_and_self_reported_are_shown_as_such_and_verified_ranks_first(client):
    make_supervisor("Sam Selfreported", verified=False)
    make_supervisor("Vera Verified", verified=True)
    body = client.get("/api/v1/supervisors?ladder=isipt").get_json()
    assert [r["name"] for r in body["results"]] == ["Vera Verified", "Sam Selfreported"]
    first, second = body["results"]
    assert first["standings"][0]["verified"] is True
    assert "verified" in first["reasons"][0]
    assert second["standings"][0]["verified"] is False
    assert "self-reported" in second["reasons"][0]
    only = client.get("/api/v1/supervisors?ladder=isipt&verified_only=true")
    assert _names(only) == ["Vera Verified"]


def test_filters_adaptation_language_format_fee_and_taking_supervisees(client):
    make_supervisor("Ana Adolescents", adaptations=["ipt-a"], languages=["en", "es"])
    make_supervisor(
        "Gus Group",
        individual=False,
        group_sessions=True,
        fee_individual=None,
        fee_group=40,
        accepting=False,
    )
    assert _names(client.get("/api/v1/supervisors?adaptation=ipt-a")) == ["Ana Adolescents"]
    assert _names(client.get("/api/v1/supervisors?language=es")) == ["Ana Adolescents"]
    assert _names(client.get("/api/v1/supervisors?format=group")) == ["Gus Group"]
    assert _names(client.get("/api/v1/supervisors?max_fee=50")) == ["Gus Group"]
    assert _names(client.get("/api/v1/supervisors?accepting=true")) == ["Ana Adolescents"]


def test_taking_supervisees_shows_when_it_was_last_confirmed(client, app):
    app.config["TODAY"] = dt.date(2026, 6, 20)
    make_supervisor("Tess Taking", confirmed_on=dt.date(2026, 6, 15))
    result = client.get("/api/v1/supervisors").get_json()["results"][0]
    assert result["confirmed_on"] == "2026-06-15"
    assert "Taking supervisees — confirmed 5 days ago" in result["reasons"]


def test_time_zone_limits_and_ranks(client):
    make_supervisor("Chi Central", timezone="America/Chicago")
    make_supervisor("Lou London", timezone="Europe/London")
    near = client.get("/api/v1/supervisors?timezone=America/New_York&max_hours_apart=2")
    assert _names(near) == ["Chi Central"]
    both = client.get("/api/v1/supervisors?timezone=Europe/Paris").get_json()["results"]
    assert [r["name"] for r in both] == ["Lou London", "Chi Central"]
    assert "1 hour behind you (Europe/London)" in both[0]["reasons"]


def test_in_person_is_a_preference_not_a_filter(client):
    make_supervisor("Pat Portland", in_person=True)  # the factory's office is in Portland, OR
    far = TherapistFactory(
        name="Val Video",
        ipt_credentials=[
            CredentialFactory.build(
                body="isipt", level="supervisor", tier="supervisor", status="self-reported"
            )
        ],
    )
    SupervisionOfferFactory(therapist_id=far.id)
    body = client.get("/api/v1/supervisors?in_person_near=97205").get_json()
    assert body["total"] == 2
    first = body["results"][0]
    assert first["name"] == "Pat Portland"
    assert first["distance_mi"] is not None
    assert first["distance_mi"] < 5
    assert any("In-person supervision" in r for r in first["reasons"])
    assert body["results"][1]["distance_mi"] is None


def test_bad_search_input_names_the_field(client):
    for query, field in (
        ("timezone=Mars/Olympus", "timezone"),
        ("ladder=nope", "ladder"),
        ("max_fee=-5", "max_fee"),
        ("in_person_near=zzzzqqq", "in_person_near"),
        ("colour=blue", "colour"),
    ):
        response = client.get(f"/api/v1/supervisors?{query}")
        assert response.status_code == 422, query
        assert field in response.get_json()["message"], (query, response.get_json())


def test_the_page_lists_supervisors_with_reasons(client):
    make_supervisor("Ida Isipt")
    page = client.get("/supervisors?ladder=isipt&search=1")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Ida Isipt" in html
    assert "ISIPT Supervisor — verified" in html
    bad = client.get("/supervisors?timezone=Nowhere/Atall")
    assert bad.status_code == 422
    assert "is not a time zone" in bad.get_data(as_text=True)


# --- the supervisor's own offer ------------------------------------------------------------------


def _supervisor_account(verified: bool = True):
    from tests.training.factories import supervisor_credential

    therapist = TherapistFactory(
        name="Sue Supervisor", ipt_credentials=[supervisor_credential(verified=verified)]
    )
    return make_user("sue@example.org", therapist=therapist)


GOOD_OFFER = {
    "accepting": "on",
    "individual": "on",
    "fee_individual": "110",
    "timezone": "America/Denver",
    "languages": ["en", "es"],
    "adaptations": ["perinatal-ipt"],
}


def test_a_supervisor_saves_their_offer_and_is_found(client, logged_in):
    user = _supervisor_account()
    make_supervisor("Already There")
    assert _names(client.get("/api/v1/supervisors")) == ["Already There"]  # the pool is built
    logged_in(user)
    response = post_form(client, "/profile/supervision", GOOD_OFFER, page="/profile/supervision")
    assert response.status_code == 302
    offer = db.session.query(SupervisionOffer).filter_by(therapist_id=user.therapist_id).one()
    assert offer.timezone == "America/Denver"
    assert offer.languages == ["en", "es"]
    assert offer.confirmed_on is not None
    found = client.get("/api/v1/supervisors?adaptation=perinatal-ipt&language=es")
    assert _names(found) == ["Sue Supervisor"]  # the pool was patched with the new offer
    post_form(client, "/profile/supervision/withdraw", page="/profile/supervision")
    assert _names(client.get("/api/v1/supervisors")) == ["Already There"]


def test_an_offer_needs_a_supervisor_level_credential(client, logged_in, therapist_user):
    logged_in(therapist_user)  # holds IPT Institute Level B: certified, not a supervisor
    response = post_form(client, "/profile/supervision", GOOD_OFFER, page="/profile/supervision")
    assert response.status_code == 422
    assert "supervisor level or above" in response.get_data(as_text=True)
    assert db.session.query(SupervisionOffer).count() == 0


def test_bad_offers_name_the_field_and_save_nothing(client, logged_in):
    logged_in(_supervisor_account())
    for change, message in (
        ({"timezone": "Atlantis/Lost"}, "is not a time zone"),
        ({"fee_individual": "-10"}, "Give a fee from 0"),
        ({"fee_individual": "lots"}, "Not a valid integer"),
        ({"individual": "", "group": ""}, "Offer individual or group supervision"),
        ({"languages": ["xx"]}, "Must be one of"),
    ):
        form = {**GOOD_OFFER, **change}
        response = post_form(client, "/profile/supervision", form, page="/profile/supervision")
        assert response.status_code == 422, change
        assert message in response.get_data(as_text=True), change
    assert db.session.query(SupervisionOffer).count() == 0


def test_confirm_and_withdraw(client, logged_in, app):
    logged_in(_supervisor_account())
    post_form(client, "/profile/supervision", GOOD_OFFER, page="/profile/supervision")
    app.config["TODAY"] = dt.date.today() + dt.timedelta(days=30)
    post_form(
        client, "/profile/supervision/confirm", {"accepting": "no"}, page="/profile/supervision"
    )
    offer = db.session.query(SupervisionOffer).one()
    db.session.refresh(offer)
    assert offer.accepting is False
    assert offer.confirmed_on == app.config["TODAY"]
    post_form(client, "/profile/supervision/withdraw", page="/profile/supervision")
    assert db.session.query(SupervisionOffer).count() == 0


def test_the_list_follows_a_verification_and_a_hidden_profile(client):
    supervisor = make_supervisor("Val Later", verified=False)
    first = client.get("/api/v1/supervisors?verified_only=true").get_json()
    assert first["total"] == 0
    cred = supervisor.ipt_credentials[0]
    cred.status, cred.verified_at = "verified", utcnow()
    db.session.commit()
    assert _names(client.get("/api/v1/supervisors?verified_only=true")) == ["Val Later"]
    supervisor.visibility = "hidden"
    db.session.commit()
    assert _names(client.get("/api/v1/supervisors")) == []


def test_the_page_shows_everyone_at_first_and_pages_on(client):
    for n in range(3):
        make_supervisor(f"Sup {n}")
    first = client.get("/supervisors").get_data(as_text=True)
    assert "3 supervisors" in first
    paged = client.get("/supervisors?limit=2").get_data(as_text=True)
    assert "More supervisors" in paged
    assert "offset=2" in paged
    last = client.get("/supervisors?limit=2&offset=2").get_data(as_text=True)
    assert "More supervisors" not in last
