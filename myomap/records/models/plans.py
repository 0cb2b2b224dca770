"""Treatment plans: every generation and every clinician edit is a new numbered version of the
plan for one assessment, so a past plan can always be shown and explained as it was
(docs/clinical-rules.md, plan rules: each keeps the engine output with its `kb_version` and the
document it was built from)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from myomap.accounts.models import Clinic
from myomap.records.models.assessments import Assessment
from myomap.records.models.clients import Episode


class PlanOrigin(models.TextChoices):
    GENERATED = "generated", "Generated from the assessment"
    EDITED = "edited", "Edited by a clinician"


class Plan(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="plans")
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="plans")
    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="plans")
    version = models.PositiveIntegerField()
    origin = models.CharField(max_length=10, choices=PlanOrigin.choices)
    # The assessment document as sent to the engine (without overrides) and the engine output.
    document = models.JSONField()
    output = models.JSONField()
    kb_version = models.CharField(max_length=64)
    # Clinician overrides applied to this version, oldest first; each has a required reason:
    # [{action, item?, stage?, muscle?, side?, reason, by, at}]
    overrides = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["version"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "version"], name="plan_version_unique")
        ]
        indexes = [models.Index(fields=["clinic", "episode"])]

    def __str__(self) -> str:
        return f"Plan v{self.version}"

    @property
    def status(self) -> str:
        return self.output.get("status", "")
