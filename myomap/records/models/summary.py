"""What Today shows of each episode's state, kept per episode so that a worklist page does not
rebuild every episode's state from all of its notes and its plan (docs/episode-state.md,
"Today reads a summary").

Derived data, never clinical input: `overview` is the episode read model's own answer
(`records.episodes.state.episode_overview`), stored by the services that change its inputs, in
the same transaction. The database keeps it honest: triggers (migration `records/0013`) add one
to `revision` whenever an input of the state changes — a note, a decision, a plan, the latest
assessment's screen, a referral, a visit's safety check, the episode's status — whoever writes
it, and create the row with each episode. The overview may be used only while
`computed_revision == revision` and `kb_version` is the knowledge base in force; otherwise the
reader computes the state from the rows."""

from __future__ import annotations

from django.db import models

from myomap.accounts.models import Clinic
from myomap.records.models.clients import Episode

# The summaries Today lists first: a red flag, or out of date (its state unknown until it is
# computed again). The worklist's order and the partial index that serves it are this one
# condition.
SUMMARY_LISTED_FIRST = models.Q(red_flag=True) | models.Q(
    computed_revision__lt=models.F("revision")
)


class EpisodeSummary(models.Model):
    # Created and deleted with its episode by the database (triggers), so no Python-side
    # cascade: deleting an episode counts and deletes only clinical rows.
    episode = models.OneToOneField(
        Episode, primary_key=True, on_delete=models.DO_NOTHING, related_name="summary"
    )
    clinic = models.ForeignKey(Clinic, on_delete=models.DO_NOTHING, related_name="+")
    revision = models.PositiveIntegerField(default=1)  # +1 at every change of an input
    computed_revision = models.PositiveIntegerField(default=0)  # the revision `overview` is of
    kb_version = models.CharField(max_length=64, blank=True)
    overview = models.JSONField(default=dict, blank=True)
    # `overview.raises_red_flag`, stored beside it so that Today's order can put red flags
    # first without reading the JSON (migration `records/0017`).
    red_flag = models.BooleanField(default=False, db_default=False)  # rows made by triggers

    class Meta:
        indexes = [
            # The episodes Today lists first: a red flag, or a summary out of date, whose
            # state is not known until it is computed again (so it is never left on a later
            # page). A handful per clinic, so each worklist episode is one probe of a tiny index.
            models.Index(
                fields=["episode"], condition=SUMMARY_LISTED_FIRST, name="summary_first_on_today"
            )
        ]

    def __str__(self) -> str:
        return f"Summary of episode {self.episode_id}"

    @property
    def is_current(self) -> bool:
        """Of the latest revision of the inputs (the knowledge-base version is checked by the
        reader, which knows the one in force)."""
        return self.computed_revision == self.revision
