"""seed-demo also fills the training pathway: offers, a calendar of trainings, records."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from app.core.clock import utcnow
from app.core.extensions import db
from app.training.models import RecordCase, SupervisionOffer, Training, TrainingRecord
from app.training.supervision import standings_of


@pytest.mark.commits  # seeding writes through the engine, not the session
def test_seed_demo_creates_offers_trainings_and_records(app, runner, client):
    result = runner.invoke(args=["seed-demo", "--count", "400", "--seed", "5"])
    assert result.exit_code == 0, result.output
    assert "supervision_offer" in result.output
    offers = db.session.scalars(sa.select(SupervisionOffer)).all()
    assert offers
    for offer in offers:  # only supervisors offer supervision
        assert standings_of(list(offer.therapist.ipt_credentials)), offer.therapist_id
    trainings = db.session.scalars(sa.select(Training)).all()
    now = utcnow()
    assert any(t.ends_at < now for t in trainings)
    assert any(t.starts_at > now for t in trainings)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(TrainingRecord)) > 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RecordCase)) > 0
    assert client.get("/api/v1/supervisors").get_json()["total"] > 0
    listed = client.get("/api/v1/trainings").get_json()
    assert listed["total"] > 0
    assert all(dt.datetime.fromisoformat(t["ends_at"]) > now for t in listed["results"])
