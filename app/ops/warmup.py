"""A worker's warm-up: build now what its first requests would otherwise build while a person
waits (issue #13: "the first search of a fresh worker took 1.2–2.1 s").

gunicorn calls :func:`warm_up` in each worker after it starts and before it takes traffic
(``post_worker_init`` in gunicorn.conf.py). ``WARM_UP=0`` turns it off. ``make run`` (the
development server) and the tests never call it, so they start fast; a test about it calls it.

Profile edits check ZIP codes against the same gazetteer (``matching.geo.is_zip_code``): no second
list to load.

Each step is timed and logged; a step that fails (the database down, say) is logged and
skipped: the request that needs it builds it later, as without a warm-up.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from flask import Flask

SAMPLE_SENTENCE = "my teenage daughter is anxious, we live in Portland, OR and have Aetna"


def _lexicons(app: Flask) -> None:
    """The gazetteer, condition, insurer, safety and language lexicons, and one sentence read."""
    from matching import sentence

    sentence.warm_up()


def _search_index(app: Flask) -> None:
    from app.search.index_cache import warm

    warm(app)


def _one_search(app: Flask) -> None:
    """A search through the service (ranking, reasons, translations), as nobody: sent with Global
    Privacy Control, it is not counted as demand, and no rate limit or usage count is touched."""
    from app.core.extensions import db
    from app.search.service import SearchParams, search

    with app.test_request_context("/api/v1/search", headers={"Sec-GPC": "1"}):
        try:
            search(SearchParams(q=SAMPLE_SENTENCE))
        finally:
            db.session.remove()


def _supervisor_pool(app: Flask) -> None:
    from app.core.extensions import db
    from app.training import supervision

    with app.app_context():
        try:
            supervision.pool()
        finally:
            db.session.remove()


def _access_figures(app: Flask) -> None:
    from app.training import access

    access.warm(app)


STEPS: tuple[tuple[str, Callable[[Flask], None]], ...] = (
    ("lexicons", _lexicons),
    ("search index", _search_index),
    ("search", _one_search),
    ("supervisor pool", _supervisor_pool),
    ("access figures", _access_figures),
)


def warm_up(app: Flask) -> dict[str, float]:
    """Run every step unless ``WARM_UP`` is off; returns seconds per step (failed steps: -1)."""
    if not app.config.get("WARM_UP", True):
        return {}
    took: dict[str, float] = {}
    for name, step in STEPS:
        start = time.perf_counter()
        try:
            step(app)
        except Exception as exc:  # the first request that needs it builds it instead
            took[name] = -1.0
            app.logger.warning("warm-up: %s skipped (%s)", name, type(exc).__name__)
            continue
        took[name] = round(time.perf_counter() - start, 3)
    app.logger.info(
        "worker warmed up in %.2f s (%s)",
        sum(t for t in took.values() if t > 0),
        ", ".join(f"{name} {t:.2f} s" for name, t in took.items()),
    )
    return took
