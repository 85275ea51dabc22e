"""Generated demo avatars: block patterns through the upload pipeline, added once."""

from __future__ import annotations

import pytest
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


@pytest.mark.commits  # seed-demo writes through its own connection
@pytest.mark.one_backend  # photo tokens, not SQL: the seeding itself runs on both in test_demo.py
def test_the_readme_demo_gets_its_avatars(app, runner):
    """`make run` seeds 2,000 profiles (seed 42), then avatars: hundreds of avatars repeat a
    block pattern, and each still gets its own photo."""
    seeded = runner.invoke(args=["seed-demo", "--count", "2000", "--seed", "42"])
    assert seeded.exit_code == 0, seeded.output
    result = runner.invoke(args=["seed-demo-avatars"])
    assert result.exit_code == 0, result.output
    photos = db.session.scalar(select(func.count()).select_from(TherapistPhoto))
    assert photos > 300
    assert result.output.strip() == f"{photos:,} generated avatars added."
