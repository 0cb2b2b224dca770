"""`myomap portal-reminders`: email the diary reminders that are due, each with a fresh portal
link. Meant for cron (docs/portal.md); prints counts only, never a link."""

from __future__ import annotations

import typer

from myomap.cli.server import _check_database, _django_setup

reminders_app = typer.Typer()


@reminders_app.command("portal-reminders")
def portal_reminders(
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Count what is due without sending or changing anything."
    ),
) -> None:
    """Send the due diary reminders (run daily from cron)."""
    _django_setup()
    _check_database()
    from myomap.records.diary.reminders import reminders_send

    run = reminders_send(dry_run=dry_run)
    typer.echo(("Dry run. " if dry_run else "") + run.summary())
    if run.failed:
        raise typer.Exit(1)
