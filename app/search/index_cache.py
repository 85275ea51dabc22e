"""The per-worker search index: built from the search documents, kept current by the change feed.

Each search first reads one tiny row (``search_state``). If another worker or process changed a
profile since, the changed documents (``seq`` above this worker's generation) are patched in; after
a bulk rebuild the index is rebuilt. So any worker's answer reflects every committed change.
"""

from __future__ import annotations

import contextlib
import ctypes
import threading
from collections import OrderedDict
from contextlib import contextmanager

import numpy as np
from sqlalchemy import select, text

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
    """A thread-safe least-recently-used map, bounded by entry count or, with ``weigh``, by the
    total weight of its values (e.g. bytes)."""

    def __init__(self, size: int, weigh=None) -> None:
        self.size = size
        self._weigh = weigh or (lambda value: 1)
        self._total = 0
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
            old = self._data.pop(key, None)
            if old is not None:
                self._total -= self._weigh(old)
            self._data[key] = value
            self._total += self._weigh(value)
            while self._total > self.size and self._data:
                _, evicted = self._data.popitem(last=False)
                self._total -= self._weigh(evicted)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
            self._total = 0


class IndexCache:
    """One per worker process: the index, plus caches that are only ever read through it.

    ``cards`` holds what a result shows about a therapist, stamped with the generation it was read
    at and trusted only while the index says that therapist has not changed since. ``outcomes``
    holds whole search outcomes keyed by the generation they were computed at, so any committed
    change anywhere makes every older entry unreachable; ``bodies`` holds rendered API responses,
    compressed, keyed the same way and bounded in bytes.
    """

    def __init__(
        self, cards: int = 5_000, outcomes: int = 500, body_bytes: int = 32 * 2**20
    ) -> None:
        self._lock = threading.RLock()
        self._index: SearchIndex | None = None
        self.cards = LruCache(cards)
        self.outcomes = LruCache(outcomes)
        self.bodies = LruCache(body_bytes, weigh=len)

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
            self.bodies.clear()
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
    connection = session.connection()
    raw = connection.connection.driver_connection
    if connection.dialect.name == "postgresql":
        # A server-side cursor streams; a plain one would buffer every row in libpq first.
        cursor = raw.cursor(name="search_index_build")
    else:
        cursor = raw.cursor()
    try:
        cursor.execute(sql)
        while rows := cursor.fetchmany(FETCH_ROWS):
            yield np.array(rows, dtype=dtype)
    finally:
        cursor.close()


def _fill(session, sql: str, count: int, columns: dict[str, type], read_as) -> dict:
    """Stream a query into preallocated columns of their final types (no full-size temporaries)."""
    out: dict[str, np.ndarray] = {
        name: np.empty(count, dtype=dtype) for name, dtype in columns.items()
    }
    at = 0
    for block in _blocks(session, sql, read_as):
        n = min(len(block), count - at)  # rows added since the count wait for the change feed
        for i, name in enumerate(columns):
            out[name][at : at + n] = block[:n, i]
        at += n
    return {name: values[:at] for name, values in out.items()}


def build_index(session, generation: int) -> SearchIndex:
    names = ["therapist_id" if c == "tid" else c for c in THERAPIST_COLUMNS]
    listed = session.scalar(text("SELECT count(*) FROM search_document WHERE listed"))
    therapists = _fill(
        session,
        f"SELECT {', '.join(names)} FROM search_document WHERE listed ORDER BY therapist_id",  # noqa: S608 - fixed column names
        listed,
        THERAPIST_COLUMNS,
        np.int64,
    )
    located = session.scalar(text("SELECT count(*) FROM location"))
    locations = _fill(
        session,
        "SELECT therapist_id, lat, lon FROM location ORDER BY therapist_id, position, id",
        located,
        {"tid": np.int32, "lat": np.float32, "lon": np.float32},
        np.float64,
    )
    index = SearchIndex(therapists, locations, generation)
    del therapists, locations
    _return_freed_memory()
    return index


def _return_freed_memory() -> None:
    """Hand the build's freed heap back to the OS (glibc keeps it otherwise): at a million
    profiles this is the difference between ~360 MB and ~215 MB resident per worker."""
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to do
        ctypes.CDLL("libc.so.6").malloc_trim(0)


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
    from app.core.extensions import db

    with app.app_context():
        try:
            with app.extensions["search_index"].current(db.session):
                pass
        except Exception:
            app.logger.warning("search index not warmed: the database is unavailable")
        finally:
            db.session.remove()
