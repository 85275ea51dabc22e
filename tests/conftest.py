"""Shared fixtures: the same suite runs on SQLite and, when TEST_DATABASE_URL is set, on PostgreSQL.

Each backend's schema is built once per session (per xdist worker: each has its own SQLite file and
PostgreSQL database) by the real migrations, and one app is built per backend. Each test runs in a
transaction that is rolled back; tests marked ``commits`` commit for real and the profile tables
are emptied after them (reference vocabularies stay loaded).

Each test that uses the database carries the marker of its backend (``sqlite`` or ``postgres``), so
one backend's share of the suite runs with ``-m "not postgres"`` or ``-m "not sqlite"``. Tests that
drive the app from outside (a browser, a served copy) and check nothing of the database's dialect
run once, on the production backend (PostgreSQL when ``TEST_DATABASE_URL`` is set, else SQLite):
see ``one_backend`` in tests/browser/conftest.py and the ``one_backend`` marker.

Test code runs in an app context (fixtures and factories use the database directly), but each
request made with the test client runs in a fresh context of its own, as under a real server: no
``g``, session or cached user carries over from the test or from an earlier request.
"""

from __future__ import annotations

import contextvars
import os
from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from flask import Flask, has_app_context
from flask.testing import FlaskClient
from flask_migrate import upgrade
from limits.storage import MemoryStorage

from app import create_app
from app.core.extensions import db, limiter
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


def preferred_backend() -> str:
    """The backend for tests run on one only: production's, unless it is not configured here."""
    return "postgresql" if os.environ.get("TEST_DATABASE_URL") else "sqlite"


@pytest.hookimpl(tryfirst=True)
def pytest_generate_tests(metafunc):
    if metafunc.definition.get_closest_marker("one_backend"):
        one_backend(metafunc)


def one_backend(metafunc) -> None:
    """Parametrise this test's ``database_url`` with the preferred backend only (when it uses one).

    Runs before pytest's own parametrisation, which then gives this precedence over the fixture's
    ``params``; the test keeps its id (``[postgresql]``), and shares the session's database."""
    done = any(
        "database_url" in str(mark.args[0])
        for mark in metafunc.definition.iter_markers("parametrize")
    )
    if "database_url" in metafunc.fixturenames and not done:
        metafunc.definition.add_marker(
            pytest.mark.parametrize(
                "database_url", [preferred_backend()], indirect=True, scope="session"
            )
        )


def pytest_collection_modifyitems(config, items):
    """Mark each test with its backend; start the slowest first, so no worker ends alone on one."""
    for item in items:
        callspec = getattr(item, "callspec", None)
        backend = callspec.params.get("database_url") if callspec else None
        if backend == "sqlite":
            item.add_marker(pytest.mark.sqlite)
        elif backend == "postgresql":
            item.add_marker(pytest.mark.postgres)
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)  # stable sort


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
        # A throw-away database: a commit need not wait for the disk (nothing else changes).
        conn.execute(sa.text(f'ALTER DATABASE "{url.database}" SET synchronous_commit = off'))
    engine.dispose()
    return url.render_as_string(hide_password=False)


# Prepared once per process and backend, even when a worker's tests switch back and forth
# between the backends (pytest then tears the session fixtures down and sets them up again).
_DATABASES: dict[str, str] = {}
_APPS: dict[str, Flask] = {}


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request, tmp_path_factory, worker_id) -> str:
    """A migrated database with reference data, one per backend for the whole session."""
    if request.param not in _DATABASES:
        _DATABASES[request.param] = _migrated_database(request.param, tmp_path_factory, worker_id)
    return _DATABASES[request.param]


def _migrated_database(backend: str, tmp_path_factory, worker_id) -> str:
    if backend == "sqlite":
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
        "RATELIMIT_STORAGE_URI": f"{ThreadlessMemoryStorage.STORAGE_SCHEME[0]}://",
        "PARTNER_USAGE_FLUSH_SECONDS": 0,  # write usage counts at once, so tests can read them
        "PARTNER_KEY_CACHE_SECONDS": 0,  # see revocations at once
        # Argon2id at its smallest cost: the same algorithm and code paths, ~1 ms a hash instead
        # of ~60 (a login hashes once; the suite logs in over a thousand times). Production's
        # costs, and upgrading to them, have their own tests (tests/accounts).
        "PASSWORD_HASH_TIME_COST": 1,
        "PASSWORD_HASH_MEMORY_KIB": 8,
    }


class ThreadlessMemoryStorage(MemoryStorage):
    """limits' in-memory storage without its clean-up thread, emptied for each test.

    MemoryStorage starts a thread when it is built and again at the next hit once the last has
    ended; on a busy two-core machine each start waits for a time slice, and the suite makes
    thousands. The thread only frees memory: expired counts are dropped when read (``get``), so
    limits are counted the same."""

    # Registered with limits by its metaclass; "memory" first, as /readyz reads the kind from it.
    STORAGE_SCHEME = ["memory-test"]  # noqa: RUF012 - limits declares it a plain list

    def __init__(self, uri: str | None = None, **options) -> None:
        super().__init__(uri, **options)
        self.timer.cancel()  # the one started in __init__
        self.timer.join()

    def _MemoryStorage__schedule_expiry(self) -> None:  # the parent's private hook
        pass


class OwnContextClient(FlaskClient):
    """Runs each request in an empty ``contextvars`` context, so that the request pushes its own
    app context instead of joining the one the test holds."""

    def open(self, *args, **kwargs):
        test_session = db.session() if has_app_context() else None
        if test_session is not None and test_session.in_transaction():
            # End the test's transaction first: in a rolled-back test it is a savepoint that the
            # request's would nest in, and a later rollback in the test would undo the request.
            test_session.commit()
        response = contextvars.Context().run(super().open, *args, **kwargs)
        if test_session is not None:  # the test's objects: reload what the request changed
            test_session.expire_all()
        return response


@pytest.fixture(scope="session")
def _session_app(database_url, tmp_path_factory):
    """One app per backend for the whole run: building one costs more than most tests."""
    if database_url not in _APPS:
        app = create_app(_test_config(database_url, tmp_path_factory.mktemp("instance")))
        app.test_client_class = OwnContextClient
        _APPS[database_url] = app
    # Every session joins the test's transaction through a savepoint (SQLAlchemy's recipe for
    # test suites); with an engine as the bind, as in "commits" tests, this setting has no effect.
    db.session.session_factory.configure(join_transaction_mode="create_savepoint")
    return _APPS[database_url]


def pytest_sessionfinish(session, exitstatus):
    for app in _APPS.values():
        with app.app_context():
            db.engine.dispose()


@pytest.fixture
def app(_session_app, request, tmp_path):
    """The session's app, as new: configuration, rate-limit counts and per-process caches reset.

    The test's changes are rolled back at the end, unless it is marked ``commits`` (its data must
    be seen by another connection, thread or process): then the tables are emptied instead.
    """
    app = _session_app
    config = app.config.copy()
    app.config["MAIL_OUTBOX_DIR"] = str(tmp_path / "outbox")
    _fresh_rate_limits(app)
    try:
        with app.app_context():
            if request.node.get_closest_marker("commits"):
                yield app
                db.session.remove()
                empty_profile_tables()
            else:
                with _rolled_back():
                    yield app
            _forget_per_process_state(app)
    finally:
        app.config.clear()
        app.config.update(config)


@contextmanager
def _rolled_back():
    """Run the test inside one transaction on one connection, and roll it back."""
    engine = db.engine
    connection = engine.connect()
    outer = connection.begin()
    if connection.dialect.name == "sqlite":
        # pysqlite starts transactions lazily, so the first SAVEPOINT would start (and its RELEASE
        # end) the real transaction: begin it explicitly.
        connection.exec_driver_sql("BEGIN")
    db.engines[None] = connection  # the test's and every request's session bind to it
    try:
        yield
    finally:
        db.session.remove()
        db.engines[None] = engine
        outer.rollback()
        connection.close()


def _fresh_rate_limits(app) -> None:
    """No counts from earlier tests. The limiter is one object per process: a test that pointed
    it at another storage (Redis, say) gets the test storage back from init_app."""
    if isinstance(limiter.storage, ThreadlessMemoryStorage):
        limiter.storage.reset()
    else:
        limiter.init_app(app)


def _forget_per_process_state(app) -> None:
    """What a worker keeps in memory about the data the test has just removed."""
    app.extensions["search_index"].reset()
    app.extensions.pop("partner_valid_keys", None)
    app.extensions.pop("partner_usage", None)
    app.extensions.pop("supervisor_pool", None)
    app.extensions.pop("access_figures", None)
    app.extensions["demand_counter"].discard()


def empty_profile_tables() -> None:
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
