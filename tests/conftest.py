"""Shared fixtures: the same suite runs on SQLite and, when TEST_DATABASE_URL is set, on PostgreSQL.

Each backend's schema is built once per session (per xdist worker: each has its own SQLite file and
PostgreSQL database) by the real migrations; each test then starts from empty profile tables
(reference vocabularies stay loaded).

Test code runs in an app context (fixtures and factories use the database directly), but each
request made with the test client runs in a fresh context of its own, as under a real server: no
``g``, session or cached user carries over from the test or from an earlier request.
"""

from __future__ import annotations

import contextvars
import os

import pytest
import sqlalchemy as sa
from flask import has_app_context
from flask.testing import FlaskClient
from flask_migrate import upgrade

from app import create_app
from app.core.extensions import db
from app.directory.reference import sync_reference_data

REFERENCE_TABLES = {"condition", "payer", "language", "us_state", "alembic_version"}
BACKENDS = ["sqlite", "postgresql"]


def services_required() -> bool:
    """In CI a missing service is a failure, not a skip."""
    return os.environ.get("REQUIRE_SERVICES") == "1"


def skip_or_fail(reason: str) -> None:
    if services_required():
        pytest.fail(f"{reason} (REQUIRE_SERVICES=1, so this is a failure)")
    pytest.skip(reason)


def _prepare_postgres(url: str, worker: str) -> str:
    url = sa.make_url(url).set(drivername="postgresql+psycopg")
    if worker != "master":  # one database per xdist worker
        url = url.set(database=f"{url.database}_{worker}")
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            exists = conn.scalar(
                sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": url.database}
            )
            if not exists:
                conn.execute(sa.text(f'CREATE DATABASE "{url.database}"'))
    except sa.exc.OperationalError as exc:
        skip_or_fail(f"PostgreSQL at TEST_DATABASE_URL is unreachable: {exc.orig}")
    finally:
        admin.dispose()
    engine = sa.create_engine(url)
    with engine.begin() as conn:  # start from an empty schema so the migrations are really run
        conn.execute(sa.text("DROP SCHEMA public CASCADE"))
        conn.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()
    return url.render_as_string(hide_password=False)


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request, tmp_path_factory, worker_id) -> str:
    """A migrated database with reference data, one per backend for the whole session."""
    if request.param == "sqlite":
        url = "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite3")
    else:
        raw = os.environ.get("TEST_DATABASE_URL")
        if not raw:
            skip_or_fail("TEST_DATABASE_URL is not set: PostgreSQL tests skipped")
        url = _prepare_postgres(raw, worker_id)
    app = create_app(_test_config(url, tmp_path_factory.mktemp("instance")))
    with app.app_context():
        upgrade()
        sync_reference_data()
        db.engine.dispose()
    return url


def _test_config(url: str, instance_dir) -> dict:
    return {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": url,
        "SECRET_KEY": "test-secret-key-not-for-production",
        "MAIL_BACKEND": "file",
        "MAIL_OUTBOX_DIR": str(instance_dir / "outbox"),
        "RATELIMIT_STORAGE_URI": "memory://",
        "PARTNER_USAGE_FLUSH_SECONDS": 0,  # write usage counts at once, so tests can read them
        "PARTNER_KEY_CACHE_SECONDS": 0,  # see revocations at once
    }


class OwnContextClient(FlaskClient):
    """Runs each request in an empty ``contextvars`` context, so that the request pushes its own
    app context instead of joining the one the test holds."""

    def open(self, *args, **kwargs):
        response = contextvars.Context().run(super().open, *args, **kwargs)
        if has_app_context():  # the test's objects: reload what the request may have changed
            db.session.expire_all()
        return response


@pytest.fixture
def app(database_url, tmp_path):
    app = create_app(_test_config(database_url, tmp_path))
    app.test_client_class = OwnContextClient
    with app.app_context():
        yield app
        db.session.remove()
        _empty_profile_tables()
        db.engine.dispose()


def _empty_profile_tables() -> None:
    with db.engine.begin() as conn:
        for table in reversed(db.metadata.sorted_tables):
            if table.name not in REFERENCE_TABLES:
                conn.execute(table.delete())


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def outbox(app):
    """The e-mails the app has sent during this test, oldest first."""
    from app.core.mail import outbox_messages

    return lambda: outbox_messages(app.config["MAIL_OUTBOX_DIR"])
