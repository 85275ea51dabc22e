"""The one clock: UTC now for timestamps, and the directory's "today" (overridable in tests).

``TODAY`` in the app config pins the date for deterministic tests and demo data; nothing else reads
the system date directly.
"""

from __future__ import annotations

import datetime as dt

import click
from flask import current_app, has_app_context


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def today() -> dt.date:
    if has_app_context():
        pinned = current_app.config.get("TODAY")
        if pinned:
            return pinned
    return dt.date.today()


# ``--on 2026-01-31`` for scheduled commands: run as if today were that date (tests, catching up).
as_of_option = click.option(
    "--on",
    "on",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="As if today were this date.",
)
