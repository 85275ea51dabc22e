"""Search service latency at scale, without HTTP.

    python bench/bench_search.py --profiles 1000000                  # SQLite under /tmp
    python bench/bench_search.py --profiles 1000000 --database-url postgresql://postgres@127.0.0.1/ipt_bench

Seeds the directory once with the demo generator (kept for reuse; --reseed to start over), then
measures: a new worker's cold index build, the search service call over a realistic query mix
(dense metros and rural places, radius 10–50 mi, a condition plus an insurance filter, limit 20,
reasons included), and the worker's resident memory.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import resource
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

METROS = [
    "New York, NY",
    "Los Angeles, CA",
    "Chicago, IL",
    "Houston, TX",
    "Phoenix, AZ",
    "Philadelphia, PA",
    "San Antonio, TX",
    "San Diego, CA",
    "Dallas, TX",
    "Brooklyn, NY",
    "Portland, OR",
    "Seattle, WA",
    "Boston, MA",
    "Atlanta, GA",
    "Miami, FL",
    "Denver, CO",
    "10025",
    "94110",
    "60614",
    "02139",
    "30307",
    "98103",
    "Minneapolis, MN",
    "Detroit, MI",
]
RURAL = [
    "Bozeman, MT",
    "Elko, NV",
    "Pierre, SD",
    "Presque Isle, ME",
    "Alamosa, CO",
    "Ely, MN",
    "Hays, KS",
    "Lander, WY",
    "59301",
    "69101",
    "Marfa, TX",
    "Bethel, AK",
    "Moab, UT",
    "Kirksville, MO",
    "Houghton, MI",
    "Burns, OR",
]
CONDITIONS = [
    "perinatal-depression",
    "depression",
    "post partum depression",
    "bipolar",
    "ptsd",
    "grief after my mom died",
    "binge eating",
    "anxiety",
    "bulimia",
    "life transitions",
    "teen depression",
    "loneliness",
]
INSURANCE = ["aetna", "BCBS", "cigna", "medicaid", "United Healthcare", "blue-cross-blue-shield"]


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def seed(url: str, profiles: int, reseed: bool, db_path: Path | None) -> None:
    env = {**os.environ, "DATABASE_URL": url}
    flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
    if db_path is not None and db_path.exists() and not reseed:
        print(f"reusing {db_path}")
        return
    if db_path is not None and db_path.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(str(db_path) + suffix).unlink(missing_ok=True)
    if db_path is None and reseed:
        subprocess.run([*flask, "db", "downgrade", "base"], env=env, cwd=ROOT, check=True)
    subprocess.run([*flask, "init-db"], env=env, cwd=ROOT, check=True)
    start = time.perf_counter()
    subprocess.run(
        [*flask, "seed-demo", "--count", str(profiles), "--seed", "1"]
        + ([] if db_path else ["--if-empty"]),
        env=env,
        cwd=ROOT,
        check=True,
    )
    print(f"seeded {profiles:,} profiles in {time.perf_counter() - start:.1f} s")


def bench_parser(doc: str | None, profiles: int) -> argparse.ArgumentParser:
    """The options of a benchmark on a seeded directory (--profiles, --database-url, --reseed),
    described by the first line of the script's ``doc``."""
    parser = argparse.ArgumentParser(description=(doc or "").splitlines()[0])
    parser.add_argument("--profiles", type=int, default=profiles)
    parser.add_argument("--database-url")
    parser.add_argument("--reseed", action="store_true")
    return parser


def seeded_url(
    database_url: str | None, profiles: int, reseed: bool, stem: str = "ipt-bench"
) -> str:
    """The database to measure, seeded: ``database_url``, or a SQLite file under /tmp (reused)."""
    db_path = None
    url = database_url
    if not url:
        db_path = Path(f"/tmp/{stem}-{profiles}.sqlite3")
        url = f"sqlite:///{db_path}"
    seed(url, profiles, reseed, db_path)
    return url


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def gunicorn(url: str, **env: str) -> Iterator[tuple[subprocess.Popen, str]]:
    """gunicorn (gunicorn.conf.py) serving the directory at ``url`` on a free local port, its
    output discarded, ``env`` added to its environment; stopped with SIGTERM at the end.
    Yields the process and its base URL."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url, "BIND": f"127.0.0.1:{port}", **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield server, f"http://127.0.0.1:{port}"
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)


def main() -> None:
    parser = bench_parser(__doc__, profiles=100_000)
    parser.add_argument("--queries", type=int, default=1000)
    args = parser.parse_args()
    url = seeded_url(args.database_url, args.profiles, args.reseed)

    from app import create_app
    from app.core.extensions import db
    from app.search.service import SearchParams, search
    from matching.conditions import resolve_conditions

    base_rss = rss_mb()
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        cache = app.extensions["search_index"]
        start = time.perf_counter()
        with cache.current(db.session) as index:
            therapists = index.therapist_count
        build = time.perf_counter() - start
        print(f"backend: {db.engine.dialect.name}; listed therapists in index: {therapists:,}")
        print(
            f"cold index build (new worker ready): {build:.2f} s; "
            f"RSS {base_rss:.0f} MB before app, {rss_mb():.0f} MB after build"
        )

        rng = random.Random(7)
        mix = []
        for i in range(args.queries):
            place = rng.choice(METROS if i % 3 else RURAL)
            mix.append(
                SearchParams(
                    location=place,
                    radius_mi=rng.choice([10, 25, 50]),
                    condition=rng.choice(CONDITIONS),
                    insurance=rng.choice(INSURANCE),
                    limit=20,
                )
            )
        for params in mix[:30]:
            search(params)  # warm caches (gazetteer, resolvers)
        timings, totals = [], []
        for params in mix:
            start = time.perf_counter()
            outcome = search(params)
            timings.append((time.perf_counter() - start) * 1000)
            totals.append(outcome.total)
            db.session.remove()
        timings.sort()

        def pct(p: float) -> float:
            return timings[min(len(timings) - 1, int(p / 100 * len(timings)))]

        print(
            f"search service, {len(timings)} queries: p50 {pct(50):.2f} ms, p90 {pct(90):.2f} ms, "
            f"p99 {pct(99):.2f} ms, max {timings[-1]:.2f} ms; "
            f"median matches {statistics.median(totals):.0f}"
        )
        from matching import conditions as cond_module

        res = []
        for i in range(2000):
            cond_module._resolve.cache_clear()  # measure resolution itself, not the result cache
            phrase = CONDITIONS[i % len(CONDITIONS)]
            start = time.perf_counter()
            resolve_conditions(phrase)
            res.append((time.perf_counter() - start) * 1000)
        res.sort()
        p50, p99 = res[len(res) // 2], res[int(len(res) * 0.99)]
        print(f"condition resolution (uncached): p50 {p50:.3f} ms, p99 {p99:.3f} ms")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"worker RSS now {rss_mb():.0f} MB; peak {peak:.0f} MB")


if __name__ == "__main__":
    main()
