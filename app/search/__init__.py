"""Search: derived search documents, the per-worker index over them, the service and its API."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from app.core.extensions import api
    from app.search import api as search_api
    from app.search import documents
    from app.search.index_cache import IndexCache

    documents.install_hooks()
    app.extensions["search_index"] = IndexCache(
        body_bytes=app.config["SEARCH_RESPONSE_CACHE_MB"] * 2**20
    )
    api.register_blueprint(search_api.blp)
