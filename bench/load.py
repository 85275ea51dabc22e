"""Load test: the search API under gunicorn, from a second process (wrk).

    python bench/load.py --profiles 100000 [--database-url URL] [--seconds 60] [--connections 32]

Seeds (or reuses) a directory like bench_search.py, starts gunicorn with gunicorn.conf.py on a free
local port, waits until /readyz answers, then runs wrk twice with the same settings: once over a
rotating mix of search URLs, once against /healthz. Prints requests/s, latency percentiles, errors,
and the ratio of search to /healthz throughput. Needs Debian's wrk (apt-get install wrk).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from bench_search import (  # noqa: E402
    CONDITIONS,
    INSURANCE,
    METROS,
    RURAL,
    gunicorn,
    seeded_url,
)

LUA = """
wrk.headers["X-API-Key"] = "%(key)s"
local paths = {}
for line in io.lines("%(paths)s") do paths[#paths + 1] = line end
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format('JSON {"requests": %%d, "seconds": %%f, "errors": %%d, "non2xx": %%d, '
    .. '"p50_ms": %%f, "p90_ms": %%f, "p99_ms": %%f}\\n',
    summary.requests, summary.duration / 1e6,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000))
end
"""


def search_paths(n: int) -> list[str]:
    rng = random.Random(11)
    out = []
    for i in range(n):
        params = {
            "location": rng.choice(METROS if i % 3 else RURAL),
            "radius_mi": rng.choice([10, 25, 50]),
            "condition": rng.choice(CONDITIONS),
            "insurance": rng.choice(INSURANCE),
            "limit": 20,
        }
        out.append("/api/v1/search?" + urlencode(params))
    return out


def partner_key(url: str) -> str:
    """A partner API key with a limit far above what the load test sends (the anonymous limit
    would otherwise answer most requests with 429)."""
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "flask",
            "--app",
            "wsgi",
            "partners",
            "create",
            f"Load test {int(time.time())}",
            "--contact",
            "bench@example.org",
            "--rate-limit",
            "10000000/minute",
        ],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return next(
        line.strip()
        for line in out.splitlines()
        if line.strip().startswith("ipt_") and line.count("_") >= 2
    )


def run_wrk(
    base: str, paths: list[str], seconds: int, connections: int, threads: int, key: str
) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        path_file = Path(tmp) / "paths.txt"
        path_file.write_text("\n".join(paths) + "\n")
        script = Path(tmp) / "mix.lua"
        script.write_text(LUA % {"paths": path_file, "key": key})
        out = subprocess.run(
            [
                "wrk",
                f"-t{threads}",
                f"-c{connections}",
                f"-d{seconds}s",
                "--timeout",
                "10s",
                "-s",
                str(script),
                base,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    line = next(x for x in out.splitlines() if x.startswith("JSON "))
    result = json.loads(line[5:])
    result["rps"] = result["requests"] / result["seconds"]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=100_000)
    parser.add_argument("--database-url")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk")

    url = seeded_url(args.database_url, args.profiles, reseed=False)
    key = partner_key(url)

    with gunicorn(url, WEB_CONCURRENCY=str(args.workers)) as (_, base):
        start = time.perf_counter()
        while True:
            try:
                with urllib.request.urlopen(f"{base}/readyz", timeout=2) as r:  # noqa: S310
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.2)
            if time.perf_counter() - start > 120:
                sys.exit("gunicorn did not become ready")
        # Warm every worker's index and resolvers.
        warm = search_paths(200)
        for path in warm[:60]:
            warm_request = urllib.request.Request(base + path, headers={"X-API-Key": key})  # noqa: S310
            urllib.request.urlopen(warm_request, timeout=30).read()  # noqa: S310
        print(
            f"gunicorn ready in {time.perf_counter() - start:.1f} s "
            f"({args.workers} workers x 4 threads), {args.profiles:,} profiles, "
            f"{url.split(':')[0]}"
        )
        search = run_wrk(
            base, search_paths(5000), args.seconds, args.connections, args.wrk_threads, key
        )
        health = run_wrk(base, ["/healthz"], args.seconds, args.connections, args.wrk_threads, key)
        for name, r in (("search", search), ("healthz", health)):
            print(
                f"{name:8s} {r['rps']:8.1f} req/s  p50 {r['p50_ms']:.1f} ms  "
                f"p90 {r['p90_ms']:.1f} ms  p99 {r['p99_ms']:.1f} ms  errors {r['errors']}  "
                f"non-2xx {r['non2xx']}  ({r['requests']:,} requests in {r['seconds']:.0f} s, "
                f"{args.connections} connections)"
            )
        print(f"search/healthz throughput ratio: {search['rps'] / health['rps']:.2f}")


if __name__ == "__main__":
    main()
