"""Operations: init-db, demo data, import/export of profiles, backups and restores."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from app.ops import avatars, cli, directory_cli

    directory_cli.init_app(app)  # init-db, seed-demo, import-profiles, export-profiles
    cli.init_app(app)  # backup, restore
    avatars.init_app(app)  # seed-demo-avatars
