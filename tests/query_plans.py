"""The database's own plan for a query, as text, for tests that check which index serves it
(no timing): SQLite's `EXPLAIN QUERY PLAN` details or PostgreSQL's `EXPLAIN` lines."""

from __future__ import annotations

from django.db import connection


def query_plan(sql: str, params) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            return "\n".join(str(row[-1]) for row in cursor.fetchall())
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(str(row[0]) for row in cursor.fetchall())
