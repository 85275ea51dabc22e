"""Fixtures for the seeker pages: listings to find, and helpers to fill in the real forms."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest

from app.core.extensions import db
from app.directory.models import Specialty
from tests.factories import CredentialFactory, LocationFactory, TherapistFactory

_INPUT = re.compile(r"<input\b[^>]*>", re.S)
_ATTR = re.compile(r'([\w-]+)="([^"]*)"')


def form_values(html: str) -> dict[str, str]:
    """The hidden and prefilled inputs of the rendered page (CSRF token, signed start time ...)."""
    values = {}
    for tag in _INPUT.findall(html):
        attrs = {k: unescape(v) for k, v in _ATTR.findall(tag)}
        if "name" in attrs and attrs.get("type") not in ("checkbox", "radio"):
            values[attrs["name"]] = attrs.get("value", "")
    return values


@pytest.fixture
def instant_forms(app):
    """Forms may be sent straight away (the minimum-time check is tested on its own)."""
    app.config["CONTACT_MIN_SECONDS"] = 0
    return app


def perinatal_therapist(name: str = "Ada Lovelace", **kw):
    """A Portland therapist for post partum depression who takes BCBS and has an e-mail."""
    kw.setdefault("insurance", ["blue-cross-blue-shield"])
    kw.setdefault("email", "ada@example.org")
    kw.setdefault("phone", "503 555 0100")
    kw.setdefault(
        "specialties", [Specialty(condition_slug="perinatal-depression", is_primary=True)]
    )
    return TherapistFactory(name=name, **kw)


@pytest.fixture
def portland_listings(app):
    """Three Portland-area listings, the first a verified perinatal specialist taking BCBS."""
    verified = CredentialFactory.build(
        status="verified", verified_at=dt.datetime(2026, 3, 2, tzinfo=dt.UTC)
    )
    first = perinatal_therapist(
        "Ada Lovelace",
        slug="ada-lovelace",
        ipt_credentials=[verified],
        adaptations=["perinatal-ipt"],
    )
    second = perinatal_therapist(
        "Bea Brown",
        slug="bea-brown",
        email="bea@example.org",
        locations=[
            LocationFactory.build(lat=45.60, lon=-122.60, city="Vancouver", state="WA", zip="98660")
        ],
    )
    third = TherapistFactory(name="Cy Chen", slug="cy-chen", insurance=["aetna"])
    db.session.commit()
    return first, second, third
