"""The training pathway in a real browser: a clinician finds a supervisor; a therapist logs cases
to completion and submits."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from app.core.extensions import db
from tests.accounts.helpers import PASSWORD, make_user
from tests.browser.conftest import axe_violations
from tests.factories import TherapistFactory
from tests.training.factories import TrainingFactory, _in_days, make_supervisor

pytestmark = pytest.mark.browser


def test_a_clinician_finds_a_supervisor(page, live_server, app):
    make_supervisor(
        "Ida Isipt", adaptations=["perinatal-ipt"], languages=["en", "es"], fee_individual=110
    )
    make_supervisor("Sam Selfreported", verified=False, adaptations=["perinatal-ipt"])
    make_supervisor("Ines Institute", body="ipt-institute", level="D")

    page.goto(live_server + "/supervisors")
    page.get_by_label("The ladder you are on").select_option("isipt")
    page.get_by_label("Perinatal IPT").check()
    page.get_by_label("Your time zone").select_option("America/New_York")
    page.get_by_role("button", name="Find supervisors").click()

    expect(page.get_by_role("heading", level=2, name=re.compile("supervisors"))).to_have_text(
        "2 supervisors"
    )
    cards = page.locator("ol.supervisor-results > li")
    expect(cards).to_have_count(2)
    first = cards.nth(0)
    expect(first.get_by_role("heading", level=3)).to_have_text("Ida Isipt")
    expect(first.locator(".badge-verified")).to_contain_text("ISIPT Supervisor — verified")
    expect(first.locator(".reasons")).to_contain_text("Supervises Perinatal IPT")
    expect(first.locator(".reasons")).to_contain_text("1 hour behind you (America/Chicago)")
    expect(first.locator(".reasons")).to_contain_text("individual ($110/hour)")
    expect(cards.nth(1).locator(".badge-claimed")).to_contain_text("self-reported")
    assert "ladder=isipt" in page.url  # a search clinicians can share
    assert axe_violations(page) == []


def _log_in(page, base: str, email: str) -> None:
    page.goto(base + "/account/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_a_therapist_logs_cases_to_completion_and_submits(page, live_server, app):
    make_supervisor("Ida Isipt").slug = "ida-isipt"
    db.session.commit()
    intro = TrainingFactory(
        title="ISIPT intro workshop",
        body="isipt",
        level=None,
        hours=16,
        starts_at=_in_days(-40),
        ends_at=_in_days(-39),
    )
    make_user("jane@example.org", therapist=TherapistFactory(name="Jane Doe"))
    _log_in(page, live_server, "jane@example.org")

    page.goto(live_server + "/profile/training-record")
    page.get_by_label("The certification you are working toward").select_option("isipt|therapist")
    page.get_by_role("button", name="Start my record").click()
    expect(page.get_by_role("heading", name="Your way to ISIPT Therapist")).to_be_visible()

    page.get_by_label("A training listed here").select_option(str(intro.id))
    page.locator("#completed_on").fill(_in_days(-39).date().isoformat())
    page.get_by_role("button", name="Add training").click()
    for n in (1, 2, 3):
        page.locator("#label").fill(f"Case {n}")
        page.locator("#supervisor_slug").fill("ida-isipt")
        page.locator("#sessions").fill("14")
        page.locator("#supervision_hours").fill("7")
        page.locator("#started_on").fill("2026-01-05")
        page.get_by_role("button", name="Add case").click()
    expect(page.locator(".progress-item").nth(3)).to_contain_text("3 of 3 cases — met")
    page.get_by_role(
        "checkbox", name="A clinical degree or licence in a mental health field"
    ).check()
    page.get_by_role("checkbox", name="Current ISIPT membership (renewed every year)").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".progress-overall")).to_contain_text("Every requirement is met.")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Submit for verification").click()
    expect(page.locator(".flash")).to_contain_text("waiting for a verifier")


def test_a_trainer_lists_a_course_and_a_verifier_publishes_it(page, live_server, app):
    make_user("trainer@example.org", therapist=TherapistFactory(name="Tara Trainer"))
    make_user("verifier@example.org", role="verifier")
    _log_in(page, live_server, "trainer@example.org")
    page.goto(live_server + "/profile/trainings")
    page.get_by_label(re.compile("^Title")).fill("Perinatal IPT in practice")
    page.get_by_label(re.compile("^Run by")).fill("Tara Trainer Training")
    page.get_by_label("Counts toward (body and level)").select_option("ipt-institute|A")
    start = _in_days(50).date().isoformat()
    page.get_by_label(re.compile("^Starts")).fill(f"{start}T09:00")
    page.get_by_label(re.compile("^Ends")).fill(f"{start}T08:00")  # before the start
    page.get_by_label(re.compile("^Time zone of these times")).fill("America/Chicago")
    page.get_by_label(re.compile("^Registration link")).fill("https://example.org/perinatal")
    page.get_by_role("button", name="Send for review").click()
    expect(page.locator("#ends_at-error")).to_have_text("The end must be after the start.")
    page.get_by_label(re.compile("^Ends")).fill(f"{start}T17:00")
    page.get_by_role("button", name="Send for review").click()
    expect(page.locator(".flash")).to_contain_text("waiting for a verifier")

    page.context.clear_cookies()
    _log_in(page, live_server, "verifier@example.org")
    page.goto(live_server + "/verify/trainings")
    page.get_by_role("link", name=re.compile("Perinatal IPT in practice")).click()
    page.get_by_role("button", name="Publish").click()
    page.goto(live_server + "/trainings")
    expect(page.locator("ol.training-results > li")).to_contain_text("Perinatal IPT in practice")
    assert axe_violations(page) == []


def test_the_access_map_draws_states_from_our_boundaries(page, live_server, app):
    from tests.factories import LocationFactory

    for n in range(3):
        TherapistFactory(name=f"Portland {n}")  # the factory's default place: Portland, OR
    TherapistFactory(
        name="Seattle Sam",
        locations=[
            LocationFactory.build(city="Seattle", state="WA", zip="98101", lat=47.61, lon=-122.33)
        ],
    )
    strays: list[str] = []
    page.on("request", lambda r: r.url.startswith(live_server) or strays.append(r.url))
    page.goto(live_server + "/access")

    states = page.locator(".access-map svg a.map-state")
    expect(states).to_have_count(53)  # 50 states, DC, Puerto Rico, the Virgin Islands
    oregon = page.locator('a.map-state[data-state="OR"]')
    washington = page.locator('a.map-state[data-state="WA"]')
    expect(oregon).to_have_attribute("aria-label", "Oregon: 3")
    expect(washington).to_have_attribute("aria-label", "Washington: 1")
    # Shaded by the figure: more therapists, a darker class; a state without any, none.
    shade = lambda loc: int(re.search(r"shade-(\d)", loc.get_attribute("class")).group(1))  # noqa: E731
    assert shade(oregon) > shade(washington) > 0
    assert shade(page.locator('a.map-state[data-state="TX"]')) == 0
    fills = page.evaluate(
        "() => ['OR', 'TX'].map(s => getComputedStyle("
        "document.querySelector(`a[data-state=${s}] path`)).fill)"
    )
    assert fills[0] != fills[1]
    box = oregon.locator("path").bounding_box()
    assert box
    assert box["width"] > 40
    assert box["height"] > 30
    assert strays == []  # boundaries from our own origin, nothing third-party
    assert axe_violations(page) == []

    # Keyboard: skip the map to the table, or tab onto a state and follow it to its ZIP areas.
    skip = page.get_by_role("link", name=re.compile("Skip the map"))
    skip.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#access-table")).to_be_focused()
    expect(page.get_by_role("cell", name="Oregon", exact=True)).to_be_visible()
    oregon.focus()
    expect(oregon).to_be_focused()
    # Its whole border is drawn on top of the neighbours' while it has focus.
    ring = page.locator(".map-ring-inner")
    expect(ring).to_be_visible()
    assert ring.get_attribute("d") == oregon.locator("path").get_attribute("d")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"level=zip3.*state=OR|state=OR.*level=zip3"))
    expect(
        page.get_by_role("heading", level=2, name=re.compile("by 3-digit ZIP area"))
    ).to_be_visible()
    expect(page.locator('.map-points circle[data-zip3="972"]')).to_have_count(1)
    expect(page.get_by_role("cell", name="972", exact=True)).to_be_visible()
    assert axe_violations(page) == []
