"""Operator commands: ``flask --app wsgi partners create|list|usage|add-key|rotate-key|revoke-key|
set-origins|set-limit|set-presets``.

A full API key is printed once, when it is made; only its hash is stored, so a lost key is
replaced (rotate-key), never recovered. Bad input stops a command before anything is written.
"""

from __future__ import annotations

import click
from flask import Flask, current_app

from app.partners import services, validation
from app.partners.models import DEFAULT_RATE_LIMIT, Partner, PartnerKey
from app.partners.services import PartnerError, Presets


def _run(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except PartnerError as exc:
        raise click.ClickException(str(exc)) from None


def _host() -> str:
    return (current_app.config.get("PUBLIC_BASE_URL") or "https://YOUR-DIRECTORY-HOST").rstrip("/")


def _warn_insecure(origins) -> None:
    for origin in origins:
        if validation.is_insecure_origin(origin):
            click.echo(f"Warning: {origin} is plain http; use https in production.", err=True)


def _print_new_key(partner: Partner, new) -> None:
    click.echo(f'\nAPI key for "{partner.name}" (shown once: store it now, only its hash is kept):')
    click.echo(f"    {new.full}")
    click.echo(f"Public widget id (safe to publish): {new.public_id}")
    click.echo("Widget snippet:")
    click.echo(f'    <script src="{_host()}/widget.js" data-key="{new.public_id}" async></script>')
    if not current_app.config.get("PUBLIC_BASE_URL"):
        click.echo(
            "Note: PUBLIC_BASE_URL is not set, so the snippet names a placeholder host. Set "
            "PUBLIC_BASE_URL (e.g. https://ipt.example.org) and run `partners rotate-key` or "
            "replace YOUR-DIRECTORY-HOST with this directory's address."
        )


def _describe_presets(partner: Partner) -> str:
    parts = []
    if partner.preset_conditions:
        parts.append("conditions " + ", ".join(partner.preset_conditions))
    if partner.preset_verified_only:
        parts.append("verified only")
    if partner.preset_location:
        parts.append(f"within {partner.preset_radius_mi:g} mi of {partner.preset_location}")
    if partner.preset_telehealth:
        parts.append(f"telehealth {partner.preset_telehealth}")
    return "; ".join(parts) or "none"


def _describe_key(key: PartnerKey) -> str:
    state = f"revoked {key.revoked_at:%Y-%m-%d}" if key.revoked_at else "active"
    label = f"  {key.label}" if key.label else ""
    return f"{key.public_id}  created {key.created_at:%Y-%m-%d}  {state}{label}"


def _presets_options(fn):
    options = [
        click.option(
            "--condition",
            "conditions",
            multiple=True,
            help="Condition slug the widget offers (repeat for several); none = all conditions.",
        ),
        click.option("--verified-only", is_flag=True, help="Only verified IPT credentials."),
        click.option("--region", help="Centre of the partner's region, e.g. 'Portland, OR'."),
        click.option("--radius", type=float, help="Radius of the region in miles (1-200)."),
        click.option(
            "--telehealth", help="include (default), only (online only) or exclude (in person)."
        ),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


@click.group("partners")
def partners_group() -> None:
    """Partner sites: API keys, allowed origins, rate limits and widget presets."""


@partners_group.command("create")
@click.argument("name")
@click.option("--contact", required=True, help="Who to reach at the partner (e-mail or name).")
@click.option(
    "--origin",
    "origins",
    multiple=True,
    help="Allowed origin, exactly scheme://host[:port] (repeat for several).",
)
@click.option("--rate-limit", default=DEFAULT_RATE_LIMIT, show_default=True)
@_presets_options
@click.option("--key-label", help="A note for the first key, e.g. 'website widget'.")
@click.option("--no-key", is_flag=True, help="Create the partner without a key.")
def create_command(
    name,
    contact,
    origins,
    rate_limit,
    conditions,
    verified_only,
    region,
    radius,
    telehealth,
    key_label,
    no_key,
) -> None:
    """Create a partner (and its first key, printed once)."""
    presets = Presets(list(conditions), verified_only, region, radius, telehealth)
    partner, new = _run(
        services.create_partner,
        name,
        contact,
        origins,
        rate_limit,
        presets,
        key_label=key_label,
        with_key=not no_key,
    )
    click.echo(f'Created partner #{partner.id} "{partner.name}".')
    click.echo(f"Origins: {', '.join(partner.origin_list) or 'none (widget cannot be framed)'}")
    click.echo(f"Rate limit: {partner.rate_limit} per key. Presets: {_describe_presets(partner)}.")
    _warn_insecure(partner.origin_list)
    if new is not None:
        _print_new_key(partner, new)


@partners_group.command("list")
def list_command() -> None:
    """Partners with their origins, limits, presets and keys (never secrets)."""
    partners = services.all_partners()
    if not partners:
        click.echo("No partners yet. Create one with `flask --app wsgi partners create`.")
        return
    for partner in partners:
        click.echo(f'#{partner.id}  "{partner.name}"  contact: {partner.contact}')
        click.echo(f"    origins:    {', '.join(partner.origin_list) or 'none'}")
        click.echo(f"    rate limit: {partner.rate_limit} per key")
        click.echo(f"    presets:    {_describe_presets(partner)}")
        if not partner.keys:
            click.echo("    keys:       none")
        for i, key in enumerate(partner.keys):
            click.echo(f"    {'keys:' if i == 0 else '':<12}{_describe_key(key)}")


@partners_group.command("usage")
@click.argument("partner_ref", metavar="PARTNER")
@click.option("--days", type=click.IntRange(1, 366), default=30, show_default=True)
def usage_command(partner_ref, days) -> None:
    """Requests per key per day (counts only; search text is never recorded)."""
    partner = _run(services.find_partner, partner_ref)
    rows = services.usage(partner, days)
    if not rows:
        click.echo(f'No requests from "{partner.name}" in the last {days} days.')
        return
    for public_id, day, kind, count in rows:
        click.echo(f"{day:%Y-%m-%d}  {public_id}  {kind:<24} {count:>8}")


@partners_group.command("add-key")
@click.argument("partner_ref", metavar="PARTNER")
@click.option("--label", help="A note for this key, e.g. 'server-side API'.")
def add_key_command(partner_ref, label) -> None:
    """Give a partner another key (printed once)."""
    partner = _run(services.find_partner, partner_ref)
    _key, new = _run(services.add_key, partner, label)
    _print_new_key(partner, new)


@partners_group.command("rotate-key")
@click.argument("key_ref", metavar="KEY_ID")
def rotate_key_command(key_ref) -> None:
    """Replace a key: a new key is printed once; the old one stops at once for the widget and
    within PARTNER_KEY_CACHE_SECONDS for the API."""
    old = _run(services.find_key, key_ref)
    _new_key, new = _run(services.rotate_key, old)
    click.echo(f"Revoked {old.public_id}. Its widget snippets and API clients need the new key.")
    click.echo(_revocation_timing())
    _print_new_key(old.partner, new)


@partners_group.command("revoke-key")
@click.argument("key_ref", metavar="KEY_ID")
def revoke_key_command(key_ref) -> None:
    """Stop a key working: the widget at once, the API within PARTNER_KEY_CACHE_SECONDS."""
    key = _run(services.find_key, key_ref)
    _run(services.revoke_key, key)
    click.echo(f'Revoked {key.public_id} of "{key.partner.name}".')
    click.echo(_revocation_timing())


def _revocation_timing() -> str:
    seconds = current_app.config["PARTNER_KEY_CACHE_SECONDS"]
    if not seconds:
        return "The widget and the API refuse it from now on."
    return (
        f"The widget refuses it from now on; API workers that verified it recently accept it for "
        f"at most {seconds:g} more seconds (PARTNER_KEY_CACHE_SECONDS)."
    )


@partners_group.command("set-origins")
@click.argument("partner_ref", metavar="PARTNER")
@click.argument("origins", nargs=-1)
@click.option("--none", "clear", is_flag=True, help="Remove every origin (widget unframable).")
def set_origins_command(partner_ref, origins, clear) -> None:
    """Replace a partner's allowed origins (exact scheme://host[:port] each)."""
    if clear and origins:
        raise click.UsageError("Give origins or --none, not both.")
    if not clear and not origins:
        raise click.UsageError("Give at least one origin, or --none to remove them all.")
    partner = _run(services.find_partner, partner_ref)
    saved = _run(services.set_origins, partner, origins)
    click.echo(f'Origins of "{partner.name}": {", ".join(saved) or "none"}')
    _warn_insecure(saved)


@partners_group.command("set-limit")
@click.argument("partner_ref", metavar="PARTNER")
@click.argument("rate_limit")
def set_limit_command(partner_ref, rate_limit) -> None:
    """Set the per-key rate limit (such as 60/minute or 10/second;1000/hour)."""
    partner = _run(services.find_partner, partner_ref)
    saved = _run(services.set_rate_limit, partner, rate_limit)
    click.echo(f'Rate limit of "{partner.name}": {saved} per key.')


@partners_group.command("set-presets")
@click.argument("partner_ref", metavar="PARTNER")
@_presets_options
def set_presets_command(partner_ref, conditions, verified_only, region, radius, telehealth) -> None:
    """Replace the widget's presets with exactly the options given (none: clear them)."""
    partner = _run(services.find_partner, partner_ref)
    presets = Presets(list(conditions), verified_only, region, radius, telehealth)
    _run(services.set_presets, partner, presets)
    click.echo(f'Presets of "{partner.name}": {_describe_presets(partner)}.')


def init_app(app: Flask) -> None:
    app.cli.add_command(partners_group)
