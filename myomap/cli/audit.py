"""`myomap audit verify | checkpoint`: check the audit log, and anchor it outside the database."""

from __future__ import annotations

import typer

from myomap.cli.server import _check_database, _django_setup

audit_app = typer.Typer(help="The audit log: verify it, record a checkpoint.", no_args_is_help=True)


@audit_app.command("verify")
def verify() -> None:
    """Check every event, the chain, its signed head and the checkpoint file. Exit 1 naming the
    first bad event when anything was altered, removed, rechained or emptied."""
    _django_setup()
    _check_database()
    from myomap.accounts.audit import audit_chain_verify

    result = audit_chain_verify()
    typer.echo(result.describe(), err=not result.ok)
    if not result.ok:
        raise typer.Exit(1)


@audit_app.command("checkpoint")
def checkpoint() -> None:
    """Record the current end of a verified log in the checkpoint file now."""
    _django_setup()
    _check_database()
    from myomap.accounts.audit import audit_chain_verify, audit_checkpoint_write

    result = audit_chain_verify()
    if not result.ok:
        typer.echo(result.describe(), err=True)
        raise typer.Exit(1)
    audit_checkpoint_write()
    typer.echo(f"Checkpoint recorded at position {result.checked}.")
