"""Consistent backups while the app keeps serving.

SQLite: the online backup API copies a consistent snapshot page by page, so readers and writers
carry on. PostgreSQL: use pg_dump/pg_restore (see README, Deploy); this module refuses rather than
pretending.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupError(RuntimeError):
    pass


def sqlite_path(database_url: str) -> Path:
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        raise BackupError(
            "backup/restore handle SQLite; for PostgreSQL use pg_dump -Fc and pg_restore "
            "(see README, Deploy)."
        )
    if not url.database or url.database == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up")
    return Path(url.database)


def backup_sqlite(database_url: str, target: Path) -> int:
    """Write a consistent copy to ``target`` (which must not exist); returns its size in bytes."""
    source_path = sqlite_path(database_url)
    if target.exists():
        raise BackupError(f"{target} already exists; choose a new file name")
    target.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)
    dest = sqlite3.connect(target)
    try:
        source.backup(dest, pages=4096)
        (ok,) = dest.execute("PRAGMA integrity_check").fetchone()
        if ok != "ok":
            raise BackupError(f"the backup failed its integrity check: {ok}")
    finally:
        dest.close()
        source.close()
    return target.stat().st_size


def restore_sqlite(database_url: str, backup: Path) -> None:
    """Replace the live database's contents with the backup's, in place (connections stay valid)."""
    if not backup.exists():
        raise BackupError(f"{backup} does not exist")
    check = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        (ok,) = check.execute("PRAGMA integrity_check").fetchone()
        tables = {r[0] for r in check.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{backup} is not a SQLite database: {exc}") from exc
    finally:
        check.close()
    if ok != "ok" or "alembic_version" not in tables:
        raise BackupError(f"{backup} is not a backup of this directory")
    source = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    dest = sqlite3.connect(sqlite_path(database_url))
    try:
        source.backup(dest)
    finally:
        dest.close()
        source.close()
