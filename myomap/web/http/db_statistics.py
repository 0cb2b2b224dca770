"""Query-planner statistics kept fresh (docs/scale.md).

SQLite gathers no statistics on its own; without them it picks the wrong index on a large
clinic (a notes query 1.3 s instead of 0.1 s). `myomap init` runs a full `ANALYZE`; while
serving, every `EVERY`-th request of a process ends with a sampled `ANALYZE` (bounded by
`analysis_limit`, a few milliseconds at 200,000 notes), so the statistics follow the data as
it grows. PostgreSQL's autovacuum keeps its own statistics; nothing is done there."""

from __future__ import annotations

import itertools
from collections.abc import Callable

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse

EVERY = 1000  # requests per process between refreshes
ANALYSIS_LIMIT = 1000  # rows sampled per index


def statistics_refresh(*, full: bool = False) -> bool:
    """Refresh the planner's statistics; True when something was run."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA analysis_limit={0 if full else ANALYSIS_LIMIT}")
            cursor.execute("ANALYZE")
        return True
    if full and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        return True
    return False


class StatisticsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.requests = itertools.count(1)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if next(self.requests) % EVERY == 0:
            try:
                statistics_refresh()
            except DatabaseError:  # busy or read-only: the next refresh will do
                pass
        return response
