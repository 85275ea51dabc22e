"""The demo-data generator: deterministic, realistic enough, and always valid for the schema."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
import sqlalchemy as sa
import zipcodes

from app.core.extensions import db
from app.directory.models import Therapist
from app.ops import demo
from matching.distance import equirectangular_km
from matching.reference import vocabulary
from tests.factories import TherapistFactory

pytestmark = pytest.mark.commits  # seeding writes through the engine, not the session

AS_OF = dt.date(2026, 3, 1)


def _profiles(seed: int, count: int, start: int = 1) -> list[demo.DemoProfile]:
    return list(demo.ProfileGenerator(seed, AS_OF).profiles(start, start + count))


@pytest.fixture(scope="module")
def sample() -> list[demo.DemoProfile]:
    return _profiles(seed=11, count=3000)


def _count(table: str) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(db.metadata.tables[table]))


def _dump() -> dict[str, list[tuple]]:
    """Every demo-table row, ordered, as plain tuples."""
    out = {}
    for name, columns in demo.TABLES.items():
        table = db.metadata.tables[name]
        cols = [table.c[c] for c in columns]
        out[name] = [tuple(r) for r in db.session.execute(sa.select(*cols).order_by(*cols[:2]))]
    return out


def _seed(runner, *args: str):
    return runner.invoke(args=["seed-demo", "--as-of", AS_OF.isoformat(), *args])


# --- determinism ---------------------------------------------------------------------------


def test_same_seed_gives_identical_profiles_and_another_seed_does_not():
    first, again, other = _profiles(5, 300), _profiles(5, 300), _profiles(6, 300)
    assert first == again
    assert [p.name for p in first] != [p.name for p in other]
    assert len({p.npi for p in first} & {p.npi for p in other}) < 3


def test_a_smaller_count_is_a_prefix_across_rng_blocks():
    whole = _profiles(9, demo.BLOCK + 20)
    assert _profiles(9, 30, start=demo.BLOCK - 9) == whole[demo.BLOCK - 10 : demo.BLOCK + 20]


def test_same_seed_writes_identical_rows(app, runner):
    assert _seed(runner, "--count", "120", "--seed", "3").exit_code == 0
    first = _dump()
    with db.engine.begin() as conn:
        for table in reversed(db.metadata.sorted_tables):
            if table.name in demo.TABLES:
                conn.execute(table.delete())
    db.session.remove()
    # Chunking (transactions of 100 here) is not part of the data.
    assert _seed(runner, "--count", "120", "--seed", "3", "--chunk-size", "100").exit_code == 0
    assert _dump() == first
    assert first["therapist"][0][2] == "demo-3-1"


# --- the database accepts every row (runs on SQLite and PostgreSQL) --------------------------


def test_seeded_rows_pass_every_constraint_and_load_through_the_orm(app, runner):
    result = _seed(runner, "--count", "400", "--seed", "21", "--chunk-size", "150")
    assert result.exit_code == 0, result.output
    assert "Seeded 400 demo profiles" in result.output
    assert _count("therapist") == 400
    assert _count("location") >= 400
    assert _count("specialty") >= 800
    assert _count("search_document") == 400  # rebuilt: bulk rows bypass the ORM's hooks

    loaded = db.session.scalars(sa.select(Therapist).order_by(Therapist.id).limit(25)).all()
    for t in loaded:
        assert t.locations
        assert t.licences
        assert t.specialties
        assert t.languages
        assert t.created_at.tzinfo is not None
        assert t.updated_at >= t.created_at
        assert sum(s.is_primary for s in t.specialties) == 1
        for c in t.ipt_credentials:
            assert c.status != "verified" or c.verified_at.tzinfo is not None

    # Explicit primary keys must not leave the id sequences behind (PostgreSQL).
    TherapistFactory()
    assert _count("therapist") == 401


def test_seeding_the_same_seed_twice_is_refused(app, runner):
    assert _seed(runner, "--count", "10", "--seed", "4").exit_code == 0
    again = _seed(runner, "--count", "10", "--seed", "4")
    assert again.exit_code == 1
    assert "already in the database" in again.output
    assert _seed(runner, "--count", "10", "--seed", "5").exit_code == 0
    assert _count("therapist") == 20


def test_npis_already_taken_are_skipped(app, runner):
    taken = demo.demo_npi(8, 1)
    TherapistFactory(npi=taken, slug="someone-8-2")
    assert _seed(runner, "--count", "5", "--seed", "8").exit_code == 0
    npis = db.session.scalars(sa.select(Therapist.npi)).all()
    assert len(npis) == len(set(npis)) == 6
    assert all(demo.npi_is_valid(n) for n in npis)


# --- the CLI -------------------------------------------------------------------------------


def test_if_empty_does_nothing_when_there_are_therapists(app, runner):
    TherapistFactory()
    result = _seed(runner, "--if-empty", "--count", "50")
    assert result.exit_code == 0
    assert "nothing seeded" in result.output
    assert _count("therapist") == 1


def test_if_empty_seeds_the_configured_count(app, runner):
    app.config["DEMO_PROFILE_COUNT"] = 15
    result = _seed(runner, "--if-empty")
    assert result.exit_code == 0, result.output
    assert _count("therapist") == 15


@pytest.mark.parametrize("count", ["-5", "abc", "1.5"])
def test_bad_count_is_a_clear_error_and_writes_nothing(app, runner, count):
    result = _seed(runner, "--count", count)
    assert result.exit_code == 2
    assert "Invalid value for '--count'" in result.output
    assert _count("therapist") == 0


# --- realism -------------------------------------------------------------------------------


def test_npis_are_valid_luhn_and_unique(sample):
    assert demo.npi_check_digit("123456789") == 3  # CMS's worked example: 1234567893
    assert demo.npi_is_valid("1234567893")
    assert not demo.npi_is_valid("1234567890")
    npis = [p.npi for p in sample]
    assert all(demo.npi_is_valid(n) and n[0] == "1" for n in npis)
    assert len(set(npis)) == len(npis)
    retries = {demo.demo_npi(1, n, attempt) for n in range(1, 50) for attempt in range(3)}
    assert len(retries) == 49 * 3


def test_zips_are_real_and_match_city_and_state(sample):
    real = {z["zip_code"]: z for z in zipcodes.list_all()}
    for loc in (loc for p in sample for loc in p.locations):
        found = real[loc.zip]
        assert (found["state"], found["city"]) == (loc.state, loc.city)
        assert abs(float(found["lat"]) - loc.lat) < 0.1
        assert abs(float(found["long"]) - loc.lon) < 0.2


def test_places_follow_population_with_a_rural_share(sample):
    geo = demo.geography()
    metro = {z.code for z in geo.zips if z.metro}
    homes = [p.locations[0] for p in sample]
    rural = sum(loc.zip not in metro for loc in homes) / len(homes)
    assert 0.07 < rural < 0.18
    states = Counter(loc.state for loc in homes)
    assert states["CA"] > 5 * states["WY"]
    assert states["CA"] + states["TX"] + states["NY"] > 600
    assert len(states) > 40

    def near(lat: float, lon: float, km: float) -> int:
        return sum(float(equirectangular_km(lat, lon, loc.lat, loc.lon)) < km for loc in homes)

    # Greater New York holds more demo therapists than Montana, Wyoming and the Dakotas together.
    assert near(40.71, -74.01, 40) > sum(states[s] for s in ("MT", "WY", "ND", "SD"))


def test_credential_tiers_and_verification(sample):
    vocab = vocabulary()
    creds = [c for p in sample for c in p.credentials]
    tiers = Counter(c.tier for c in creds)
    assert tiers["trained"] + tiers["certified"] > 5 * (tiers["supervisor"] + tiers["trainer"])
    assert tiers["supervisor"] > tiers["trainer"] > 0
    statuses = Counter(c.status for c in creds)
    assert statuses["verified"] > 0
    assert statuses["self-reported"] + statuses["pending"] > 0
    for c in creds:
        assert c.tier == vocab.tier_for(c.body, c.level)
        assert (c.verified_at is not None) == (c.verified_by is not None)
        if c.status == "verified":
            assert c.verified_at is not None
        annual = vocab.credential_bodies[c.body].get("annual_renewal")
        assert (c.expires_on is not None) == bool(annual)
        if c.expires_on and c.expires_on < AS_OF:
            assert c.status == "expired"


def test_licences_letters_and_psypact_are_consistent(sample):
    vocab = vocabulary()
    multi_state = 0
    for p in sample:
        lic = p.licences[0]
        ltype = vocab.licence_types[lic.licence_type]
        assert lic.state == p.locations[0].state
        assert all(
            x.title in ltype["titles"] and x.nucc_code in ltype["nucc_codes"] for x in p.licences
        )
        assert len({x.state for x in p.licences}) == len(p.licences)
        assert lic.title in p.credential_letters or p.credential_letters.endswith("PMHNP-BC")
        assert not p.psypact or lic.licence_type == "psychologist"
        multi_state += len(p.licences) > 1
    assert 0.1 < multi_state / len(sample) < 0.45
    psychologists = [p for p in sample if p.licences[0].licence_type == "psychologist"]
    assert 0.05 < sum(p.psypact for p in psychologists) / len(psychologists) < 0.5


def test_practice_details_have_realistic_mixes(sample):
    n = len(sample)
    assert 0.65 < sum(p.telehealth for p in sample) / n < 0.75
    assert sum(p.visibility == "published" for p in sample) / n > 0.85
    assert {p.visibility for p in sample} == {"published", "hidden", "draft"}
    assert sum(len(p.locations) == 2 for p in sample) / n > 0.08
    confirmed = [
        (AS_OF - p.accepting_confirmed_on).days for p in sample if p.accepting_confirmed_on
    ]
    assert max(confirmed) <= 200
    assert 0.15 < sum(d > 90 for d in confirmed) / len(confirmed) < 0.5
    assert all(p.fee_min is None or p.fee_max >= p.fee_min > 0 for p in sample)
    assert any(p.insurance == ["self-pay"] for p in sample)
    assert all(2 <= len(p.insurance) <= 9 for p in sample if p.insurance != ["self-pay"])
    assert 0.06 < sum("es" in p.languages for p in sample) / n < 0.25
    assert all(p.languages[0] == "en" for p in sample)
    primaries = Counter(p.specialties[0] for p in sample)
    assert primaries.most_common(1)[0][0] == "depression"
    assert primaries["perinatal-depression"] > primaries["ocd"]
    assert len({p.slug for p in sample}) == n


def test_adaptations_follow_specialties_and_ages(sample):
    def share(adaptation: str, group: list[demo.DemoProfile]) -> float:
        return sum(adaptation in p.adaptations for p in group) / max(1, len(group))

    bipolar = [p for p in sample if "bipolar" in p.specialties]
    teens = [p for p in sample if "adolescents" in p.age_groups]
    perinatal = [p for p in sample if "perinatal-depression" in p.specialties]
    others = [p for p in sample if not {"bipolar", "perinatal-depression"} & set(p.specialties)]
    assert share("ipsrt", bipolar) > 5 * share("ipsrt", others)
    assert share("perinatal-ipt", perinatal) > 5 * share("perinatal-ipt", others)
    adults_only = [p for p in sample if "adolescents" not in p.age_groups]
    assert share("ipt-a", teens) > 5 * share("ipt-a", adults_only)
    assert all(p.adaptations and p.age_groups and p.session_formats for p in sample)
