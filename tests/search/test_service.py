"""The search service against a real database, including another process editing profiles."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import textwrap

import pytest

from app.core.extensions import db
from app.directory.models import Specialty, Therapist
from app.search.service import SearchInputError, SearchParams, search
from matching.geo import PlaceError
from tests.factories import CredentialFactory, LocationFactory, TherapistFactory


def names(outcome) -> list[str]:
    return [r.therapist.name for r in outcome.results]


def perinatal_therapist(name: str, **kw) -> Therapist:
    t = TherapistFactory(name=name, insurance=kw.pop("insurance", ["blue-cross-blue-shield"]), **kw)
    t.specialties[0].condition_slug = "perinatal-depression"
    db.session.commit()
    return t


def test_search_in_the_seekers_own_words_explains_each_result(app):
    perinatal_therapist("Ada Near")
    far = perinatal_therapist("Bea Far", locations=[LocationFactory.build(lat=45.70, lon=-122.68)])
    far.telehealth = False
    db.session.commit()
    TherapistFactory(name="Cy Aetna", insurance=["aetna"])
    outcome = search(
        SearchParams(location="Portland, OR", condition="post partum depresion", insurance="BCBS")
    )
    assert names(outcome) == ["Ada Near", "Bea Far"]
    assert outcome.chosen_conditions == ["perinatal-depression"]
    assert outcome.payers == ["blue-cross-blue-shield"]
    reasons = outcome.results[0].reasons
    assert "Specialises in perinatal & postpartum depression" in reasons
    assert "Accepts Blue Cross Blue Shield" in reasons
    assert any(r.endswith("mi away (Portland, OR)") for r in reasons)
    assert any(r.startswith("Accepting clients — confirmed") for r in reasons)
    assert any("self-reported" in r for r in reasons)


def test_verified_credential_is_named_with_its_month(app):
    verified_at = dt.datetime(2026, 3, 2, tzinfo=dt.UTC)
    t = TherapistFactory(
        ipt_credentials=[CredentialFactory.build(status="verified", verified_at=verified_at)]
    )
    outcome = search(SearchParams(location="97204"))
    reasons = next(r.reasons for r in outcome.results if r.therapist.id == t.id)
    assert "IPT Institute Level B (Certified Therapist) — verified March 2026" in reasons


def test_crisis_language_is_flagged_and_results_still_shown(app):
    TherapistFactory()
    outcome = search(SearchParams(location="Portland, OR", condition="I want to kill myself"))
    assert outcome.crisis
    assert outcome.total >= 1


def test_not_indicated_condition_gets_guidance_and_results(app):
    t = TherapistFactory()
    t.specialties.append(Specialty(condition_slug="ocd", is_primary=False))
    db.session.commit()
    outcome = search(SearchParams(location="Portland, OR", condition="OCD"))
    assert outcome.chosen_conditions == ["ocd"]
    assert outcome.notes
    assert outcome.total == 1


def test_sparse_results_suggest_a_wider_radius_and_telehealth(app):
    TherapistFactory(
        name="Far", locations=[LocationFactory.build(lat=44.05, lon=-123.09)]
    )  # Eugene
    outcome = search(SearchParams(location="Portland, OR", radius_mi=10, telehealth="exclude"))
    assert outcome.total == 0
    assert outcome.suggestions["wider_radius_total"] == 1
    assert outcome.suggestions["telehealth_total"] == 1
    assert any("Within" in n for n in outcome.notes)
    assert any("telehealth" in n for n in outcome.notes)


def test_unknown_place_and_language_are_named_errors(app):
    with pytest.raises(PlaceError):
        search(SearchParams(location="Narnia"))
    with pytest.raises(SearchInputError) as info:
        search(SearchParams(location="Portland, OR", language="Klingon"))
    assert info.value.field == "language"


@pytest.mark.commits  # another process edits the profile
def test_another_process_editing_a_profile_is_seen_without_restart(app, database_url):
    t = TherapistFactory(name="Dee", insurance=["aetna"])
    assert names(search(SearchParams(location="Portland, OR", insurance="cigna"))) == []
    assert names(search(SearchParams(location="Portland, OR", insurance="aetna"))) == ["Dee"]

    script = textwrap.dedent(
        f"""
        from app import create_app
        from app.core.extensions import db
        from app.directory.models import Therapist
        app = create_app({{"SQLALCHEMY_DATABASE_URI": {database_url!r}, "SECRET_KEY": "x"}})
        with app.app_context():
            t = db.session.get(Therapist, {t.id})
            t.insurance.append("cigna")
            t.name = "Dee Renamed"
            db.session.commit()
        """
    )
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    subprocess.run([sys.executable, "-c", script], check=True, env=env, timeout=120)

    # Both the cached outcome and the cached card of this worker must have been invalidated.
    assert names(search(SearchParams(location="Portland, OR", insurance="cigna"))) == [
        "Dee Renamed"
    ]
    assert names(search(SearchParams(location="Portland, OR", insurance="aetna"))) == [
        "Dee Renamed"
    ]
    db.session.expire_all()  # the other process moved the row to a new version
    db.session.delete(db.session.get(Therapist, t.id))
    db.session.commit()
    assert names(search(SearchParams(location="Portland, OR"))) == []
