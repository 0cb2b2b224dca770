"""The web edge's one table: form submissions already answered, keyed by their one-time token,
so a second post of the same form (a double click, a resent request) writes nothing."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class FormSubmission(models.Model):
    token = models.UUIDField(primary_key=True)  # the hidden `form_token` the form was sent with
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    path = models.CharField(max_length=300)  # the form's action: a token answers one form only
    response_url = models.CharField(max_length=500, blank=True)  # where the first post led
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.path} by {self.user_id}"
