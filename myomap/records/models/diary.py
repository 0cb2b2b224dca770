"""The client's diary between visits (docs/portal.md, between visits): what the client reports
through the portal — pain, which home exercises they did, how hard and how painful each was —
the reminder cadence the clinician sets for the episode, and the pain-rise alerts the entries
raise for Today.

Client-reported, never clinical fact: an entry is kept as the client sent it and never edited.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from myomap.accounts.models import Clinic
from myomap.records.models.clients import Episode

COMMENT_MAX = 1_000
DEFAULT_REMINDER_DAYS = 7  # weekly: more often is answered less often


class DiaryEntry(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="diary_entries")
    entry_date = models.DateField()
    nprs = models.PositiveSmallIntegerField()
    # One row per exercise of the programme shown on the form, in its order:
    # [{"exercise": KB id, "name", "done": bool, "effort": 0-10 | None, "pain": 0-10 | None}]
    exercises = models.JSONField(default=list, blank=True)
    # Kept beside the rows so adherence is summed by the database, not parsed per row.
    exercises_listed = models.PositiveSmallIntegerField(default=0)
    exercises_done = models.PositiveSmallIntegerField(default=0)
    comment = models.TextField(max_length=COMMENT_MAX, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["entry_date"]
        constraints = [
            models.UniqueConstraint(fields=["episode", "entry_date"], name="diary_entry_one_a_day"),
            models.CheckConstraint(condition=models.Q(nprs__lte=10), name="diary_entry_nprs_range"),
            models.CheckConstraint(
                condition=models.Q(exercises_done__lte=models.F("exercises_listed")),
                name="diary_entry_done_le_listed",
            ),
        ]
        indexes = [models.Index(fields=["clinic", "episode", "entry_date"])]

    def __str__(self) -> str:
        return f"Diary {self.entry_date:%Y-%m-%d}"


class DiarySettings(models.Model):
    """Per episode: how often the client is reminded (0 = no reminders), and when next."""

    episode = models.OneToOneField(
        Episode, on_delete=models.PROTECT, primary_key=True, related_name="diary_settings"
    )
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    reminder_days = models.PositiveSmallIntegerField(default=DEFAULT_REMINDER_DAYS)
    # The cron command sends what is due on or before today, in one indexed query.
    next_reminder_on = models.DateField(null=True, blank=True)
    last_reminder_on = models.DateField(null=True, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["next_reminder_on"], name="diary_reminder_due")]

    def __str__(self) -> str:
        return f"Diary reminders every {self.reminder_days} days"


class DiaryAlert(models.Model):
    """Diary pain rose by the NPRS MCID or more on two consecutive entries. Open until a
    clinician marks it reviewed; at most one open alert per episode."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="diary_alerts")
    first_entry = models.ForeignKey(DiaryEntry, on_delete=models.PROTECT, related_name="+")
    last_entry = models.ForeignKey(DiaryEntry, on_delete=models.PROTECT, related_name="+")
    reference_nprs = models.DecimalField(max_digits=4, decimal_places=1)
    reference_label = models.CharField(max_length=80)  # "session 3, on arrival"
    threshold = models.DecimalField(max_digits=4, decimal_places=1)
    raised_at = models.DateTimeField(auto_now_add=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    review_note = models.TextField(blank=True)

    class Meta:
        ordering = ["raised_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["episode"],
                condition=models.Q(reviewed_at__isnull=True),
                name="diary_alert_one_open",
            )
        ]
        indexes = [models.Index(fields=["clinic", "reviewed_at"], name="diary_alert_open")]

    def __str__(self) -> str:
        return f"Diary pain alert {self.raised_at:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.reviewed_at is None
