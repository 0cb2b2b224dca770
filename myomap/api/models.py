"""Personal API tokens and their rate-limit windows.

A token belongs to one staff member and acts as that person: their clinic and their role are
read from the membership at each request, so a changed role or a deactivated account takes
effect at once. Only a SHA-256 of the token is stored (the token is 256 random bits, so a slow
password hash adds nothing); the owner sees the full token once, when it is issued."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from myomap.accounts.models import Clinic


class ApiToken(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="api_tokens")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    # The first characters of the token, shown in lists so a person can tell tokens apart.
    prefix = models.CharField(max_length=16)
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["clinic", "created_at"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class ApiRateWindow(models.Model):
    """Requests counted per token per fixed window, in the database so every gunicorn worker
    (and every machine on one PostgreSQL) shares the count."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="+")
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["token", "window_start"], name="api_rate_window_once")
        ]

    def __str__(self) -> str:
        return f"{self.token_id} {self.window_start:%H:%M} {self.count}"


class ImportedProvenance(models.Model):
    """Who originally wrote and signed an imported note or addendum, and when: the staff of
    the clinic it came from have no account here, so the rows' own author columns are empty
    (notes) or the importing clinician (addenda), and this keeps the original record."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="+")
    object_type = models.CharField(max_length=20)  # session | addendum
    object_id = models.UUIDField()
    original = models.JSONField()  # {author, signed_by?, signed_at?, at?}
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["object_type", "object_id"], name="imported_provenance_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.object_type} {self.object_id}"
