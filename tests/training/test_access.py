"""Where trained therapists are missing: figures by area, and unmet demand in aggregate only."""

from __future__ import annotations

import csv
import io

import pytest
import sqlalchemy as sa

from app.core.clock import utcnow
from app.core.extensions import db
from app.training.models import DemandCount
from tests.factories import CredentialFactory, LocationFactory, TherapistFactory

pytestmark = pytest.mark.commits  # demand counts are written on the engine's own connection

# Somewhere with no therapists at all: every search there is unmet demand.
NOWHERE = "/search?location=Ely,%20NV&condition=postpartum%20depression&telehealth=include"


def _flush(app):
    app.extensions["demand_counter"].flush()


def _count(app) -> int:
    _flush(app)
    return db.session.scalar(sa.select(sa.func.coalesce(sa.func.sum(DemandCount.searches), 0)))


def test_a_thin_search_is_counted_in_aggregate_only(app, client):
    for _ in range(3):
        assert client.get(NOWHERE).status_code == 200
    client.get("/api/v1/search?location=89301&condition=perinatal-depression")
    _flush(app)
    rows = db.session.execute(sa.select(DemandCount)).scalars().all()
    assert {(r.state, r.zip3, r.condition) for r in rows} == {("NV", "893", "perinatal-depression")}
    assert sum(r.searches for r in rows) == 4
    assert rows[0].week.weekday() == 0  # the Monday of the week, nothing finer


def test_no_search_text_reaches_storage(app, client):
    secret = "my neighbour Jane Q. Public 12 Elm Street postpartum"
    client.get(f"/search?location=Ely,%20NV&condition={secret}")
    _flush(app)
    with db.engine.connect() as conn:
        for table in db.metadata.sorted_tables:
            for row in conn.execute(table.select()):
                text = " ".join(str(v) for v in row)
                assert "Jane" not in text, table.name
                assert "Elm" not in text, table.name
                assert "Ely" not in text, table.name


def test_global_privacy_control_and_do_not_track_count_nothing(app, client):
    client.get(NOWHERE, headers={"Sec-GPC": "1"})
    client.get(NOWHERE, headers={"DNT": "1"})
    client.get("/api/v1/search?location=89301", headers={"Sec-GPC": "1"})
    assert _count(app) == 0
    client.get(NOWHERE)
    assert _count(app) == 1


def test_searches_with_enough_results_or_video_only_are_not_counted(app, client):
    for n in range(6):
        TherapistFactory(name=f"Portland {n}")
    client.get("/search?location=Portland,%20OR")
    client.get("/search?location=Ely,%20NV&telehealth=only")
    assert _count(app) == 0


def test_counts_below_ten_are_never_shown(app, client):
    for _ in range(9):
        client.get(NOWHERE)
    _flush(app)
    body = client.get("/api/v1/access?state=NV").get_json()
    assert body["suppressed_below"] == 10
    assert all(
        row["state"] != "NV" or row["unmet_demand"]["total"] is None for row in body["areas"]
    )
    assert body["areas"] == []  # no therapists and no shown demand: the area does not appear
    client.get(NOWHERE)
    _flush(app)
    row = client.get("/api/v1/access?state=NV").get_json()["areas"][0]
    assert row["unmet_demand"]["total"] == 10
    assert row["unmet_demand"]["by_condition"] == {"perinatal-depression": 10}
    assert row["unmet_demand"]["by_week"][0]["searches"] == 10
    zips = client.get("/api/v1/access?state=NV&level=zip3").get_json()["areas"]
    assert [(r["zip3"], r["unmet_demand"]["total"]) for r in zips] == [("893", 10)]


def test_therapists_by_tier_adaptation_and_telehealth(app, client):
    app.config["ACCESS_REFRESH_SECONDS"] = 0
    TherapistFactory(
        name="Perinatal Pat",
        ipt_credentials=[CredentialFactory.build(status="verified", verified_at=utcnow())],
        adaptations=["perinatal-ipt"],
    )
    TherapistFactory(
        name="Seattle Sam",
        telehealth=False,
        locations=[
            LocationFactory.build(city="Seattle", state="WA", zip="98101", lat=47.61, lon=-122.33)
        ],
    )
    body = client.get("/api/v1/access").get_json()
    by_state = {row["state"]: row for row in body["areas"]}
    oregon = by_state["OR"]
    assert oregon["therapists"] == 1
    assert oregon["verified"] == 1
    assert oregon["by_tier"]["certified"] == 1
    assert oregon["by_adaptation"]["perinatal-ipt"] == 1
    assert oregon["telehealth"] == 1  # licensed in OR (the factory's licence) with telehealth
    assert by_state["WA"]["telehealth"] == 0
    page = client.get("/access")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Our promise about searches" in html
    assert "Global Privacy Control" in html
    assert "sortable" in html
    assert 'aria-label="Oregon: 1"' in html  # the state's shape on the map, a link
    perinatal = client.get("/access?metric=perinatal-ipt").get_data(as_text=True)
    assert "Map: Perinatal IPT by state" in perinatal
    assert client.get("/access?metric=shoe-size").status_code == 422
    rows = list(csv.reader(io.StringIO(client.get("/access.csv").get_data(as_text=True))))
    assert rows[0][:3] == ["state", "zip3", "therapists"]
    assert rows[[r[0] for r in rows].index("OR")][:3] == ["OR", "", "1"]


def test_bad_access_input_names_the_field(client):
    response = client.get("/api/v1/access?level=county")
    assert response.status_code == 422
    assert "level" in response.get_json()["message"]
    assert client.get("/access?weeks=999").status_code == 422
    download = client.get("/access.csv?state=ZZ")  # not the whole country's figures instead
    assert download.status_code == 422
    assert download.get_data(as_text=True).startswith("state:")


def test_counting_never_costs_a_search_and_keeps_counts_when_the_database_fails(app, client):
    counter = app.extensions["demand_counter"]
    calls = []

    def broken(pending):
        calls.append(sum(pending.values()))
        raise RuntimeError("database unavailable")

    counter._write = broken
    assert client.get(NOWHERE).status_code == 200
    with pytest.raises(RuntimeError):
        counter.flush()
    assert calls == [1]
    del counter._write  # the database is back: the kept count is written
    assert counter.flush() == 1
    assert _count(app) == 1


def test_a_worker_writes_its_counts_in_the_background(app):
    import datetime as dt
    import time

    from app.training.demand import DemandCounter

    engine = db.engine
    counter = DemandCounter(lambda: engine, 0.05)
    try:
        counter.add([(dt.date(2026, 1, 5), "NV", "893", "grief")] * 3)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and not db.session.scalar(
            sa.select(DemandCount.searches)
        ):
            time.sleep(0.05)
            db.session.rollback()
        assert db.session.scalar(sa.select(DemandCount.searches)) == 3
    finally:
        counter.stop()  # no writer thread left running into the next test


def test_a_new_worker_says_the_figures_are_being_prepared(app, client, monkeypatch):
    import threading

    from app.training import access

    release = threading.Event()
    real = access.compute

    def slow():
        release.wait(5)
        return real()

    monkeypatch.setattr(access, "compute", slow)
    monkeypatch.setattr(access, "FIRST_WAIT_SECONDS", 0.05)
    app.testing = False
    try:
        api = client.get("/api/v1/access")
        assert api.status_code == 503
        # At least the 30 s asked for; the partner API's limiter may raise it to its window's end.
        assert int(api.headers["Retry-After"]) >= 30
        assert "being prepared" in api.get_json()["message"]
        assert client.get("/access").status_code == 503
        release.set()
        app.extensions["access_figures"].ready.wait(5)
        assert client.get("/api/v1/access").status_code == 200
    finally:
        app.testing = True


def test_the_map_is_drawn_from_our_boundary_file(client):
    from app.training import access_map

    base = access_map.basemap()
    assert access_map.MAP_FILE.stat().st_size < 60_000
    assert len(base["states"]) == 53
    assert all(s["d"].startswith("M") for s in base["states"].values())
    assert base["zip3"]["972"][2] == "OR"
    assert len(base["zip3"]) > 850
    TherapistFactory(name="Portland Pat")
    html = client.get("/access").get_data(as_text=True)
    assert html.count('class="map-state ') == 53
    assert 'data-state="OR"' in html
    assert "Guam" in html
    assert "http://" not in html.split('<figure class="access-map">')[1].split("</figure>")[0]
    zips = client.get("/access?level=zip3&state=OR").get_data(as_text=True)
    assert 'data-zip3="972"' in zips
    assert "by 3-digit ZIP area" in zips


def test_map_shades_by_quartile_with_a_legend():
    from app.training.access_map import Classes

    classes = Classes([0, 1, 2, 3, 4, 5, 6, 7, 8, None, 100])
    assert [classes.shade(v) for v in (0, None, 1, 4, 6, 8, 100)] == [0, 0, 1, 2, 3, 4, 4]
    assert [(c["low"], c["high"]) for c in classes.legend()] == [
        (0, 0),
        (1, 3),
        (4, 5),
        (6, 7),
        (8, 100),
    ]
    assert Classes([5, 5]).shade(5) == 4  # one class: the darkest
