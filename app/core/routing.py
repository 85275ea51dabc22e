"""URL converters. ``<int:...>`` in every route means an id the databases can hold.

PostgreSQL INTEGER stops at 2^31 - 1 (SQLite at 2^63 - 1): a larger id in a URL used to reach the
database and fail there with a 500. Bounding the converter makes such a URL match no route at all,
so it is a 404 before any view runs, and the OpenAPI states the bound (``maximum``).
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from werkzeug.routing import IntegerConverter, Map, ValidationError

MAX_ID = 2**31 - 1


class DatabaseIdConverter(IntegerConverter):
    def __init__(
        self,
        map: Map,
        fixed_digits: int = 0,
        min: int | None = None,
        max: int | None = MAX_ID,
        signed: bool = False,
    ) -> None:
        super().__init__(map, fixed_digits, min, max, signed)

    def to_python(self, value: str) -> Any:
        if len(value) > 20:  # far beyond MAX_ID: refuse before int() parses a huge number
            raise ValidationError()
        return super().to_python(value)


def init_app(app: Flask) -> None:
    """Before any blueprint registers a rule: rules pick their converter when added."""
    app.url_map.converters["int"] = DatabaseIdConverter
