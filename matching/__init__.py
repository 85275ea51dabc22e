"""Pure-Python matching: vocabulary, condition/insurance/place resolution, distance, ranking.

Nothing here imports Flask or a database session: it takes plain data and returns plain data,
so it can be tested and benchmarked alone. ``app/`` depends on this package, never the reverse.
"""
