"""JSON encoding: dates and datetimes as ISO 8601 (Flask's default would write HTTP dates)."""

from __future__ import annotations

import datetime as dt

from flask.json.provider import DefaultJSONProvider


class IsoJSONProvider(DefaultJSONProvider):
    sort_keys = False

    @staticmethod
    def default(o):
        if isinstance(o, dt.datetime | dt.date):
            return o.isoformat()
        return DefaultJSONProvider.default(o)
