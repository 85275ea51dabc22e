"""The seeker's journey in a real browser: search → results with reasons → profile → contact;
crisis and ambiguous-place flows; JavaScript off; keyboard only; 360 px; axe-core; no third
parties."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from app.directory.models import Specialty
from tests.browser.conftest import axe_violations
from tests.factories import CredentialFactory, LocationFactory, TherapistFactory, one_commit

pytestmark = [pytest.mark.browser, pytest.mark.commits]  # a live server in a thread

MESSAGE = "Hello, I had a baby in March and I am struggling. Are you free on Tuesdays?"


@pytest.fixture
def listings(app):
    """Portland therapists (one a verified perinatal specialist taking BCBS) and one in
    Springfield, IL; forms may be sent at once (the minimum-time check has its own tests)."""
    app.config["CONTACT_MIN_SECONDS"] = 0
    verified = CredentialFactory.build(
        status="verified", verified_at=dt.datetime(2026, 3, 2, tzinfo=dt.UTC)
    )
    with one_commit():  # one search-document update for the four, not four
        perinatal = [Specialty(condition_slug="perinatal-depression", is_primary=True)]
        TherapistFactory(
            name="Ada Lovelace",
            slug="ada-lovelace",
            email="ada@example.org",
            phone="503 555 0100",
            insurance=["blue-cross-blue-shield"],
            specialties=perinatal,
            ipt_credentials=[verified],
            adaptations=["perinatal-ipt"],
            bio="I help new parents.\nSessions in person or by video.",
        )
        TherapistFactory(
            name="Bea Brown",
            slug="bea-brown",
            email="bea@example.org",
            insurance=["blue-cross-blue-shield"],
            specialties=[Specialty(condition_slug="perinatal-depression", is_primary=False)],
            locations=[
                LocationFactory.build(
                    lat=45.60, lon=-122.60, city="Vancouver", state="WA", zip="98660"
                )
            ],
        )
        TherapistFactory(name="Cy Chen", slug="cy-chen", insurance=["aetna"])
        TherapistFactory(
            name="Dee Illinois",
            slug="dee-illinois",
            locations=[
                LocationFactory.build(
                    city="Springfield", state="IL", zip="62701", lat=39.7990, lon=-89.6440
                )
            ],
        )


def watch_requests(page, base: str) -> list[str]:
    """Every URL the page asks for that is not the live server (should stay empty)."""
    strays: list[str] = []
    page.on("request", lambda r: r.url.startswith((base, "data:")) or strays.append(r.url))
    return strays


def follow(page, target) -> None:
    """Click ``target`` (a link or submit button) and wait for the next page's load event.

    A click returns once the new page's document arrives, before its stylesheets apply: acting
    then can find elements the stylesheet hides (the profile's header copy of "Send a message" on a
    wide screen), or click where an element was before the layout moved it.
    """
    with page.expect_navigation():
        target.click()


def open_options(page) -> None:
    """Open "More options" (the structured fields under the one box) if it is closed."""
    closed = page.locator("details.more-options:not([open]) > summary")
    if closed.count():
        closed.first.click()


def search_portland(page, base: str) -> None:
    page.goto(base + "/")
    open_options(page)
    page.get_by_label("Where are you?").fill("Portland, OR")
    page.get_by_label("What would you like help with?").fill("post partum depression")
    page.get_by_label("Insurance (optional)").fill("BCBS")
    follow(page, page.get_by_role("button", name="Search").last)


def send_message(page) -> None:
    page.get_by_label("Your name").fill("Sam Seeker")
    page.get_by_label("Your e-mail address").fill("sam@example.net")
    page.get_by_label("Your message").fill(MESSAGE)
    page.get_by_label(re.compile("^I agree that")).check()
    follow(page, page.get_by_role("button", name="Send message"))


def test_search_results_profile_and_contact(page, live_server, listings, outbox):
    strays = watch_requests(page, live_server)
    search_portland(page, live_server)

    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile(r"2 IPT therapists near Portland, OR")
    )
    results = page.locator("ol.results > li")
    expect(results).to_have_count(2)
    first = results.nth(0)
    expect(first.get_by_role("heading", level=2)).to_contain_text("Ada Lovelace")
    first.get_by_text("Why this result").click()  # reasons and score breakdown, said once
    why = first.locator(".why")
    expect(why).to_contain_text("Specialises in perinatal & postpartum depression")
    expect(first.locator(".why")).to_contain_text("Accepts Blue Cross Blue Shield")
    expect(first.locator(".why")).to_contain_text("Accepting clients — confirmed today")
    expect(first.locator(".badge-verified")).to_have_text("Verified")
    expect(first.locator(".tag-insurance")).to_contain_text("Blue Cross Blue Shield")
    expect(first).to_contain_text("Accepting · confirmed today")
    expect(page.locator(".results-map .leaflet-marker-icon.map-pin")).to_have_count(2)
    assert page.url.startswith(live_server + "/search?location=Portland")  # shareable

    follow(page, first.get_by_role("link", name="Ada Lovelace", exact=True))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ada Lovelace")
    expect(page.locator(".profile")).to_contain_text("Perinatal IPT")
    follow(page, page.get_by_role("link", name="Send a message"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Send a message to Ada Lovelace")
    send_message(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Your message is on its way")
    [mail] = outbox()
    assert mail["To"] == "ada@example.org"
    assert MESSAGE in mail.get_content()
    assert strays == []


def condition_suggestions_as_you_type(page, live_server: str) -> None:
    page.goto(live_server + "/")
    open_options(page)
    box = page.get_by_role("combobox", name="What would you like help with?")
    box.press_sequentially("post partum dep", delay=20)
    option = page.get_by_role("option", name=re.compile("Perinatal & postpartum depression"))
    expect(option).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    box.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", "condition-option-0")
    box.press("Enter")
    expect(box).to_have_value("Perinatal & postpartum depression")
    expect(box).to_have_attribute("aria-expanded", "false")
    box.fill("")
    box.press_sequentially("I want to kill myself", delay=10)
    expect(page.locator("#condition-crisis")).to_be_visible()


def crisis_help_comes_first_and_results_follow(page, live_server: str) -> None:
    page.goto(live_server + "/")
    open_options(page)
    page.get_by_label("Where are you?").fill("97204")
    page.get_by_label("What would you like help with?").fill("I want to kill myself")
    page.get_by_role("button", name="Search").last.click()

    panel = page.locator(".crisis-panel")
    expect(panel).to_be_visible()
    expect(panel.get_by_role("link", name="Call 988")).to_have_attribute("href", "tel:988")
    expect(panel.get_by_role("link", name="Text 988")).to_have_attribute("href", "sms:988")
    heading = page.get_by_role("heading", level=1)
    assert panel.bounding_box()["y"] < heading.bounding_box()["y"]
    page.get_by_role("link", name="Continue to the therapists we found").click()
    assert page.url.endswith("#results")
    expect(page.locator("ol.results > li").first).to_be_visible()


def ambiguous_place_asks_which_one(page, live_server: str) -> None:
    page.goto(live_server + "/")
    page.get_by_label("Tell us what's going on and where you are").fill("Springfield")
    page.get_by_role("button", name="Search").first.click()
    expect(page.get_by_role("heading", name="Which Springfield did you mean?")).to_be_visible()
    page.get_by_role("link", name="Springfield, IL", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("near Springfield, IL")
    expect(page.locator("ol.results")).to_contain_text("Dee Illinois")


def unknown_place_names_the_field(page, live_server: str) -> None:
    page.goto(live_server + "/search?location=Xyzzyq")
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("Where are you?")).to_be_focused()
    expect(page.get_by_label("Where are you?")).to_have_attribute("aria-invalid", "true")


def test_search_form_flows(page, live_server, listings, subtests):
    """Four short flows on one set of listings, each a subtest reported on its own (one set-up)."""
    for flow in (
        condition_suggestions_as_you_type,
        crisis_help_comes_first_and_results_follow,
        ambiguous_place_asks_which_one,
        unknown_place_names_the_field,
    ):
        with subtests.test(flow.__name__):
            flow(page, live_server)


def test_everything_works_with_javascript_off(browser, live_server, listings, outbox):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    strays = watch_requests(page, live_server)
    search_portland(page, live_server)
    expect(page.locator("ol.results > li")).to_have_count(2)
    expect(page.locator(".results-map")).to_be_hidden()  # the list stands without the map
    page.locator("summary", has_text="Change your search").click()
    open_options(page)
    page.get_by_label("Only show verified IPT credentials").check()
    follow(page, page.locator(".change-search").get_by_role("button", name="Search").last)
    expect(page.locator("ol.results > li")).to_have_count(1)
    follow(page, page.get_by_role("link", name="Ada Lovelace", exact=True))
    follow(page, page.get_by_role("link", name="Send a message"))
    send_message(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your message is on its way")
    assert len(outbox()) == 1
    assert strays == []
    context.close()


FOCUS = """(selector) => {
    const el = document.activeElement;
    const s = getComputedStyle(el);
    return {
        reached: el.matches(selector),
        visible: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0)
            || (s.boxShadow && s.boxShadow !== 'none'),
        tag: el.outerHTML.slice(0, 80),
    };
}"""


def tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until the element matching ``selector`` has focus, checking every stop shows it."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS, selector)  # one round trip a stop
        if focus["reached"]:
            assert focus["visible"], selector
            return
        assert focus["visible"], f"no visible focus on {focus['tag']}"
    raise AssertionError(f"Tab never reached {selector}")


def test_keyboard_only_search_profile_contact(page, live_server, listings, outbox):
    page.goto(live_server + "/")
    tab_to(page, "#q")
    page.keyboard.type("post partum depression in Portland, OR, BCBS")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # Enter searches from the box (Shift+Enter: a new line)

    expect(page.locator("ol.results > li")).to_have_count(2)
    tab_to(page, "ol.results h2 a")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ada Lovelace")
    tab_to(page, ".profile-contact a.button")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    tab_to(page, "#name")
    page.keyboard.type("Sam Seeker")
    page.keyboard.press("Tab")
    page.keyboard.type("sam@example.net")
    page.keyboard.press("Tab")  # phone (optional)
    page.keyboard.press("Tab")
    page.keyboard.type(MESSAGE)
    tab_to(page, "#consent")
    page.keyboard.press("Space")
    tab_to(page, "button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your message is on its way")
    assert len(outbox()) == 1


PAGES = {
    "home": "/",
    "results": "/search?location=Portland%2C+OR&condition=post+partum+depression&insurance=BCBS",
    "sentence-results": "/search?q=post+partum+depression+in+Portland%2C+OR%2C+BCBS",
    "where": "/search?q=post+partum+depression%2C+BCBS",
    "profile": "/therapists/ada-lovelace",
    "contact": "/therapists/ada-lovelace/contact",
    "report": "/therapists/ada-lovelace/report",
    "what-is-ipt": "/what-is-ipt",
    "crisis": "/crisis",
    "crisis-results": "/search?location=97204&condition=I+want+to+kill+myself",
    "ambiguous": "/search?location=Springfield",
    "form-errors": "/search?location=Xyzzyq",
    "not-found": "/therapists/nobody",
}


AXE_PAGES = (
    "home",
    "results",
    "sentence-results",
    "where",
    "profile",
    "contact",
    "what-is-ipt",
    "crisis",
    "crisis-results",
)


def test_no_serious_accessibility_violations(page, live_server, listings):
    found = {}
    for name in AXE_PAGES:  # about a second each: the rest share these pages' components
        path = PAGES[name]
        page.goto(live_server + path)
        page.wait_for_load_state("load")
        violations = axe_violations(page)
        if violations:
            found[name] = violations
    page.goto(live_server + PAGES["contact"])
    page.get_by_role("button", name="Send message").click()  # the form with its errors
    violations = axe_violations(page)
    if violations:
        found["contact-errors"] = violations
    assert found == {}


def test_usable_at_360_px_without_sideways_scrolling(browser, live_server, listings):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    strays = watch_requests(page, live_server)
    too_wide = {}
    for name, path in PAGES.items():
        page.goto(live_server + path)
        page.wait_for_load_state("load")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            too_wide[name] = width
    assert too_wide == {}
    assert strays == []
    context.close()
