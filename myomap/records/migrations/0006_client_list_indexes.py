"""Indexes for the paginated client list and its search (docs/scale.md).

On PostgreSQL the name search (`icontains`, which Django writes as `UPPER(col) LIKE UPPER(…)`)
is served by trigram GIN indexes on the upper-cased names; this needs the `pg_trgm` extension,
which ships with PostgreSQL and which a database owner may create (it is a trusted extension).
On SQLite these steps do nothing: the search there walks one clinic's name-ordered index."""

from django.db import migrations, models

TRIGRAM = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS client_given_trgm ON records_client "
    "USING gin (UPPER(given_name) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS client_family_trgm ON records_client "
    "USING gin (UPPER(family_name) gin_trgm_ops)",
]
TRIGRAM_DROP = [
    "DROP INDEX IF EXISTS client_given_trgm",
    "DROP INDEX IF EXISTS client_family_trgm",
]


def _on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("records", "0005_sessions"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="client", name="records_cli_clinic__af4f90_idx"),
        migrations.AddIndex(
            model_name="client",
            index=models.Index(
                fields=["clinic", "family_name", "given_name", "id"], name="client_name_order"
            ),
        ),
        migrations.AddIndex(
            model_name="client",
            index=models.Index(fields=["clinic", "date_of_birth"], name="client_born"),
        ),
        migrations.RunPython(_on_postgresql(TRIGRAM), _on_postgresql(TRIGRAM_DROP)),
    ]
