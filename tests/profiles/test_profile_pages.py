"""Creating, editing (with conflicts), previewing, publishing and hiding a profile on the web."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select

from app.accounts.models import AuditEntry
from app.core.extensions import db
from app.directory.models import Therapist
from tests.accounts.helpers import csrf_from, login, make_user, post_form

FULL_FORM = {
    "name": "Dr. Ana Lima",
    "credential_letters": "PhD",
    "pronouns": "she/her",
    "gender": "woman",
    "bio": "I use IPT for depression.\n\nSessions in English and Portuguese.",
    "accepting_clients": "on",
    "telehealth": "on",
    "psypact": "on",
    "fee_min": "120",
    "fee_max": "$180",
    "sliding_scale": "on",
    "email": "ana@lima.example",
    "phone": "+1 (503) 555-0101",
    "website": "https://lima.example",
    "npi": "1234567893",
    "locations-0-label": "Downtown",
    "locations-0-address": "100 SW Main St",
    "locations-0-city": "Portland",
    "locations-0-state": "OR",
    "locations-0-zip": "97204",
    "locations-0-show_address": "on",
    "locations-1-city": "",
    "licences-0-licence_type": "psychologist",
    "licences-0-title": "PsyD",
    "licences-0-state": "OR",
    "licences-0-number": "PSY-1234",
    "licences-0-expires_on": "2030-01-31",
    "licences-0-nucc_code": "103TC0700X",
    "specialties": ["depression", "perinatal-depression"],
    "primary_specialties": ["perinatal-depression"],
    "adaptations": ["ipt", "ipt-a"],
    "age_groups": ["adults", "adolescents"],
    "session_formats": ["individual"],
    "delivery_formats": ["video"],
    "languages": ["en", "pt"],
    "insurance": ["aetna"],
}


def _new(client, form=None):
    return post_form(client, "/profile/new", form or FULL_FORM, page="/profile/new")


def _edit_form(client) -> dict:
    """The edit form's hidden fields (version, base) as the browser would send them back."""
    html = client.get("/profile/edit").get_data(as_text=True)
    return {
        "version": re.search(r'name="version" value="([^"]*)"', html).group(1),
        "base": re.search(r'name="base" value="([^"]*)"', html).group(1),
        "csrf_token": csrf_from(html),
    }


def test_create_a_profile_through_the_form_geocodes_and_stores_every_field(client):
    user = make_user()
    login(client, user)
    assert "Create a profile" in client.get("/profile").get_data(as_text=True)
    response = _new(client)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    db.session.refresh(user)
    t = db.session.get(Therapist, user.therapist_id)
    assert t.visibility == "draft"
    assert t.name == "Dr. Ana Lima"
    assert t.fee_min == 120
    assert t.fee_max == 180
    assert t.psypact
    assert t.telehealth
    assert t.sliding_scale
    assert t.accepting_clients
    assert t.accepting_confirmed_on == dt.date.today()
    [loc] = t.locations
    assert (loc.city, loc.state, loc.zip, loc.show_address) == ("Portland", "OR", "97204", True)
    assert abs(loc.lat - 45.52) < 0.1
    assert abs(loc.lon + 122.68) < 0.1
    [lic] = t.licences
    assert (lic.licence_type, lic.number, lic.expires_on) == (
        "psychologist",
        "PSY-1234",
        dt.date(2030, 1, 31),
    )
    assert sorted(t.languages) == ["en", "pt"]
    assert list(t.insurance) == ["aetna"]
    assert {(s.condition_slug, s.is_primary) for s in t.specialties} == {
        ("depression", False),
        ("perinatal-depression", True),
    }
    assert sorted(t.adaptations) == ["ipt", "ipt-a"]
    # Drafts are not public.
    assert client.get(f"/api/v1/therapists/{t.id}").status_code == 404


def test_unknown_places_get_an_error_naming_the_field(client):
    login(client, make_user())
    wrong_state = _new(client, {**FULL_FORM, "locations-0-state": "WA"})
    assert wrong_state.status_code == 422
    html = wrong_state.get_data(as_text=True)
    assert "ZIP 97204 is in OR, not WA." in html
    assert 'id="locations-0-zip-error"' in html
    unknown_town = _new(client, {**FULL_FORM, "locations-0-city": "Xqzzyville"})
    html = unknown_town.get_data(as_text=True)
    assert unknown_town.status_code == 422
    assert "could not find a town called" in html
    assert "Xqzzyville" in html
    assert 'id="locations-0-city-error"' in html
    not_a_zip = _new(client, {**FULL_FORM, "locations-0-zip": "00000"})
    assert not_a_zip.status_code == 422
    assert "ZIP 00000 is not a US ZIP code." in not_a_zip.get_data(as_text=True)
    # What the person typed is still in the form.
    assert 'value="Xqzzyville"' in unknown_town.get_data(as_text=True)
    assert db.session.scalar(select(Therapist)) is None


def test_invalid_input_is_reported_per_field_and_nothing_is_saved(client, therapist_user):
    login(client, therapist_user)
    before = db.session.get(Therapist, therapist_user.therapist_id).name
    response = post_form(
        client,
        "/profile/edit",
        {**FULL_FORM, "fee_min": "lots", "website": "ftp://x", "npi": "1234567890", "name": ""},
        page="/profile/edit",
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    for field in ("fee_min", "website", "npi", "name"):
        assert f'id="{field}-error"' in html, field
    db.session.expire_all()
    assert db.session.get(Therapist, therapist_user.therapist_id).name == before


def test_edit_saves_every_field_and_moves_the_version_on(client, therapist_user):
    login(client, therapist_user)
    t = db.session.get(Therapist, therapist_user.therapist_id)
    version = t.version
    hidden = _edit_form(client)
    response = client.post("/profile/edit", data={**FULL_FORM, **hidden, "slug": "ana-lima"})
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    db.session.expire_all()
    t = db.session.get(Therapist, therapist_user.therapist_id)
    assert t.version > version
    assert (t.name, t.slug, t.phone, t.website) == (
        "Dr. Ana Lima",
        "ana-lima",
        "+1 (503) 555-0101",
        "https://lima.example",
    )
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "profile.edit"))
    assert "name" in entry.after["fields"]
    assert "Dr. Ana Lima" not in str(entry.after)
    # A change to a location alone also moves the version on.
    hidden = _edit_form(client)
    version = t.version
    client.post(
        "/profile/edit",
        data={**FULL_FORM, **hidden, "slug": "ana-lima", "locations-0-label": "Uptown"},
    )
    db.session.expire_all()
    t = db.session.get(Therapist, therapist_user.therapist_id)
    assert t.locations[0].label == "Uptown"
    assert t.version > version


def test_an_edit_based_on_an_old_version_is_refused_with_a_diff_and_nothing_is_lost(
    client, therapist_user
):
    login(client, therapist_user)
    hidden = _edit_form(client)  # the therapist opens the form…
    # …meanwhile the profile changes (another tab, a colleague, an import).
    t = db.session.get(Therapist, therapist_user.therapist_id)
    t.phone = "+1 503 555 0199"
    t.fee_min = 90
    db.session.commit()

    mine = {**FULL_FORM, **hidden, "bio": "My new bio, typed for ten minutes."}
    response = client.post("/profile/edit", data=mine)
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Someone else saved this profile while you were editing" in html
    table = html[html.index("<table>") : html.index("</table>")]
    assert "Phone" in table
    assert "+1 503 555 0199" in table
    assert "(empty)" in table
    assert "Lowest fee" in table
    assert "90" in table
    assert "120" in table
    assert "About you" not in table  # the bio was not changed by anyone else
    assert "My new bio, typed for ten minutes." in html  # the person's work is still in the form
    db.session.expire_all()
    t = db.session.get(Therapist, therapist_user.therapist_id)
    assert t.bio != "My new bio, typed for ten minutes."
    assert t.phone == "+1 503 555 0199"

    # Saving again from the conflict page (it carries the new version) keeps the form's values.
    again = {
        **mine,
        "version": re.search(r'name="version" value="([^"]*)"', html).group(1),
        "base": re.search(r'name="base" value="([^"]*)"', html).group(1),
        "csrf_token": csrf_from(html),
    }
    assert client.post("/profile/edit", data=again).status_code == 302
    db.session.expire_all()
    assert db.session.get(Therapist, therapist_user.therapist_id).bio.startswith("My new bio")


def test_validation_errors_keep_the_original_version(client, therapist_user):
    login(client, therapist_user)
    hidden = _edit_form(client)
    first = client.post("/profile/edit", data={**FULL_FORM, **hidden, "name": ""})
    assert first.status_code == 422
    assert f'name="version" value="{hidden["version"]}"' in first.get_data(as_text=True)


def test_preview_publish_hide(client):
    user = make_user()
    login(client, user)
    created = _new(
        client,
        {k: v for k, v in FULL_FORM.items() if not k.startswith("licences") and k != "psypact"},
    )
    assert created.status_code == 302
    db.session.refresh(user)
    preview = client.get("/profile/preview")
    assert preview.status_code == 200
    html = preview.get_data(as_text=True)
    assert "Dr. Ana Lima" in html
    assert 'class="avatar' in html
    assert "<img" not in html
    refused = post_form(client, "/profile/publish", page="/profile")
    assert refused.status_code == 302
    assert "Add at least one state licence" in client.get("/profile").get_data(as_text=True)
    assert db.session.get(Therapist, user.therapist_id).visibility == "draft"

    hidden = _edit_form(client)
    client.post("/profile/edit", data={**FULL_FORM, **hidden})
    post_form(client, "/profile/publish", page="/profile")
    db.session.expire_all()
    t = db.session.get(Therapist, user.therapist_id)
    assert t.visibility == "published"
    assert client.get(f"/api/v1/therapists/{t.id}").status_code == 200
    post_form(client, "/profile/hide", page="/profile")
    db.session.expire_all()
    assert db.session.get(Therapist, user.therapist_id).visibility == "hidden"
    assert client.get(f"/api/v1/therapists/{t.id}").status_code == 404


def test_empty_optional_dates_and_spare_rows_are_ignored(client):
    """Regression: a browser sends empty date inputs and the spare blank rows."""
    login(client, make_user())
    form = {
        **FULL_FORM,
        "licences-0-expires_on": "",
        "licences-1-licence_type": "",
        "licences-1-state": "",
    }
    assert _new(client, form).status_code == 302


def test_one_account_one_profile(client, therapist_user):
    login(client, therapist_user)
    response = client.get("/profile/new")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/profile/edit")


def test_publishing_needs_a_way_to_contact_the_therapist(client):
    """Issue 14: a listing is not published with an empty Contact box."""
    user = make_user()
    login(client, user)
    no_contact = {k: v for k, v in FULL_FORM.items() if k not in ("email", "phone", "website")}
    assert _new(client, no_contact).status_code == 302
    post_form(client, "/profile/publish", page="/profile")
    assert "Add a way for people to reach you" in client.get("/profile").get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Therapist, user.therapist_id).visibility == "draft"

    hidden = _edit_form(client)
    client.post("/profile/edit", data={**no_contact, **hidden, "phone": "+1 503 555 0101"})
    post_form(client, "/profile/publish", page="/profile")
    db.session.expire_all()
    assert db.session.get(Therapist, user.therapist_id).visibility == "published"


def test_main_focus_counts_without_ticking_it_twice_and_websites_get_https(client):
    """Issue 14: 'Your main focus' was dropped unless also ticked above; 'lima.example' refused."""
    user = make_user()
    login(client, user)
    form = {
        **FULL_FORM,
        "specialties": ["depression"],
        "primary_specialties": ["grief"],
        "website": "lima.example/about",
    }
    assert _new(client, form).status_code == 302
    db.session.expire_all()
    t = db.session.get(Therapist, user.therapist_id)
    assert {(s.condition_slug, s.is_primary) for s in t.specialties} == {
        ("depression", False),
        ("grief", True),
    }
    assert t.website == "https://lima.example/about"


def test_state_lists_are_sorted_by_name(client):
    login(client, make_user())
    html = client.get("/profile/new").get_data(as_text=True)
    assert html.index(">Idaho<") < html.index(">Illinois<") < html.index(">Indiana<")
    assert html.index(">Indiana<") < html.index(">Iowa<")


def test_ways_in_for_therapists_and_the_preview_is_the_public_page(client):
    """Issue 14: 'For therapists' on public pages; preview = the public page with a banner;
    after publishing, a link to the public page."""
    home = client.get("/").get_data(as_text=True)
    assert 'href="/for-therapists"' in home
    assert 'href="/account/login"' in home
    assert 'href="/account/signup"' in home
    assert 'href="/profile/claim"' in home
    page = client.get("/for-therapists").get_data(as_text=True)
    for text in ("Sign up", "Log in", "Claim your listing"):
        assert text in page

    user = make_user()
    login(client, user)
    _new(client)
    preview = client.get("/profile/preview")
    html = preview.get_data(as_text=True)
    assert 'class="preview-banner"' in html
    assert "It is not public yet" in html
    assert 'id="contact-title"' in html  # the seeker's profile page, not a look-alike
    assert "no-store" in preview.headers["Cache-Control"]
    post_form(client, "/profile/publish", page="/profile")
    db.session.expire_all()
    t = db.session.get(Therapist, user.therapist_id)
    dashboard = client.get("/profile").get_data(as_text=True)
    assert "View your public page" in dashboard
    assert f'href="/therapists/{t.slug}"' in dashboard
