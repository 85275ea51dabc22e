"""Every distance the product computes, in one place.

* What people are shown is ellipsoidal (WGS-84): ``geodesic_miles`` (geopy, one pair) and
  ``geodesic_miles_many`` (pyproj's Geod runs Karney's algorithm in C: the same results to the
  millimetre as geographiclib behind geopy, but a page of twenty distances costs microseconds).
* Bulk filtering and ranking use the spherical ``haversine_miles`` over numpy arrays: within about
  0.5 % of the geodesic, which does not matter there.
* The demo generator's catchments use the cruder ``equirectangular_km``; it is part of what "same
  seed, same demo data" means, so it stays as it is.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from geopy.distance import geodesic
from pyproj import Geod

METRES_PER_MILE = 1609.344
KM_PER_MILE = METRES_PER_MILE / 1000
EARTH_RADIUS_MI = 6371.0088 / KM_PER_MILE  # IUGG mean radius, in statute miles
_WGS84 = Geod(ellps="WGS84")


def geodesic_miles(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Ellipsoidal (WGS-84) distance between two points: for any single distance shown."""
    return float(geodesic((lat1, lon1), (lat2, lon2)).miles)


def haversine_miles(
    lat: float, lon: float, lats: Sequence[float] | np.ndarray, lons: Sequence[float] | np.ndarray
) -> np.ndarray:
    """Great-circle miles from one point to many; within ~0.5 % of geodesic, for bulk filtering."""
    lat1 = math.radians(lat)
    lat2 = np.radians(np.asarray(lats, dtype=np.float64))
    dlat = lat2 - lat1
    dlon = np.radians(np.asarray(lons, dtype=np.float64) - lon)
    a = np.sin(dlat / 2) ** 2 + math.cos(lat1) * np.cos(lat2) * np.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_MI * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def geodesic_miles_many(
    lat: float, lon: float, lats: Sequence[float], lons: Sequence[float]
) -> np.ndarray:
    """Distances in miles from one point to many."""
    if len(lats) == 0:
        return np.zeros(0)
    lats_a = np.asarray(lats, dtype=np.float64)
    lons_a = np.asarray(lons, dtype=np.float64)
    _, _, metres = _WGS84.inv(np.full_like(lons_a, lon), np.full_like(lats_a, lat), lons_a, lats_a)
    return np.asarray(metres) / METRES_PER_MILE


def equirectangular_km(lat1, lon1, lat2, lon2):  # scalars or numpy arrays
    """Flat-earth approximation: plenty for catchments of a few tens of km (demo data only)."""
    x = np.radians(lon2 - lon1) * np.cos(np.radians((lat1 + lat2) / 2))
    y = np.radians(lat2 - lat1)
    return 6371.0 * np.hypot(x, y)
