"""Operations: backups and restores."""

from flask import Flask


def init_app(app: Flask) -> None:
    from app.ops import cli

    cli.init_app(app)
