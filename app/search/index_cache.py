"""The per-worker search index: built from the search documents, kept current by the change feed.

Each search first reads one tiny row (``search_state``). If another worker or process changed a
profile since, the changed documents (``seq`` above this worker's generation) are patched in; after
a bulk rebuild the index is rebuilt. So any worker's answer reflects every committed change.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from contextlib import contextmanager

import numpy as np
from sqlalchemy import select

from app.directory.models import Location
from app.search.models import SearchDocument, SearchState
from matching.encoding import layout
from matching.index import THERAPIST_COLUMNS, SearchIndex, TherapistDoc

FETCH_ROWS = 50_000
DOC_COLUMNS = [
    getattr(SearchDocument, "therapist_id" if c == "tid" else c) for c in THERAPIST_COLUMNS
]


class StaleLayoutError(RuntimeError):
    """The stored documents were built under another vocabulary layout: run `flask init-db`."""


class LruCache:
    """A small thread-safe least-recently-used map."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._data: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            value = self._data.get(key)
            if value is not None:
                self._data.move_to_end(key)
            return value

    def put(self, key, value) -> None:
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.size:
                self._data.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


class IndexCache:
    """One per worker process: the index, plus caches that are only ever read through it.

    ``cards`` holds what a result shows about a therapist, stamped with the generation it was read
    at and trusted only while the index says that therapist has not changed since. ``outcomes``
    holds whole search outcomes keyed by the generation they were computed at, so any committed
    change anywhere makes every older entry unreachable.
    """

    def __init__(self, cards: int = 20_000, outcomes: int = 2_000) -> None:
        self._lock = threading.RLock()
        self._index: SearchIndex | None = None
        self.cards = LruCache(cards)
        self.outcomes = LruCache(outcomes)

    @contextmanager
    def current(self, session):
        """Hold the index, brought up to date, for the duration of one search."""
        with self._lock:
            yield self._refresh(session)

    def _refresh(self, session) -> SearchIndex:
        state = session.execute(
            select(
                SearchState.generation,
                SearchState.rebuilt_generation,
                SearchState.layout_fingerprint,
            ).where(SearchState.id == 1)
        ).first()
        generation, rebuilt, fingerprint = state if state else (0, 0, layout().fingerprint)
        if fingerprint != layout().fingerprint:
            raise StaleLayoutError("search documents use another vocabulary layout")
        index = self._index
        # Rebuild after a bulk rebuild, or when the feed went backwards (a restored backup).
        if index is None or index.generation < rebuilt or generation < index.generation:
            self._index = None  # let the old arrays go before the new ones are built
            self.cards.clear()
            self.outcomes.clear()
            index = self._index = build_index(session, generation)
        elif generation > index.generation:
            changed, removed = _changes_since(session, index.generation)
            index.apply(changed, removed, generation)
        return index

    def reset(self) -> None:
        with self._lock:
            self._index = None


def _blocks(session, sql: str, dtype):
    """Numpy blocks straight from the DBAPI cursor: a million rows without a million Row objects."""
    cursor = session.connection().connection.cursor()
    try:
        cursor.execute(sql)
        while rows := cursor.fetchmany(FETCH_ROWS):
            yield np.array(rows, dtype=dtype)
    finally:
        cursor.close()


def build_index(session, generation: int) -> SearchIndex:
    names = ["therapist_id" if c == "tid" else c for c in THERAPIST_COLUMNS]
    sql = f"SELECT {', '.join(names)} FROM search_document WHERE listed ORDER BY therapist_id"  # noqa: S608 - fixed column names
    blocks = list(_blocks(session, sql, np.int64))
    table = np.concatenate(blocks) if blocks else np.zeros((0, len(names)), np.int64)
    del blocks
    therapists = {
        name: table[:, i].astype(dtype) for i, (name, dtype) in enumerate(THERAPIST_COLUMNS.items())
    }
    del table
    sql = "SELECT therapist_id, lat, lon FROM location ORDER BY therapist_id, position, id"
    loc = list(_blocks(session, sql, np.float64))
    table = np.concatenate(loc) if loc else np.zeros((0, 3), np.float64)
    del loc
    locations = {
        "tid": table[:, 0].astype(np.int32),
        "lat": table[:, 1].astype(np.float32),
        "lon": table[:, 2].astype(np.float32),
    }
    return SearchIndex(therapists, locations, generation)


def _changes_since(session, generation: int) -> tuple[list[TherapistDoc], list[int]]:
    rows = session.execute(
        select(SearchDocument.listed, *DOC_COLUMNS).where(SearchDocument.seq > generation)
    ).all()
    removed = [row[1] for row in rows if not row[0]]
    docs = {
        row[1]: TherapistDoc(**dict(zip(THERAPIST_COLUMNS, row[1:], strict=True)))
        for row in rows
        if row[0]
    }
    ids = sorted(docs)
    for start in range(0, len(ids), 500):
        for tid, lat, lon in session.execute(
            select(Location.therapist_id, Location.lat, Location.lon)
            .where(Location.therapist_id.in_(ids[start : start + 500]))
            .order_by(Location.therapist_id, Location.position, Location.id)
        ):
            docs[tid].locations.append((lat, lon))
    return list(docs.values()), removed


def warm(app) -> None:
    """Load the index now (a worker calls this at start); a database outage only delays it."""
    from app.extensions import db

    with app.app_context():
        try:
            with app.extensions["search_index"].current(db.session):
                pass
        except Exception:
            app.logger.warning("search index not warmed: the database is unavailable")
        finally:
            db.session.remove()
