"""Operator commands: ``flask --app wsgi create-user | list-users | revoke-user``."""

from __future__ import annotations

import click
from flask import Flask

from app.accounts import services
from app.accounts.models import ROLES
from app.accounts.services import AccountError


@click.command("create-user")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), required=True, help="The account's role.")
@click.option(
    "--generate-password",
    is_flag=True,
    help="Generate a password and print it once, instead of asking for one.",
)
def create_user_command(email: str, role: str, generate_password: bool) -> None:
    """Create an account (e.g. a verifier or admin). Its e-mail address counts as confirmed."""
    password = None
    if not generate_password:
        password = (
            click.prompt(
                "Password (at least 12 characters; leave empty to generate one)",
                hide_input=True,
                confirmation_prompt=True,
                default="",
                show_default=False,
            )
            or None
        )
    try:
        created = services.create_operator(email, role, password)
    except AccountError as exc:
        raise click.ClickException(exc.message) from exc
    click.echo(f"Created {role} account {created.user.email} (id {created.user.id}).")
    if created.generated_password:
        click.echo(f"Password (shown once, pass it on securely): {created.generated_password}")


@click.command("list-users")
@click.option("--role", type=click.Choice(ROLES), default=None, help="Only this role.")
def list_users_command(role: str | None) -> None:
    """List accounts: id, role, state, e-mail, linked profile."""
    users = services.list_users(role)
    for user in users:
        state = "active" if user.active else "revoked"
        verified = "verified" if user.email_verified else "unverified"
        profile = f"profile {user.therapist_id}" if user.therapist_id else "no profile"
        click.echo(f"{user.id}\t{user.role}\t{state}\t{verified}\t{user.email}\t{profile}")
    click.echo(f"{len(users)} account(s).")


@click.command("revoke-user")
@click.argument("email")
def revoke_user_command(email: str) -> None:
    """Close an account: it can no longer log in, and its sessions end now."""
    try:
        user = services.revoke_user(email)
    except AccountError as exc:
        raise click.ClickException(exc.message) from exc
    click.echo(f"Revoked {user.email} (id {user.id}); its sessions have ended.")


def init_app(app: Flask) -> None:
    for command in (create_user_command, list_users_command, revoke_user_command):
        app.cli.add_command(command)
