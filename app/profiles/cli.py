"""``flask --app wsgi remind-stale-profiles``: for a scheduler (cron, systemd timer), daily."""

from __future__ import annotations

import datetime as dt

import click
from flask import Flask

from app.core.clock import as_of_option
from app.profiles import services


@click.command("remind-stale-profiles")
@as_of_option
def remind_stale_profiles_command(on: dt.datetime | None) -> None:
    """E-mail therapists whose availability was not confirmed for 90 days.

    At most one reminder per profile per calendar month, however often it runs."""
    count = services.remind_stale_profiles(on.date() if on else None)
    click.echo(f"{count} reminder(s) sent.")


def init_app(app: Flask) -> None:
    app.cli.add_command(remind_stale_profiles_command)
