"""API keys: format, hashing, constant-time checks, and that secrets are never stored."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.core.extensions import db
from app.partners import keys, services
from app.partners.models import PartnerKey


def test_generated_keys_have_a_public_id_and_a_secret():
    new = keys.generate()
    assert keys.FULL_KEY_RE.fullmatch(new.full)
    assert new.full.startswith(new.public_id + "_")
    assert keys.PUBLIC_ID_RE.fullmatch(new.public_id)
    assert keys.parse_key(new.full) == (new.prefix, new.secret)
    assert len({keys.generate().secret for _ in range(50)}) == 50


def test_hash_is_bound_to_the_prefix_and_is_not_the_secret():
    new = keys.generate()
    assert new.secret not in new.secret_hash
    assert len(new.secret_hash) == 64
    assert keys.hash_secret("a" * 12, new.secret) != keys.hash_secret("b" * 12, new.secret)


def test_secret_check_uses_a_constant_time_comparison(monkeypatch):
    calls = []
    real = keys.hmac.compare_digest

    def spy(a, b):
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(keys.hmac, "compare_digest", spy)
    new = keys.generate()
    assert keys.secret_matches(new.secret_hash, new.prefix, new.secret)
    wrong = new.secret[:-1] + ("y" if new.secret.endswith("x") else "x")  # never the same one
    assert not keys.secret_matches(new.secret_hash, new.prefix, wrong)
    # An unknown key is compared too (against a dummy), so it costs the same time as a wrong one.
    assert not keys.secret_matches(None, new.prefix, new.secret)
    assert len(calls) == 3


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "Malformed key"),
        ("ipt_abc", "Malformed key"),
        ("Bearer ipt_abcdefghijkl_" + "x" * 32, "Malformed key"),
        ("ipt_abcdefghijkl", "public id"),
        ("ipt_ABCDEFGHIJKL_" + "x" * 32, "Malformed key"),
    ],
)
def test_malformed_keys_are_named(text, fragment):
    with pytest.raises(keys.KeyFormatError, match=fragment):
        keys.parse_key(text)


def test_a_public_id_never_accepts_a_secret():
    new = keys.generate()
    assert keys.parse_public_id(new.public_id) == new.prefix
    with pytest.raises(keys.KeyFormatError, match="secret API key"):
        keys.parse_public_id(new.full)


def test_only_the_hash_is_stored(partner_key):
    _partner, new = partner_key
    row = db.session.scalar(select(PartnerKey))
    stored = " ".join(str(getattr(row, c.key)) for c in PartnerKey.__table__.columns)
    assert new.secret not in stored
    assert row.secret_hash == new.secret_hash
    assert row.prefix == new.prefix


def test_checking_keys(partner_key):
    partner, new = partner_key
    assert services.check_api_key(None).status == "absent"
    good = services.check_api_key(new.full)
    assert good.valid
    assert good.key.partner_id == partner.id
    wrong = services.check_api_key(new.public_id + "_" + "x" * 32)
    assert wrong.status == "invalid"
    assert wrong.message == "Unknown or revoked key."
    unknown = services.check_api_key(keys.generate().full)
    assert unknown.status == "invalid"
    assert unknown.message == wrong.message  # unknown and wrong look the same from outside
    services.revoke_key(db.session.get(PartnerKey, good.key.id))
    assert services.check_api_key(new.full).status == "invalid"
