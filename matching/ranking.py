"""Rank therapists for a seeker: hard constraints, then a documented score, then a stable order.

Score (0–100) = weighted mean of four parts, each 0–1:

- specialty fit (weight 0.40; left out when no condition is asked for), the mean over the asked
  conditions of: primary specialty 1.0, secondary 0.85, parent or child condition 0.6, related IPT
  problem area 0.3. A therapist with none of these for every asked condition is not listed.
- IPT qualification (0.25): 0.8 × tier part + 0.2 × adaptation fit. Tier part (``tier_part``) is
  the best of a verified credential's 0.6 + 0.4 × tier/4 (0.7 … 1.0) and an unverified
  (self-reported or pending) one's 0.4 × tier/4 (0.1 … 0.4), so any verified credential counts
  more than any unverified one, whatever the tiers. Adaptation fit: an adaptation made for the
  asked condition or age group (IPSRT for bipolar, IPT-A for adolescents, perinatal IPT for
  perinatal depression …).
- distance (0.20): a Gaussian decay exp(-½(d/σ)²) with σ = radius/2 (0.14 at the radius edge), from
  the nearest practice location; a therapist who can see the seeker by telehealth gets at least
  TELEHEALTH_FLOOR, so distance matters less when a video session is possible.
- availability (0.15): accepting clients and confirmed within 14 days 1.0, falling linearly to 0.5
  at 90 days; older confirmations (stale listings) or unknown dates 0.2; not accepting 0.

Trust rule: an unverified credential never ranks above a verified one of the same or a lower tier
unless the rest of the match (specialty, distance, availability, adaptation fit, reports) is better
by more than CLEARLY_BETTER score points: the tier parts alone differ by at least
0.8 × 0.25 × (0.7 − 0.4) = 6 points of 100 (10 when no condition is asked).

Listings with REPORT_THRESHOLD or more problem reports that a verifier confirmed (the
``open_reports`` column) have their score multiplied by REPORT_PENALTY. Listings nobody can
contact (imported, not yet claimed: no e-mail, phone or website) come after every listing that
can be contacted, in either sort order. Ties break on therapist id, so the same query on the same
data gives the same order.
Every part only rises as the therapist gets closer, adds the asked specialty, or gets verified.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import numpy as np

from matching.distance import haversine_miles
from matching.encoding import layout, mask_of
from matching.index import ACCEPTING, NO_CONTACT, PSYPACT, TELEHEALTH, SearchIndex, Segment
from matching.reference import vocabulary

WEIGHTS = {"specialty": 0.40, "ipt": 0.25, "distance": 0.20, "availability": 0.15}
FIT_PRIMARY, FIT_SECONDARY, FIT_HIERARCHY, FIT_RELATED = 1.0, 0.85, 0.6, 0.3
TELEHEALTH_FLOOR = 0.35
# Availability confirmed within FRESH_DAYS counts in full; after STALE_AFTER_DAYS it is stale.
FRESH_DAYS, STALE_AFTER_DAYS = 14, 90
REPORT_THRESHOLD, REPORT_PENALTY = 1, 0.85
# Tier part of the IPT qualification: verified VERIFIED_BASE + (1 - VERIFIED_BASE) × tier/4,
# unverified UNVERIFIED_SHARE × tier/4. VERIFIED_BASE + 0.1 > UNVERIFIED_SHARE keeps the trust rule.
VERIFIED_BASE, UNVERIFIED_SHARE = 0.6, 0.4
# Score points by which the rest of a match must be better for an unverified credential to rank
# above a verified one of the same or a lower tier (the smallest tier-part gap, weighted).
CLEARLY_BETTER = round(
    100 * 0.8 * WEIGHTS["ipt"] * (VERIFIED_BASE + (1 - VERIFIED_BASE) / 4 - UNVERIFIED_SHARE), 6
)

TELEHEALTH_MODES = ("include", "only", "exclude")
SORTS = ("best", "distance")


@dataclass(frozen=True)
class SearchQuery:
    lat: float
    lon: float
    state: str | None
    today_day: int  # days since 1970-01-01; passed in so a ranking is reproducible
    radius_mi: float = 25.0
    conditions: tuple[str, ...] = ()
    payers: tuple[str, ...] = ()
    telehealth: str = "include"
    age_group: str | None = None
    languages: tuple[str, ...] = ()
    min_tier: str | None = None
    verified_only: bool = False
    accepting_only: bool = False
    sort: str = "best"
    limit: int = 20
    offset: int = 0


@dataclass(frozen=True)
class RankedHit:
    therapist_id: int
    score: float
    parts: dict[str, float]  # each part 0–1, before weighting
    distance_mi: float | None  # spherical distance to the nearest location; None if no office
    in_person: bool  # a practice location lies within the radius
    telehealth_eligible: bool  # may see the seeker by video (licence in their state or PSYPACT)
    fit: str | None  # primary | secondary | hierarchy | related | None (no condition asked)
    adaptation_fit: bool
    facts: dict[str, int]  # the therapist's packed facts from the index (see FACT_COLUMNS)


# Index columns a hit carries along, so a page can be described without reloading every list.
FACT_COLUMNS = (
    "cond_primary",
    "cond_any",
    "payers",
    "languages",
    "age_groups",
    "adaptations",
    "licence_states",
    "flags",
    "confirmed_day",
)


@dataclass(frozen=True)
class RankResult:
    total: int
    hits: list[RankedHit]
    in_person_total: int = 0  # of ``total``, those with an office within the radius


@dataclass(frozen=True)
class _ConditionMasks:
    exact: int
    hierarchy: int
    related: int


@cache
def _condition_masks(slug: str) -> _ConditionMasks:
    vocab, bits = vocabulary(), layout().conditions
    cond = vocab.conditions[slug]
    family = set(vocab.children(slug))
    if cond.parent:
        family.add(cond.parent)
    related = set(cond.related) | {c.slug for c in vocab.conditions.values() if slug in c.related}
    related -= family | {slug}
    return _ConditionMasks(mask_of(bits, [slug]), mask_of(bits, family), mask_of(bits, related))


@cache
def _adaptation_mask(conditions: tuple[str, ...], age_group: str | None) -> int:
    vocab = vocabulary()
    wanted = set(conditions) | {vocab.conditions[c].parent for c in conditions} - {None}
    fitting = [
        slug
        for slug, a in vocab.adaptations.items()
        if wanted & set(a.get("fits", ()))
        and (not a.get("age_groups") or age_group in a.get("age_groups", ()))
    ]
    if age_group:
        fitting += [s for s, a in vocab.adaptations.items() if age_group in a.get("age_groups", ())]
    return mask_of(layout().adaptations, fitting)


class _Plan:
    """The query turned into masks and numbers once, before touching any entries."""

    def __init__(self, q: SearchQuery):
        bits, vocab = layout(), vocabulary()
        self.q = q
        self.payers = np.int64(mask_of(bits.payers, q.payers))
        self.languages = np.int64(mask_of(bits.languages, q.languages))
        self.age = np.int64(mask_of(bits.age_groups, [q.age_group] if q.age_group else []))
        self.min_tier = vocab.tier_rank(q.min_tier) if q.min_tier else 0
        self.conditions = [_condition_masks(c) for c in q.conditions]
        self.any_condition = np.int64(
            sum(m.exact | m.hierarchy | m.related for m in self.conditions)
        )
        self.adaptations = np.int64(_adaptation_mask(tuple(q.conditions), q.age_group))
        state_bit = bits.states.get(q.state) if q.state else None
        self.state_bit = state_bit
        self.state_mask = np.int64(1 << state_bit) if state_bit is not None else np.int64(0)
        self.state_in_psypact = q.state in vocab.psypact_states
        self.sigma = max(q.radius_mi / 2.0, 0.5)
        self.lat_lo = q.lat - q.radius_mi / 69.0
        self.lat_hi = q.lat + q.radius_mi / 69.0

    def _tests(self):
        """The hard constraints that need no distance, most selective first: each takes the
        columns and a selection (a slice or an index array) and returns a boolean mask."""
        tests = []
        if self.payers:
            tests.append(lambda c, s: (c["payers"][s] & self.payers) != 0)
        if self.languages:
            tests.append(lambda c, s: (c["languages"][s] & self.languages) != 0)
        if self.age:
            tests.append(lambda c, s: (c["age_groups"][s] & self.age) != 0)
        if self.any_condition:
            tests.append(lambda c, s: (c["cond_any"][s] & self.any_condition) != 0)
        if self.q.accepting_only:
            tests.append(lambda c, s: (c["flags"][s] & ACCEPTING) != 0)
        if self.q.verified_only:
            tests.append(lambda c, s: c["tier_verified"][s] >= max(self.min_tier, 1))
        elif self.min_tier:
            tests.append(
                lambda c, s: (
                    np.maximum(c["tier_verified"][s], c["tier_claimed"][s]) >= self.min_tier
                )
            )
        return tests

    def attribute_mask(self, cols, sel: slice) -> np.ndarray:
        """The constraints on a contiguous slice of entries, as one mask."""
        ok = np.ones(sel.stop - sel.start, dtype=bool)
        for test in self._tests():
            ok &= test(cols, sel)
        return ok

    def filter_indices(self, cols, idx: np.ndarray) -> np.ndarray:
        """The constraints on scattered entries: narrow the index array after each test, so
        later tests gather fewer values."""
        for test in self._tests():
            if not len(idx):
                break
            idx = idx[test(cols, idx)]
        return idx

    def telehealth_ok(self, flags: np.ndarray, states: np.ndarray) -> np.ndarray:
        if self.state_bit is None:
            return np.zeros(len(flags), dtype=bool)
        licensed = (states & self.state_mask) != 0
        if self.state_in_psypact:
            licensed |= (flags & PSYPACT) != 0
        return ((flags & TELEHEALTH) != 0) & licensed


@dataclass
class _Candidates:
    """Entries that passed every hard constraint, from one segment."""

    cols: dict[str, np.ndarray]
    idx: np.ndarray
    dist: np.ndarray
    in_person: np.ndarray
    tele: np.ndarray


def _segment_candidates(seg: Segment, plan: _Plan, killed: np.ndarray | None) -> _Candidates | None:
    q, cols = plan.q, seg.cols
    if seg.size == 0:
        return None
    parts_idx, parts_dist = [], []
    for lo, hi in seg.spatial_slices(q.lat, q.lon, q.radius_mi):  # offices within the radius
        sel = slice(lo, hi)
        ok = plan.attribute_mask(cols, sel)
        lat = cols["lat"][sel]
        ok &= (lat >= plan.lat_lo) & (lat <= plan.lat_hi)
        if killed is not None:
            ok &= ~killed[cols["tid"][sel]]
        idx = lo + np.flatnonzero(ok)
        if len(idx):
            d = haversine_miles(q.lat, q.lon, cols["lat"][idx], cols["lon"][idx])
            near = d <= q.radius_mi
            parts_idx.append(idx[near])
            parts_dist.append(d[near])
    s_idx = np.concatenate(parts_idx) if parts_idx else np.zeros(0, np.int64)
    s_dist = np.concatenate(parts_dist) if parts_dist else np.zeros(0, np.float64)
    s_tele = plan.telehealth_ok(cols["flags"][s_idx], cols["licence_states"][s_idx])
    if q.telehealth == "only":
        s_idx, s_dist, s_tele = s_idx[s_tele], s_dist[s_tele], s_tele[s_tele]
    s_person = np.ones(len(s_idx), dtype=bool)

    t_idx = np.zeros(0, np.int64)
    if q.telehealth != "exclude" and plan.state_bit is not None:
        listed = seg.telehealth_by_state.get(plan.state_bit, np.zeros(0, np.int32))
        t_idx = plan.filter_indices(cols, listed)
        if killed is not None and len(t_idx):
            t_idx = t_idx[~killed[cols["tid"][t_idx]]]
        t_idx = t_idx.astype(np.int64)
    if q.sort == "distance":
        t_dist = haversine_miles(q.lat, q.lon, cols["lat"][t_idx], cols["lon"][t_idx])
        t_dist = np.where(np.isnan(t_dist), np.inf, t_dist)
    else:
        # Ranked by score, a telehealth entry's own distance never matters: one within the
        # radius is also an in-person candidate above, which scores at least as well and is the
        # one kept. Shown distances are measured later, for the page only.
        t_dist = np.full(len(t_idx), np.inf)
    t_person = np.zeros(len(t_idx), dtype=bool)

    return _Candidates(
        cols,
        np.concatenate([s_idx, t_idx]),
        np.concatenate([s_dist, t_dist]),
        np.concatenate([s_person, t_person]),
        np.concatenate([s_tele, np.ones(len(t_idx), dtype=bool)]),
    )


def _parts(c: _Candidates, plan: _Plan) -> tuple[dict[str, np.ndarray], np.ndarray]:
    q, cols, idx = plan.q, c.cols, c.idx
    parts: dict[str, np.ndarray] = {}
    fit_kind = np.zeros(len(idx), dtype=np.int8)  # 4 primary .. 1 related, min over conditions
    if plan.conditions:
        primary, any_ = cols["cond_primary"][idx], cols["cond_any"][idx]
        fits, kinds = [], []
        for m in plan.conditions:
            exact_p = (primary & m.exact) != 0
            exact_a = (any_ & m.exact) != 0
            hier = (any_ & m.hierarchy) != 0
            rel = (any_ & m.related) != 0
            fits.append(
                np.select(
                    [exact_p, exact_a, hier, rel],
                    [FIT_PRIMARY, FIT_SECONDARY, FIT_HIERARCHY, FIT_RELATED],
                    0.0,
                )
            )
            kinds.append(np.select([exact_p, exact_a, hier, rel], [4, 3, 2, 1], 0))
        parts["specialty"] = np.mean(fits, axis=0)
        fit_kind = np.max(kinds, axis=0).astype(np.int8)
    claimed = np.zeros(len(idx)) if q.verified_only else cols["tier_claimed"][idx]
    adaptation = (cols["adaptations"][idx] & plan.adaptations) != 0
    parts["ipt"] = 0.8 * tier_part(cols["tier_verified"][idx], claimed) + 0.2 * adaptation
    decay = np.exp(-0.5 * (np.where(np.isinf(c.dist), 1e6, c.dist) / plan.sigma) ** 2)
    decay = np.where(c.in_person, decay, 0.0)
    parts["distance"] = np.where(c.tele, np.maximum(decay, TELEHEALTH_FLOOR), decay)
    flags = cols["flags"][idx]
    days = q.today_day - cols["confirmed_day"][idx].astype(np.int64)
    known = cols["confirmed_day"][idx] >= 0
    fresh = np.clip(1.0 - 0.5 * (days - FRESH_DAYS) / (STALE_AFTER_DAYS - FRESH_DAYS), 0.5, 1.0)
    avail = np.where(known & (days <= STALE_AFTER_DAYS), fresh, 0.2)
    parts["availability"] = np.where((flags & ACCEPTING) != 0, avail, 0.0)
    return parts, np.stack([fit_kind, adaptation.astype(np.int8)])


def tier_part(verified_tier, claimed_tier):
    """0–1 for the best credentials (tiers 0 none … 4 trainer; numbers or numpy arrays): any
    verified credential counts more than any unverified one."""
    verified = np.asarray(verified_tier, dtype=np.float64)
    claimed = np.asarray(claimed_tier, dtype=np.float64)
    verified_part = np.where(verified > 0, VERIFIED_BASE + (1 - VERIFIED_BASE) * verified / 4, 0.0)
    return np.maximum(verified_part, UNVERIFIED_SHARE * claimed / 4)


def _score(parts: dict[str, np.ndarray], reports: np.ndarray) -> np.ndarray:
    total_weight = sum(WEIGHTS[name] for name in parts)
    score = sum(WEIGHTS[name] * values for name, values in parts.items()) / total_weight
    score = np.where(reports >= REPORT_THRESHOLD, score * REPORT_PENALTY, score)
    return np.round(100.0 * score, 6)  # rounding keeps float noise from reordering ties


FIT_NAMES = {4: "primary", 3: "secondary", 2: "hierarchy", 1: "related", 0: None}


def _collect(index: SearchIndex, q: SearchQuery) -> list[_Candidates]:
    plan = _Plan(q)
    out = []
    for seg, use_killed in index.segments():
        c = _segment_candidates(seg, plan, index.killed if use_killed else None)
        if c is not None and len(c.idx):
            out.append(c)
    return out


def count(index: SearchIndex, q: SearchQuery) -> int:
    """How many distinct therapists pass the hard constraints (no scoring)."""
    cands = _collect(index, q)
    return _distinct(index, [c.cols["tid"][c.idx] for c in cands])


def _distinct(index: SearchIndex, tid_arrays: list[np.ndarray]) -> int:
    if not tid_arrays:
        return 0
    seen = np.zeros(index.max_tid() + 1, dtype=bool)
    for tids in tid_arrays:
        seen[tids] = True
    return int(np.count_nonzero(seen))


def rank(index: SearchIndex, q: SearchQuery) -> RankResult:
    plan = _Plan(q)
    cands = _collect(index, q)
    if not cands:
        return RankResult(0, [])
    tids, scores, dists, demotions, rows = [], [], [], [], []
    for seg_no, c in enumerate(cands):
        parts, extra = _parts(c, plan)
        tid = c.cols["tid"][c.idx]
        tids.append(tid)
        scores.append(_score(parts, c.cols["open_reports"][c.idx]))
        dists.append(c.dist)
        demotions.append((c.cols["flags"][c.idx] & NO_CONTACT) != 0)
        rows.append((seg_no, parts, extra))
    tid = np.concatenate(tids)
    score = np.concatenate(scores)
    dist = np.concatenate(dists)
    demoted = np.concatenate(demotions)
    total = _distinct(index, tids)
    in_person = _distinct(index, [c.cols["tid"][c.idx][c.in_person] for c in cands])
    chosen = _top_unique(tid, score, dist, demoted, q)

    # Map positions in the concatenation back to their segment's arrays.
    bounds = np.cumsum([0] + [len(t) for t in tids])
    hits = []
    for pos in chosen:
        seg_no = int(np.searchsorted(bounds, pos, side="right") - 1)
        local = pos - bounds[seg_no]
        c, (_, parts, extra) = cands[seg_no], rows[seg_no]
        d = float(c.dist[local])
        hits.append(
            RankedHit(
                therapist_id=int(tid[pos]),
                score=float(score[pos]),
                parts={name: float(values[local]) for name, values in parts.items()},
                distance_mi=None if math.isinf(d) else d,
                in_person=bool(c.in_person[local]),
                telehealth_eligible=bool(c.tele[local]),
                fit=FIT_NAMES[int(extra[0][local])] if plan.conditions else None,
                adaptation_fit=bool(extra[1][local]),
                facts={name: int(c.cols[name][c.idx[local]]) for name in FACT_COLUMNS},
            )
        )
    return RankResult(total, hits, in_person)


def _top_unique(
    tid: np.ndarray, score: np.ndarray, dist: np.ndarray, demoted: np.ndarray, q: SearchQuery
) -> list[int]:
    """Positions of the page's hits: best entry per therapist, stable order, offset applied;
    ``demoted`` entries (nobody can contact them) after all others."""
    want = q.offset + q.limit
    if q.sort == "best":
        primary = np.where(demoted, 1000.0, 0.0) - score  # scores are 0–100
    else:
        primary = np.where(demoted, dist + 1e7, dist)
    m = min(len(tid), max(4 * want, 64))
    while True:
        if m < len(tid):
            threshold = np.partition(primary, m - 1)[m - 1]
            pool = np.flatnonzero(primary <= threshold)  # ties at the edge all come in
        else:
            pool = np.arange(len(tid))
        keys = (
            (tid[pool], -score[pool], demoted[pool])
            if q.sort == "best"
            else (tid[pool], -score[pool], dist[pool], demoted[pool])
        )
        order = pool[np.lexsort(keys)]
        seen, picked = set(), []
        for pos in order:
            t = int(tid[pos])
            if t not in seen:
                seen.add(t)
                picked.append(int(pos))
                if len(picked) == want:
                    break
        if len(picked) == want or len(pool) == len(tid):
            return picked[q.offset :]
        m = min(len(tid), m * 4)
