"""Search: derived search documents, the per-worker index over them, the service and its API."""
