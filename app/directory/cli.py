"""Operator commands for the directory: ``flask --app wsgi <command>``."""

from __future__ import annotations

import click
from flask import Flask
from flask_migrate import upgrade

from app.directory.reference import sync_reference_data


@click.command("init-db")
def init_db_command() -> None:
    """Apply migrations and load the reference vocabularies (safe to run again)."""
    upgrade()
    sync_reference_data()
    click.echo("Database is at the latest migration; reference data loaded.")


def init_app(app: Flask) -> None:
    app.cli.add_command(init_db_command)
