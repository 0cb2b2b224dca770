"""The owner's path, through the real commands: `myomap init` and `myomap demo` (what `make run`
does) → `myomap backup` → `myomap backup verify` → `myomap restore` into a fresh SQLite
installation and into a fresh PostgreSQL database → every table identical and the audit chain
check passing on each restored copy."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from myomap.backup.databases import alias_sqlite
from myomap.demo import DEMO_CLIENTS
from tests.backup.conftest import PASSPHRASE, database_tables, every_table

CHAIN_CHECK = """
import os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "myomap.settings")
import django
django.setup()
from myomap.backup.services import audit_chain_status
intact, problem = audit_chain_status("default")
print(problem)
raise SystemExit(0 if intact else 1)
"""


def _myomap(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    process = subprocess.run(
        [sys.executable, "-m", "myomap.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert process.returncode == 0, f"myomap {' '.join(args)}:\n{process.stdout}{process.stderr}"
    return process


def _audit_verify_command_exists(env: dict[str, str]) -> bool:
    process = subprocess.run(
        [sys.executable, "-m", "myomap.cli", "--help"], env=env, capture_output=True, text=True
    )
    return any(line.split()[1:2] == ["audit"] for line in process.stdout.splitlines())


def test_demo_backup_restore_into_fresh_sqlite_and_postgresql_keeps_every_table(
    databases, tmp_path
):
    base = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_URL", "MYOMAP_", "DJANGO_"))
    }
    base["MYOMAP_SECRET_KEY"] = "acceptance-test-secret-key-not-for-production"
    base["MYOMAP_BACKUP_PASSPHRASE"] = PASSPHRASE
    clinic = {**base, "MYOMAP_VAR_DIR": str(tmp_path / "clinic")}
    _myomap("init", env=clinic)
    _myomap("demo", env=clinic)
    backups = tmp_path / "backups"
    backups.mkdir()
    _myomap("backup", "--output", str(backups / "myomap-%Y%m%d-%H%M%S.backup"), env=clinic)
    (backup,) = backups.iterdir()
    _myomap("backup", "verify", str(backup), env=clinic)

    # A fresh installation gets the keys kept beside the database (never in the backup).
    fresh_dir = tmp_path / "fresh"
    fresh_dir.mkdir()
    for kept in (tmp_path / "clinic").iterdir():
        if kept.is_file() and not kept.name.startswith("myomap.sqlite3"):
            shutil.copy2(kept, fresh_dir / kept.name)
    fresh_sqlite = {**base, "MYOMAP_VAR_DIR": str(fresh_dir)}
    _myomap("restore", str(backup), env=fresh_sqlite)

    postgres = databases.postgresql("acceptance", migrate=False)
    fresh_postgres = {**fresh_sqlite, "DATABASE_URL": databases.url(postgres)}
    _myomap("restore", str(backup), env=fresh_postgres)

    source = alias_sqlite("bk_clinic", Path(tmp_path / "clinic" / "myomap.sqlite3"))
    databases.aliases.append(source)
    restored_sqlite = alias_sqlite("bk_fresh", fresh_dir / "myomap.sqlite3")
    databases.aliases.append(restored_sqlite)

    original = every_table(source)
    assert set(original) == database_tables(source)
    assert len(original["records_client"]) == len(DEMO_CLIENTS)
    assert original["records_treatmentsession"]
    for restored in (restored_sqlite, postgres):
        copy = every_table(restored)
        assert set(copy) == set(original)
        for table, rows in original.items():
            assert copy[table] == rows, f"{restored}: {table}"
    # The chain check runs as the installation would, with its own audit key.
    for env in (fresh_sqlite, fresh_postgres):
        check = subprocess.run(
            [sys.executable, "-c", CHAIN_CHECK], env=env, capture_output=True, text=True
        )
        assert check.returncode == 0, check.stdout + check.stderr
    if _audit_verify_command_exists(clinic):
        _myomap("audit", "verify", env=fresh_sqlite)
        _myomap("audit", "verify", env=fresh_postgres)

    # A second restore into the now filled database is refused, and says why.
    again = subprocess.run(
        [sys.executable, "-m", "myomap.cli", "restore", str(backup)],
        env=fresh_postgres,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert again.returncode == 1
    assert "not empty" in again.stderr
