"""Generated avatars for demo profiles: symmetric block patterns, never photos of people.

``seed-demo-avatars`` gives a share of the published demo profiles an approved "photo" made here
(through the same Pillow pipeline as uploads), so pages, screenshots and benchmarks show photos
without anyone's face.
"""

from __future__ import annotations

import hashlib
import io
import random

import click
from flask import Flask
from PIL import Image, ImageDraw
from sqlalchemy import select

from app.core.clock import utcnow
from app.core.extensions import db
from app.directory.models import Therapist, TherapistPhoto
from app.profiles.photos import CONTENT_TYPE, SIZES, process

PALETTE = ["#0b5cab", "#1c6b3a", "#8a4b00", "#6b3fa0", "#a1121c", "#0f766e", "#334155"]


def avatar_png(seed: int, side: int = SIZES["large"]) -> bytes:
    """A 5×5 mirrored block pattern on a light background, from ``seed``. Drawn at the large
    photo's size by default, so the upload pipeline's resize of it is a copy (half its cost)."""
    rng = random.Random(seed)
    colour = rng.choice(PALETTE)
    im = Image.new("RGB", (side, side), "#eef2f6")
    draw = ImageDraw.Draw(im)
    cell = side // 6
    pad = (side - 5 * cell) // 2
    for row in range(5):
        for col in range(3):
            if rng.random() < 0.5:
                for c in {col, 4 - col}:
                    x, y = pad + c * cell, pad + row * cell
                    draw.rectangle([x, y, x + cell - 1, y + cell - 1], fill=colour)
    buf = io.BytesIO()
    im.save(buf, "PNG")
    return buf.getvalue()


def add_avatars(share: float, seed: int = 7) -> int:
    """Approved generated avatars for about ``share`` of published profiles, once: nothing is
    added where any photo exists."""
    if db.session.scalar(select(TherapistPhoto.id).limit(1)) is not None:
        return 0  # photos exist already: a real directory, or avatars added before
    rng = random.Random(seed)
    has_photo = select(TherapistPhoto.therapist_id)
    ids = db.session.scalars(
        select(Therapist.id)
        .where(Therapist.visibility == "published", Therapist.id.not_in(has_photo))
        .order_by(Therapist.id)
    ).all()
    added = 0
    for tid in ids:
        if rng.random() >= share:
            continue
        small, large = process(avatar_png(tid * 7919 + seed))
        db.session.add(
            TherapistPhoto(
                therapist_id=tid,
                status="approved",
                # Patterns repeat across hundreds of profiles, so the token names the profile
                # too (an upload's token is its content's hash; two profiles may share a pattern).
                token=hashlib.sha256(b"%d:" % tid + large).hexdigest()[:32],
                content_type=CONTENT_TYPE,
                small=small,
                large=large,
                decided_at=utcnow(),
                note="generated demo avatar",
            )
        )
        added += 1
    db.session.commit()
    return added


def init_app(app: Flask) -> None:
    @app.cli.command("seed-demo-avatars")
    @click.option("--share", type=float, default=0.3, show_default=True)
    @click.option("--seed", type=int, default=7, show_default=True)
    def seed_demo_avatars(share: float, seed: int) -> None:
        """Give demo profiles generated avatars (block patterns, not people), approved."""
        click.echo(f"{add_avatars(share, seed):,} generated avatars added.")
