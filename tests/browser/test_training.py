"""A clinician working toward ISIPT certification finds a supervisor, in a real browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations
from tests.training.factories import make_supervisor

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
