"""Generated demo avatars: block patterns through the upload pipeline, added once."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.core.extensions import db
from app.directory.models import TherapistPhoto
from app.ops import avatars
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


def test_profiles_that_share_a_pattern_each_get_their_own_photo(app, runner):
    """Profiles 59 and 1159 draw the same block pattern (the same image, through the real upload
    pipeline): an upload's token is its content's hash, but these must not collide."""
    assert avatars.avatar_png(59 * 7919 + 7) == avatars.avatar_png(1159 * 7919 + 7)
    for tid in (59, 1159):
        TherapistFactory(id=tid)
    result = runner.invoke(args=["seed-demo-avatars", "--share", "1"])
    assert result.output.strip() == "2 generated avatars added.", result.output
    photos = db.session.scalars(select(TherapistPhoto).order_by(TherapistPhoto.therapist_id)).all()
    assert [p.therapist_id for p in photos] == [59, 1159]
    assert photos[0].large == photos[1].large
    assert photos[0].token != photos[1].token


@pytest.mark.slow  # started first, so it never runs alone at the end of a parallel run
@pytest.mark.commits  # seed-demo writes through its own connection
@pytest.mark.one_backend  # photo tokens, not SQL: the seeding itself runs on both in test_demo.py
def test_the_readme_demo_gets_its_avatars(app, runner):
    """`make run` seeds 2,000 profiles (seed 42), then avatars for a share of them, each its own,
    through the real upload pipeline (about 20 ms an image: most of this test's time)."""
    seeded = runner.invoke(args=["seed-demo", "--count", "2000", "--seed", "42"])
    assert seeded.exit_code == 0, seeded.output
    result = runner.invoke(args=["seed-demo-avatars"])
    assert result.exit_code == 0, result.output
    photos = db.session.scalar(select(func.count()).select_from(TherapistPhoto))
    assert photos > 300
    assert result.output.strip() == f"{photos:,} generated avatars added."
    profiles = select(func.count(func.distinct(TherapistPhoto.therapist_id)))
    assert db.session.scalar(profiles) == photos
