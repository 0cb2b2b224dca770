"""Extra database connections for backup work: a SQLite snapshot file, a scratch database for
`backup verify`, and the target of a test restore. Each is a Django alias built from the
default's settings, so the same code reads and writes every database."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.db import connections


def _store() -> Any:
    # Django keeps the open connections in this per-thread store; there is no public way to
    # register a database after start-up or to swap which one is the default.
    return connections._connections  # type: ignore[attr-defined]


def alias_add(alias: str, **overrides: Any) -> str:
    """Register `alias` as a copy of the default database's settings with `overrides` (e.g.
    ENGINE and NAME of a SQLite file, or NAME of another PostgreSQL database)."""
    settings = dict(connections.settings["default"])
    settings.update(overrides)
    settings["TEST"] = dict(settings.get("TEST") or {})
    if settings["ENGINE"] == "django.db.backends.sqlite3":
        settings.setdefault("OPTIONS", {})
        # The default's OPTIONS may be PostgreSQL's; SQLite takes only its own.
        if "init_command" not in settings["OPTIONS"]:
            from myomap.settings import _SQLITE_OPTIONS

            settings["OPTIONS"] = dict(_SQLITE_OPTIONS)
        settings["CONN_MAX_AGE"] = 0
    connections.settings[alias] = settings
    if hasattr(_store(), alias):
        delattr(_store(), alias)
    return alias


def alias_sqlite(alias: str, path: Path) -> str:
    from myomap.settings import _SQLITE_OPTIONS

    return alias_add(
        alias,
        ENGINE="django.db.backends.sqlite3",
        NAME=str(path),
        OPTIONS=dict(_SQLITE_OPTIONS),
        HOST="",
        PORT="",
        USER="",
        PASSWORD="",
    )


def alias_remove(alias: str) -> None:
    if hasattr(_store(), alias):
        getattr(_store(), alias).close()
        delattr(_store(), alias)
    connections.settings.pop(alias, None)


@contextlib.contextmanager
def database_as_default(alias: str) -> Iterator[None]:
    """Point the ORM's default database at `alias` for the duration, so code that only knows
    the default (the audit chain check, the demo loader) runs against another database."""
    original = connections["default"]
    replacement = connections[alias]
    _store().default = replacement
    try:
        yield
    finally:
        _store().default = original
