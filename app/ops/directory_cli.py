"""Operator commands for the directory: ``flask --app wsgi <command>``."""

from __future__ import annotations

import click
from flask import Flask
from flask_migrate import upgrade

from app.directory.reference import sync_reference_data
from app.ops import transfer
from app.ops.demo import seed_demo_command
from app.search.documents import ensure_search_documents


@click.command("init-db")
def init_db_command() -> None:
    """Apply migrations and load the reference vocabularies (safe to run again)."""
    upgrade()
    sync_reference_data()
    ensure_search_documents()
    click.echo("Database is at the latest migration; reference data loaded.")


def init_app(app: Flask) -> None:
    app.cli.add_command(init_db_command)
    transfer.init_app(app)  # import-profiles, export-profiles
    app.cli.add_command(seed_demo_command)
