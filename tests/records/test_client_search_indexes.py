"""Which index serves the client name search, read from the database's own query plan (no
timing), at a clinic group's number of clients. On PostgreSQL the trigram indexes answer a
word that matches few names, which they can only do when they take new names straight into the
index: with GIN's default pending list every name written in bulk waits there, the planner
costs the index above a scan, and the search reads every client (migration `records/0015`).
On SQLite the search walks the clinic's name-ordered index (docs/scale.md)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import connection

from myomap.records.models import Client
from myomap.records.selectors import _client_search
from tests.query_plans import query_plan

TRIGRAM_INDEXES = ("client_given_trgm", "client_family_trgm")
CLIENTS = 5000
GIVEN = ("Ada", "Ben", "Cy", "Dora", "Emil", "Fay", "Gus", "Hana")
FAMILY = ("Lovelace", "Okafor", "Twombly", "Nakamura", "Silva", "Novak", "Haddad", "Berg")


def _many_clients(clinic) -> None:
    Client.objects.bulk_create(
        Client(
            clinic=clinic,
            given_name=GIVEN[n % len(GIVEN)],
            family_name=f"{FAMILY[n % len(FAMILY)]}{n // len(FAMILY)}",
            date_of_birth=date(1950, 1, 1) + timedelta(days=n),
            sex="female" if n % 2 else "male",
            occupation="desk",
        )
        for n in range(CLIENTS)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # what `myomap init` and the server's upkeep do


def test_a_name_that_matches_no_one_is_looked_up_in_an_index_not_read_from_every_client(owner):
    _many_clients(owner.clinic)
    search = _client_search(Client.objects.filter(clinic=owner.clinic), "qzx").order_by(
        "family_name", "given_name", "id"
    )[:51]
    sql, params = search.query.sql_with_params()
    plan = query_plan(sql, params)
    if connection.vendor == "postgresql":
        assert all(name in plan for name in TRIGRAM_INDEXES), plan
    else:
        assert "client_name_order" in plan, plan


def test_the_trigram_indexes_keep_no_pending_list(db):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # No trigram index on SQLite: the migration leaves the schema as it was.
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE '%trgm'"
            )
            assert cursor.fetchall() == []
            return
        cursor.execute(
            "SELECT relname, reloptions FROM pg_class WHERE relname = ANY(%s)",
            [list(TRIGRAM_INDEXES)],
        )
        options = dict(cursor.fetchall())
    assert options == {name: ["fastupdate=off"] for name in TRIGRAM_INDEXES}
