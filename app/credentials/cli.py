"""``flask --app wsgi expire-credentials``: for a scheduler, daily."""

from __future__ import annotations

import datetime as dt

import click
from flask import Flask

from app.credentials import services


@click.command("expire-credentials")
@click.option(
    "--on",
    "on",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="As if today were this date.",
)
def expire_credentials_command(on: dt.datetime | None) -> None:
    """Mark credentials past their expiry date as expired (and tell their owners). Idempotent."""
    count = services.expire_due(on.date() if on else None)
    click.echo(f"{count} credential(s) expired.")


def init_app(app: Flask) -> None:
    app.cli.add_command(expire_credentials_command)
