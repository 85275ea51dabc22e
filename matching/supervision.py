"""Finding an IPT supervisor: filter and rank supervision offers, each result with its reasons.

Pure: a ``SupervisorPool`` is built from plain ``SupervisorFacts`` (one per offer) into numpy
arrays, so a query at a million profiles (tens of thousands of offers) is a few vectorised passes.
Supervision happens by video across state lines, so licence state is no constraint; distance
counts only for a clinician who asks for in-person supervision, and then only as a preference.
Reasons are worded through a ``matching.explain.Words`` (English unless the query carries another).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import numpy as np

from matching.distance import geodesic_miles_many, haversine_miles
from matching.encoding import layout, mask_of
from matching.explain import ENGLISH, Words
from matching.pathway import SUPERVISING_TIERS
from matching.reference import vocabulary

FORMATS = ("individual", "group")
WEIGHTS = {"standing": 0.35, "availability": 0.30, "timezone": 0.20, "distance": 0.15}
FRESH_DAYS = 14
STALE_DAYS = 90
SELF_REPORTED_FACTOR = 0.6
IN_PERSON_SIGMA_MI = 25.0
NO_FEE = np.iinfo(np.int32).max


@cache
def timezone_names() -> frozenset[str]:
    return frozenset(available_timezones())


def valid_timezone(name: str) -> bool:
    if not isinstance(name, str) or name not in timezone_names():
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def utc_offset_minutes(name: str, on: dt.date) -> int:
    """The zone's offset from UTC at noon on ``on`` (so daylight saving is taken into account)."""
    moment = dt.datetime(on.year, on.month, on.day, 12, tzinfo=ZoneInfo(name))
    offset = moment.utcoffset()
    return int(offset.total_seconds() // 60) if offset is not None else 0


@dataclass(frozen=True)
class LadderStanding:
    """A credential that lets its holder supervise on ``body``'s ladder."""

    body: str
    level: str
    tier: str
    verified: bool
    verified_at: dt.datetime | None = None


@dataclass(frozen=True)
class SupervisorFacts:
    therapist_id: int
    name: str
    slug: str
    standings: tuple[LadderStanding, ...]
    adaptations: tuple[str, ...]
    languages: tuple[str, ...]
    timezone: str
    individual: bool
    group: bool
    fee_individual: int | None
    fee_group: int | None
    accepting: bool
    confirmed_on: dt.date | None
    in_person: bool = False
    lat: float | None = None
    lon: float | None = None
    place: str | None = None  # "Portland, OR"
    note: str | None = None


@dataclass(frozen=True)
class SupervisorQuery:
    today: dt.date
    ladder: str | None = None  # a credential body slug
    verified_only: bool = False
    adaptations: tuple[str, ...] = ()
    language: str | None = None
    timezone: str | None = None  # the clinician's own zone
    max_hours_apart: float | None = None
    format: str | None = None  # individual | group
    max_fee: int | None = None
    accepting_only: bool = False
    in_person_lat: float | None = None  # asked for in-person supervision near here
    in_person_lon: float | None = None
    limit: int = 20
    offset: int = 0
    words: Words = field(default=ENGLISH, compare=False)  # the reasons' language


@dataclass(frozen=True)
class RankedSupervisor:
    facts: SupervisorFacts
    score: float
    parts: dict[str, float]
    reasons: list[str]
    distance_mi: float | None = None


@dataclass
class SupervisorResult:
    total: int
    results: list[RankedSupervisor] = field(default_factory=list)


def _body_bits() -> dict[str, int]:
    return {slug: i for i, slug in enumerate(vocabulary().credential_bodies)}


class SupervisorPool:
    """Offers packed into arrays. Build once per change; query many times."""

    def __init__(self, offers: Sequence[SupervisorFacts], on: dt.date):
        self.on = on
        self.offers = list(offers)
        self.therapist_ids = frozenset(f.therapist_id for f in self.offers)
        bits = layout()
        bodies = _body_bits()
        n = len(self.offers)
        # Built as Python lists, then converted once: item assignment into numpy is slow.
        ladders_any, ladders_verified, best = [0] * n, [0] * n, [0.0] * n
        by_body: dict[str, list[float]] = {b: [0.0] * n for b in bodies}
        offsets: dict[str, int] = {}
        for i, f in enumerate(self.offers):
            for s in f.standings:
                if s.tier not in SUPERVISING_TIERS:
                    continue
                bit = 1 << bodies[s.body]
                ladders_any[i] |= bit
                if s.verified:
                    ladders_verified[i] |= bit
                value = _standing_value(s)
                column = by_body[s.body]
                column[i] = max(column[i], value)
                best[i] = max(best[i], value)
            if f.timezone not in offsets:
                offsets[f.timezone] = utc_offset_minutes(f.timezone, on)
        offers_ = self.offers
        self.ids = np.array([f.therapist_id for f in offers_], dtype=np.int64)
        self.ladders_any = np.array(ladders_any, dtype=np.int64)
        self.ladders_verified = np.array(ladders_verified, dtype=np.int64)
        self.best_standing = np.array(best, dtype=np.float64)
        self.standing_by_body = {b: np.array(v, dtype=np.float64) for b, v in by_body.items()}
        self.adaptations = np.array(
            [mask_of(bits.adaptations, f.adaptations) for f in offers_], dtype=np.int64
        )
        self.languages = np.array(
            [mask_of(bits.languages, f.languages) for f in offers_], dtype=np.int64
        )
        self.offset = np.array([offsets[f.timezone] for f in offers_], dtype=np.int32)
        self.individual = np.array([f.individual for f in offers_], dtype=bool)
        self.group = np.array([f.group for f in offers_], dtype=bool)
        self.fee_individual = np.array(
            [NO_FEE if f.fee_individual is None else f.fee_individual for f in offers_],
            dtype=np.int64,
        )
        self.fee_group = np.array(
            [NO_FEE if f.fee_group is None else f.fee_group for f in offers_], dtype=np.int64
        )
        self.accepting = np.array([f.accepting for f in offers_], dtype=bool)
        self.availability = np.array(
            [availability_part(f.accepting, f.confirmed_on, on) for f in offers_],
            dtype=np.float64,
        )
        self.in_person = np.array([f.in_person and f.lat is not None for f in offers_], dtype=bool)
        self.lat = np.array([np.nan if f.lat is None else f.lat for f in offers_], dtype=np.float64)
        self.lon = np.array([np.nan if f.lon is None else f.lon for f in offers_], dtype=np.float64)
        if n == 0:
            self.ids = np.zeros(0, dtype=np.int64)

    def __len__(self) -> int:
        return len(self.offers)

    def search(self, q: SupervisorQuery) -> SupervisorResult:
        n = len(self.offers)
        if n == 0:
            return SupervisorResult(0)
        bits = layout()
        keep = self.ladders_any != 0
        standing = self.best_standing
        if q.ladder:
            bit = 1 << _body_bits()[q.ladder]
            ladders = self.ladders_verified if q.verified_only else self.ladders_any
            keep &= (ladders & bit) != 0
            standing = self.standing_by_body[q.ladder]
        elif q.verified_only:
            keep &= self.ladders_verified != 0
        if q.adaptations:
            want = mask_of(bits.adaptations, q.adaptations)
            keep &= (self.adaptations & want) == want
        if q.language:
            keep &= (self.languages & mask_of(bits.languages, [q.language])) != 0
        if q.format == "individual":
            keep &= self.individual
        elif q.format == "group":
            keep &= self.group
        if q.max_fee is not None:
            if q.format == "group":
                fee = self.fee_group
            elif q.format == "individual":
                fee = self.fee_individual
            else:
                fee = np.minimum(
                    np.where(self.individual, self.fee_individual, NO_FEE),
                    np.where(self.group, self.fee_group, NO_FEE),
                )
            keep &= fee <= q.max_fee
        if q.accepting_only:
            keep &= self.accepting
        hours_apart = None
        if q.timezone:
            mine = utc_offset_minutes(q.timezone, self.on)
            hours_apart = np.abs(self.offset.astype(np.float64) - mine) / 60.0
            hours_apart = np.minimum(hours_apart, 24.0 - hours_apart)
            if q.max_hours_apart is not None:
                keep &= hours_apart <= q.max_hours_apart + 1e-9
        idx = np.flatnonzero(keep)
        total = int(idx.size)
        if total == 0:
            return SupervisorResult(0)
        weights = dict(WEIGHTS)
        parts = {
            "standing": standing[idx],
            "availability": self.availability[idx],
        }
        if hours_apart is not None:
            parts["timezone"] = 1.0 - np.minimum(hours_apart[idx], 12.0) / 12.0
        else:
            weights.pop("timezone")
        distance = None
        if q.in_person_lat is not None and q.in_person_lon is not None:
            miles = haversine_miles(q.in_person_lat, q.in_person_lon, self.lat[idx], self.lon[idx])
            distance = np.where(self.in_person[idx], miles, np.inf)
            parts["distance"] = np.exp(-0.5 * (distance / IN_PERSON_SIGMA_MI) ** 2)
        else:
            weights.pop("distance")
        total_weight = sum(weights.values())
        score = np.zeros(total)
        for k, w in weights.items():
            score += parts[k] * (w / total_weight)
        # Best first; ties broken by therapist id so the same query gives the same order. Only
        # the first offset + limit are sorted: one key (score, then id) and a partial selection.
        key = (1_000_000 - np.round(score * 1_000_000).astype(np.int64)) * (1 << 32) + self.ids[idx]
        wanted = min(total, q.offset + q.limit)
        if wanted < total:
            top = np.argpartition(key, wanted - 1)[:wanted]
            order = top[np.argsort(key[top])]
        else:
            order = np.argsort(key)
        page = order[q.offset : q.offset + q.limit]
        shown: dict[int, float] = {}
        if distance is not None and q.in_person_lat is not None and q.in_person_lon is not None:
            near = [int(j) for j in page if math.isfinite(distance[j])]
            if near:
                # Shown to people: ellipsoidal, like every distance the directory shows.
                miles = geodesic_miles_many(
                    q.in_person_lat,
                    q.in_person_lon,
                    [float(self.lat[idx[j]]) for j in near],
                    [float(self.lon[idx[j]]) for j in near],
                )
                shown = {j: float(m) for j, m in zip(near, miles, strict=True)}
        own = utc_offset_minutes(q.timezone, self.on) if q.timezone else None
        out = []
        for j in page:
            i = int(idx[j])
            f = self.offers[i]
            d = shown.get(int(j))
            part_values = {k: round(float(v[j]), 4) for k, v in parts.items()}
            hours = None if hours_apart is None else float(hours_apart[i])
            out.append(
                RankedSupervisor(
                    facts=f,
                    score=round(float(score[j]) * 100, 1),
                    parts=part_values,
                    reasons=supervisor_reasons(f, q, int(self.offset[i]), hours, d, own),
                    distance_mi=d,
                )
            )
        return SupervisorResult(total, out)


def _standing_value(s: LadderStanding) -> float:
    tier = 1.0 if s.tier == "trainer" else 0.9
    return tier if s.verified else tier * SELF_REPORTED_FACTOR


def availability_part(accepting: bool, confirmed_on: dt.date | None, on: dt.date) -> float:
    """Taking supervisees, confirmed ≤ 14 days ago 1.0, falling to 0.5 at 90; older 0.2; no 0."""
    if not accepting:
        return 0.0
    if confirmed_on is None:
        return 0.2
    days = (on - confirmed_on).days
    if days <= FRESH_DAYS:
        return 1.0
    if days <= STALE_DAYS:
        return 1.0 - 0.5 * (days - FRESH_DAYS) / (STALE_DAYS - FRESH_DAYS)
    return 0.2


def standing_text(s: LadderStanding, words: Words = ENGLISH) -> str:
    _ = words.gettext
    vocab = vocabulary()
    body = vocab.credential_bodies[s.body]["label"]
    name = f"{body} {vocab.credential_levels[(s.body, s.level)].label}"
    if s.verified:
        if s.verified_at:
            return _(
                "%(credential)s — verified %(month)s",
                credential=name,
                month=words.month(s.verified_at),
            )
        return _("%(credential)s — verified", credential=name)
    return _("%(credential)s — self-reported, not yet verified", credential=name)


def taking_text(
    accepting: bool, confirmed_on: dt.date | None, on: dt.date, words: Words = ENGLISH
) -> str:
    _ = words.gettext
    if not accepting:
        return _("Not taking supervisees now")
    if confirmed_on is None:
        return _("Taking supervisees — not confirmed recently")
    days = (on - confirmed_on).days
    if days > STALE_DAYS:
        return _("Said to be taking supervisees, but not confirmed for %(days)d days", days=days)
    if days <= 0:
        return _("Taking supervisees — confirmed today")
    if days == 1:
        return _("Taking supervisees — confirmed 1 day ago")
    return _("Taking supervisees — confirmed %(days)d days ago", days=days)


def fee_text(f: SupervisorFacts, words: Words = ENGLISH) -> str:
    _ = words.gettext

    def fee(amount: int | None) -> str:
        return _("fee not stated") if amount is None else _("$%(fee)d/hour", fee=amount)

    parts = []
    if f.individual:
        parts.append(_("individual (%(fee)s)", fee=fee(f.fee_individual)))
    if f.group:
        parts.append(_("group (%(fee)s)", fee=fee(f.fee_group)))
    if not parts:
        return _("Supervision format not stated")
    return _("Supervision: %(formats)s", formats=", ".join(parts))


def _hours(value: float, words: Words) -> str:
    return f"{value:g}" if value == int(value) else words.decimal(value)


def supervisor_reasons(
    f: SupervisorFacts,
    q: SupervisorQuery,
    offset_minutes: int,
    hours_apart: float | None,
    distance_mi: float | None,
    mine: int | None = None,
) -> list[str]:
    words = q.words
    _ = words.gettext
    vocab = vocabulary()
    out: list[str] = []
    standings = [s for s in f.standings if s.tier in SUPERVISING_TIERS]
    if q.ladder:
        standings = [s for s in standings if s.body == q.ladder]
    standings.sort(key=lambda s: (not s.verified, s.body))
    out.extend(standing_text(s, words) for s in standings)
    if q.adaptations:
        names = ", ".join(_(vocab.adaptations[a]["short"]) for a in q.adaptations)
        out.append(_("Supervises %(adaptations)s", adaptations=names))
    elif f.adaptations:
        names = ", ".join(_(vocab.adaptations[a]["short"]) for a in f.adaptations)
        out.append(_("Adaptations: %(adaptations)s", adaptations=names))
    if q.language:
        out.append(_("Supervision in %(language)s", language=words.language_name(q.language)))
    if hours_apart is not None and q.timezone:
        if mine is None:
            mine = utc_offset_minutes(q.timezone, q.today)
        diff = (offset_minutes - mine) / 60
        zone = f.timezone
        if abs(diff) < 0.01:
            out.append(_("Same time of day as you (%(zone)s)", zone=zone))
        elif abs(diff) == 1:
            out.append(
                _("1 hour ahead of you (%(zone)s)", zone=zone)
                if diff > 0
                else _("1 hour behind you (%(zone)s)", zone=zone)
            )
        else:
            n = _hours(abs(diff), words)
            out.append(
                _("%(hours)s hours ahead of you (%(zone)s)", hours=n, zone=zone)
                if diff > 0
                else _("%(hours)s hours behind you (%(zone)s)", hours=n, zone=zone)
            )
    else:
        out.append(_("Time zone: %(zone)s", zone=f.timezone))
    out.append(fee_text(f, words))
    out.append(taking_text(f.accepting, f.confirmed_on, q.today, words))
    if distance_mi is not None:
        out.append(
            _(
                "In-person supervision %(miles)s mi away (%(place)s)",
                miles=words.decimal(distance_mi),
                place=f.place,
            )
        )
    elif q.in_person_lat is not None:
        out.append(_("By video only"))
    return out
