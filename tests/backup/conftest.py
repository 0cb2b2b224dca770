"""Databases of their own for backup tests, outside pytest-django's test database: a backup
reads committed data through its own connections, and a restore needs a truly empty target.

SQLite databases are files under tmp_path. PostgreSQL databases live on the server of the
suite's own database when the suite runs on PostgreSQL, otherwise on MYOMAP_TEST_POSTGRES_URL
(default: the local server at 127.0.0.1:5432), so the SQLite → PostgreSQL path is tested in
every run. Their names start with the suite's test database name and the process id, so two
suites running at once never share one; each is dropped at the end."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

PASSPHRASE = "a long test passphrase, 6 words"
POSTGRES_URL = os.environ.get(
    "MYOMAP_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"
)


@pytest.fixture(autouse=True)
def cheap_key_derivation(monkeypatch):
    # The production scrypt cost (half a second each) is for attackers, not for a test suite.
    from myomap.backup import crypto

    monkeypatch.setattr(crypto, "SCRYPT_N", 1 << 14)


@pytest.fixture
def passphrase(monkeypatch) -> bytes:
    monkeypatch.delenv("MYOMAP_BACKUP_PASSPHRASE_FILE", raising=False)
    monkeypatch.setenv("MYOMAP_BACKUP_PASSPHRASE", PASSPHRASE)
    return PASSPHRASE.encode()


def _server_settings() -> dict:
    """Host, port, user and password of the PostgreSQL server the backup tests may use."""
    from django.conf import settings

    default = settings.DATABASES["default"]
    if default["ENGINE"] == "django.db.backends.postgresql":
        return {k: default.get(k) for k in ("HOST", "PORT", "USER", "PASSWORD")}
    import dj_database_url

    parsed = dj_database_url.parse(POSTGRES_URL)
    return {k: parsed.get(k) for k in ("HOST", "PORT", "USER", "PASSWORD")}


def _name_base() -> str:
    from django.conf import settings

    default = settings.DATABASES["default"]
    if default["ENGINE"] == "django.db.backends.postgresql":
        base = default.get("TEST", {}).get("NAME") or f"test_{default['NAME']}"
    else:
        base = "test_sqlite_" + hashlib.sha256(str(default["NAME"]).encode()).hexdigest()[:8]
    return f"{base}_{os.getpid()}"


class Databases:
    """Creates, registers and drops the scratch databases of one test."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.aliases: list[str] = []
        self.postgres: list[str] = []

    def _server(self, dbname: str = "postgres"):
        import psycopg

        server = _server_settings()
        try:
            return psycopg.connect(
                host=server["HOST"] or "127.0.0.1",
                port=server["PORT"] or 5432,
                user=server["USER"] or None,
                password=server["PASSWORD"] or None,
                dbname=dbname,
                autocommit=True,
                connect_timeout=5,
            )
        except psycopg.OperationalError as exc:
            pytest.skip(f"no PostgreSQL server for the backup tests ({exc})")

    def sqlite(self, label: str, *, migrate: bool = True) -> str:
        from myomap.backup.databases import alias_sqlite

        alias = alias_sqlite(f"bk_{label}", self.tmp_path / f"{label}.sqlite3")
        self.aliases.append(alias)
        if migrate:
            _migrate(alias)
        return alias

    def postgresql(self, label: str, *, migrate: bool = True) -> str:
        from myomap.backup.databases import alias_add

        name = f"{_name_base()}_{label}"
        with self._server() as server:
            server.execute(f'DROP DATABASE IF EXISTS "{name}"')
            server.execute(f'CREATE DATABASE "{name}"')
        self.postgres.append(name)
        server_settings = _server_settings()
        alias = alias_add(
            f"bk_{label}",
            ENGINE="django.db.backends.postgresql",
            NAME=name,
            OPTIONS={},
            CONN_MAX_AGE=0,
            CONN_HEALTH_CHECKS=False,
            **{k: v or "" for k, v in server_settings.items()},
        )
        self.aliases.append(alias)
        if migrate:
            _migrate(alias)
        return alias

    def url(self, alias: str) -> str:
        from django.db import connections

        s = connections[alias].settings_dict
        if s["ENGINE"] == "django.db.backends.sqlite3":
            return f"sqlite:///{s['NAME']}"
        auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
        return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"

    def close(self) -> None:
        from myomap.backup.databases import alias_remove

        for alias in self.aliases:
            alias_remove(alias)
        if self.postgres:
            with self._server() as server:
                for name in self.postgres:
                    server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _migrate(alias: str) -> None:
    from myomap.backup.services import migrate_to_latest

    migrate_to_latest(alias)


@pytest.fixture
def databases(tmp_path, django_db_blocker, monkeypatch) -> Iterator[Databases]:
    # The demo writes its logins file into the var folder: keep it in tmp_path.
    monkeypatch.setenv("MYOMAP_VAR_DIR", str(tmp_path / "var"))
    made = Databases(tmp_path)
    with django_db_blocker.unblock():
        try:
            yield made
        finally:
            made.close()


def demo_load(alias: str) -> None:
    """The demo clinic of `make run`, plus a colleague with a known password, in `alias`."""
    from myomap.accounts import audit
    from myomap.backup.databases import database_as_default
    from myomap.demo import demo_clinic_create
    from tests.factories import make_member

    with database_as_default(alias):
        # What `myomap init` does after migrating, where the audit log opens with a genesis
        # record.
        genesis = getattr(audit, "audit_genesis_ensure", None)
        if genesis is not None:
            genesis()
        clinic = demo_clinic_create()
        make_member("backup_colleague", clinic, "clinician")


def every_table(alias: str) -> dict[str, list[dict]]:
    """Every row of every table (by the schema's models), as the backup sees them."""
    from myomap.backup.tables import migration_state, models_at, table_rows

    models = models_at(alias, migration_state(alias))
    return {model._meta.db_table: list(table_rows(model, alias)) for model in models}


def database_tables(alias: str) -> set[str]:
    from django.db import connections

    tables = connections[alias].introspection.table_names()
    # SQLite's own tables (ANALYZE statistics) are the engine's, not the clinic's.
    return {t for t in tables if not t.startswith("sqlite_")} - {"django_migrations"}
