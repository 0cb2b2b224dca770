"""`myomap clinic create`: a real clinic and its owner, who sets a password from a link."""

from __future__ import annotations

import typer

from myomap.cli.server import _check_database, _django_setup

clinic_app = typer.Typer(help="Clinics: create one with its owner.", no_args_is_help=True)


@clinic_app.command("create")
def create(
    name: str = typer.Option(..., "--name", help="The clinic's name."),
    owner_email: str = typer.Option(..., "--owner-email", help="The owner's email (username)."),
    owner_name: str = typer.Option("", "--owner-name", help="The owner's full name."),
) -> None:
    """Create a clinic and its owner; print the owner's one-time set-password link. No password
    is ever given on the command line."""
    _django_setup()
    _check_database()
    from django.conf import settings

    from myomap.accounts.staff import clinic_create, password_link_path
    from myomap.errors import ApplicationError

    try:
        clinic, owner = clinic_create(name=name, owner_email=owner_email, owner_name=owner_name)
    except ApplicationError as exc:
        typer.echo(f"Error: {exc.message}", err=True)
        raise typer.Exit(2) from exc
    hours = settings.PASSWORD_RESET_TIMEOUT // 3600
    link = settings.MYOMAP_BASE_URL.rstrip("/") + password_link_path(owner)
    typer.echo(f"Clinic '{clinic.name}' created; owner {owner.username}.")
    typer.echo(f"The owner sets a password here (works once, for {hours} hours):")
    typer.echo(f"  {link}")
