"""`flask partners ...`: keys printed once, clear messages for bad input, nothing written then."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from app.core.extensions import db
from app.partners import keys, services
from app.partners.models import Partner, PartnerKey, PartnerOrigin
from tests.partners.conftest import ORIGIN

KEY_RE = re.compile(r"ipt_[a-z0-9]{12}_[A-Za-z0-9]{32}")


def _count(model) -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(model))


def _create(runner, *extra, name="Perinatal Support Oregon"):
    return runner.invoke(
        args=[
            "partners",
            "create",
            name,
            "--contact",
            "ops@pso.example",
            "--origin",
            ORIGIN,
            *extra,
        ]
    )


def test_create_prints_the_key_once_and_stores_only_its_hash(runner):
    result = _create(runner, "--rate-limit", "120/minute", "--key-label", "website")
    assert result.exit_code == 0, result.output
    [full] = KEY_RE.findall(result.output)
    assert "shown once" in result.output
    assert services.check_api_key(full).valid
    public_id = full.rsplit("_", 1)[0]
    assert f'data-key="{public_id}"' in result.output
    partner = db.session.scalar(select(Partner))
    assert partner.rate_limit == "120/minute"
    assert partner.origin_list == [ORIGIN]
    listing = runner.invoke(args=["partners", "list"])
    assert listing.exit_code == 0
    assert public_id in listing.output
    assert "website" in listing.output
    assert full not in listing.output
    assert not KEY_RE.search(listing.output)


def test_create_with_presets(runner):
    result = _create(
        runner,
        "--condition", "perinatal-depression",
        "--verified-only",
        "--region", "portland, or",
        "--radius", "50",
        "--telehealth", "include",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    partner = db.session.scalar(select(Partner))
    assert partner.preset_conditions == ["perinatal-depression"]
    assert partner.preset_verified_only is True
    assert partner.preset_location == "Portland, OR"
    assert partner.preset_radius_mi == 50
    assert "within 50 mi of Portland, OR" in result.output


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--origin", "https://*.example"], "wildcards"),
        (["--origin", "clinic.example"], "'clinic.example' is not an origin"),
        (["--origin", "https://clinic.example/path"], "no path"),
        (["--rate-limit", "lots"], "'lots' is not a rate limit"),
        (["--rate-limit", "0/minute"], "is not a rate limit"),
        (["--condition", "sadness"], "Unknown condition 'sadness'"),
        (["--region", "Portland, OR"], "needs both a place"),
        (["--region", "Narnia", "--radius", "10"], "Region:"),
        (["--region", "Portland, OR", "--radius", "500"], "between 1 and 200"),
        (["--telehealth", "sometimes"], "Unknown telehealth mode"),
        (["--key-label", "x" * 81], "at most 80"),
    ],
)
def test_create_refuses_bad_input_and_writes_nothing(runner, extra, message):
    result = _create(runner, *extra)
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output
    assert _count(Partner) == 0
    assert _count(PartnerKey) == 0
    assert _count(PartnerOrigin) == 0


def test_duplicate_partner_names_are_refused(runner):
    assert _create(runner).exit_code == 0
    result = _create(runner, name="perinatal support oregon")
    assert result.exit_code == 1
    assert "already exists" in result.output
    assert _count(Partner) == 1


@pytest.mark.parametrize(
    "args",
    [
        ["partners", "add-key", "Nobody"],
        ["partners", "set-origins", "Nobody", ORIGIN],
        ["partners", "set-limit", "Nobody", "10/minute"],
        ["partners", "set-presets", "Nobody", "--verified-only"],
        ["partners", "usage", "Nobody"],
    ],
)
def test_unknown_partner_is_a_clear_message(runner, args):
    result = runner.invoke(args=args)
    assert result.exit_code == 1
    assert "No partner with id or name 'Nobody'" in result.output
    assert _count(PartnerKey) == 0


@pytest.mark.parametrize("command", ["rotate-key", "revoke-key"])
def test_unknown_or_malformed_key_is_a_clear_message(runner, command):
    result = runner.invoke(args=["partners", command, "ipt_aaaaaaaaaaaa"])
    assert result.exit_code == 1
    assert "No key with id ipt_aaaaaaaaaaaa" in result.output
    result = runner.invoke(args=["partners", command, "not-a-key"])
    assert result.exit_code == 1
    assert "Malformed key id" in result.output


def test_add_rotate_and_revoke_keys(runner, partner_key):
    partner, first = partner_key
    result = runner.invoke(args=["partners", "add-key", str(partner.id), "--label", "server"])
    assert result.exit_code == 0, result.output
    [second] = KEY_RE.findall(result.output)
    assert services.check_api_key(second).valid

    result = runner.invoke(args=["partners", "rotate-key", first.public_id])
    assert result.exit_code == 0, result.output
    [third] = KEY_RE.findall(result.output)
    assert f"Revoked {first.public_id}" in result.output
    assert not services.check_api_key(first.full).valid
    assert services.check_api_key(third).valid

    result = runner.invoke(args=["partners", "revoke-key", second.rsplit("_", 1)[0]])
    assert result.exit_code == 0, result.output
    assert not services.check_api_key(second).valid
    again = runner.invoke(args=["partners", "revoke-key", second.rsplit("_", 1)[0]])
    assert again.exit_code == 1
    assert "already revoked" in again.output
    rotate_revoked = runner.invoke(args=["partners", "rotate-key", first.public_id])
    assert rotate_revoked.exit_code == 1
    assert "is revoked" in rotate_revoked.output


def test_revoke_refuses_a_secret_key_on_the_command_line_gently(runner, partner_key):
    _partner, new = partner_key
    result = runner.invoke(args=["partners", "revoke-key", new.full])
    assert result.exit_code == 1
    assert "secret API key" in result.output
    assert services.check_api_key(new.full).valid


def test_set_origins_replaces_them_and_refuses_bad_ones(runner, partner_key):
    partner, _new = partner_key
    bad = runner.invoke(
        args=["partners", "set-origins", partner.name, ORIGIN, "https://a.example/x"]
    )
    assert bad.exit_code == 1
    assert "no path" in bad.output
    db.session.expire_all()
    assert partner.origin_list == [ORIGIN]

    ok = runner.invoke(
        args=["partners", "set-origins", partner.name, ORIGIN, "HTTP://LocalHost:8000/"]
    )
    assert ok.exit_code == 0, ok.output
    db.session.expire_all()
    assert partner.origin_list == ["http://localhost:8000", ORIGIN]

    insecure = runner.invoke(
        args=["partners", "set-origins", partner.name, "http://clinic.example"]
    )
    assert insecure.exit_code == 0
    assert "plain http" in insecure.output

    missing = runner.invoke(args=["partners", "set-origins", partner.name])
    assert missing.exit_code == 2
    assert "at least one origin" in missing.output
    cleared = runner.invoke(args=["partners", "set-origins", partner.name, "--none"])
    assert cleared.exit_code == 0
    db.session.expire_all()
    assert partner.origin_list == []


def test_set_limit_and_presets(runner, partner_key):
    partner, _new = partner_key
    bad = runner.invoke(args=["partners", "set-limit", partner.name, "lots/minute"])
    assert bad.exit_code == 1
    assert "is not a rate limit" in bad.output
    db.session.expire_all()
    assert partner.rate_limit == "60/minute"
    ok = runner.invoke(args=["partners", "set-limit", partner.name, "10/second;1000/hour"])
    assert ok.exit_code == 0
    db.session.expire_all()
    assert partner.rate_limit == "10/second;1000/hour"

    ok = runner.invoke(
        args=[
            "partners",
            "set-presets",
            partner.name,
            "--condition",
            "grief",
            "--telehealth",
            "only",
        ]
    )
    assert ok.exit_code == 0, ok.output
    db.session.expire_all()
    assert partner.preset_conditions == ["grief"]
    assert partner.preset_telehealth == "only"
    bad = runner.invoke(args=["partners", "set-presets", partner.name, "--condition", "nope"])
    assert bad.exit_code == 1
    db.session.expire_all()
    assert partner.preset_conditions == ["grief"]
    cleared = runner.invoke(args=["partners", "set-presets", partner.name])
    assert cleared.exit_code == 0
    db.session.expire_all()
    assert partner.preset_conditions == []
    assert partner.preset_telehealth is None


@pytest.mark.commits  # usage counts are written on the engine's own connection
def test_usage_command_shows_counts(runner, client, partner_key):
    partner, new = partner_key
    for _ in range(2):
        client.get("/api/v1/geocode", query_string={"q": "97204"}, headers={"X-API-Key": new.full})
    result = runner.invoke(args=["partners", "usage", partner.name])
    assert result.exit_code == 0, result.output
    assert re.search(rf"{new.public_id}\s+api\.geocode\s+2", result.output)
    assert "97204" not in result.output


def test_list_with_no_partners(runner):
    result = runner.invoke(args=["partners", "list"])
    assert result.exit_code == 0
    assert "No partners yet" in result.output


def test_key_ids_accept_a_bare_prefix(runner, partner_key):
    _partner, new = partner_key
    result = runner.invoke(args=["partners", "revoke-key", new.prefix])
    assert result.exit_code == 0, result.output
    assert not services.check_api_key(new.full).valid
    assert keys.public_id(new.prefix) in result.output
