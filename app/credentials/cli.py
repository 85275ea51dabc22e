"""``flask --app wsgi expire-credentials``: for a scheduler, daily."""

from __future__ import annotations

import datetime as dt

import click
from flask import Flask

from app.core.clock import as_of_option
from app.credentials import services


@click.command("expire-credentials")
@as_of_option
def expire_credentials_command(on: dt.datetime | None) -> None:
    """Mark credentials past their expiry date as expired (and tell their owners). Idempotent."""
    count = services.expire_due(on.date() if on else None)
    click.echo(f"{count} credential(s) expired.")


def init_app(app: Flask) -> None:
    app.cli.add_command(expire_credentials_command)
