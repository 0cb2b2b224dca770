"""`backup_create`, `backup_open`, `backup_restore`, `backup_verify`, `backups_prune`: one
logical format for SQLite and PostgreSQL (a zip of one JSON-lines file per table plus a
manifest, encrypted by `myomap.backup.crypto`), so a backup of either database restores into
either. Format, guarantees and limits: docs/backup.md."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import shutil
import sqlite3
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import IO, Any, BinaryIO

from django.core.management import call_command
from django.db import connections, transaction
from django.db.migrations.executor import MigrationExecutor

from myomap.backup.crypto import (
    BackupError,
    DamagedFile,
    EncryptingWriter,
    decrypt_chunks,
    is_backup_file,
)
from myomap.backup.databases import alias_remove, alias_sqlite, database_as_default
from myomap.backup.tables import (
    MIGRATE_FILLED,
    TriggersSetAside,
    json_value,
    known_migrations,
    leaf_targets,
    migration_state,
    models_at,
    row_line,
    rows_load,
    sequences_reset,
    table_counts,
    table_rows,
    tables_with_rows,
    triggers_list,
)

FORMAT = 1
MANIFEST = "manifest.json"
# Decrypted backups are held in memory up to this size, then in a private temporary file.
SPOOL_BYTES = 256 << 20


def _myomap_version() -> str:
    try:
        return metadata.version("myomap")
    except metadata.PackageNotFoundError:
        return "unknown"


def _member(table: str) -> str:
    return f"tables/{table}.jsonl"


# Writing -----------------------------------------------------------------------------------


@contextlib.contextmanager
def _snapshot(alias: str) -> Iterator[str]:
    """A consistent view of the whole database for the duration of the dump: SQLite's online
    backup API copies it page by page into a private file (writers carry on meanwhile);
    PostgreSQL reads everything in one REPEATABLE READ, READ ONLY transaction."""
    connection = connections[alias]
    if connection.vendor == "sqlite":
        folder = Path(tempfile.mkdtemp(prefix="myomap-snapshot-"))
        try:
            copy_path = folder / "snapshot.sqlite3"
            connection.ensure_connection()
            copy = sqlite3.connect(copy_path)
            try:
                connection.connection.backup(copy)
            finally:
                copy.close()
            snap = alias_sqlite(f"myomap_snapshot_{secrets.token_hex(4)}", copy_path)
            try:
                yield snap
            finally:
                alias_remove(snap)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return
    if connection.in_atomic_block:  # already inside one transaction: its view is consistent
        yield alias
        return
    with transaction.atomic(using=alias):
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield alias


def audit_chain_status(alias: str) -> tuple[bool, str]:
    """Run the audit trail's own chain check on `alias`: (intact, what is wrong). Accepts the
    check's answer as None/first bad id or as a result object with `ok`."""
    from myomap.accounts.audit import audit_chain_verify

    with database_as_default(alias):
        result = audit_chain_verify()
    if result is None:
        return True, ""
    ok = getattr(result, "ok", None)
    if ok is not None:
        describe = getattr(result, "describe", None)
        return bool(ok), "" if ok else (describe() if describe else str(result))
    return False, f"the chain breaks at event {result}"


def _audit_summary(alias: str) -> dict[str, Any]:
    """The audit trail's size and head, read generically (whatever columns the head has)."""
    from myomap.accounts.models import AuditChainHead, AuditEvent

    events = AuditEvent.objects.using(alias)
    last = events.order_by("-id").values("id", "hash").first()
    head = AuditChainHead.objects.using(alias).order_by("pk").first()
    return {
        "events": events.count(),
        # Events written but not yet given their place in the chain (none on SQLite).
        "pending": events.filter(hash__isnull=True).count(),
        "last_id": last["id"] if last else None,
        "last_hash": last["hash"] if last else None,
        "head": {
            f.attname: json_value(getattr(head, f.attname)) for f in head._meta.concrete_fields
        }
        if head
        else None,
    }


def _name_anonymous(handle: BinaryIO, partial: Path) -> None:
    try:
        os.link(f"/proc/self/fd/{handle.fileno()}", partial, follow_symlinks=True)
    except OSError:
        # Some file systems (overlays) refuse to link an O_TMPFILE file: copy it instead.
        fd = os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        with os.fdopen(fd, "wb") as named:
            handle.flush()
            with open(f"/proc/self/fd/{handle.fileno()}", "rb") as source:
                shutil.copyfileobj(source, named, 1 << 20)
            named.flush()
            os.fsync(named.fileno())


@contextlib.contextmanager
def _atomic_file(path: Path) -> Iterator[BinaryIO]:
    """Write `path` all at once or not at all. On Linux the data goes into an unnamed file
    (O_TMPFILE) that only gets a name once complete, so even a killed process leaves nothing;
    elsewhere a hidden `.partial` file is renamed at the end and removed on failure."""
    folder = path.parent
    if not folder.is_dir():
        raise BackupError(f"--output: the folder {folder} does not exist.")
    for stale in folder.glob(f".{path.name}.*.partial"):
        stale.unlink(missing_ok=True)  # left by an earlier run killed at the rename
    partial = folder / f".{path.name}.{secrets.token_hex(4)}.partial"
    anonymous = hasattr(os, "O_TMPFILE")
    try:
        fd = os.open(folder, os.O_TMPFILE | os.O_WRONLY, 0o600) if anonymous else -1
    except OSError:
        anonymous = False
    if not anonymous:
        fd = os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    handle = os.fdopen(fd, "wb")
    try:
        yield handle
        handle.flush()
        os.fsync(handle.fileno())
        if anonymous:
            _name_anonymous(handle, partial)
        os.replace(partial, path)
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        handle.close()


def backup_create(output: Path, passphrase: bytes, *, alias: str = "default") -> dict[str, Any]:
    """Write an encrypted backup of the whole database to `output`; return its manifest."""
    # The chain check may write (it chains waiting events), so it runs on the live database
    # just before the read-only snapshot; the manifest records what it found.
    chain_intact, chain_problem = audit_chain_status(alias)
    with _snapshot(alias) as snap:
        applied = migration_state(snap)
        if not applied:
            raise BackupError("The database has no schema yet: run `myomap init` first.")
        models = models_at(snap, applied)
        with _atomic_file(output) as out:
            writer = EncryptingWriter(out, passphrase)
            tables: dict[str, Any] = {}
            with zipfile.ZipFile(
                writer,  # type: ignore[arg-type]
                "w",
                compression=zipfile.ZIP_DEFLATED,
                compresslevel=6,
            ) as archive:
                for model in models:
                    table = model._meta.db_table
                    digest = hashlib.sha256()
                    count = 0
                    with archive.open(_member(table), "w", force_zip64=True) as member:
                        for row in table_rows(model, snap):
                            line = row_line(row) + b"\n"
                            member.write(line)
                            digest.update(line)
                            count += 1
                    tables[table] = {
                        "model": model._meta.label_lower,
                        "rows": count,
                        "sha256": digest.hexdigest(),
                    }
                manifest = {
                    "format": FORMAT,
                    "myomap_version": _myomap_version(),
                    "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
                    "database": connections[alias].vendor,
                    "migrations": [list(node) for node in applied],
                    "tables": tables,
                    "audit": {
                        **_audit_summary(snap),
                        "chain_intact": chain_intact,
                        "chain_problem": chain_problem,
                    },
                }
                archive.writestr(MANIFEST, json.dumps(manifest, indent=2, sort_keys=True))
            writer.close()
    return manifest


def backups_prune(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` Myomap backup files in `folder`. Only files that start
    with the backup header are considered, so nothing else there is ever touched."""
    if keep < 1:
        raise BackupError("--keep: must be 1 or more.")
    backups = [
        path
        for path in folder.iterdir()
        if path.is_file() and not path.name.startswith(".") and is_backup_file(path)
    ]
    backups.sort(key=lambda path: (path.stat().st_mtime_ns, path.name), reverse=True)
    removed = backups[keep:]
    for path in removed:
        path.unlink()
    return removed


def ping(url: str) -> None:
    """Tell a monitoring service the backup succeeded (its absence raises the alarm)."""
    if urllib.parse.urlsplit(url).scheme not in {"http", "https"}:
        raise BackupError("MYOMAP_BACKUP_PING_URL: must start with http:// or https://.")
    try:
        with urllib.request.urlopen(url, timeout=15) as response:  # noqa: S310 - scheme checked
            response.read(1024)
    except (urllib.error.URLError, OSError) as exc:
        raise BackupError(f"MYOMAP_BACKUP_PING_URL: the ping failed: {exc}") from exc


# Reading -----------------------------------------------------------------------------------


@dataclass
class BackupContents:
    manifest: dict[str, Any]
    archive: zipfile.ZipFile
    _spool: IO[bytes] = field(repr=False)

    def close(self) -> None:
        self.archive.close()
        self._spool.close()

    def lines(self, table: str) -> Iterator[bytes]:
        with self.archive.open(_member(table)) as member:
            for line in member:
                yield line.rstrip(b"\n")


def backup_open(path: Path, passphrase: bytes) -> BackupContents:
    """Decrypt and authenticate the whole file before anything is read from it."""
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)
    try:
        with path.open("rb") as source:
            for chunk in decrypt_chunks(source, passphrase):
                spool.write(chunk)
        spool.seek(0)
        archive = zipfile.ZipFile(spool)
        manifest = json.loads(archive.read(MANIFEST))
    except FileNotFoundError as exc:
        spool.close()
        raise BackupError(f"No such backup file: {path}") from exc
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        spool.close()
        raise DamagedFile(f"The backup's contents are damaged: {exc}") from exc
    except BaseException:
        spool.close()
        raise
    if manifest.get("format") != FORMAT:
        spool.close()
        raise BackupError(f"Backup format {manifest.get('format')!r} is not supported here.")
    return BackupContents(manifest=manifest, archive=archive, _spool=spool)


# Restoring ---------------------------------------------------------------------------------


def _rows(contents: BackupContents, table: str, expected: dict[str, Any]) -> Iterator[dict]:
    digest = hashlib.sha256()
    count = 0
    for line in contents.lines(table):
        digest.update(line + b"\n")
        count += 1
        yield json.loads(line)
    if count != expected["rows"] or digest.hexdigest() != expected["sha256"]:
        raise DamagedFile(
            f"Table {table}: the backup holds {count} rows that do not match its manifest "
            f"({expected['rows']} rows); the file was altered."
        )


def backup_restore(
    contents: BackupContents, *, alias: str = "default", migrate_forward: bool = True
) -> dict[str, int]:
    """Load a backup into an empty database, all in one transaction; return rows per table."""
    manifest = contents.manifest
    busy = tables_with_rows(alias)
    if busy:
        shown = ", ".join(busy[:5]) + (" …" if len(busy) > 5 else "")
        raise BackupError(
            f"The target database is not empty (data in {shown}); restore only into a new, "
            "empty database. `myomap restore` builds the schema itself: do not run "
            "`myomap init` or `myomap demo` on it first."
        )
    applied = [(app, name) for app, name in manifest["migrations"]]
    unknown = sorted(set(applied) - known_migrations(alias))
    if unknown:
        raise BackupError(
            f"This backup was made by a newer Myomap ({manifest.get('myomap_version')}); "
            f"upgrade first. Unknown migrations: {', '.join(f'{a}.{n}' for a, n in unknown[:5])}"
        )
    connection = connections[alias]
    # As the default, so that a data migration that forgets its database alias still works on
    # the target and never on the installation's own database.
    with database_as_default(alias):
        MigrationExecutor(connection).migrate(leaf_targets(applied, alias))
    models = models_at(alias, applied)
    by_table = {model._meta.db_table: model for model in models}
    if set(by_table) != set(manifest["tables"]):
        missing = sorted(set(manifest["tables"]) ^ set(by_table))
        raise DamagedFile(f"The backup's tables do not match its schema: {', '.join(missing)}.")
    loaded: dict[str, int] = {}
    with transaction.atomic(using=alias):
        with connection.cursor() as cursor:
            # What `migrate` filled in on its own gives way to the backup's rows (same ids).
            for table in ("auth_permission", "django_content_type"):
                if table in MIGRATE_FILLED and table in by_table:
                    cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")
        guard = TriggersSetAside(alias, list(by_table))
        guard.set_aside()
        for table, model in by_table.items():
            rows = _rows(contents, table, manifest["tables"][table])
            loaded[table] = rows_load(model, rows, alias)
        if connection.vendor == "postgresql":
            sequences_reset(models, alias)
        guard.restore()
        if manifest["audit"]["chain_intact"]:
            intact, problem = audit_chain_status(alias)
            if not intact:
                raise BackupError(
                    f"The audit chain does not verify on the restored data ({problem}); nothing "
                    "was restored. Is this machine's audit key the one the backup's "
                    "installation used?"
                )
    if migrate_forward:
        migrate_to_latest(alias)
    return loaded


def migrate_to_latest(alias: str) -> None:
    with database_as_default(alias):
        call_command("migrate", database=alias, interactive=False, verbosity=0)


# Verifying ---------------------------------------------------------------------------------


@dataclass
class Verification:
    manifest: dict[str, Any]
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


def backup_compare(manifest: dict[str, Any], alias: str) -> list[str]:
    """What in the database `alias` differs from the manifest: row counts, table contents,
    the audit chain and its head, the triggers."""
    problems = []
    applied = [(app, name) for app, name in manifest["migrations"]]
    models = models_at(alias, applied)
    counts = table_counts(models, alias)
    for table, expected in sorted(manifest["tables"].items()):
        if counts.get(table) != expected["rows"]:
            problems.append(
                f"{table}: {counts.get(table)} rows, the manifest says {expected['rows']}"
            )
    for model in models:
        table = model._meta.db_table
        digest = hashlib.sha256()
        for row in table_rows(model, alias):
            digest.update(row_line(row) + b"\n")
        expected = manifest["tables"].get(table)
        if expected and digest.hexdigest() != expected["sha256"]:
            problems.append(f"{table}: the restored rows differ from the backed-up rows")
    audit = _audit_summary(alias)
    wanted = manifest["audit"]
    # Events that were waiting for their chain place get it in the copy; then only the
    # number of events can be compared, not the head.
    keys = ("events", "last_id", "last_hash", "head") if not wanted["pending"] else ("events",)
    for key in keys:
        if audit[key] != wanted[key]:
            problems.append(f"audit chain {key}: {audit[key]!r}, the manifest says {wanted[key]!r}")
    intact, problem = audit_chain_status(alias)
    if not intact:
        problems.append(f"the audit chain does not verify: {problem}")
    if not all(enabled for _, _, enabled in triggers_list(alias)):
        problems.append("a database trigger is disabled after the restore")
    return problems


def backup_verify(path: Path, passphrase: bytes) -> Verification:
    """Restore into a scratch SQLite database and compare it with the manifest."""
    contents = backup_open(path, passphrase)
    folder = Path(tempfile.mkdtemp(prefix="myomap-verify-"))
    alias = alias_sqlite(f"myomap_verify_{secrets.token_hex(4)}", folder / "verify.sqlite3")
    try:
        try:
            backup_restore(contents, alias=alias, migrate_forward=False)
        except BackupError as exc:
            return Verification(manifest=contents.manifest, problems=[str(exc)])
        problems = backup_compare(contents.manifest, alias)
        return Verification(manifest=contents.manifest, problems=problems)
    finally:
        contents.close()
        alias_remove(alias)
        shutil.rmtree(folder, ignore_errors=True)
