"""Every table of the database, generically: the models of the migration state the database is
at (Django's historical models, so no table list is kept by hand and an older backup loads into
the schema it was made with), in foreign-key order; rows as JSON values; loading with the
database's own triggers set aside inside the restore transaction and back in force before it
commits."""

from __future__ import annotations

import base64
import datetime
import decimal
import graphlib
import hashlib
import json
import uuid
from collections.abc import Iterable, Iterator
from typing import Any

from django.core.management.color import no_style
from django.db import connections
from django.db.migrations.loader import MigrationLoader

from myomap.backup.crypto import BackupError

# Filled by `migrate` itself on an empty database; a restore replaces their rows.
MIGRATE_FILLED = frozenset({"django_content_type", "auth_permission"})
BATCH = 500


def migration_state(alias: str) -> list[tuple[str, str]]:
    loader = MigrationLoader(connections[alias], ignore_no_migrations=True)
    return sorted(loader.applied_migrations)


def known_migrations(alias: str) -> set[tuple[str, str]]:
    return set(MigrationLoader(connections[alias], ignore_no_migrations=True).graph.nodes)


def leaf_targets(applied: Iterable[tuple[str, str]], alias: str) -> list[tuple[str, str]]:
    """The newest applied migration of each app, as `migrate` targets."""
    loader = MigrationLoader(connections[alias], ignore_no_migrations=True)
    applied = set(applied)
    targets = []
    for node in applied:
        children = loader.graph.node_map[node].children
        if not any(child.key in applied and child.key[0] == node[0] for child in children):
            targets.append(node)
    return sorted(targets)


def models_at(alias: str, applied: Iterable[tuple[str, str]]) -> list[Any]:
    """The concrete models of the migration state `applied`, parents before children."""
    loader = MigrationLoader(connections[alias], ignore_no_migrations=True)
    state = loader.project_state(leaf_targets(applied, alias), at_end=True)
    models: dict[str, Any] = {}
    for model in state.apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        models.setdefault(meta.db_table, model)
    sorter: graphlib.TopologicalSorter[str] = graphlib.TopologicalSorter()
    for table, model in sorted(models.items()):
        parents = {
            field.related_model._meta.db_table
            for field in model._meta.concrete_fields
            if field.is_relation and field.related_model is not None
        }
        sorter.add(table, *sorted(parents - {table} & models.keys()))
    try:
        order = list(sorter.static_order())
    except graphlib.CycleError:
        # Foreign keys are checked at commit on both databases, so any order loads.
        order = sorted(models)
    return [models[table] for table in order]


def json_value(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str | list | dict):
        return value
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode()
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    raise BackupError(f"Cannot back up a value of type {type(value).__name__}.")


def table_rows(model: Any, alias: str) -> Iterator[dict[str, Any]]:
    fields = model._meta.concrete_fields
    queryset = model._default_manager.using(alias).order_by("pk")
    for obj in queryset.iterator(chunk_size=2000):
        yield {field.attname: json_value(getattr(obj, field.attname)) for field in fields}


def row_line(row: dict[str, Any]) -> bytes:
    return json.dumps(row, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def table_digest(lines: Iterable[bytes]) -> str:
    digest = hashlib.sha256()
    for line in lines:
        digest.update(line + b"\n")
    return digest.hexdigest()


def table_counts(models: Iterable[Any], alias: str) -> dict[str, int]:
    return {model._meta.db_table: model._default_manager.using(alias).count() for model in models}


def tables_with_rows(alias: str) -> list[str]:
    """Tables of the database that hold data, other than what `migrate` fills by itself."""
    connection = connections[alias]
    existing = connection.introspection.table_names()
    busy = []
    with connection.cursor() as cursor:
        for table in sorted(existing):
            # sqlite_stat1 and friends are SQLite's own (ANALYZE statistics), not data.
            if (
                table in MIGRATE_FILLED
                or table == "django_migrations"
                or table.startswith("sqlite_")
            ):
                continue
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")
            if cursor.fetchone():
                busy.append(table)
    return busy


def rows_load(model: Any, rows: Iterable[dict[str, Any]], alias: str) -> int:
    """Insert the rows exactly as given. auto_now fields are set aside on these private
    historical models so created/updated times keep the backup's values."""
    fields = {field.attname: field for field in model._meta.concrete_fields}
    for field in fields.values():
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            field.auto_now = field.auto_now_add = False
    manager = model._default_manager.using(alias)
    batch: list[Any] = []
    count = 0
    for row in rows:
        unknown = set(row) - set(fields)
        if unknown:
            raise BackupError(
                f"Table {model._meta.db_table}: the backup has columns this schema lacks: "
                f"{', '.join(sorted(unknown))}."
            )
        values = {name: fields[name].to_python(value) for name, value in row.items()}
        batch.append(model(**values))
        if len(batch) >= BATCH:
            manager.bulk_create(batch)
            count += len(batch)
            batch = []
    if batch:
        manager.bulk_create(batch)
        count += len(batch)
    return count


def sequences_reset(models: list[Any], alias: str) -> None:
    """PostgreSQL: move each id sequence past the restored ids (SQLite does this itself)."""
    connection = connections[alias]
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


# Triggers ---------------------------------------------------------------------------------


def triggers_list(alias: str) -> list[tuple[str, str, bool]]:
    """(table, trigger name, enabled) of every user-defined trigger, whoever created it."""
    connection = connections[alias]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
            )
            return [(table, name, True) for table, name in cursor.fetchall()]
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT c.relname, t.tgname, t.tgenabled <> 'D' FROM pg_trigger t "
                "JOIN pg_class c ON c.oid = t.tgrelid "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE NOT t.tgisinternal AND n.nspname = current_schema() ORDER BY t.tgname"
            )
            return [(table, name, bool(enabled)) for table, name, enabled in cursor.fetchall()]
    raise BackupError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")


class TriggersSetAside:
    """Inside the restore transaction: SQLite drops every trigger and re-creates it from the
    schema's own SQL; PostgreSQL disables the user triggers of each table and enables them
    again. Either way the change is part of the transaction, so a failed restore rolls it
    back, and `restore()` checks that every trigger is in force before commit."""

    def __init__(self, alias: str, tables: list[str]) -> None:
        self.alias = alias
        self.tables = tables
        self.before: list[tuple[str, str, bool]] = []
        self._sqlite_sql: list[str] = []

    def set_aside(self) -> None:
        connection = connections[self.alias]
        self.before = triggers_list(self.alias)
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
                rows = cursor.fetchall()
                self._sqlite_sql = [sql for _, sql in rows]
                for name, _ in rows:
                    cursor.execute(f"DROP TRIGGER {connection.ops.quote_name(name)}")
            else:
                # PostgreSQL alters no table with pending (deferred) foreign-key checks: run
                # them now, and defer them again for the load.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                for table in self.tables:
                    cursor.execute(
                        f"ALTER TABLE {connection.ops.quote_name(table)} DISABLE TRIGGER USER"
                    )
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")

    def restore(self) -> None:
        connection = connections[self.alias]
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                for sql in self._sqlite_sql:
                    cursor.execute(sql)
            else:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                for table in self.tables:
                    cursor.execute(
                        f"ALTER TABLE {connection.ops.quote_name(table)} ENABLE TRIGGER USER"
                    )
        after = triggers_list(self.alias)
        expected = [(table, name, True) for table, name, _ in self.before]
        if after != expected:
            raise BackupError(
                "The database triggers are not all back in force after loading; "
                "the restore was rolled back."
            )
