"""factory_boy factories for directory objects, bound to the Flask-SQLAlchemy session."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

import factory

from app.core.extensions import db
from app.directory import models


class _Base(factory.alchemy.SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "commit"


class LocationFactory(_Base):
    class Meta:
        model = models.Location

    label = "Main office"
    address = factory.Sequence(lambda n: f"{100 + n} SW Main St")
    city = "Portland"
    state = "OR"
    zip = "97204"
    lat = 45.5185
    lon = -122.6769
    show_address = True


class LicenceFactory(_Base):
    class Meta:
        model = models.Licence

    licence_type = "clinical-social-worker"
    title = "LCSW"
    state = "OR"
    number = factory.Sequence(lambda n: f"L{n:06d}")
    nucc_code = "1041C0700X"


class CredentialFactory(_Base):
    class Meta:
        model = models.IptCredential

    body = "ipt-institute"
    level = "B"
    tier = "certified"
    awarded_on = dt.date(2024, 3, 1)
    status = "self-reported"


class TherapistFactory(_Base):
    class Meta:
        model = models.Therapist

    name = factory.Sequence(lambda n: f"Therapist {n}")
    slug = factory.Sequence(lambda n: f"therapist-{n}")
    credential_letters = "LCSW"
    bio = "I practise Interpersonal Psychotherapy."
    telehealth = True
    accepting_clients = True
    accepting_confirmed_on = factory.LazyFunction(dt.date.today)
    visibility = "published"
    fee_min = 100
    fee_max = 150
    website = "https://therapist.example.org"  # one way to reach them: publishable, ranked normally

    @classmethod
    def _save(cls, model_class, session, args, kwargs):
        """Add the therapist but save it only once its defaults are in (``with_defaults``).

        While pending, its lists hold just what the caller gave: reading them loads nothing,
        where a saved (and, after a commit, expired) object would reload each list by a query."""
        obj = model_class(*args, **kwargs)
        session.add(obj)
        return obj

    @factory.post_generation
    def with_defaults(obj, create, extracted, **kwargs):
        """Give every therapist one location, licence, credential and the usual lists."""
        if extracted is not False:
            if not obj.locations:
                obj.locations.append(LocationFactory.build())
            if not obj.licences:
                obj.licences.append(LicenceFactory.build())
            if not obj.ipt_credentials:
                obj.ipt_credentials.append(CredentialFactory.build())
            if not obj.specialties:
                obj.specialties.append(
                    models.Specialty(condition_slug="depression", is_primary=True)
                )
            if not obj.languages:
                obj.languages.append("en")
            if not obj.age_groups:
                obj.age_groups.append("adults")
            if not obj.adaptations:
                obj.adaptations.append("ipt")
        if create:
            db.session.flush() if _batched else db.session.commit()


_batched = False


@contextmanager
def one_commit():
    """Inside the block the factories flush instead of committing; one commit at the end.

    For fixtures that build many objects: each commit recomputes the changed therapists' search
    documents, and a world of a dozen objects would otherwise recompute them a dozen times."""
    global _batched
    factories = [TherapistFactory, CredentialFactory, LicenceFactory, LocationFactory]
    for f in factories:
        f._meta.sqlalchemy_session_persistence = "flush"
    _batched = True
    try:
        yield
    finally:
        _batched = False
        for f in factories:
            f._meta.sqlalchemy_session_persistence = "commit"
    db.session.commit()
