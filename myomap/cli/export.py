"""`myomap export fhir | csv` and `myomap import fhir`: the clinic's data out and in from the
command line, acting as (and audited as) a named clinical member."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from myomap.cli.server import _check_database, _django_setup

export_app = typer.Typer(help="Export FHIR bundles and outcome CSVs.", no_args_is_help=True)
import_app = typer.Typer(help="Import FHIR bundles.", no_args_is_help=True)

AS_HELP = "Username of the clinical member acting (audited as theirs)."


def _actor(username: str):
    from django.contrib.auth import get_user_model

    from myomap.accounts.actor import actor_for_user

    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise typer.BadParameter(f"no active user {username!r}", param_hint="--as")
    return actor_for_user(user)


def _run(action):
    from myomap.errors import ApplicationError

    try:
        return action()
    except ApplicationError as exc:
        typer.echo(f"Refused: {exc.message}", err=True)
        raise typer.Exit(2) from exc


@export_app.command("fhir")
def export_fhir(
    output: str = typer.Option(..., "--output", help="File to write the Bundle to."),
    username: str = typer.Option(..., "--as", help=AS_HELP),
    client: str = typer.Option(None, "--client", help="One client's id (default: every one)."),
) -> None:
    """A FHIR R4 Bundle of one client, or of every client of the clinic."""
    _django_setup()
    _check_database()
    from myomap.exchange.fhir_export import client_bundle_for_user, clinic_bundle_for_user

    actor = _actor(username)
    bundle = _run(
        lambda: (
            client_bundle_for_user(actor=actor, client_id=client)
            if client
            else clinic_bundle_for_user(actor=actor)
        )
    )
    Path(output).write_text(json.dumps(bundle, indent=1, ensure_ascii=False) + "\n")
    typer.echo(f"Wrote {len(bundle['entry'])} resources to {output}.")


@export_app.command("csv")
def export_csv(
    output: str = typer.Option(..., "--output", help="File to write the CSV to."),
    username: str = typer.Option(..., "--as", help=AS_HELP),
    deidentified: bool = typer.Option(
        False, help="No names, dates of birth or ids; shifted dates."
    ),
) -> None:
    """Outcome measures per episode for the clinic, for service evaluation."""
    _django_setup()
    _check_database()
    from myomap.exchange.outcomes_csv import outcomes_csv_for_user

    actor = _actor(username)
    Path(output).write_text(
        _run(lambda: outcomes_csv_for_user(actor=actor, deidentified=deidentified))
    )
    typer.echo(f"Wrote {output}.")


@import_app.command("fhir")
def import_fhir(
    source: str = typer.Argument(..., help="A Bundle exported by Myomap."),
    username: str = typer.Option(..., "--as", help=AS_HELP),
) -> None:
    """Recreate the bundle's clients in the acting member's clinic (all or nothing)."""
    _django_setup()
    _check_database()
    from myomap.exchange.fhir_import import bundle_import

    try:
        bundle = json.loads(Path(source).read_text())
    except (OSError, ValueError) as exc:
        typer.echo(f"Cannot read {source}: {exc}", err=True)
        raise typer.Exit(2) from exc
    clients = _run(lambda: bundle_import(actor=_actor(username), bundle=bundle))
    typer.echo(f"Imported {len(clients)} client(s).")
