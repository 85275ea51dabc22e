"""Rules the database itself enforces, whichever code path writes a row."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm.exc import StaleDataError

from app.core.extensions import db
from app.directory.models import IptCredential, Location, Specialty, Therapist
from tests.factories import CredentialFactory, LocationFactory, TherapistFactory


def _expect_refused(obj) -> None:
    db.session.add(obj)
    with pytest.raises((IntegrityError, StatementError)):
        db.session.flush()
    db.session.rollback()


def test_a_complete_profile_round_trips(app):
    therapist = TherapistFactory(insurance=["aetna", "medicaid"], languages=["en", "es"])
    db.session.expire_all()
    loaded = db.session.get(Therapist, therapist.id)
    assert sorted(loaded.insurance) == ["aetna", "medicaid"]
    assert sorted(loaded.languages) == ["en", "es"]
    assert loaded.locations[0].city == "Portland"
    assert loaded.ipt_credentials[0].tier == "certified"
    assert loaded.created_at.tzinfo is not None


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("visibility", "public"),
        ("gender", "robot"),
        ("fee_min", -1),
        ("npi", "123"),
        ("name", ""),
    ],
)
def test_therapist_checks(app, field, value):
    _expect_refused(TherapistFactory.build(with_defaults=False, **{field: value}))


def test_fee_range_must_be_ordered(app):
    _expect_refused(TherapistFactory.build(with_defaults=False, fee_min=200, fee_max=100))


@pytest.mark.parametrize(
    ("field", "value"), [("lat", 91.0), ("lon", -181.0), ("zip", "9720"), ("state", "XX")]
)
def test_location_checks(app, field, value):
    therapist = TherapistFactory(with_defaults=False)
    _expect_refused(LocationFactory.build(therapist_id=therapist.id, **{field: value}))


@pytest.mark.parametrize(
    "fields",
    [
        {"body": "isipt", "level": "B"},  # B is on the IPT Institute's ladder, not ISIPT's
        {"body": "nobody", "level": "A"},
        {"tier": "grand-master"},
        {"status": "verified", "verified_at": None},
    ],
)
def test_credential_checks(app, fields):
    therapist = TherapistFactory(with_defaults=False)
    _expect_refused(CredentialFactory.build(therapist_id=therapist.id, **fields))


def test_unknown_condition_and_payer_slugs_are_refused(app):
    therapist = TherapistFactory(with_defaults=False)
    _expect_refused(Specialty(therapist_id=therapist.id, condition_slug="depresion"))
    therapist = db.session.get(Therapist, therapist.id)
    therapist.insurance.append("geico")
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_slug_external_id_and_npi_are_unique(app):
    TherapistFactory(slug="same", external_id="x-1", npi="1234567893")
    for fields in ({"slug": "same"}, {"external_id": "x-1"}, {"npi": "1234567893"}):
        _expect_refused(TherapistFactory.build(with_defaults=False, **fields))


def test_deleting_a_therapist_removes_dependants(app):
    therapist = TherapistFactory()
    db.session.delete(therapist)
    db.session.commit()
    assert db.session.scalar(text("SELECT count(*) FROM location")) == 0
    assert db.session.query(IptCredential).count() == 0
    assert db.session.query(Location).count() == 0


def test_stale_version_update_is_refused(app):
    therapist = TherapistFactory(with_defaults=False)
    db.session.execute(
        text("UPDATE therapist SET version = version + 1, name = 'Edited elsewhere' WHERE id = :i"),
        {"i": therapist.id},
    )
    therapist.name = "My edit"
    with pytest.raises(StaleDataError):
        db.session.commit()
    db.session.rollback()
