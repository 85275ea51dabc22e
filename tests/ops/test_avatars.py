"""Generated demo avatars: block patterns through the upload pipeline, added once."""

from __future__ import annotations

from sqlalchemy import func, select

from app.core.extensions import db
from app.directory.models import TherapistPhoto
from tests.factories import TherapistFactory


def test_seed_demo_avatars_adds_approved_generated_images_once(app, runner):
    for _ in range(10):
        TherapistFactory()
    db.session.commit()
    first = runner.invoke(args=["seed-demo-avatars", "--share", "0.5"])
    assert first.exit_code == 0, first.output
    added = db.session.scalar(select(func.count()).select_from(TherapistPhoto))
    assert 1 <= added <= 10
    assert {p.status for p in db.session.scalars(select(TherapistPhoto))} == {"approved"}
    again = runner.invoke(args=["seed-demo-avatars", "--share", "1"])
    assert "0 generated avatars added" in again.output
