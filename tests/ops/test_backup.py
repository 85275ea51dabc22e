"""Backups restore completely; PostgreSQL is pointed at pg_dump instead of half-handled."""

import json

import pytest

from app.core.extensions import db
from app.directory.models import Therapist
from tests.factories import TherapistFactory

pytestmark = pytest.mark.commits  # backup and restore work on the database file


def _export(runner, path) -> list[dict]:
    result = runner.invoke(args=["export-profiles", str(path)])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_backup_then_restore_brings_back_every_profile(app, runner, tmp_path):
    if db.engine.dialect.name != "sqlite":
        result = runner.invoke(args=["backup", str(tmp_path / "b.sqlite3")])
        assert result.exit_code != 0
        assert "pg_dump" in result.output
        return
    TherapistFactory.create_batch(3, insurance=["aetna"])
    before = _export(runner, tmp_path / "before.jsonl")
    result = runner.invoke(args=["backup", str(tmp_path / "backup.sqlite3")])
    assert result.exit_code == 0, result.output

    for t in db.session.query(Therapist).all():
        db.session.delete(t)
    TherapistFactory(name="Added after the backup")
    db.session.commit()

    result = runner.invoke(args=["restore", "--yes", str(tmp_path / "backup.sqlite3")])
    assert result.exit_code == 0, result.output
    db.session.remove()
    assert _export(runner, tmp_path / "after.jsonl") == before


def test_backup_refuses_to_overwrite_and_restore_refuses_junk(app, runner, tmp_path):
    if db.engine.dialect.name != "sqlite":
        return
    existing = tmp_path / "exists.sqlite3"
    existing.write_text("x")
    result = runner.invoke(args=["backup", str(existing)])
    assert result.exit_code != 0
    assert "already exists" in result.output
    result = runner.invoke(args=["restore", "--yes", str(existing)])
    assert result.exit_code != 0
    assert "not a" in result.output
    result = runner.invoke(args=["restore", "--yes", str(tmp_path / "missing.sqlite3")])
    assert "does not exist" in result.output
