"""Rough edges a walkthrough found on the seeker pages (issue 14), each with its test."""

from __future__ import annotations

from app.core.extensions import db
from tests.factories import LocationFactory, TherapistFactory
from tests.seeker.conftest import perinatal_therapist


def text_of(response) -> str:
    return response.get_data(as_text=True)


def test_no_empty_what_you_can_try_box(client):
    """Nothing by video in the state and no wider radius helps: say what can be changed."""
    TherapistFactory(telehealth=False, languages=["en"])
    html = text_of(
        client.get(
            "/search",
            query_string={"location": "Portland, OR", "telehealth": "only", "language": "es"},
        )
    )
    assert "No therapists found" in html
    assert "What you can try" in html
    assert "Search without the language filter" in html
    assert 'class="suggestion-links">\n    \n  </ul>' not in html


def test_summary_line_names_every_filter(client):
    perinatal_therapist(languages=["en", "es"])
    html = text_of(
        client.get(
            "/search",
            query_string={
                "location": "Portland, OR",
                "language": "es",
                "verified_only": "1",
                "accepting": "1",
            },
        )
    )
    start = html.index('class="understood-chips"')
    summary = html[start : html.index("</section>", start)].lower()
    assert "spanish" in summary
    assert "verified" in summary
    assert "accepting" in summary


def test_lowercase_slugs_still_get_the_guidance_note(client):
    TherapistFactory()
    for condition in ("ocd", "substance-use", "OCD"):
        html = text_of(
            client.get("/search", query_string={"location": "Portland, OR", "condition": condition})
        )
        assert "A note before you choose" in html, condition


def test_a_page_past_the_end_goes_to_the_last_page(client):
    for i in range(12):
        perinatal_therapist(f"Therapist {i}")
    response = client.get("/search", query_string={"location": "Portland, OR", "page": "999"})
    assert response.status_code == 302
    assert "page=2" in response.location
    html = text_of(client.get(response.location))
    assert "Showing 11–12 of 12" in html
    assert "9981" not in html


def test_a_place_outside_the_us_says_the_directory_covers_the_us(client):
    TherapistFactory(telehealth=True)
    html = text_of(client.get("/search", query_string={"location": "London"}))
    assert "This directory covers the United States" in html
    assert "London, United Kingdom" in html
    assert "telehealth=only" in html  # offers video sessions
    plain = text_of(client.get("/search", query_string={"location": "London, KY"}))
    assert "This directory covers the United States" not in plain


def test_plurals_and_tiny_distances(client):
    """'1 therapists', 'Only 1 therapist match' and '0.0 mi away' were all on screen."""
    t = perinatal_therapist(
        "Next Door", locations=[LocationFactory.build(lat=45.5152, lon=-122.6784)]
    )
    db.session.commit()
    html = text_of(client.get("/search", query_string={"location": "45.5152,-122.6784"}))
    assert "0.0 mi" not in html
    assert "under 0.1 mi" in html
    assert "1 IPT therapist near" in html
    assert "Only 1 therapist matches" in html or "Within" in html
    assert "1 therapists" not in html
    assert t.name in html
