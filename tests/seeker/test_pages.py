"""The seeker's pages through the test client: search, results, profiles and information pages."""

from __future__ import annotations

import datetime as dt

from app.core.extensions import db
from app.directory.models import Specialty
from tests.factories import LocationFactory, TherapistFactory
from tests.seeker.conftest import perinatal_therapist

SEARCH = {"location": "Portland, OR", "condition": "post partum depression", "insurance": "BCBS"}


def text_of(response) -> str:
    return response.get_data(as_text=True)


def test_home_has_the_search_form_and_crisis_resources(client):
    response = client.get("/")
    assert response.status_code == 200
    html = text_of(response)
    assert 'action="/search"' in html
    assert 'method="get"' in html
    for name in (
        "q",
        "location",
        "condition",
        "insurance",
        "telehealth",
        "age_group",
        "language",
        "min_ipt_tier",
        "verified_only",
        "accepting",
        "radius_mi",
    ):
        assert f'name="{name}"' in html, name
    assert "going on and where you are</label>" in html  # one box leads
    assert html.index('name="q"') < html.index("<summary>More options</summary>")
    assert html.index("<summary>More options</summary>") < html.index('name="location"')
    assert 'href="tel:988"' in html
    assert 'href="sms:988"' in html
    assert 'href="tel:112"' in html
    assert 'data-suggest="/suggest/conditions"' in html
    assert "<script>" not in html
    assert "style=" not in html


def test_results_are_ranked_and_explained(client, portland_listings):
    response = client.get("/search", query_string=SEARCH)
    assert response.status_code == 200
    html = text_of(response)
    assert "2 IPT therapists near Portland, OR" in html
    assert html.index("Ada Lovelace") < html.index("Bea Brown")
    assert "Cy Chen" not in html  # takes Aetna, not BCBS, and no perinatal work
    assert "Specialises in perinatal &amp; postpartum depression" in html
    assert "Accepts Blue Cross Blue Shield" in html
    assert "Verified</span>" in html
    assert "verified March 2026" in html
    assert "Accepting clients — confirmed today" in html
    assert "Perinatal &amp; postpartum depression" in html  # what we understood
    assert 'href="/therapists/ada-lovelace"' in html
    assert "data-map=" in html  # markers for the in-person results


def test_stale_availability_is_marked(client):
    perinatal_therapist(accepting_confirmed_on=dt.date.today() - dt.timedelta(days=200))
    html = text_of(client.get("/search", query_string={"location": "97204"}))
    assert "not confirmed for 200 days" in html
    assert "May be out of date" in html


def test_pagination_and_sort_links_keep_the_search(client):
    for n in range(12):
        TherapistFactory(name=f"Person {n:02d}")
    html = text_of(client.get("/search", query_string={"location": "97204", "insurance": ""}))
    assert "12 IPT therapists" in html
    assert "Showing 1–10 of 12" in html
    assert 'href="/search?location=97204&amp;page=2"' in html
    assert 'aria-current="page"' in html
    page2 = text_of(client.get("/search?location=97204&page=2"))
    assert "Showing 11–12 of 12" in page2
    assert 'href="/search?location=97204&amp;sort=distance"' in page2


def test_ambiguous_place_asks_which_one(client):
    TherapistFactory()
    html = text_of(client.get("/search", query_string={"location": "Springfield"}))
    assert "Which Springfield did you mean?" in html
    assert 'href="/search?location=Springfield,+IL"' in html
    assert 'href="/search?location=Springfield,+MA"' in html


def test_unknown_place_shows_the_form_again_with_the_error(client):
    response = client.get("/search", query_string={"location": "Xyzzyq", "condition": "grief"})
    assert response.status_code == 422
    html = text_of(response)
    assert "<title>Error:" in html
    assert "There is a problem" in html
    assert 'href="#location">Where are you?: We couldn' in html
    assert 'aria-invalid="true"' in html
    assert 'value="grief"' in html  # what they typed is kept


def test_missing_location_names_the_field(client):
    response = client.get("/search", query_string={"condition": "grief"})
    assert response.status_code == 422
    assert "Enter a location" in text_of(response)


def test_bad_filters_are_named(client):
    response = client.get(
        "/search", query_string={"location": "97204", "radius_mi": "900", "age_group": "toddlers"}
    )
    assert response.status_code == 422
    html = text_of(response)
    assert "Choose a distance between 1 and 200 miles." in html
    assert "Who is the therapy for?: Not a valid choice" in html


def test_empty_search_goes_home(client):
    response = client.get("/search")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_crisis_text_puts_crisis_help_first_and_still_shows_results(client):
    perinatal_therapist()
    html = text_of(
        client.get(
            "/search", query_string={"location": "97204", "condition": "I want to kill myself"}
        )
    )
    main = html[html.index("<main") :]
    assert main.index("crisis-panel") < main.index("<h1")
    assert 'href="tel:988"' in main[: main.index("<h1")]
    assert 'href="#results"' in main
    assert "Ada Lovelace" in main


def test_not_indicated_condition_shows_guidance_above_results(client):
    TherapistFactory(specialties=[Specialty(condition_slug="ocd", is_primary=True)])
    html = text_of(client.get("/search", query_string={"location": "97204", "condition": "OCD"}))
    assert "A note before you choose" in html
    assert "exposure and response prevention" in html
    assert html.index("A note before you choose") < html.index('class="results"')


def test_few_results_offer_wider_radius_and_telehealth_links(client):
    near = TherapistFactory(name="Near One")
    far = TherapistFactory(
        name="Far One", telehealth=False, locations=[LocationFactory.build(lat=45.95, lon=-122.68)]
    )
    TherapistFactory(
        name="Video Only", locations=[LocationFactory.build(lat=44.05, lon=-123.09, city="Eugene")]
    )
    db.session.commit()
    html = text_of(
        client.get(
            "/search",
            query_string={"location": "97204", "telehealth": "exclude", "radius_mi": "10"},
        )
    )
    assert near.name in html
    assert far.name not in html
    assert "radius_mi=20" in html or "radius_mi=40" in html
    assert "telehealth=only" in html


def test_hostile_names_and_bios_are_escaped(client):
    evil = "<script>alert(1)</script>"
    t = perinatal_therapist(
        name=f"Eve {evil}",
        bio=f"Hi {evil}",
        pronouns=evil,
        credential_letters=evil,
        website="javascript:alert(1)",
        slug="eve",
    )
    for path in (
        "/search?location=97204",
        f"/therapists/{t.slug}",
        f"/therapists/{t.slug}/contact",
        f"/therapists/{t.slug}/report",
    ):
        html = text_of(client.get(path))
        assert evil not in html, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, path
    profile = text_of(client.get("/therapists/eve"))
    assert 'href="javascript:' not in profile


def test_profile_shows_every_public_field(client):
    t = perinatal_therapist(
        slug="ada",
        pronouns="she/her",
        bio="Line one.\nLine two.",
        website="https://ada.example.org",
        npi="1234567893",
        psypact=True,
        sliding_scale=True,
        gender="woman",
        languages=["en", "es"],
        age_groups=["adults", "adolescents"],
        session_formats=["individual"],
        delivery_formats=["video"],
        adaptations=["perinatal-ipt"],
        locations=[
            LocationFactory.build(address="1 Shown St", show_address=True),
            LocationFactory.build(address="2 Secret Ave", show_address=False, label="Second"),
        ],
    )
    html = text_of(client.get(f"/therapists/{t.slug}"))
    for text in (
        "Ada Lovelace",
        "she/her",
        "Line one.",
        "ada.example.org",
        "1234567893",
        "PSYPACT",
        "sliding scale",
        "Woman",
        "Spanish",
        "Adolescents",
        "Individual",
        "Video",
        "Perinatal IPT",
        "Blue Cross Blue Shield",
        "$100–$150",
        "1 Shown St",
        "Clinical social worker",
        "LCSW",
        "Perinatal &amp; postpartum depression",
        "IPT Institute",
        "503 555 0100",
        "ada@example.org",
        "Send a message",
        "Report a problem with this listing",
    ):
        assert text in html, text
    assert "2 Secret Ave" not in html
    assert 'rel="nofollow noopener noreferrer"' in html


def test_hidden_and_draft_profiles_are_404_pages(client):
    hidden = TherapistFactory(visibility="hidden", slug="hidden-one")
    draft = TherapistFactory(visibility="draft", slug="draft-one")
    for t in (hidden, draft):
        for path in (
            f"/therapists/{t.slug}",
            f"/therapists/{t.slug}/contact",
            f"/therapists/{t.slug}/report",
        ):
            response = client.get(path)
            assert response.status_code == 404, path
            assert "We can't find that page" in text_of(response)
            assert t.name not in text_of(response)
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert 'href="tel:988"' in text_of(response)


def test_api_errors_stay_json(client):
    response = client.get("/api/v1/nope")
    assert response.status_code == 404
    assert response.get_json()["code"] == 404
    response = client.get("/api/v1/therapists/999999")
    assert response.status_code == 404
    assert response.get_json()["status"] == "Not Found"


def test_information_pages(client):
    html = text_of(client.get("/what-is-ipt"))
    for text in (
        "Grief and loss",
        "12 to 16 weekly sessions",
        "first one to three sessions",
        "Obsessive-compulsive disorder",
        "International Society of Interpersonal Psychotherapy",
        "IPT UK",
        "IPT Institute",
        "What “verified” means here",
    ):
        assert text in html, text
    html = text_of(client.get("/crisis"))
    assert 'href="tel:988"' in html
    assert 'href="sms:988"' in html
    assert "988lifeline.org/chat" in html
    assert 'href="tel:911"' in html
    assert 'href="tel:112"' in html


def test_pages_keep_the_strict_csp_and_load_nothing_third_party(client, portland_listings):
    for path in ("/", "/search?location=97204", "/therapists/ada-lovelace", "/what-is-ipt"):
        response = client.get(path)
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self';" in csp
        assert "img-src 'self' data:;" in csp
        assert "Set-Cookie" not in response.headers  # browsing and searching leave no cookie
        html = text_of(response)
        assert "<script>" not in html
        for attr in ('src="http', "src='http", 'href="//'):
            assert attr not in html


def test_map_tiles_only_when_configured_and_then_allowed_by_csp(app, client, portland_listings):
    html = text_of(client.get("/search", query_string=SEARCH))
    assert '"tiles": null' in html
    app.config["MAP_TILE_URL"] = "https://{s}.tiles.example.org/{z}/{x}/{y}.png"
    response = client.get("/search", query_string=SEARCH)
    assert (
        "img-src 'self' data: https://*.tiles.example.org;"
        in response.headers["Content-Security-Policy"]
    )
    assert "tiles.example.org/{z}" in text_of(response)


def test_server_errors_on_pages_are_friendly_and_api_errors_stay_json(app):
    from flask import abort

    from app import create_app

    broken = create_app(dict(app.config))  # routes can only be added before the first request
    broken.add_url_rule("/broken-page", "broken_page", lambda: abort(500))
    broken.add_url_rule("/api/v1/broken", "broken_api", lambda: abort(500))
    client = broken.test_client()
    response = client.get("/broken-page")
    assert response.status_code == 500
    html = text_of(response)
    assert "Something went wrong on our side" in html
    assert 'href="tel:988"' in html
    response = client.get("/api/v1/broken")
    assert response.status_code == 500
    assert response.get_json()["code"] == 500
