"""Operator commands for the seeker side: ``flask --app wsgi purge-contact-requests``."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import with_appcontext

from app.seeker.services import purge_contact_requests, retention_days


@click.command("purge-contact-requests")
@click.option(
    "--days",
    type=click.IntRange(0, 3650),
    default=None,
    help="Delete requests older than this many days (default: CONTACT_RETENTION_DAYS, 30).",
)
@with_appcontext
def purge_contact_requests_command(days: int | None) -> None:
    """Delete contact requests older than the retention period (run it daily, e.g. from cron)."""
    days = retention_days() if days is None else days
    removed = purge_contact_requests(days=days)
    click.echo(f"Deleted {removed} contact request(s) older than {days} days.")


def init_app(app: Flask) -> None:
    app.cli.add_command(purge_contact_requests_command)
