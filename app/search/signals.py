"""Signals the search service sends, so packages above it can react without being imported here.

``searched`` is sent once per search answered (from the cache or not) with the ``SearchOutcome``
as sender; receivers must be quick and must never keep the search text or the place.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()
searched = _signals.signal("search.searched")
