"""The client name search's trigram indexes take each new name into the index itself, not into
a pending list (PostgreSQL only; nothing on SQLite).

A GIN index's default (`fastupdate`) collects new entries in an unsorted pending list that every
search reads in full, until a vacuum or a 4 MB list folds it into the index. A clinic adds its
clients a few at a time, so the list can hold every client for weeks: measured at 10,000
clients with all of them pending, the planner costed the trigram index above a scan of the
clinic's names, and a word that matches no one read all 10,000 names (6.7 ms); with the list
folded in, the index answers it in 0.24 ms. A client is created far less often than searched
for, so the cost of writing each name into the index at once does not matter."""

from django.db import migrations

INDEXES = ("client_given_trgm", "client_family_trgm")


def _pending_list(enabled: bool):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for name in INDEXES:
            schema_editor.execute(
                f"ALTER INDEX {name} SET (fastupdate = {'on' if enabled else 'off'})"
            )
            if not enabled:
                # Turning the option off keeps what is already pending; fold it in now.
                schema_editor.execute(f"SELECT gin_clean_pending_list('{name}'::regclass)")

    return run


class Migration(migrations.Migration):
    dependencies = [("records", "0014_worklist_caseload_indexes")]

    operations = [migrations.RunPython(_pending_list(False), _pending_list(True))]
