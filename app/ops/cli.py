"""``flask --app wsgi backup PATH`` and ``restore PATH``."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app

from app.core.extensions import db
from app.ops.backup import BackupError, backup_sqlite, restore_sqlite


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(path: Path) -> None:
    """Write a consistent online backup of the SQLite database to PATH."""
    try:
        size = backup_sqlite(current_app.config["SQLALCHEMY_DATABASE_URI"], path)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Backed up to {path} ({size:,} bytes).")


@click.command("restore")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore_command(path: Path, yes: bool) -> None:
    """Replace the SQLite database's contents with the backup at PATH."""
    if not yes:
        click.confirm("This replaces every profile in the database. Continue?", abort=True)
    db.engine.dispose()
    try:
        restore_sqlite(current_app.config["SQLALCHEMY_DATABASE_URI"], path)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Restored from {path}. Restart the app's workers so their indexes reload.")


def init_app(app: Flask) -> None:
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
