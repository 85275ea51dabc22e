"""Result cards people can scan (issue 14): at 1280 px at least three results above the fold,
at 360 px no card taller than a screen, the same in the widget; axe-core clean at both widths."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from app.directory.models import Specialty
from app.partners import services
from app.partners.services import Presets
from tests.browser.conftest import axe_violations
from tests.factories import CredentialFactory, LocationFactory, TherapistFactory, one_commit

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}
BIO = (
    "I am a licensed clinical social worker in Portland and have practised Interpersonal "
    "Psychotherapy for twelve years, mostly with new and expectant parents, people grieving, and "
    "adults going through a change of role: a move, a divorce, retirement or a new diagnosis. "
    "Sessions are warm, structured and focused on the relationships that matter to you now."
)
SEARCH = "/search?location=Portland%2C+OR&condition=postpartum+depression&insurance=BCBS"


@pytest.fixture
def twenty(app):
    """Twenty long-winded Portland listings: long names, bios, fees, languages and insurers."""
    verified = {"status": "verified", "verified_at": dt.datetime(2026, 3, 2, tzinfo=dt.UTC)}
    with one_commit():  # one search-document update for the twenty, not twenty
        for i in range(20):
            _listing(i, verified)


def _listing(i: int, verified: dict) -> None:
    TherapistFactory(
        name=f"Alexandra Montgomery-Castellanos {i}",
        credential_letters="PhD, LCSW, PMH-C",
        bio=BIO,
        email=f"t{i}@example.org",
        fee_min=120,
        fee_max=220,
        sliding_scale=True,
        languages=["en", "es", "pt"],
        insurance=["blue-cross-blue-shield", "aetna", "cigna"],
        specialties=[Specialty(condition_slug="perinatal-depression", is_primary=True)],
        ipt_credentials=[CredentialFactory.build(**(verified if i % 2 else {}))],
        accepting_confirmed_on=dt.date.today() - dt.timedelta(days=100 if i % 3 else 3),
        locations=[
            LocationFactory.build(
                city="Lake Oswego", lat=45.5152 - i * 0.01, lon=-122.6784 + i * 0.01
            )
        ],
    )


def _card_boxes(page, selector: str) -> list[dict]:
    return page.locator(selector).evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect();"
        " return {top: r.top, bottom: r.bottom, height: r.height}; })"
    )


def test_three_results_above_the_fold_at_1280_px(browser, live_server, twenty):
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    page.goto(live_server + SEARCH)
    expect(page.locator("ol.results > li")).to_have_count(10)
    boxes = _card_boxes(page, "ol.results > li")
    above = [b for b in boxes if b["bottom"] <= LAPTOP["height"]]
    assert len(above) >= 3, boxes[:4]
    first = page.locator("ol.results > li").first
    expect(first.locator(".badge-verified, .badge-claimed").first).to_be_visible()
    expect(first.locator(".card-bio")).to_be_visible()
    expect(first.locator(".tag").first).to_be_visible()
    # The reasons are said once, behind "Why this result", with the score breakdown.
    expect(first.locator(".breakdown")).to_be_hidden()
    first.get_by_text("Why this result").click()
    expect(first.locator(".breakdown")).to_contain_text("Specialty fit")
    expect(first.locator(".breakdown")).to_contain_text("Accepts Blue Cross Blue Shield")
    assert axe_violations(page) == []
    context.close()


def test_a_card_fits_one_phone_screen(browser, live_server, twenty):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(live_server + SEARCH)
    boxes = _card_boxes(page, "ol.results > li")
    assert len(boxes) == 10
    assert max(b["height"] for b in boxes) <= PHONE["height"] * 0.6, boxes  # well under a screen
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert axe_violations(page) == []
    context.close()


def test_widget_cards_are_as_dense(browser, live_server, twenty):
    """At 1280 px no card taller than 200 px, at 360 px none over 60 % of the screen."""
    _partner, key = services.create_partner(
        "Clinic", "p@clinic.example", ("https://clinic.example",), "60/minute", Presets()
    )
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    for viewport, limit in ((LAPTOP, 200), (PHONE, PHONE["height"] * 0.6)):
        width = viewport["width"]
        page.set_viewport_size(viewport)
        page.goto(f"{live_server}/widget/frame?key={key.public_id}&location=Portland%2C+OR")
        expect(page.locator(".w-result").first).to_be_visible()
        boxes = _card_boxes(page, ".w-result")
        assert boxes, width
        assert max(b["height"] for b in boxes) <= limit, (width, boxes[:3])
        expect(page.locator(".w-results")).to_contain_text("near Portland, OR")
        assert axe_violations(page) == [], width
    context.close()
