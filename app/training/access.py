"""Where trained therapists are missing: listed therapists by area, tier and adaptation, telehealth,
and unmet demand (aggregate counts only, none below ``SUPPRESS_BELOW`` shown).

The therapist figures are computed from the search documents (never the profiles' private fields)
and kept per worker: recomputed when profiles have changed and ``REFRESH_SECONDS`` have passed, so
the page is served from memory.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from sqlalchemy import func, select

from app.core.clock import today
from app.core.extensions import db
from app.directory.models import Location
from app.search.models import SearchDocument, SearchState
from app.training.demand import SUPPRESS_BELOW, week_of
from app.training.models import DemandCount
from matching.encoding import layout, members
from matching.index import TELEHEALTH
from matching.reference import vocabulary

REFRESH_SECONDS = 300.0
WEEKS = 12
#: Adaptations shown as columns: who the training gap hurts most.
ADAPTATION_COLUMNS = ("perinatal-ipt", "ipt-a", "ipsrt", "group-ipt", "ipt-ptsd", "ipt-ed")
LEVELS = ("state", "zip3")


@dataclass
class AreaFigures:
    state: str
    zip3: str = ""
    therapists: int = 0
    by_tier: dict[str, int] = field(default_factory=dict)  # tier -> count; "none" for no tier
    verified: int = 0
    by_adaptation: dict[str, int] = field(default_factory=dict)
    telehealth: int = 0  # offering telehealth to people in the state (licensed there)


@dataclass
class Snapshot:
    computed_at: float
    generation: int
    states: dict[str, AreaFigures]
    zip3s: dict[tuple[str, str], AreaFigures]


def _tier_name(rank: int) -> str:
    tiers = vocabulary().tiers
    return tiers[rank - 1] if rank > 0 else "none"


def compute() -> Snapshot:
    bits = layout()
    generation = db.session.scalar(select(SearchState.generation).where(SearchState.id == 1)) or 0
    rows = db.session.execute(
        select(
            SearchDocument.therapist_id,
            SearchDocument.tier_verified,
            SearchDocument.tier_claimed,
            SearchDocument.adaptations,
            SearchDocument.flags,
            SearchDocument.licence_states,
            Location.state,
            func.substr(Location.zip, 1, 3),
        )
        .join(Location, Location.therapist_id == SearchDocument.therapist_id)
        .where(SearchDocument.listed.is_(True))
        .order_by(SearchDocument.therapist_id)
    )
    states: dict[str, AreaFigures] = {}
    zip3s: dict[tuple[str, str], AreaFigures] = {}
    telehealth_by_state: dict[str, int] = defaultdict(int)
    current = -1
    seen: set[tuple[str, str]] = set()  # this therapist's areas: each counted once
    for tid, verified, claimed, adapt, flags, licence_states, state, zip3 in rows:
        if tid != current:
            current, seen = tid, set()
            if flags & TELEHEALTH:
                for licensed in members(bits.states, licence_states):
                    telehealth_by_state[licensed] += 1
        tier = _tier_name(max(verified, claimed))
        adaptations = [a for a in members(bits.adaptations, adapt) if a in ADAPTATION_COLUMNS]
        targets = []
        if (state, "") not in seen:
            seen.add((state, ""))
            targets.append(states.setdefault(state, AreaFigures(state)))
        if (state, zip3) not in seen:
            seen.add((state, zip3))
            targets.append(zip3s.setdefault((state, zip3), AreaFigures(state, zip3)))
        for area in targets:
            area.therapists += 1
            area.by_tier[tier] = area.by_tier.get(tier, 0) + 1
            area.verified += verified > 0
            for a in adaptations:
                area.by_adaptation[a] = area.by_adaptation.get(a, 0) + 1
    for state, n in telehealth_by_state.items():
        states.setdefault(state, AreaFigures(state)).telehealth = n
    for (state, _), area in zip3s.items():
        area.telehealth = telehealth_by_state.get(state, 0)
    return Snapshot(time.monotonic(), generation, states, zip3s)


FIRST_WAIT_SECONDS = 3.0  # a new worker's first request waits this long for the figures


class FiguresNotReady(Exception):
    """A new worker is still computing the figures (a large directory takes a while)."""

    retry_after = 30


class _Cache:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.snapshot: Snapshot | None = None
        self.refreshing = False
        self.ready = threading.Event()


def _refresh_in_background(app: Any, cache: _Cache) -> None:
    def run() -> None:
        try:
            with app.app_context():
                fresh = compute()
                db.session.remove()
            with cache.lock:
                cache.snapshot = fresh
            cache.ready.set()
        except Exception:  # the old figures stay; the next request tries again
            app.logger.warning("access figures not refreshed", exc_info=True)
        finally:
            cache.refreshing = False

    threading.Thread(target=run, name="access-figures", daemon=True).start()


def _computed_now(cache: _Cache) -> Snapshot:
    """The figures computed in this request, and kept for the next ones."""
    fresh = compute()
    with cache.lock:
        cache.snapshot = fresh
    return fresh


def warm(app: Any) -> None:
    """Compute the figures now (a worker's warm-up, app/ops/warmup.py), so that its first /access
    request does not wait for them."""
    cache = app.extensions.setdefault("access_figures", _Cache())
    with app.app_context():
        try:
            _computed_now(cache)
        finally:
            db.session.remove()
    cache.ready.set()


def snapshot() -> Snapshot:
    """The figures from memory. The first request of a worker computes them; after that, changed
    profiles are picked up in the background at most every ACCESS_REFRESH_SECONDS (the page keeps
    serving the previous figures meanwhile)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    cache = app.extensions.setdefault("access_figures", _Cache())
    refresh = float(app.config.get("ACCESS_REFRESH_SECONDS", REFRESH_SECONDS))
    with cache.lock:
        snap = cache.snapshot
        if snap is not None and time.monotonic() - snap.computed_at < refresh:
            return snap
    if snap is None:
        if app.testing:
            return _computed_now(cache)
        with cache.lock:
            if not cache.refreshing:
                cache.refreshing = True
                _refresh_in_background(app, cache)
        if cache.ready.wait(FIRST_WAIT_SECONDS) and cache.snapshot is not None:
            return cache.snapshot
        raise FiguresNotReady("The figures are being prepared; please try again in a minute.")
    generation = db.session.scalar(select(SearchState.generation).where(SearchState.id == 1))
    if snap.generation == (generation or 0):
        snap.computed_at = time.monotonic()
        return snap
    if refresh <= 0 or app.testing:
        return _computed_now(cache)  # tests (and a zero interval) want the change at once
    with cache.lock:
        if not cache.refreshing:
            cache.refreshing = True
            snap.computed_at = time.monotonic()  # do not start another until this one is done
            _refresh_in_background(app, cache)
    return snap


def _suppress(n: int) -> int | None:
    return n if n >= SUPPRESS_BELOW else None


def demand(level: str, state: str | None, weeks: int) -> dict[tuple[str, str], dict[str, Any]]:
    """Unmet-demand counts per area over the last ``weeks`` weeks: the total (None below
    SUPPRESS_BELOW), and the conditions and weeks that reach SUPPRESS_BELOW on their own."""
    since = week_of(today()) - dt.timedelta(weeks=weeks - 1)
    zip_col = DemandCount.zip3 if level == "zip3" else DemandCount.state
    stmt = select(
        DemandCount.state,
        zip_col,
        DemandCount.week,
        DemandCount.condition,
        func.sum(DemandCount.searches),
    ).where(DemandCount.week >= since)
    if state:
        stmt = stmt.where(DemandCount.state == state)
    stmt = stmt.group_by(DemandCount.state, zip_col, DemandCount.week, DemandCount.condition)
    raw: dict[tuple[str, str], dict[str, Any]] = {}
    for st, area, week, condition, n in db.session.execute(stmt):
        key = (st, area if level == "zip3" else "")
        entry = raw.setdefault(key, {"total": 0, "by_condition": {}, "by_week": {}})
        entry["total"] += n
        entry["by_condition"][condition] = entry["by_condition"].get(condition, 0) + n
        entry["by_week"][week] = entry["by_week"].get(week, 0) + n
    # A suppressed count is left out altogether, so not even "some, but fewer than 10" shows.
    out = {}
    for key, entry in raw.items():
        out[key] = {
            "total": _suppress(entry["total"]),
            "by_condition": {
                c: n for c, n in sorted(entry["by_condition"].items()) if n >= SUPPRESS_BELOW
            },
            "by_week": [
                {"week": w, "searches": n}
                for w, n in sorted(entry["by_week"].items())
                if n >= SUPPRESS_BELOW
            ],
        }
    return out


def table(level: str = "state", state: str | None = None, weeks: int = WEEKS) -> dict[str, Any]:
    snap = snapshot()
    figures = {(s, ""): a for s, a in snap.states.items()} if level == "state" else dict(snap.zip3s)
    if state:
        figures = {k: v for k, v in figures.items() if k[0] == state}
    wanted = demand(level, state, weeks)
    rows = []
    vocab = vocabulary()
    shown = {k for k, v in wanted.items() if v["total"] is not None}
    for key in sorted(set(figures) | shown):
        area = figures.get(key) or AreaFigures(key[0], key[1])
        empty: dict[str, Any] = {"total": None, "by_condition": {}, "by_week": []}
        unmet = wanted.get(key) if key in shown else empty
        rows.append(
            {
                "state": area.state,
                "state_name": vocab.states.get(area.state, area.state),
                "zip3": area.zip3 or None,
                "therapists": area.therapists,
                "verified": area.verified,
                "by_tier": {t: area.by_tier.get(t, 0) for t in (*vocab.tiers, "none")},
                "by_adaptation": {a: area.by_adaptation.get(a, 0) for a in ADAPTATION_COLUMNS},
                "telehealth": area.telehealth,
                "unmet_demand": unmet,
            }
        )
    return {
        "level": level,
        "weeks": weeks,
        "suppressed_below": SUPPRESS_BELOW,
        "areas": rows,
    }


CSV_HEADER = (
    "state",
    "zip3",
    "therapists",
    "verified",
    *(f"tier_{t}" for t in (*vocabulary().tiers, "none")),
    *(f"adaptation_{a}" for a in ADAPTATION_COLUMNS),
    "telehealth_licensed_in_state",
    "unmet_searches",
)


def to_csv(data: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for row in data["areas"]:
        unmet = row["unmet_demand"]["total"]
        writer.writerow(
            [
                row["state"],
                row["zip3"] or "",
                row["therapists"],
                row["verified"],
                *row["by_tier"].values(),
                *row["by_adaptation"].values(),
                row["telehealth"],
                f"<{SUPPRESS_BELOW}" if unmet is None else unmet,
            ]
        )
    return out.getvalue()
