"""Areas for aggregate counts: a state and a 3-digit ZIP prefix, from a resolved place.

Only the coarse area is ever derived: the ZIP prefix of the place searched (or of the nearest ZIP
to a city's centre), never an address.
"""

from __future__ import annotations

from functools import lru_cache

from matching import geo

NEAREST_ZIP_MILES = 15.0


@lru_cache(maxsize=4096)
def zip3_of(place: geo.Place) -> str:
    """The 3-digit ZIP area of a searched place; "" for a whole state or when none is near."""
    if place.kind == "zip":
        return place.label[:3]
    if place.kind == "state":
        return ""
    idx = geo._index()
    i = geo._nearest_zip(idx, place.lat, place.lon, NEAREST_ZIP_MILES)
    return "" if i is None else f"{int(idx.zip_codes[i]):05d}"[:3]
