"""A client's request to have their record erased: kept whether it was carried out or refused
because the clinic's retention period had not ended. Once carried out, the request no longer
points at the client (whose records are gone) and holds no personal data."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from myomap.accounts.models import Clinic
from myomap.records.models.clients import Client


class ErasureOutcome(models.TextChoices):
    REFUSED_RETENTION = "refused", "Refused: the retention period has not ended"
    ERASED = "erased", "Carried out: the client's records were deleted"


class ErasureRequest(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(
        Client, null=True, blank=True, on_delete=models.SET_NULL, related_name="erasure_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(max_length=10, choices=ErasureOutcome.choices)
    retention_years = models.PositiveSmallIntegerField(null=True, blank=True)
    last_care_on = models.DateField(null=True, blank=True)
    possible_from = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["requested_at"]
        indexes = [models.Index(fields=["clinic", "requested_at"])]

    def __str__(self) -> str:
        return f"Erasure request {self.requested_at:%Y-%m-%d}: {self.outcome}"
