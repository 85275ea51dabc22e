"""The access page's map: states (and 3-digit ZIP areas as points) shaded by a figure, drawn on the
server as SVG from the boundary data shipped with the project.

``app/static/map/us-states-albers.json`` is built by ``scripts/build_basemap.py`` from the same
Census boundaries as the seeker maps' basemap (Albers equal-area, 975 × 610 units, Alaska, Hawaii
and Puerto Rico as insets). Nothing is fetched at run time and no script is needed to see the
map; each state is a link (to its ZIP areas), with its figure in its accessible name, and the
tables below carry every figure.
"""

from __future__ import annotations

import bisect
import functools
import json
import math
from pathlib import Path
from typing import Any

from flask_babel import lazy_gettext as _l

from matching.reference import vocabulary

MAP_FILE = Path(__file__).resolve().parent.parent / "static" / "map" / "us-states-albers.json"
SHADES = 5  # 0 (none) to 4
SMALL_STATE_AREA = 40  # map units²: such states also get a dot, so there is something to click
ZIP3_RADIUS = 3.5  # map units on the whole map; a state zoomed in draws them about as big

MAP_METRICS = {
    "therapists": _l("Listed IPT therapists"),
    "certified": _l("Certified or above"),
    "perinatal-ipt": _l("Perinatal IPT"),
    "ipt-a": _l("IPT-A (adolescents)"),
    "telehealth": _l("Telehealth (licensed in state)"),
    "unmet": _l("Unmet searches"),
}


@functools.cache
def basemap() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(MAP_FILE.read_text(encoding="utf-8"))
    return data


def value(row: dict[str, Any] | None, metric: str) -> int | None:
    """The row's figure for ``metric``; None for unmet demand too small to show."""
    if row is None:
        return 0
    if metric == "certified":
        return sum(row["by_tier"][t] for t in vocabulary().tiers[1:])
    if metric in row["by_adaptation"]:
        return int(row["by_adaptation"][metric])
    if metric == "unmet":
        total = row["unmet_demand"]["total"]
        return None if total is None else int(total)
    return int(row["telehealth"] if metric == "telehealth" else row["therapists"])


class Classes:
    """Shades by quartile of the areas that have any: 0 for none, then up to four classes with
    about as many areas in each, the darkest for the most (counts follow population, so equal-width
    classes would leave nearly every state in the palest one)."""

    def __init__(self, values: list[int | None]):
        ranked = sorted(v for v in values if v)
        uppers: list[int] = []
        for k in range(1, SHADES):
            if ranked:
                upper = ranked[max(0, math.ceil(k * len(ranked) / (SHADES - 1)) - 1)]
                if not uppers or upper > uppers[-1]:
                    uppers.append(upper)
        self.uppers = uppers
        self.offset = SHADES - 1 - len(uppers)  # fewer classes: still end with the darkest

    def shade(self, v: int | None) -> int:
        if not v or not self.uppers:
            return 0
        return 1 + self.offset + bisect.bisect_left(self.uppers, v)

    def legend(self) -> list[dict[str, Any]]:
        """Each shade with the range of figures it stands for."""
        out = [{"shade": 0, "low": 0, "high": 0}]
        low = 1
        for i, upper in enumerate(self.uppers):
            out.append({"shade": 1 + self.offset + i, "low": low, "high": upper})
            low = upper + 1
        return out


def shaded_map(
    states: dict[str, dict[str, Any]],
    metric: str,
    zip3s: list[dict[str, Any]] | None = None,
    focus: str | None = None,
) -> dict[str, Any]:
    """What the template draws: every mapped state's shape with its figure and shade, the ZIP areas
    as points (when given), the legend, and the view box (the focused state, or the whole map).

    ``states`` maps a state code to its row of the access table; ``zip3s`` are ZIP-area rows.
    """
    base = basemap()
    names = vocabulary().states
    figures = {code: value(states.get(code), metric) for code in base["states"]}
    points_in = [
        (row, base["zip3"][row["zip3"]])
        for row in zip3s or []
        if row.get("zip3") in base["zip3"] and (focus is None or row["state"] == focus)
    ]
    point_values = [value(row, metric) for row, _ in points_in]
    classes = Classes(point_values if zip3s is not None else list(figures.values()))
    shapes = []
    for code, shape in base["states"].items():
        x0, y0, x1, y1 = shape["box"]
        small = (x1 - x0) * (y1 - y0) < SMALL_STATE_AREA
        shapes.append(
            {
                "code": code,
                "name": names.get(code, shape["name"]),
                "d": shape["d"],
                "value": figures[code],
                "shade": classes.shade(figures[code]) if zip3s is None else 0,
                "dot": shape["centre"] if small else None,
                "focus": code == focus,
            }
        )
    shapes.sort(key=lambda shape: shape["focus"])  # the chosen state last: its border on top
    points = [
        {
            "zip3": row["zip3"],
            "state": row["state"],
            "x": xy[0],
            "y": xy[1],
            "value": v,
            "shade": classes.shade(v),
        }
        for (row, xy), v in zip(points_in, point_values, strict=True)
    ]
    view_box = [0, 0, base["width"], base["height"]]
    if focus in base["states"]:
        x0, y0, x1, y1 = base["states"][focus]["box"]
        pad = max(8, (x1 - x0) * 0.08, (y1 - y0) * 0.08)
        view_box = [x0 - pad, y0 - pad, x1 - x0 + 2 * pad, y1 - y0 + 2 * pad]
    return {
        "view_box": " ".join(f"{v:g}" for v in view_box),
        "width": base["width"],
        "height": base["height"],
        "states": shapes,
        "points": points,
        "point_radius": ZIP3_RADIUS if focus is None else round(view_box[2] * 0.012, 2),
        "legend": classes.legend(),
        "unmapped": sorted(names[c] for c in set(names) - set(base["states"])),
        "source": base["source"],
    }
