"""What a profile write costs in search-document upkeep: one therapist's document recomputed
(app/search/documents.py ``refresh``), and a whole edit committed through the ORM.

    python bench/bench_refresh.py                      # SQLite under /tmp, 2,000 demo profiles
    python bench/bench_refresh.py --database-url postgresql://postgres@127.0.0.1/ipt_bench_refresh

Seeds the directory once with the demo generator (kept for reuse, --reseed to start over); every
timed write is rolled back, so runs can be repeated on the same data. Prints figures only.
"""

from __future__ import annotations

import logging
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_search import bench_parser, seeded_url  # noqa: E402
from bench.timing import report  # noqa: E402


def main() -> None:
    parser = bench_parser(__doc__, profiles=2000)
    parser.add_argument("--rounds", type=int, default=500)
    args = parser.parse_args()
    url = seeded_url(args.database_url, args.profiles, args.reseed, stem="ipt-bench-refresh")
    logging.disable(logging.WARNING)

    from sqlalchemy import select

    from app import create_app
    from app.core.extensions import db
    from app.directory.models import Therapist
    from app.search import documents

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "WARM_UP": False})
    rng = random.Random(7)
    with app.app_context():
        ids = list(db.session.scalars(select(Therapist.id)))
        refreshes: list[int] = []
        edits: list[int] = []
        for n in range(args.rounds + 20):  # the first 20 warm the caches and are not counted
            tid = rng.choice(ids)
            start = time.perf_counter_ns()
            documents.refresh(db.session, [tid])
            took = time.perf_counter_ns() - start
            therapist = db.session.get(Therapist, tid)
            assert therapist is not None
            therapist.accepting_clients = not therapist.accepting_clients
            start = time.perf_counter_ns()
            db.session.flush()
            documents._before_commit(db.session)  # what a commit runs, without committing
            edit = time.perf_counter_ns() - start
            db.session.rollback()
            if n >= 20:
                refreshes.append(took)
                edits.append(edit)
    print(f"{len(ids)} profiles, {url.split(':', 1)[0]}")
    report("refresh one document", refreshes)
    report("edit: flush + refresh", edits)


if __name__ == "__main__":
    main()
