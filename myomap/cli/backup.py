"""`myomap backup --output FILE [--keep N]`, `myomap backup verify FILE`, `myomap restore FILE`.
Scripts and cron jobs rely on the contract: the passphrase from MYOMAP_BACKUP_PASSPHRASE_FILE or
MYOMAP_BACKUP_PASSPHRASE, and exit 0 only on success (1 failure, 3 backup written but the
monitoring ping failed). See docs/backup.md."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from myomap.cli.server import _check_database, _django_setup

backup_app = typer.Typer(help="Encrypted backups: make, verify and restore them.")
restore_app = typer.Typer()


def _fail(message: str) -> typer.Exit:
    typer.echo(f"Backup error: {message}", err=True)
    return typer.Exit(1)


@backup_app.callback(invoke_without_command=True)
def backup(
    ctx: typer.Context,
    output: str = typer.Option(
        None,
        "--output",
        "-o",
        help="The backup file to write; strftime fields (%Y%m%d-%H%M%S) are filled in.",
    ),
    keep: int = typer.Option(
        None, "--keep", min=1, help="Then keep only the newest N backups in that folder."
    ),
) -> None:
    """Write an encrypted, consistent backup of the whole database."""
    if ctx.invoked_subcommand is not None:
        return
    if not output:
        raise _fail("--output: give the file to write, e.g. --output backups/myomap-%Y%m%d.backup")
    _django_setup()
    _check_database()
    from myomap.backup.crypto import BackupError, passphrase_from_env
    from myomap.backup.services import backup_create, backups_prune, ping

    path = Path(datetime.now().strftime(output)).expanduser().absolute()
    try:
        passphrase = passphrase_from_env(for_writing=True)
        # Audited before the snapshot, so the backup holds its own entry and a restored copy
        # is identical to the database at that moment.
        _audit_backup(path)
        manifest = backup_create(path, passphrase)
        removed = backups_prune(path.parent, keep) if keep else []
    except BackupError as exc:
        raise _fail(str(exc)) from exc
    except OSError as exc:
        raise _fail(f"--output {path}: {exc}") from exc
    rows = sum(table["rows"] for table in manifest["tables"].values())
    typer.echo(f"Backup written: {path} ({len(manifest['tables'])} tables, {rows} rows).")
    for old in removed:
        typer.echo(f"Removed old backup: {old}")
    if not manifest["audit"]["chain_intact"]:
        typer.echo(
            "Warning: the audit chain of this database does not verify: "
            f"{manifest['audit']['chain_problem']}",
            err=True,
        )
    url = os.environ.get("MYOMAP_BACKUP_PING_URL", "").strip()
    if url:
        try:
            ping(url)
        except BackupError as exc:
            typer.echo(f"Backup written, but {exc}", err=True)
            raise typer.Exit(3) from exc


def _audit_backup(path: Path) -> None:
    from myomap.accounts.audit import audit_record
    from myomap.accounts.models import AuditAction

    audit_record(
        actor=None,
        action=AuditAction.EXPORT,
        object_type="backup",
        object_id=path.name[:64],
        username="myomap backup",
    )


@backup_app.command("verify")
def verify(file: Annotated[Path, typer.Argument(help="The backup file to check.")]) -> None:
    """Restore the backup into a scratch database and compare it with its manifest."""
    _django_setup()
    from myomap.backup.crypto import BackupError, passphrase_from_env
    from myomap.backup.services import backup_verify

    try:
        result = backup_verify(file, passphrase_from_env(for_writing=False))
    except BackupError as exc:
        raise _fail(str(exc)) from exc
    manifest = result.manifest
    if not result.ok:
        typer.echo(f"Backup {file} FAILED verification:", err=True)
        for problem in result.problems:
            typer.echo(f"  - {problem}", err=True)
        raise typer.Exit(1)
    rows = sum(table["rows"] for table in manifest["tables"].values())
    typer.echo(
        f"Backup {file} is good: made {manifest['created_at']} by Myomap "
        f"{manifest['myomap_version']} from {manifest['database']}; {len(manifest['tables'])} "
        f"tables and {rows} rows restored and matched; audit chain of "
        f"{manifest['audit']['events']} events verified."
    )


@restore_app.command("restore")
def restore(file: Annotated[Path, typer.Argument(help="The backup file to restore.")]) -> None:
    """Restore a backup into the (empty) database that DATABASE_URL or the default names."""
    _django_setup()
    _check_database()
    from django.db import DatabaseError

    from myomap.backup.crypto import BackupError, passphrase_from_env
    from myomap.backup.services import (
        backup_compare,
        backup_open,
        backup_restore,
        migrate_to_latest,
    )

    try:
        contents = backup_open(file, passphrase_from_env(for_writing=False))
    except BackupError as exc:
        raise _fail(str(exc)) from exc
    try:
        loaded = backup_restore(contents, migrate_forward=False)
        problems = backup_compare(contents.manifest, "default")
        migrate_to_latest("default")
    except BackupError as exc:
        raise _fail(str(exc)) from exc
    except DatabaseError as exc:
        raise _fail(f"the database refused the restore, nothing was restored: {exc}") from exc
    finally:
        contents.close()
    if problems:
        typer.echo("Restored, but the copy differs from the backup's manifest:", err=True)
        for problem in problems:
            typer.echo(f"  - {problem}", err=True)
        raise typer.Exit(1)
    typer.echo(
        f"Restored {sum(loaded.values())} rows in {len(loaded)} tables from {file}; row counts, "
        "contents, audit chain and database triggers checked."
    )
