"""Fixtures for partner tests: a builder for partners with a key, and a few Portland therapists
(and the account fixtures, for the API contract's signed-in therapist)."""

from __future__ import annotations

import datetime as dt

import pytest

from app.directory import models
from app.partners import services
from app.partners.services import Presets
from tests.accounts.fixtures import *  # noqa: F403 - shared fixtures
from tests.factories import CredentialFactory, TherapistFactory

ORIGIN = "https://clinic.example"
OTHER_ORIGIN = "https://elsewhere.example"


@pytest.fixture
def make_partner(app):
    """``make_partner(name, origins, rate_limit, presets)`` → (Partner, keys.NewKey)."""
    counter = iter(range(1, 1000))

    def build(name=None, origins=(ORIGIN,), rate_limit="60/minute", presets=None):
        return services.create_partner(
            name or f"Partner {next(counter)}",
            "partners@clinic.example",
            origins,
            rate_limit,
            presets or Presets(),
        )

    return build


@pytest.fixture
def partner_key(make_partner):
    """A partner allowing ORIGIN, with one key."""
    return make_partner()


@pytest.fixture
def portland(app):
    """Three published therapists in Portland, OR: one perinatal specialist, one verified."""
    ada = TherapistFactory(name="Ada Lovelace")
    grace = TherapistFactory(
        name="Grace Hopper",
        specialties=[models.Specialty(condition_slug="perinatal-depression", is_primary=True)],
    )
    vera = TherapistFactory(
        name="Vera Verified",
        ipt_credentials=[
            CredentialFactory.build(
                status="verified",
                verified_by="IPT Institute register",
                verified_at=dt.datetime(2026, 1, 5, tzinfo=dt.UTC),
            )
        ],
    )
    return {"ada": ada, "grace": grace, "vera": vera}
