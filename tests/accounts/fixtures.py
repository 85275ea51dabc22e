"""Fixtures for the account-related test packages (imported by their conftest.py files)."""

from __future__ import annotations

import pytest

from tests.accounts.helpers import login, make_user
from tests.factories import TherapistFactory


@pytest.fixture
def therapist_user(app):
    """A verified therapist account that owns a published profile."""
    therapist = TherapistFactory(name="Jane Doe", email="jane@practice.example")
    return make_user("jane@example.org", therapist=therapist)


@pytest.fixture
def other_therapist_user(app):
    therapist = TherapistFactory(name="Omar Other")
    return make_user("omar@example.org", therapist=therapist)


@pytest.fixture
def verifier(app):
    return make_user("verifier@example.org", role="verifier")


@pytest.fixture
def admin(app):
    return make_user("admin@example.org", role="admin")


@pytest.fixture
def logged_in(client):
    """``logged_in(user)`` signs the test client in as ``user`` and returns the client."""

    def sign_in(user):
        login(client, user)
        return client

    return sign_in
