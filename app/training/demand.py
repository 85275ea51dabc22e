"""Unmet demand, counted in aggregate only.

A search that found fewer than five in-person results adds one to a counter keyed by (week, state,
3-digit ZIP area, condition slug). Nothing else is kept: never the search text, never an address or
an identifier, never a time finer than the week; and nothing at all when the browser sends Global
Privacy Control (``Sec-GPC: 1``) or Do Not Track (``DNT: 1``). Counts are buffered in the worker
and added to the table every ``DEMAND_FLUSH_SECONDS`` by a background thread, so counting costs a
search a dictionary increment. Counts below ``SUPPRESS_BELOW`` are never shown.
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import logging
import os
import threading
from collections import Counter
from typing import Any

import sqlalchemy as sa
from flask import Flask, current_app, has_request_context, request
from sqlalchemy import Engine
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.core.clock import today
from app.core.extensions import db
from app.search.signals import searched
from app.training.models import DemandCount
from matching.areas import zip3_of

logger = logging.getLogger(__name__)
UNMET_BELOW = 5  # in-person results; the seeker service's "sparse" threshold
SUPPRESS_BELOW = 10
DEFAULT_FLUSH_SECONDS = 60.0

Key = tuple[dt.date, str, str, str]


def week_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def opted_out() -> bool:
    headers = request.headers
    return headers.get("Sec-GPC", "").strip() == "1" or headers.get("DNT", "").strip() == "1"


class DemandCounter:
    """Per-worker buffer of counts, added to ``demand_count`` in one transaction per flush.

    A search only increments the buffer; a background thread of the worker (started at the first
    count, so after a pre-forking server has forked) writes it every ``flush_seconds``, so a slow
    or unavailable database never holds up a search.
    """

    def __init__(self, engine_getter, flush_seconds: float, *, background: bool = True) -> None:
        self._engine_getter = engine_getter
        self.flush_seconds = flush_seconds
        self.background = background  # off in tests: they flush when they mean to
        self._lock = threading.Lock()
        self._pending: Counter[Key] = Counter()
        self._thread: threading.Thread | None = None
        self._pid = 0
        self._stopped = threading.Event()

    def add(self, keys: list[Key]) -> None:
        with self._lock:
            self._pending.update(keys)
            if self.background and (self._thread is None or self._pid != os.getpid()):
                self._pid = os.getpid()
                self._thread = threading.Thread(
                    target=self._run, name="demand-counter", daemon=True
                )
                self._thread.start()

    def _run(self) -> None:
        while not self._stopped.wait(max(self.flush_seconds, 0.05)):
            try:
                self.flush()
            except Exception:  # keep counting; the next flush tries again
                logger.warning("demand counts not written this time", exc_info=True)

    def stop(self) -> None:
        """End the background writer (waiting for a write in progress); the caller flushes
        what is left. At exit this runs before the last flush, so no writer thread is left to
        wake up while the interpreter, its modules or the database are being shut down."""
        self._stopped.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread() and thread.is_alive():
            thread.join(timeout=max(self.flush_seconds, 0.05) + 5)

    def flush(self) -> int:
        with self._lock:
            pending, self._pending = self._pending, Counter()
        if not pending:
            return 0
        try:
            self._write(pending)
        except Exception:
            self.restore(pending)  # counted again at the next flush
            raise
        return sum(pending.values())

    def _write(self, pending: Counter[Key]) -> None:
        engine: Engine = self._engine_getter()
        insert = pg_insert if engine.dialect.name == "postgresql" else sqlite_insert
        table = sa.Table(DemandCount.__tablename__, db.metadata)
        with engine.begin() as conn:
            for (week, state, zip3, condition), n in sorted(pending.items()):
                stmt = insert(table).values(
                    week=week, state=state, zip3=zip3, condition=condition, searches=n
                )
                conn.execute(
                    stmt.on_conflict_do_update(
                        index_elements=["week", "state", "zip3", "condition"],
                        set_={"searches": table.c.searches + n},
                    )
                )

    def discard(self) -> None:
        """Forget the counts not yet written (tests: a test's searches must not reach the next)."""
        with self._lock:
            self._pending.clear()

    def restore(self, pending: Counter[Key]) -> None:
        with self._lock:
            self._pending.update(pending)


def keys_for(outcome: Any) -> list[Key]:
    """The counter keys for one answered search; [] when it does not show unmet demand."""
    if outcome.query.telehealth == "only":
        return []  # a seeker who asked for video only did not look for an office
    in_person = (outcome.suggestions or {}).get("in_person_total")
    if in_person is None or in_person >= UNMET_BELOW:
        return []
    state = outcome.place.state
    if not state:
        return []
    zip3 = zip3_of(outcome.place)
    week = week_of(today())
    return [(week, state, zip3, slug) for slug in (outcome.chosen_conditions or ["any"])]


def _on_search(outcome: Any, **_: Any) -> None:
    # Only searches people make through the site or the API: not benchmarks or scripts.
    if not has_request_context() or opted_out():
        return
    try:
        keys = keys_for(outcome)
        if keys:
            current_app.extensions["demand_counter"].add(keys)
    except Exception:  # counting must never cost anyone their search
        logger.warning("demand not counted", exc_info=True)


def init_app(app: Flask) -> None:
    seconds = float(app.config.get("DEMAND_FLUSH_SECONDS", DEFAULT_FLUSH_SECONDS))

    def engine() -> Engine:
        with app.app_context():
            return db.engine

    counter = DemandCounter(engine, seconds, background=not app.testing)
    app.extensions["demand_counter"] = counter
    searched.connect(_on_search)
    atexit.register(_flush_quietly, counter)


def _flush_quietly(counter: DemandCounter) -> None:
    counter.stop()
    with contextlib.suppress(Exception):  # the process is ending; the database may be gone
        counter.flush()
