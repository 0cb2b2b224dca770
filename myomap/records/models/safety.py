"""The safety part of a visit: the health and medication re-screen, and the neurological
re-check for radicular plans (docs/precautions.md). Kept beside the session note, one per
session, so the note's own fields and validation stay as they are."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from myomap.accounts.models import Clinic
from myomap.records.models.sessions import TreatmentSession


class NeuroResult(models.TextChoices):
    SAME = "same", "Same as before"
    BETTER = "better", "Better"
    WORSE = "worse", "Worse"
    NOT_DONE = "not_done", "Not checked"


class SessionSafetyCheck(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="safety_checks")
    session = models.OneToOneField(
        TreatmentSession, on_delete=models.PROTECT, related_name="safety_check"
    )
    health_changed = models.BooleanField()  # "any change in health or medication?"
    health_note = models.TextField(blank=True)
    precautions_added = models.JSONField(default=list, blank=True)  # precaution ids
    precautions_removed = models.JSONField(default=list, blank=True)
    gestation_weeks = models.PositiveSmallIntegerField(null=True, blank=True)
    neuro = models.JSONField(default=dict, blank=True)  # re-check item id → NeuroResult
    neuro_note = models.TextField(blank=True)
    # The red-flag rule a worse re-check escalated to: {rule, condition, urgency, action}.
    escalation = models.JSONField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["clinic", "session"]),
            # Pages look for escalated checks (rare) among all of a clinic's checks (one per
            # visit): this index holds only the escalated ones.
            models.Index(
                fields=["clinic", "session"],
                condition=models.Q(escalation__isnull=False),
                name="safety_check_escalated",
            ),
        ]

    def __str__(self) -> str:
        return f"Safety check for {self.session}"
