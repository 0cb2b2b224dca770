# Today lists red flags first (docs/episode-state.md): each summary stores whether its overview
# raises one, beside the overview, with a partial index of the episodes Today puts first.

from django.db import migrations, models

# The overviews stored before this column was known to nobody: they count as out of date, so
# Today lists them first until `myomap init` (which runs right after migrating) or the next
# reader computes them again, and stores `red_flag` with each.
MARK_OUT_OF_DATE = "UPDATE records_episodesummary SET computed_revision = 0"


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_clinic_record_retention"),
        ("records", "0016_draft_notes_by_author"),
    ]

    operations = [
        # Added in place, not by Django's SQLite way of copying the table into a new one:
        # the summary triggers on every input table name this table, and dropping it would
        # break them. The column's default is what the triggers' inserts get.
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE records_episodesummary "
                    "ADD COLUMN red_flag boolean NOT NULL DEFAULT false",
                    "ALTER TABLE records_episodesummary DROP COLUMN red_flag",
                )
            ],
            state_operations=[
                migrations.AddField(
                    model_name="episodesummary",
                    name="red_flag",
                    field=models.BooleanField(db_default=False, default=False),
                )
            ],
        ),
        migrations.RunSQL(MARK_OUT_OF_DATE, migrations.RunSQL.noop),
        migrations.AddIndex(
            model_name="episodesummary",
            index=models.Index(
                condition=models.Q(("red_flag", True))
                | models.Q(("computed_revision__lt", models.F("revision"))),
                fields=["episode"],
                name="summary_first_on_today",
            ),
        ),
    ]
