"""The migrations are the schema: they must build it and match the models exactly."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from app.core.extensions import db
from app.directory.reference import sync_reference_data

pytestmark = pytest.mark.commits  # migrations run on their own connection


def test_models_and_migrations_do_not_drift(app):
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, db.metadata)
    assert diff == [], f"models and migrations differ; run `flask db migrate`: {diff}"


def test_downgrade_to_base_and_upgrade_again(app):
    downgrade(revision="base")
    with db.engine.connect() as conn:
        assert db.inspect(conn).get_table_names() in ([], ["alembic_version"])
    upgrade()
    sync_reference_data()  # the session's other tests expect the vocabularies loaded
    with db.engine.connect() as conn:
        assert "therapist" in db.inspect(conn).get_table_names()
