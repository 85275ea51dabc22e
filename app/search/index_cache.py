"""The per-worker search index: built from the search documents, kept current by the change feed.

Each search first reads one tiny row (``search_state``). If another worker or process changed a
profile since, the changed documents (``seq`` above this worker's generation) are patched in; after
a bulk rebuild the index is rebuilt. So any worker's answer reflects every committed change.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager

import numpy as np
from sqlalchemy import select

from app.directory.models import Location
from app.search.models import SearchDocument, SearchState
from matching.encoding import layout
from matching.index import THERAPIST_COLUMNS, SearchIndex, TherapistDoc

FETCH_ROWS = 50_000
DOC_COLUMNS = [getattr(SearchDocument, "therapist_id" if c == "tid" else c) for c in THERAPIST_COLUMNS]


class StaleLayoutError(RuntimeError):
    """The stored documents were built under another vocabulary layout: run `flask init-db`."""


class IndexCache:
    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._index: SearchIndex | None = None

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
        if index is None or index.generation < rebuilt:
            index = self._index = build_index(session, generation)
        elif generation > index.generation:
            changed, removed = _changes_since(session, index.generation)
            index.apply(changed, removed, generation)
        return index

    def reset(self) -> None:
        with self._lock:
            self._index = None


def _stream(session, stmt, columns: int, dtype=np.int64):
    """Yield numpy blocks of rows without holding a million Python tuples at once."""
    result = session.execute(stmt.execution_options(yield_per=FETCH_ROWS))
    for rows in result.partitions(FETCH_ROWS):
        yield np.array(rows, dtype=dtype).reshape(-1, columns)


def build_index(session, generation: int) -> SearchIndex:
    blocks = list(
        _stream(
            session,
            select(*DOC_COLUMNS).where(SearchDocument.listed).order_by(SearchDocument.therapist_id),
            len(DOC_COLUMNS),
        )
    )
    table = np.concatenate(blocks) if blocks else np.zeros((0, len(DOC_COLUMNS)), np.int64)
    therapists = {
        name: table[:, i].astype(dtype) for i, (name, dtype) in enumerate(THERAPIST_COLUMNS.items())
    }
    del table, blocks
    stmt = select(Location.therapist_id, Location.lat, Location.lon).order_by(
        Location.therapist_id, Location.position, Location.id
    )
    loc = [
        (block[:, 0].astype(np.int32), block[:, 1:].astype(np.float32))
        for block in _stream(session, stmt, 3, np.float64)
    ]
    ids = np.concatenate([b[0] for b in loc]) if loc else np.zeros(0, np.int32)
    latlon = np.concatenate([b[1] for b in loc]) if loc else np.zeros((0, 2), np.float32)
    locations = {"tid": ids, "lat": latlon[:, 0].copy(), "lon": latlon[:, 1].copy()}
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
