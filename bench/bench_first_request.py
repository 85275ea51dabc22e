"""First-request latency of a fresh gunicorn worker, with and without the warm-up (issue #13:
"the first search of a fresh worker took 1.2-2.1 s").

Seeds a SQLite directory once (bench_search.seed, kept for reuse), then for each mode starts
gunicorn (gunicorn.conf.py, one worker) with WARM_UP=0 or 1, waits until /healthz answers (the
worker has finished its warm-up by then: gunicorn calls it before the worker takes traffic),
and times the first /api/v1/search, /api/v1/supervisors and /api/v1/access, then a second
search. Prints figures only.

    .venv/bin/python bench/bench_first_request.py [--runs 3] [--profiles 2000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_search import gunicorn, seed  # noqa: E402

FIRST = "/api/v1/search?q=my+son+is+15+and+depressed,+we+live+in+Austin,+TX+and+have+Cigna"
SECOND = "/api/v1/search?q=postpartum+depression+near+97204"
OTHERS = ("/api/v1/supervisors?limit=5", "/api/v1/access")


def _get(url: str) -> float:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - our own server
        response.read()
    return time.perf_counter() - start


def one_start(url: str, warm: bool) -> dict[str, float]:
    started = time.perf_counter()
    with gunicorn(
        url, WARM_UP="1" if warm else "0", WEB_CONCURRENCY="1", GUNICORN_TIMEOUT="120"
    ) as (server, base):
        while True:
            if server.poll() is not None:
                raise SystemExit("gunicorn exited; run it by hand to see why")
            try:
                _get(base + "/healthz")
                break
            except OSError:
                time.sleep(0.05)
        figures = {"ready": time.perf_counter() - started, "first search": _get(base + FIRST)}
        for path in OTHERS:
            figures[f"first {path.split('?')[0].rsplit('/', 1)[-1]}"] = _get(base + path)
        figures["second search"] = _get(base + SECOND)
        return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profiles", type=int, default=2000)
    parser.add_argument("--reseed", action="store_true")
    args = parser.parse_args()
    db_path = Path(f"/tmp/ipt-bench-first-request-{args.profiles}.sqlite3")
    url = f"sqlite:///{db_path}"
    seed(url, args.profiles, args.reseed, db_path)
    for warm in (False, True):
        runs = [one_start(url, warm) for _ in range(args.runs)]
        label = "WARM_UP=1" if warm else "WARM_UP=0"
        for name in runs[0]:
            values = [r[name] * 1000 for r in runs]
            print(
                f"{label}  {name:<18} median {statistics.median(values):8.1f} ms  "
                f"(runs: {', '.join(f'{v:.0f}' for v in values)})"
            )


if __name__ == "__main__":
    main()
