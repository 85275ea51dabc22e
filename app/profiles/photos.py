"""Therapists' photos: uploaded, decoded and re-encoded with Pillow, moderated before public.

Nothing the uploader sent is served: the image is decoded (JPEG, PNG or WebP only, at most
MAX_UPLOAD_BYTES and MAX_PIXELS), turned upright from its EXIF orientation, cropped to a square
and re-encoded at fixed sizes as WebP without any metadata (EXIF, GPS, ICC, comments). The new
photo waits in the verifiers' queue; approving it replaces the therapist's public photo. A photo
is removed with the account (``remove_all``) and can be removed by its owner at any time.
"""

from __future__ import annotations

import hashlib
import io

from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import select

from app.accounts import audit
from app.accounts.models import User
from app.core.clock import utcnow
from app.core.errors import Conflict, InvalidInput, NotFound
from app.core.extensions import db
from app.directory.models import Therapist, TherapistPhoto
from app.directory.services import own_profile

MAX_UPLOAD_BYTES = 5 * 1024 * 1024  # 5 MB
MAX_PIXELS = 40_000_000  # refuse decompression bombs before decoding them
MIN_SIDE = 200  # smaller than this looks blurred even on the card
SIZES = {"small": 112, "large": 320}  # square; the card shows 56 px (x2), the profile 160 (x2)
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
CONTENT_TYPE = "image/webp"
QUALITY = 80


def _field(message: str) -> InvalidInput:
    return InvalidInput([(("photo",), message)])


def process(data: bytes) -> tuple[bytes, bytes]:
    """Uploaded bytes -> (small, large) WebP squares, or InvalidInput naming what is wrong."""
    if not data:
        raise _field("Choose a photo to upload (JPEG, PNG or WebP).")
    if len(data) > MAX_UPLOAD_BYTES:
        raise _field(
            f"The photo is {len(data) / 1_048_576:.1f} MB; the limit is "
            f"{MAX_UPLOAD_BYTES // 1_048_576} MB. Save it smaller and try again."
        )
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format
            width, height = probe.size
        if kind not in ACCEPTED_FORMATS:
            raise _field("Upload a JPEG, PNG or WebP photo.")
        if width * height > MAX_PIXELS:
            raise _field("The photo has too many pixels; save a smaller copy and try again.")
        with Image.open(io.BytesIO(data)) as opened:
            opened.load()
            # Upright first; the orientation tag goes with the rest of the metadata.
            im: Image.Image = ImageOps.exif_transpose(opened).convert("RGB")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        if isinstance(exc, InvalidInput):
            raise
        raise _field("That file is not a photo we can read. Upload a JPEG, PNG or WebP.") from None
    if min(im.size) < MIN_SIDE:
        raise _field(f"The photo is too small: at least {MIN_SIDE} × {MIN_SIDE} pixels, please.")
    out = []
    for side in (SIZES["small"], SIZES["large"]):
        square = ImageOps.fit(im, (side, side), method=Image.Resampling.LANCZOS)
        buf = io.BytesIO()
        square.save(buf, "WEBP", quality=QUALITY, method=4)  # no exif=, icc_profile=: none kept
        out.append(buf.getvalue())
    return out[0], out[1]


def upload(user: User, data: bytes) -> TherapistPhoto:
    """A new photo for the user's profile, pending a verifier's check (replaces a pending one)."""
    therapist = own_profile(user)
    if therapist is None:
        raise Conflict("Create or claim your profile before adding a photo.")
    small, large = process(data)
    for old in [p for p in therapist.photos if p.status == "pending"]:
        therapist.photos.remove(old)
    photo = TherapistPhoto(
        status="pending",
        token=hashlib.sha256(large).hexdigest()[:32],
        content_type=CONTENT_TYPE,
        small=small,
        large=large,
    )
    if db.session.scalar(select(TherapistPhoto.id).where(TherapistPhoto.token == photo.token)):
        raise Conflict("This photo is already uploaded.")
    therapist.photos.append(photo)
    db.session.flush()
    audit.record(
        user,
        "photo.upload",
        "photo",
        photo.id,
        therapist_id=therapist.id,
        after={"status": "pending"},
    )
    db.session.commit()
    return photo


def remove_all(therapist: Therapist) -> None:
    """Every photo of a profile, public or waiting (account deletion, or the owner's choice)."""
    therapist.photos.clear()


def remove_mine(user: User) -> None:
    therapist = own_profile(user)
    if therapist is None or not therapist.photos:
        return
    remove_all(therapist)
    audit.record(user, "photo.remove", "therapist", therapist.id, therapist_id=therapist.id)
    therapist.updated_at = utcnow()  # cached result cards show the change
    db.session.commit()


def decide(verifier: User, photo_id: int, approve: bool, note: str | None) -> TherapistPhoto:
    photo = db.session.get(TherapistPhoto, photo_id)
    if photo is None:
        raise NotFound(f"There is no photo with id {photo_id}.")
    if photo.status != "pending":
        raise Conflict(f"Photo #{photo_id} was already {photo.status}.")
    note = (note or "").strip() or None
    if not approve and note is None:
        raise InvalidInput([(("note",), "Say why the photo is rejected; the therapist sees it.")])
    therapist = photo.therapist
    if approve:
        for old in [p for p in therapist.photos if p.status == "approved"]:
            therapist.photos.remove(old)  # one public photo at a time
    photo.status = "approved" if approve else "rejected"
    photo.decided_at = utcnow()
    photo.decided_by_id = verifier.id
    photo.note = note
    therapist.updated_at = utcnow()  # the search document and cached cards are refreshed
    audit.record(
        verifier,
        f"photo.{'approve' if approve else 'reject'}",
        "photo",
        photo.id,
        therapist_id=therapist.id,
        before={"status": "pending"},
        after={"status": photo.status, "note": note},
    )
    db.session.commit()
    return photo


def pending_for_review(photo_id: int) -> TherapistPhoto | None:
    photo = db.session.get(TherapistPhoto, photo_id)
    return photo if photo is not None and photo.status == "pending" else None


def public_photo(token: str) -> TherapistPhoto | None:
    """An approved photo of a published profile, by the token in its URL."""
    return db.session.scalar(
        select(TherapistPhoto)
        .join(Therapist, Therapist.id == TherapistPhoto.therapist_id)
        .where(
            TherapistPhoto.token == token,
            TherapistPhoto.status == "approved",
            Therapist.visibility == "published",
        )
    )
