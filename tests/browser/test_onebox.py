"""One box in a real browser: a sentence → chips for what was understood → remove one chip."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from app.directory.models import Specialty
from tests.factories import LicenceFactory, LocationFactory, TherapistFactory, one_commit

pytestmark = pytest.mark.browser

SENTENCE = "my 15 year old daughter is so anxious, we live in Austin and have Aetna"
AUSTIN = {"city": "Austin", "state": "TX", "zip": "78701", "lat": 30.2672, "lon": -97.7431}


@pytest.fixture
def texans(app):
    with one_commit():
        for name, payer in (("Ada Aetna", "aetna"), ("Bea Cigna", "cigna")):
            TherapistFactory(
                name=name,
                insurance=[payer],
                age_groups=["adolescents"],
                locations=[LocationFactory.build(**AUSTIN)],
                licences=[LicenceFactory.build(state="TX")],
                specialties=[Specialty(condition_slug="anxiety", is_primary=True)],
            )


def chip_labels(page) -> list[str]:
    return [re.sub(r"\s*✕\s*$", "", t).strip() for t in page.locator("a.chip").all_inner_texts()]


def sentence_to_chips_and_remove_one(page, base: str) -> None:
    page.goto(base + "/")
    box = page.get_by_label("Tell us what's going on and where you are")
    box.fill(SENTENCE)
    page.get_by_role("button", name="Search").first.click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("1 IPT therapist near Austin, TX")
    assert chip_labels(page) == ["Teens", "Anxiety", "Austin, TX", "Aetna"]
    expect(page.locator("ol.results > li")).to_have_count(1)
    expect(page.locator("ol.results")).to_contain_text("Ada Aetna")
    # "More options" is prefilled from the sentence
    expect(page.locator(".change-search #location")).to_have_value("Austin, TX")

    page.get_by_role("link", name="Remove “Aetna” from your search").click()
    assert chip_labels(page) == ["Teens", "Anxiety", "Austin, TX"]
    expect(page.get_by_role("heading", level=1)).to_contain_text("2 IPT therapists near Austin, TX")
    expect(page.locator("ol.results")).to_contain_text("Bea Cigna")
    expect(page.locator(".change-search #q")).to_have_value(SENTENCE)  # their words are kept
    assert "ignore=insurance" in page.url


def test_sentence_to_chips_to_removing_one_chip(page, live_server, texans):
    sentence_to_chips_and_remove_one(page, live_server)


def test_the_same_with_javascript_off(browser, live_server, texans):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sentence_to_chips_and_remove_one(page, live_server)
    context.close()


def test_no_place_asks_only_for_it_then_searches_with_the_rest(page, live_server, texans):
    page.goto(live_server + "/")
    page.get_by_label("Tell us what's going on and where you are").fill(
        "my teen is so anxious, we have Aetna"
    )
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Where are you?")
    expect(page.locator(".chip-static")).to_have_text(["Teens", "Anxiety", "Aetna"])
    page.get_by_label("Where are you?").fill("Austin, TX")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("1 IPT therapist near Austin, TX")
    assert chip_labels(page) == ["Teens", "Anxiety", "Aetna", "Austin, TX"]
