"""The widget's server side: loader, frame headers, presets, hostile options, no cookies."""

from __future__ import annotations

import re

import pytest

from app.partners import services
from app.partners.services import Presets
from tests.partners.conftest import ORIGIN

FRAME = "/widget/frame"


def _frame(client, new, **params):
    return client.get(FRAME, query_string={"key": new.public_id, **params})


def _frame_ancestors(response) -> str:
    policy = response.headers["Content-Security-Policy"]
    [directive] = [d.strip() for d in policy.split(";") if d.strip().startswith("frame-ancestors")]
    return directive


def _assert_no_cookies(response):
    assert "Set-Cookie" not in response.headers
    assert "Cookie" not in response.vary


def test_loader_script_is_served_for_any_site(client):
    with client.get("/widget.js") as response:
        assert response.status_code == 200
        assert response.mimetype == "text/javascript"
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert response.headers["Cross-Origin-Resource-Policy"] == "cross-origin"
        assert "max-age" in response.headers["Cache-Control"]
        assert "ipt-directory:height" in response.get_data(as_text=True)
        _assert_no_cookies(response)


def test_frame_may_be_framed_only_by_the_partners_origins(client, make_partner):
    _partner, new = make_partner(origins=[ORIGIN, "http://localhost:8000"])
    response = _frame(client, new)
    assert response.status_code == 200
    assert _frame_ancestors(response) == "frame-ancestors http://localhost:8000 " + ORIGIN
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "default-src 'none'" in policy
    assert "X-Frame-Options" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"
    _assert_no_cookies(response)


def test_frame_of_a_partner_without_origins_cannot_be_framed(client, make_partner):
    _partner, new = make_partner(origins=[])
    response = _frame(client, new)
    assert _frame_ancestors(response) == "frame-ancestors 'none'"


def test_frame_has_crisis_resources_and_a_labelled_form(client, partner_key):
    _partner, new = partner_key
    html = _frame(client, new).get_data(as_text=True)
    assert 'href="tel:988"' in html
    assert 'href="tel:911"' in html
    assert '<label for="w-location">' in html
    assert 'action="/widget/frame"' in html
    assert "<script>" not in html  # no inline script: only the external frame.js
    assert 'src="/static/widget/frame.js"' in html


def test_frame_sets_no_cookie_even_for_a_visitor_with_a_session(client, partner_key):
    _partner, new = partner_key
    with client.session_transaction() as session:  # e.g. a therapist signed in on the directory
        session.permanent = True  # Flask refreshes permanent sessions' cookies on every response
        session["seen"] = True
    assert "Set-Cookie" in client.get("/healthz").headers  # elsewhere, the cookie is refreshed
    for response in (
        _frame(client, new),
        _frame(client, new, location="Portland, OR"),
        client.get(FRAME, query_string={"key": "ipt_aaaaaaaaaaaa"}),
        client.get("/widget/theme.css", query_string={"accent": "0b5cab"}),
    ):
        assert response.status_code in (200, 404)
        _assert_no_cookies(response)


@pytest.mark.parametrize(
    ("key", "status", "text"),
    [
        ("ipt_aaaaaaaaaaaa", 404, "not recognised"),
        ("", 400, "missing or malformed"),
        ('"><script>alert(1)</script>', 400, "missing or malformed"),
    ],
)
def test_unknown_keys_get_a_clear_message_any_site_may_show(client, key, status, text):
    response = client.get(FRAME, query_string={"key": key})
    assert response.status_code == status
    html = response.get_data(as_text=True)
    assert text in html
    assert "<script>alert(1)</script>" not in html
    assert 'href="tel:988"' in html
    assert _frame_ancestors(response) == "frame-ancestors *"
    assert "X-Frame-Options" not in response.headers
    _assert_no_cookies(response)


def test_revoked_key_shows_that_the_search_is_switched_off(client, partner_key):
    _partner, new = partner_key
    assert _frame(client, new).status_code == 200
    services.revoke_key(services.find_key(new.public_id))
    response = _frame(client, new, location="Portland, OR")
    assert response.status_code == 410
    assert "switched off" in response.get_data(as_text=True)
    assert "<form" not in response.get_data(as_text=True)


def test_a_secret_key_in_the_frame_url_is_refused_and_not_echoed(client, partner_key):
    _partner, new = partner_key
    response = client.get(FRAME, query_string={"key": new.full})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "secret API key" in html
    assert new.secret not in html


HOSTILE = {
    "accent": "red;}</style><script>alert(1)</script>",
    "mode": "<script>alert(2)</script>",
    "condition": '"><img src=x onerror=alert(3)>',
    "wid": '"><svg onload=alert(4)>',
    "origin": "javascript:alert(5)",
}


def test_hostile_options_are_neutralised(client, partner_key):
    _partner, new = partner_key
    response = _frame(client, new, **HOSTILE)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for value in HOSTILE.values():
        assert value not in html
    assert "alert(" not in html
    assert "/widget/theme.css" not in html
    assert 'class="w-mode-compact"' in html
    assert 'data-parent-origin=""' in html
    assert 'data-widget-id=""' in html
    assert '<option value="" selected>Any concern</option>' in html


def test_valid_options_are_applied(client, partner_key):
    _partner, new = partner_key
    response = _frame(
        client,
        new,
        accent="0B5CAB",
        mode="full",
        condition="perinatal-depression",
        wid="w123abc",
        origin=ORIGIN,
    )
    html = response.get_data(as_text=True)
    assert 'href="/widget/theme.css?accent=0b5cab"' in html
    assert 'class="w-mode-full"' in html
    assert f'data-parent-origin="{ORIGIN}"' in html
    assert 'data-widget-id="w123abc"' in html
    assert '<option value="perinatal-depression" selected>' in html
    assert 'name="insurance"' in html  # full mode offers more fields


def test_an_unregistered_parent_origin_is_never_a_message_target(client, make_partner):
    _partner, new = make_partner(origins=[ORIGIN, "https://second.example"])
    html = _frame(client, new, origin="https://evil.example").get_data(as_text=True)
    assert 'data-parent-origin=""' in html
    # A single-origin partner's plain iframe (no origin parameter) reports to that origin.
    _single, single = make_partner(origins=[ORIGIN])
    assert f'data-parent-origin="{ORIGIN}"' in _frame(client, single).get_data(as_text=True)


def test_theme_stylesheet_only_from_a_valid_colour(client):
    response = client.get("/widget/theme.css", query_string={"accent": "ffff00"})
    assert response.status_code == 200
    assert response.mimetype == "text/css"
    css = response.get_data(as_text=True)
    assert "--accent: #ffff00;" in css
    assert "--on-accent: #000000;" in css  # dark text on a light accent
    ink = re.search(r"--accent-ink: (#[0-9a-f]{6});", css)[1]
    assert ink != "#ffff00"  # darkened for readable links
    for bad in ("red", "ffff00;}body{display:none", "<script>", ""):
        assert client.get("/widget/theme.css", query_string={"accent": bad}).status_code == 404


def test_search_in_the_frame_lists_results_linking_to_profiles(client, partner_key, portland):
    _partner, new = partner_key
    response = _frame(client, new, location="Portland, OR")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "3 therapists found" in html
    for therapist in portland.values():
        assert therapist.name in html
        assert re.search(
            rf'href="[^"]*{therapist.slug}[^"]*" target="_blank" rel="noopener"', html
        ) or re.search(rf'href="/api/v1/therapists/{therapist.id}" target="_blank"', html)
    assert "Verified IPT credential" in html


def test_profile_links_go_to_the_profile_page_when_there_is_one(app, client, partner_key, portland):
    _partner, new = partner_key
    html = _frame(client, new, location="Portland, OR").get_data(as_text=True)
    ada = portland["ada"]
    has_page = any(r.rule == "/therapists/<slug>" for r in app.url_map.iter_rules())
    expected = f"/therapists/{ada.slug}" if has_page else f"/api/v1/therapists/{ada.id}"
    assert f'href="{expected}" target="_blank" rel="noopener"' in html


def test_search_errors_are_shown_next_to_the_field(client, partner_key):
    _partner, new = partner_key
    html = _frame(client, new, location="").get_data(as_text=True)
    assert 'aria-invalid="true"' in html
    assert "Enter your town" in html
    html = _frame(client, new, location="Narnia").get_data(as_text=True)
    assert 'id="w-location-error"' in html


def test_presets_narrow_the_search(client, make_partner, portland):
    _partner, new = make_partner(
        presets=Presets(
            conditions=["perinatal-depression"],
            verified_only=False,
            location="Portland, OR",
            radius_mi=50,
        )
    )
    first = _frame(client, new).get_data(as_text=True)
    assert '<option value="perinatal-depression" selected>' in first
    assert "Any concern" not in first
    assert 'value="Portland, OR"' in first
    assert "within 50 miles of Portland, OR" in first
    # A condition outside the presets is ignored.
    html = _frame(client, new, location="97204", condition="bipolar").get_data(as_text=True)
    assert '<option value="perinatal-depression" selected>' in html
    assert "Specialises in perinatal" in html
    assert html.index("Grace Hopper") < html.index("Ada Lovelace")  # the specialist first
    # A place outside the region is refused with a message.
    html = _frame(client, new, location="Seattle, WA").get_data(as_text=True)
    assert "covers places within 50 miles of Portland, OR" in html
    assert "therapists found" not in html


def test_verified_only_preset(client, make_partner, portland):
    _partner, new = make_partner(presets=Presets(verified_only=True))
    html = _frame(client, new, location="Portland, OR").get_data(as_text=True)
    assert "1 therapist found" in html
    assert "Vera Verified" in html
    assert "Ada Lovelace" not in html


@pytest.mark.commits  # usage counts are written on the engine's own connection
def test_widget_usage_is_counted_without_search_text(client, partner_key, portland):
    partner, new = partner_key
    _frame(client, new)
    _frame(client, new, location="Portland, OR", condition="perinatal-depression")
    _frame(client, new, location="Portland, OR", page="2")
    rows = services.usage(partner)
    assert {kind: count for _id, _day, kind, count in rows} == {
        "widget.view": 1,
        "widget.search": 2,
    }
    assert "Portland" not in repr(rows)


def test_widget_has_a_per_visitor_limit(app, client, partner_key):
    _partner, new = partner_key
    app.config["WIDGET_RATE_LIMIT"] = "2/minute"
    assert _frame(client, new).status_code == 200
    assert _frame(client, new).status_code == 200
    response = _frame(client, new)
    assert response.status_code == 429
    assert "Too many searches" in response.get_data(as_text=True)
    assert int(response.headers["Retry-After"]) > 0
    assert _frame_ancestors(response) == "frame-ancestors *"  # shown, not a blank box
    _assert_no_cookies(response)
