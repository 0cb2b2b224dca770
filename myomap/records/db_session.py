"""Per-connection database settings (docs/scale.md).

PostgreSQL's JIT compilation pays off on long analytical queries, never on a page's short
ones, yet the planner's row estimates on a large clinic trigger it: Today's worklist query spent
200 ms compiling for 10 ms of work. It is switched off for this application's connections with
a `SET` when a connection opens (not a startup `options` parameter, which connection poolers
such as PgBouncer refuse)."""

from __future__ import annotations


def connection_settings(sender, connection, **kwargs) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET jit = off")
