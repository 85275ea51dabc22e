"""Search: the derived search documents, the per-worker index over them, the search service and API."""
