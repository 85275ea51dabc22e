"""Benchmark ``seed-demo``: seed N profiles into a fresh database and report speed and memory.

    .venv/bin/python bench/bench_seed.py --count 1000000
    .venv/bin/python bench/bench_seed.py --count 100000 --database-url postgresql://127.0.0.1/x

SQLite: a new file under a temporary directory (removed afterwards unless --keep).
PostgreSQL: a new database ``ipt_bench_<pid>`` on that server (dropped afterwards unless --keep).
Both are migrated and loaded with the reference vocabularies first, as ``flask init-db`` does.
Peak RSS is the whole process's (``ru_maxrss``), so it includes Flask, SQLAlchemy and the ZIP table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade

from app import create_app
from app.core.extensions import db
from app.directory.reference import sync_reference_data
from app.ops.demo import TABLES, seed_demo


def _fresh_postgres(url: str) -> tuple[str, sa.Engine, str]:
    base = sa.make_url(url).set(drivername="postgresql+psycopg")
    name = f"ipt_bench_{os.getpid()}"
    admin = sa.create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    return base.set(database=name).render_as_string(hide_password=False), admin, name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--chunk-size", type=int, default=10_000)
    parser.add_argument("--database-url", help="a PostgreSQL server to bench instead of SQLite")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--progress", action="store_true", help="show a progress bar")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="ipt-bench-", dir="/tmp"))
    admin = pg_name = None
    if args.database_url:
        url, admin, pg_name = _fresh_postgres(args.database_url)
        where = f"PostgreSQL database {pg_name}"
    else:
        url = "sqlite:///" + str(workdir / "bench.sqlite3")
        where = str(workdir / "bench.sqlite3")

    try:
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-only"})
        with app.app_context():
            upgrade()
            sync_reference_data()
            started = time.perf_counter()
            summary = seed_demo(
                args.count,
                args.seed,
                as_of=dt.date(2026, 1, 1),
                chunk_size=args.chunk_size,
                progress=args.progress,
            )
            wall = time.perf_counter() - started
            with db.engine.connect() as conn:
                counts = {
                    t: conn.scalar(sa.select(sa.func.count()).select_from(db.metadata.tables[t]))
                    for t in TABLES
                }
            db.engine.dispose()
    finally:
        if admin is not None:
            if not args.keep:
                with admin.connect() as conn:
                    conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)'))
            admin.dispose()

    usage = resource.getrusage(resource.RUSAGE_SELF)
    peak_mb = usage.ru_maxrss / 1024  # KiB on Linux
    cpu = usage.ru_utime + usage.ru_stime
    print(f"backend:      {where}")
    print(f"profiles:     {args.count:,} (seed {args.seed}, chunk {args.chunk_size:,})")
    print(f"wall time:    {wall:,.1f} s in all")
    print(f"  generate + insert:   {summary.seconds:,.1f} s")
    print(f"  search documents:    {summary.search_seconds:,.1f} s")
    print(f"profiles/s:   {args.count / wall:,.0f} ({args.count / summary.seconds:,.0f} inserting)")
    print(f"CPU time:     {cpu:,.1f} s (this process; other load on the machine slows wall time)")
    print(f"peak RSS:     {peak_mb:,.0f} MB")
    if not args.database_url:
        size = (workdir / "bench.sqlite3").stat().st_size / 2**20
        print(f"db file:      {size:,.0f} MB")
    print(f"rows:         {sum(counts.values()):,} in all")
    for table, n in counts.items():
        print(f"  {table:<26} {n:>12,}")
    if summary.rows != counts:
        print("WARNING: row counts differ from what the seeder reported", summary.rows)
    if args.keep:
        print(f"kept: {url}")
    else:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
