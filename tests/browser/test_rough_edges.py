"""Rough edges from the walkthrough (issue 14) that only a real browser shows."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.accounts.helpers import PASSWORD, make_user
from tests.browser.conftest import axe_violations
from tests.factories import CredentialFactory, TherapistFactory, one_commit

pytestmark = pytest.mark.browser


def test_typeahead_never_covers_the_crisis_text(page, live_server, app):
    page.goto(live_server + "/")
    page.get_by_text("More options").click()  # the condition field is folded under the one box
    box = page.get_by_role("combobox", name="What would you like help with?")
    box.press_sequentially("I want to kill myself", delay=10)
    crisis = page.locator("#condition-crisis")
    expect(crisis).to_be_visible()
    expect(page.get_by_role("option").first).to_be_visible()  # suggestions are open as well
    # The popup must not overlap the crisis text (compared as boxes: the text can reach below
    # the viewport's bottom, where elementFromPoint sees nothing).
    crisis_box = crisis.bounding_box()
    popup_box = page.locator(".suggest-popup").bounding_box()
    assert crisis_box is not None
    assert popup_box is not None
    overlaps = not (
        popup_box["y"] >= crisis_box["y"] + crisis_box["height"]
        or popup_box["y"] + popup_box["height"] <= crisis_box["y"]
        or popup_box["x"] >= crisis_box["x"] + crisis_box["width"]
        or popup_box["x"] + popup_box["width"] <= crisis_box["x"]
    )
    assert not overlaps


def test_credentials_table_fits_a_360_px_screen(browser, live_server, app):
    therapist = TherapistFactory(
        ipt_credentials=[
            CredentialFactory.build(certificate_id="IPTI-2023-000123456789"),
            CredentialFactory.build(
                status="rejected",
                note="The certificate number is not on "
                "the register; please send a link to your entry.",
            ),
        ]
    )
    user = make_user(therapist=therapist)
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(live_server + "/account/login")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(live_server + "/profile/credentials")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your IPT credentials")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe_violations(page) == []
    context.close()


def test_staff_and_photo_pages_have_no_serious_axe_violations(browser, live_server, app):
    """At 1280 and 360 px; one login per user, both widths in its context."""
    with one_commit():
        for i in range(3):
            t = TherapistFactory(name=f"Queue Person {i}", ipt_credentials=[])
            CredentialFactory(therapist_id=t.id, status="pending", certificate_id=f"Q-{i}")
        photo_owner = TherapistFactory(name="Photo Owner")
    owner = make_user(therapist=photo_owner)
    pages = {
        make_user(role="verifier"): ["/verify", "/verify?queue=claims", "/verify?queue=photos"],
        make_user(role="admin"): ["/admin/audit"],
        owner: ["/profile"],
    }
    found = {}
    too_wide = {}
    for user, paths in pages.items():
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        page.goto(live_server + "/account/login")
        page.get_by_label("E-mail address").fill(user.email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        for width in (1280, 360):
            page.set_viewport_size({"width": width, "height": 800})
            for path in paths:
                page.goto(live_server + path)  # loaded at this width, as a visitor would
                violations = axe_violations(page)
                if violations:
                    found[f"{path} at {width} px"] = violations
                scroll_width = page.evaluate("document.documentElement.scrollWidth")
                if scroll_width > width:
                    too_wide[f"{path} at {width} px"] = scroll_width
        context.close()
    assert found == {}
    assert too_wide == {}
