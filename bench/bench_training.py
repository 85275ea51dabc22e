"""Training pathway latency at scale, without HTTP: supervisor search, training search, the access
page's figures, and what counting unmet demand adds to a search.

    python bench/bench_training.py --profiles 1000000                  # SQLite under /tmp
    python bench/bench_training.py --profiles 100000 --database-url postgresql://postgres@127.0.0.1/ipt_bench_training

Seeds the directory once with the demo generator (which also seeds supervision offers, trainings
and records; kept for reuse, --reseed to start over), adds ``--trainings`` synthetic published
trainings, then measures each service call over a realistic query mix. Prints figures only.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_search import bench_parser, seeded_url  # noqa: E402
from bench.timing import report  # noqa: E402

LADDERS = [None, "isipt", "ipt-institute", "ipt-uk"]
ADAPTATIONS = [None, None, "perinatal-ipt", "ipt-a", "ipsrt", "group-ipt"]
ZONES = [None, "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"]
PLACES = ["Portland, OR", "Boston, MA", "Austin, TX", "Bozeman, MT", "60614", "Miami, FL"]
TRAINING_PLACES = [
    ("Portland, OR", "OR", 45.52, -122.68),
    ("Chicago, IL", "IL", 41.88, -87.63),
    ("Atlanta, GA", "GA", 33.75, -84.39),
    ("Denver, CO", "CO", 39.74, -104.99),
    ("New York, NY", "NY", 40.71, -74.01),
]


def add_trainings(n: int) -> None:
    """Top the calendar up to ``n`` published trainings still to come (bulk, deterministic)."""
    import sqlalchemy as sa

    from app.core.extensions import db
    from app.training.models import Training

    have = db.session.scalar(sa.select(sa.func.count()).select_from(Training)) or 0
    if have >= n:
        return
    rng = random.Random(3)
    now = dt.datetime.now(dt.UTC)
    rows = []
    for i in range(have, n):
        start = now + dt.timedelta(hours=rng.randint(1, 24 * 365))
        place = rng.choice(TRAINING_PLACES) if rng.random() < 0.4 else None
        rows.append(
            {
                "title": f"Bench IPT course {i}",
                "provider": "Bench provider",
                "body": rng.choice(["isipt", "ipt-institute", "ipt-uk", None]),
                "level": None,
                "adaptation": rng.choice(["ipt", "perinatal-ipt", "ipt-a", None]),
                "starts_at": start,
                "ends_at": start + dt.timedelta(hours=8),
                "timezone": "America/Chicago",
                "online": place is None,
                "city": place[0] if place else None,
                "state": place[1] if place else None,
                "lat": place[2] if place else None,
                "lon": place[3] if place else None,
                "language": "es" if rng.random() < 0.1 else "en",
                "registration_url": f"https://example.org/bench/{i}",
                "status": "published",
                "created_at": now,
                "updated_at": now,
            }
        )
    db.session.execute(sa.insert(Training), rows)
    db.session.commit()


def main() -> None:
    parser = bench_parser(__doc__, profiles=100_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--trainings", type=int, default=5000)
    args = parser.parse_args()
    url = seeded_url(args.database_url, args.profiles, args.reseed, stem="ipt-bench-training")

    from app import create_app
    from app.core.extensions import db
    from app.search.service import SearchParams, search
    from app.training import access, demand, supervision, trainings

    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        add_trainings(args.trainings)
        start = time.perf_counter()
        pool = supervision.pool()
        print(
            f"backend: {db.engine.dialect.name}; supervision offers in pool: {len(pool):,}; "
            f"cold pool build {time.perf_counter() - start:.2f} s"
        )
        rng = random.Random(11)
        mix = []
        for _ in range(args.queries):
            q = {
                "ladder": rng.choice(LADDERS),
                "adaptation": [a] if (a := rng.choice(ADAPTATIONS)) else [],
                "language": "es" if rng.random() < 0.15 else None,
                "timezone": rng.choice(ZONES),
                "max_hours_apart": rng.choice([None, 2, 3]),
                "format": rng.choice([None, "individual", "group"]),
                "max_fee": rng.choice([None, 100, 150]),
                "accepting": rng.random() < 0.5,
                "in_person_near": rng.choice(PLACES) if rng.random() < 0.2 else None,
                "verified_only": rng.random() < 0.2,
                "limit": 20,
                "offset": 0,
            }
            mix.append({k: v for k, v in q.items() if v is not None})
        for q in mix[:30]:
            supervision.search(q)  # warm the gazetteer
        samples, cpu, totals = [], [], []
        for q in mix:
            t0, c0 = time.perf_counter_ns(), time.process_time_ns()
            result = supervision.search(q)
            samples.append(time.perf_counter_ns() - t0)
            cpu.append(time.process_time_ns() - c0)
            totals.append(result.total)
            db.session.remove()
        report("supervisor search", samples)
        report("  (CPU time)", cpu)
        print(f"  median matches {sorted(totals)[len(totals) // 2]}")

        tmix = []
        today = dt.date.today()
        for _ in range(args.queries):
            q = {
                "date_from": today + dt.timedelta(days=rng.randint(0, 120)),
                "mode": rng.choice(["any", "online", "in-person"]),
                "body": rng.choice([None, "isipt", "ipt-institute"]),
                "language": rng.choice([None, None, "es"]),
                "near": rng.choice(PLACES) if rng.random() < 0.2 else None,
                "radius_mi": 100.0,
                "limit": 50,
                "offset": 0,
            }
            q["date_to"] = q["date_from"] + dt.timedelta(days=rng.choice([30, 90]))
            tmix.append({k: v for k, v in q.items() if v is not None})
        samples, cpu = [], []
        for q in tmix:
            t0, c0 = time.perf_counter_ns(), time.process_time_ns()
            trainings.search(q)
            samples.append(time.perf_counter_ns() - t0)
            cpu.append(time.process_time_ns() - c0)
            db.session.remove()
        report("training search", samples)
        report("  (CPU time)", cpu)

        t0 = time.perf_counter()
        access.compute()
        print(f"access figures, full computation (on a schedule): {time.perf_counter() - t0:.2f} s")
        while True:  # a worker's first request starts the computation in the background
            try:
                access.snapshot()
                break
            except access.FiguresNotReady:
                time.sleep(1)
        samples = []
        for _ in range(200):
            t0 = time.perf_counter_ns()
            access.table("state")
            samples.append(time.perf_counter_ns() - t0)
            db.session.remove()
        report("access table (served)", samples)
        # The whole page: figures from memory, the map (state shapes from the shipped boundary
        # file, shaded) and the tables, rendered by Flask; by state and by ZIP area in one state.
        client = app.test_client()
        logging.getLogger("ipt.request").setLevel(logging.WARNING)  # one JSON line per request
        for path in ("/access", "/access?level=zip3&state=CA", "/access?lang=es"):
            client.get(path)
            samples, cpu = [], []
            for _ in range(100):
                t0, c0 = time.perf_counter_ns(), time.process_time_ns()
                response = client.get(path)
                samples.append(time.perf_counter_ns() - t0)
                cpu.append(time.process_time_ns() - c0)
            size = len(response.data)
            report(f"access page {path} ({size / 1000:.0f} kB)", samples)
            report("  (CPU time)", cpu)

        # Counting demand: the receiver's own cost per search (keys + buffered increment).
        counter = app.extensions["demand_counter"]
        counter.flush_seconds = 3600
        with app.test_request_context("/search"):
            outcomes = [
                search(SearchParams(location=p, condition="perinatal-depression"))
                for p in ["Bozeman, MT", "Elko, NV", "Marfa, TX", "Burns, OR"]
            ]
            samples = []
            for i in range(5000):
                t0 = time.perf_counter_ns()
                demand._on_search(outcomes[i % len(outcomes)])
                samples.append(time.perf_counter_ns() - t0)
        report("demand counting / search", samples)
        counter._pending.clear()


if __name__ == "__main__":
    main()
