"""An in-memory search index over practice locations, built from plain column arrays.

Layout: one *entry* per practice location (a therapist with no office gets one entry with no
coordinates, reachable only through telehealth). Each entry carries a copy of its therapist's
searchable facts as bit masks and small integers, so a query reads contiguous slices instead of
gathering from scattered rows. Entries are sorted by latitude band, then longitude: a radius query
is a handful of binary searches, one contiguous slice per band.

Freshness: the index is a cache of the database's search documents. Changed therapists are
"killed" in the main segment and re-added in a small delta segment; when the delta grows, the two
are merged. The caller (the app) decides when to apply changes; nothing here touches a database.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from matching.encoding import layout
from matching.reference import vocabulary

BAND_DEGREES = 0.1  # latitude band height; ~7 miles
NO_BAND = 10_000  # band of entries without coordinates (telehealth-only therapists)

TELEHEALTH = 1
PSYPACT = 2
ACCEPTING = 4
PRIMARY_ENTRY = 8  # the first entry of each therapist: telehealth candidates use it once
NO_CONTACT = 16  # no e-mail, phone or website: an imported listing nobody has claimed yet


def _mask_dtype(family: str) -> type:
    """The narrowest signed integer that holds a family's bits (memory is per entry, x1M)."""
    size = len(layout().families()[family])
    return next(t for t in (np.int8, np.int16, np.int32, np.int64) if size < np.iinfo(t).bits)


# Therapist-level columns (one value per therapist, copied onto each of its entries).
THERAPIST_COLUMNS: dict[str, type] = {
    "tid": np.int32,
    "cond_primary": _mask_dtype("conditions"),
    "cond_any": _mask_dtype("conditions"),
    "payers": _mask_dtype("payers"),
    "languages": _mask_dtype("languages"),
    "age_groups": _mask_dtype("age_groups"),
    "adaptations": _mask_dtype("adaptations"),
    "licence_states": _mask_dtype("states"),
    "flags": np.uint8,  # TELEHEALTH | PSYPACT | ACCEPTING | NO_CONTACT
    "confirmed_day": np.int32,  # days since 1970-01-01 availability was confirmed, -1 unknown
    "tier_verified": np.int8,  # best tier rank among verified credentials (0 none .. 4 trainer)
    "tier_claimed": np.int8,  # best tier rank among credentials not yet verified
    "open_reports": np.int16,
}
ENTRY_COLUMNS: dict[str, type] = {**THERAPIST_COLUMNS, "lat": np.float32, "lon": np.float32}


@dataclass
class TherapistDoc:
    """One therapist's searchable facts, as the database's search document stores them."""

    tid: int
    cond_primary: int = 0
    cond_any: int = 0
    payers: int = 0
    languages: int = 0
    age_groups: int = 0
    adaptations: int = 0
    licence_states: int = 0
    flags: int = 0
    confirmed_day: int = -1
    tier_verified: int = 0
    tier_claimed: int = 0
    open_reports: int = 0
    locations: list[tuple[float, float]] = field(default_factory=list)


def docs_to_columns(
    docs: list[TherapistDoc],
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    therapists: dict[str, np.ndarray] = {
        name: np.array([getattr(d, name) for d in docs], dtype=dtype)
        for name, dtype in THERAPIST_COLUMNS.items()
    }
    loc_tid = [d.tid for d in docs for _ in d.locations]
    locations = {
        "tid": np.array(loc_tid, dtype=np.int32),
        "lat": np.array([lat for d in docs for lat, _ in d.locations], dtype=np.float32),
        "lon": np.array([lon for d in docs for _, lon in d.locations], dtype=np.float32),
    }
    return therapists, locations


def _psypact_state_bits() -> int:
    bits = layout().states
    mask = 0
    for code in vocabulary().psypact_states:
        if code in bits:
            mask |= 1 << bits[code]
    return mask


class Segment:
    """Immutable sorted entries plus, per state, the entries eligible for telehealth there."""

    def __init__(self, therapists: Mapping[str, np.ndarray], locations: Mapping[str, np.ndarray]):
        t_ids = np.asarray(therapists["tid"], dtype=np.int32)
        order = np.argsort(t_ids, kind="stable")
        t_sorted = t_ids[order]
        loc_tid = np.asarray(locations["tid"], dtype=np.int32)
        # Therapists without a location still get one entry (no coordinates).
        has_loc = np.zeros(len(t_ids), dtype=bool)
        row_of_loc = np.zeros(0, dtype=np.int64)
        lat = lon = np.zeros(0, dtype=np.float32)
        if len(loc_tid) and len(t_sorted):
            pos = np.minimum(np.searchsorted(t_sorted, loc_tid), len(t_sorted) - 1)
            known = t_sorted[pos] == loc_tid  # locations of unlisted therapists are dropped
            row_of_loc = order[pos[known]]
            lat = np.asarray(locations["lat"], np.float32)[known]
            lon = np.asarray(locations["lon"], np.float32)[known]
            has_loc[row_of_loc] = True
        no_loc_rows = np.flatnonzero(~has_loc)
        rows = np.concatenate([row_of_loc, no_loc_rows]).astype(np.int64)
        nowhere = np.full(len(no_loc_rows), np.nan, np.float32)
        lat = np.concatenate([lat, nowhere])
        lon = np.concatenate([lon, nowhere])

        band = np.where(
            np.isnan(lat), NO_BAND, np.floor((np.nan_to_num(lat) + 90.0) / BAND_DEGREES)
        ).astype(np.int32)
        sort = np.lexsort((np.nan_to_num(lon), band))
        rows, lat, lon, band = rows[sort], lat[sort], lon[sort], band[sort]

        cols: dict[str, np.ndarray] = {
            name: np.ascontiguousarray(np.asarray(therapists[name], dtype=dtype)[rows])
            for name, dtype in THERAPIST_COLUMNS.items()
        }
        cols["lat"], cols["lon"] = lat, lon
        # Mark each therapist's first entry so telehealth candidates count it once.
        first = np.zeros(len(rows), dtype=bool)
        if len(rows):
            _, first_idx = np.unique(rows, return_index=True)
            first[first_idx] = True
        cols["flags"] = cols["flags"] | np.where(first, PRIMARY_ENTRY, 0).astype(np.uint8)
        self.cols = cols
        self.size = len(rows)
        self.band_start = np.searchsorted(band, np.arange(int(180 / BAND_DEGREES) + 2))
        self.telehealth_by_state = self._telehealth_lists()

    def _telehealth_lists(self) -> dict[int, np.ndarray]:
        flags, states = self.cols["flags"], self.cols["licence_states"]
        base = (flags & (PRIMARY_ENTRY | TELEHEALTH)) == (PRIMARY_ENTRY | TELEHEALTH)
        psypact = base & ((flags & PSYPACT) != 0)
        psypact_states = _psypact_state_bits()
        lists = {}
        for bit in layout().states.values():
            eligible = base & ((states & np.int64(1 << bit)) != 0)
            if psypact_states >> bit & 1:
                eligible |= psypact
            lists[bit] = np.flatnonzero(eligible).astype(np.int32)
        return lists

    def spatial_slices(self, lat: float, lon: float, radius_mi: float) -> list[tuple[int, int]]:
        """Contiguous entry ranges covering the bounding box of the circle."""
        dlat = radius_mi / 69.0
        lat_lo, lat_hi = max(lat - dlat, -90.0), min(lat + dlat, 90.0)
        widest = max(abs(lat_lo), abs(lat_hi))
        cos = max(math.cos(math.radians(min(widest, 89.9))), 1e-6)
        dlon = min(radius_mi / (69.17 * cos), 180.0)
        lon_lo, lon_hi = lon - dlon, lon + dlon
        b_lo = int((lat_lo + 90.0) // BAND_DEGREES)
        b_hi = min(int((lat_hi + 90.0) // BAND_DEGREES), len(self.band_start) - 2)
        lons = self.cols["lon"]
        out = []
        for b in range(b_lo, b_hi + 1):
            start, end = int(self.band_start[b]), int(self.band_start[b + 1])
            if start == end:
                continue
            band_lons = lons[start:end]
            lo = start + int(np.searchsorted(band_lons, lon_lo, side="left"))
            hi = start + int(np.searchsorted(band_lons, lon_hi, side="right"))
            if lo < hi:
                out.append((lo, hi))
        return out


class SearchIndex:
    """The main segment, a delta of recently changed therapists, and the change watermark."""

    # Merge the delta into the main segment once it holds this many therapists.
    MERGE_AT = 20_000

    def __init__(
        self,
        therapists: Mapping[str, np.ndarray],
        locations: Mapping[str, np.ndarray],
        generation: int = 0,
    ):
        self.main = Segment(therapists, locations)
        max_tid = int(np.max(therapists["tid"])) if len(therapists["tid"]) else 0
        self.killed = np.zeros(max_tid + 1, dtype=bool)
        # Generation at which each therapist last changed (0: unchanged since the build), so
        # per-therapist caches can tell whether what they hold is still current.
        self.changed_at = np.zeros(max_tid + 1, dtype=np.int64)
        self.built_generation = generation
        self.delta_docs: dict[int, TherapistDoc] = {}
        self.delta = Segment(*docs_to_columns([]))
        self.generation = generation

    @property
    def therapist_count(self) -> int:
        main_alive = int(np.count_nonzero((self.main.cols["flags"] & PRIMARY_ENTRY) != 0)) - int(
            np.count_nonzero(self.killed[self.main.cols["tid"][self._main_primary()]])
        )
        return main_alive + len(self.delta_docs)

    def _main_primary(self) -> np.ndarray:
        return np.flatnonzero((self.main.cols["flags"] & PRIMARY_ENTRY) != 0)

    def is_current(self, tid: int, as_of: int) -> bool:
        """Whether something read at generation ``as_of`` still describes therapist ``tid``."""
        changed = int(self.changed_at[tid]) if tid < len(self.changed_at) else 0
        return as_of >= max(self.built_generation, changed)

    def max_tid(self) -> int:
        return len(self.killed) - 1

    def apply(self, changed: list[TherapistDoc], removed: list[int], generation: int) -> None:
        """Replace the facts of ``changed`` therapists and drop ``removed`` ones."""
        top = max([d.tid for d in changed] + list(removed) + [0])
        if top >= len(self.killed):
            size = max(top + 1, int(len(self.killed) * 1.25))
            grown = np.zeros(size, dtype=bool)
            grown[: len(self.killed)] = self.killed
            self.killed = grown
            stamps = np.zeros(size, dtype=np.int64)
            stamps[: len(self.changed_at)] = self.changed_at
            self.changed_at = stamps
        for tid in removed:
            self.killed[tid] = True
            self.changed_at[tid] = generation
            self.delta_docs.pop(tid, None)
        for doc in changed:
            self.killed[doc.tid] = True
            self.changed_at[doc.tid] = generation
            self.delta_docs[doc.tid] = doc
        self.generation = generation
        if len(self.delta_docs) >= self.MERGE_AT:
            self._merge()
        else:
            self.delta = Segment(*docs_to_columns(list(self.delta_docs.values())))

    def _merge(self) -> None:
        cols = self.main.cols
        keep = ~self.killed[cols["tid"]]
        primary = keep & ((cols["flags"] & PRIMARY_ENTRY) != 0)
        d_ther, d_loc = docs_to_columns(list(self.delta_docs.values()))
        therapists = {
            name: np.concatenate([cols[name][primary], d_ther[name]]) for name in THERAPIST_COLUMNS
        }
        therapists["flags"] = therapists["flags"] & np.uint8(~PRIMARY_ENTRY & 0xFF)
        located = keep & ~np.isnan(cols["lat"])
        locations = {
            "tid": np.concatenate([cols["tid"][located], d_loc["tid"]]),
            "lat": np.concatenate([cols["lat"][located], d_loc["lat"]]),
            "lon": np.concatenate([cols["lon"][located], d_loc["lon"]]),
        }
        self.main = Segment(therapists, locations)
        self.killed[:] = False
        self.delta_docs = {}
        self.delta = Segment(*docs_to_columns([]))

    def segments(self) -> list[tuple[Segment, bool]]:
        """(segment, apply the killed mask) pairs to query."""
        return [(self.main, True), (self.delta, False)]
