"""Photos (issue 14): re-encoded without metadata at fixed sizes, moderated, cached, removed."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from app.core.extensions import db
from app.directory.models import Therapist, TherapistPhoto
from app.profiles import photos
from tests.accounts.helpers import PASSWORD, login, post_form
from tests.factories import TherapistFactory


def jpeg_with_gps(size=(640, 480), color=(200, 120, 80)) -> bytes:
    im = Image.new("RGB", size, color)
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (45.0, 31.0, 0.0)}  # GPS IFD: where the photo was taken
    buf = io.BytesIO()
    im.save(buf, "JPEG", exif=exif.tobytes(), comment=b"secret note")
    return buf.getvalue()


def _upload(client, data: bytes, name="me.jpg"):
    return post_form(
        client,
        "/profile/photo",
        {"photo": (io.BytesIO(data), name)},
        page="/profile",
        content_type="multipart/form-data",
    )


def test_process_strips_metadata_and_makes_fixed_squares():
    small, large = photos.process(jpeg_with_gps())
    for data, side in ((small, 112), (large, 320)):
        im = Image.open(io.BytesIO(data))
        assert im.format == "WEBP"
        assert im.size == (side, side)
        assert not im.getexif()
        assert "exif" not in im.info
        assert "icc_profile" not in im.info
        assert b"secret note" not in data
        assert b"PhoneMaker" not in data


def _refusal(data: bytes) -> str:
    with pytest.raises(photos.InvalidInput) as caught:
        photos.process(data)
    return str(caught.value.by_field())


def test_bad_uploads_name_the_problem():
    assert "Choose a photo" in _refusal(b"")
    assert "not a photo we can read" in _refusal(b"GIF89a not really")
    assert "the limit is 5 MB" in _refusal(b"x" * (photos.MAX_UPLOAD_BYTES + 1))
    gif = io.BytesIO()
    Image.new("RGB", (300, 300)).save(gif, "GIF")
    assert "JPEG, PNG or WebP" in _refusal(gif.getvalue())
    tiny = io.BytesIO()
    Image.new("RGB", (50, 50)).save(tiny, "PNG")
    assert "too small" in _refusal(tiny.getvalue())


def test_upload_moderate_show_and_remove_with_the_account(app, client, therapist_user, verifier):
    login(client, therapist_user)
    assert _upload(client, jpeg_with_gps()).status_code == 302
    photo = db.session.scalar(db.select(TherapistPhoto))
    assert photo.status == "pending"
    url = f"/photos/{photo.token}-small.webp"
    assert client.get(url).status_code == 404  # not public before a verifier's check
    t = db.session.get(Therapist, therapist_user.therapist_id)
    html = client.get("/search", query_string={"location": "Portland, OR"}).get_data(as_text=True)
    assert url not in html

    desk = app.test_client()
    login(desk, verifier)
    queue = desk.get("/verify?queue=photos").get_data(as_text=True)
    assert f"/verify/photos/{photo.id}" in queue
    image = desk.get(f"/verify/photos/{photo.id}/image")
    assert image.headers["Content-Type"] == "image/webp"
    assert "no-store" in image.headers["Cache-Control"]
    post_form(desk, f"/verify/photos/{photo.id}", {"decision": "approve"}, page="/verify")

    served = client.get(url)
    assert served.status_code == 200
    assert served.headers["Content-Type"] == "image/webp"
    assert "max-age=31536000" in served.headers["Cache-Control"]
    assert "immutable" in served.headers["Cache-Control"]
    html = client.get("/search", query_string={"location": "Portland, OR"}).get_data(as_text=True)
    assert f'src="{url}"' in html
    assert f"/photos/{photo.token}-large.webp" in client.get(f"/therapists/{t.slug}").get_data(
        as_text=True
    )

    from app.accounts import services as accounts

    accounts.delete_account(db.session.get(type(therapist_user), therapist_user.id), PASSWORD)
    assert db.session.scalar(db.select(db.func.count()).select_from(TherapistPhoto)) == 0
    assert client.get(url).status_code == 404


def test_without_a_photo_the_card_shows_initials(client):
    TherapistFactory(name="Ines Initials")
    html = client.get("/search", query_string={"location": "Portland, OR"}).get_data(as_text=True)
    assert 'class="avatar " aria-hidden="true">II<' in html or ">II<" in html
