"""The seeker map (issue 14): an offline basemap under the markers, overlapping markers spread
apart, and no empty map column without JavaScript."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.factories import LocationFactory, TherapistFactory, one_commit

pytestmark = pytest.mark.browser

BASEMAP = Path(__file__).resolve().parents[2] / "app" / "static" / "map" / "us-basemap.json"
SEARCH = "/search?location=Portland%2C+OR"


@pytest.fixture
def same_building(app):
    """Four therapists in one building and one across town."""
    with one_commit():
        for i in range(4):
            TherapistFactory(name=f"Shared Office {i}", locations=[LocationFactory.build()])
        TherapistFactory(
            name="Across Town", locations=[LocationFactory.build(lat=45.48, lon=-122.60)]
        )


def test_the_basemap_is_small_and_names_its_source():
    data = json.loads(BASEMAP.read_text(encoding="utf-8"))
    assert "Census" in data["source"]
    assert len(data["states"]) > 100
    assert any(c[0] == "Portland" for c in data["cities"])
    assert BASEMAP.stat().st_size < 60_000


def test_basemap_under_markers_and_overlapping_markers_spread(browser, live_server, same_building):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    strays: list[str] = []
    page.on("request", lambda r: r.url.startswith((live_server, "data:")) or strays.append(r.url))
    page.goto(live_server + SEARCH)
    expect(page.locator(".leaflet-basemap-pane canvas")).to_have_count(1)
    expect(page.locator(".map-city", has_text="Portland")).to_have_count(1)
    pins = page.locator(".results-map .leaflet-marker-icon.map-pin")
    expect(pins).to_have_count(5)
    boxes = pins.evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.x, r.y, r.width]; })"
    )
    for i, (x1, y1, w) in enumerate(boxes):
        for x2, y2, _ in boxes[i + 1 :]:
            assert abs(x1 - x2) >= w * 0.8 or abs(y1 - y2) >= w * 0.8, boxes  # none hidden
    assert strays == []  # the basemap is ours: nothing from a third party
    context.close()


def test_without_javascript_there_is_no_empty_map_column(browser, live_server, same_building):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 800}
    )
    page = context.new_page()
    page.goto(live_server + SEARCH)
    expect(page.locator(".results-map")).to_be_hidden()
    column = page.locator(".results-column").evaluate("e => e.getBoundingClientRect().width")
    layout = page.locator(".results-layout").evaluate("e => e.getBoundingClientRect().width")
    assert column >= layout - 2  # the list takes the whole width
    context.close()
