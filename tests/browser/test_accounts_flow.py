"""A therapist's whole journey in a real browser, and the account pages' accessibility.

Sign up -> confirm the e-mail (link read from the outbox) -> create a profile -> submit an IPT
credential -> a verifier approves it -> search results show the verified badge.
"""

from __future__ import annotations

import re

import pytest

from app.core.mail import outbox_messages
from tests.accounts.helpers import PASSWORD, make_user
from tests.browser.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.commits]  # a live server in a thread

EMAIL = "rosa.alvarez@example.org"
NAME = "Rosa Alvarez"


def _link(app, fragment: str) -> str:
    for message in reversed(outbox_messages(app.config["MAIL_OUTBOX_DIR"])):
        body = message.get_body(("plain",)).get_content()
        for url in re.findall(r"https?://\S+", body):
            if fragment in url:
                return url
    raise AssertionError(f"no e-mail with a {fragment} link")


def _no_serious_axe(page, what: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{what}: {violations}"


def test_sign_up_to_verified_badge_in_search(page, live_server, app, browser):
    # Sign up.
    page.goto(f"{live_server}/account/signup")
    _no_serious_axe(page, "sign-up page")
    page.get_by_label("E-mail address").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.get_by_role("heading", name="Check your inbox").wait_for()

    # Confirm the address with the link from the e-mail, then log in.
    page.goto(_link(app, "/account/verify/"))
    page.get_by_role("heading", name="Therapist login").wait_for()
    _no_serious_axe(page, "login page")
    page.get_by_label("E-mail address").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="Your profile").wait_for()

    # Create the profile.
    page.get_by_role("link", name="Create a profile").click()
    page.get_by_role("heading", name="Create your profile").wait_for()
    _no_serious_axe(page, "profile form (create)")
    page.get_by_label("Name as seekers should see it").fill(NAME)
    page.get_by_label("Letters after your name").fill("LCSW")
    page.get_by_label("About you and how you work").fill(
        "Perinatal IPT in Portland <b>and online</b>."
    )
    page.get_by_label("Website").fill("https://perinatal-ipt.example")  # a way to contact
    page.locator("#locations-0-city").fill("Portland")
    page.locator("#locations-0-state").select_option("OR")
    page.locator("#locations-0-zip").fill("97204")
    page.locator("#licences-0-licence_type").select_option("clinical-social-worker")
    page.locator("#licences-0-state").select_option("OR")
    page.locator("#licences-0-number").fill("L-4242")
    page.locator("#specialties-perinatal-depression").check()
    page.locator("#adaptations-perinatal").check() if page.locator(
        "#adaptations-perinatal"
    ).count() else None
    page.get_by_role("button", name="Create my profile").click()
    page.get_by_text("Your profile is created as a draft").wait_for()

    # Edit page is accessible too, then publish.
    page.get_by_role("link", name="Edit profile").click()
    page.get_by_role("heading", name="Edit your profile").wait_for()
    _no_serious_axe(page, "profile form (edit)")
    page.get_by_role("link", name="Cancel").click()
    page.get_by_role("button", name="Publish my profile").click()
    page.get_by_text("Your profile is published").wait_for()

    # Submit a credential.
    page.get_by_role("link", name="Manage credentials").click()
    page.get_by_label("Body and level").select_option("ipt-institute|B")
    page.get_by_label("Date awarded").fill("2024-06-01")
    page.get_by_label("Certificate or membership number").fill("IPTI-B-777")
    page.get_by_role("button", name="Submit for verification").click()
    page.get_by_text("waiting for a verifier").wait_for()

    # A verifier approves it, in another browser context.
    make_user("desk@example.org", role="verifier")
    desk_context = browser.new_context()
    desk = desk_context.new_page()
    desk.goto(f"{live_server}/account/login")
    desk.get_by_label("E-mail address").fill("desk@example.org")
    desk.get_by_label("Password").fill(PASSWORD)
    desk.get_by_role("button", name="Log in").click()
    desk.get_by_role("heading", name="Verifier queue").wait_for()
    desk.get_by_role("row", name=re.compile(NAME)).get_by_role("link").click()
    desk.get_by_label("Note (required to reject; the therapist sees it)").fill(
        "Checked the register."
    )
    desk.get_by_role("button", name="Verify", exact=True).click()
    desk.get_by_text("is verified").wait_for()
    desk_context.close()

    # The search API shows the verified credential with its reason text…
    response = page.request.get(f"{live_server}/api/v1/search?location=97204")
    assert response.ok, response.text()
    results = response.json()["results"]
    mine = [r for r in results if r["therapist"]["name"] == NAME]
    assert mine, [r["therapist"]["name"] for r in results]
    credential = mine[0]["therapist"]["ipt_credential"]
    assert credential["verified"] is True
    assert "— verified" in credential["text"]
    # …and so does the seekers' results page, with the badge.
    page.goto(f"{live_server}/search?location=97204")
    card = page.locator("article, li").filter(has_text=NAME).first
    card.get_by_text("Verified", exact=True).first.wait_for()
    assert "— verified" in (card.text_content() or "")  # the reason, under "Why this result"
    # The bio's markup is text, not HTML, on the public profile.
    assert "<b>and online</b>" not in page.content()
