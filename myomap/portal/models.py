"""Portal links and the portal's own sessions. Neither row holds a raw token: only its SHA-256
digest (the token carries 256 random bits, so the digest cannot be reversed or guessed)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from myomap.accounts.models import Clinic
from myomap.records.models import Client, Episode


class PortalPurpose(models.TextChoices):
    PRE_VISIT = "pre_visit", "Before the visit: questionnaires and pain drawing"
    BETWEEN_VISITS = "between_visits", "Between visits: home programme and diary"


class PortalLink(models.Model):
    """One link for one client and one purpose. Valid until `expires_at` unless revoked; the
    date-of-birth check counts failures here so the limit holds across browsers."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="portal_links")
    # The episode the answers are for; null when the client has no episode yet (the draft then
    # waits for the client's next assessment).
    episode = models.ForeignKey(
        Episode, null=True, blank=True, on_delete=models.PROTECT, related_name="portal_links"
    )
    purpose = models.CharField(max_length=20, choices=PortalPurpose.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    sent_to = models.EmailField(blank=True)  # where it was emailed, if it was
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    last_opened_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["clinic", "client"], name="portal_link_client")]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} link for {self.client_id}"


class PortalSession(models.Model):
    """A browser holding a link. Its cookie is a random key (stored as a digest); it becomes
    verified when the date of birth is confirmed, and ends after a spell of idleness."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    link = models.ForeignKey(PortalLink, on_delete=models.CASCADE, related_name="sessions")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    last_seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"portal session of link {self.link_id}"


class PortalFormSubmission(models.Model):
    """A portal form's one-time token, claimed in the same transaction as the form's writes (the
    portal's counterpart of the staff forms' claims, keyed by link instead of user)."""

    token = models.UUIDField(primary_key=True)
    link = models.ForeignKey(PortalLink, on_delete=models.CASCADE, related_name="+")
    path = models.CharField(max_length=300)
    response_url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.path} by link {self.link_id}"


class PreVisitStatus(models.TextChoices):
    DRAFT = "draft", "Being filled in"
    SUBMITTED = "submitted", "Sent to the clinic"


class PreVisitAnswers(models.Model):
    """What the client answered before the visit, one set per link. Client-reported: it becomes
    part of an assessment only when a clinician accepts it (`accepted_into`), and then through
    the assessment's own services.

    Shapes (each validated by the portal's services before saving; {} / [] / None = not
    answered yet): red_flags {finding id: yes|no|unsure}; nprs 0-10; psfs [{activity,
    rating}]; health {pregnant: yes|no, gestation_weeks, anticoagulant: yes|no|unsure,
    answers {precaution id: yes|no|unsure}, conditions, medications}; pain [{region, intensity,
    quality}] (the pain map's cleaned form); measures {instrument id: answers} for the licensed
    questionnaires (odi, rmdq, start_back, fabq), in the shape their scorer takes."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    link = models.OneToOneField(PortalLink, on_delete=models.CASCADE, related_name="previsit")
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="previsit_answers")
    episode = models.ForeignKey(
        Episode, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    red_flags = models.JSONField(default=dict, blank=True)
    nprs = models.PositiveSmallIntegerField(null=True, blank=True)
    psfs = models.JSONField(default=list, blank=True)
    health = models.JSONField(default=dict, blank=True)
    pain = models.JSONField(default=list, blank=True)
    measures = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=10, choices=PreVisitStatus.choices, default=PreVisitStatus.DRAFT
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    # Set when sent: a warning-sign question answered "yes" (Today's banner filters on it).
    reports_red_flag = models.BooleanField(default=False)
    accepted_into = models.ForeignKey(
        "records.Assessment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_parts = models.JSONField(default=list, blank=True)  # which parts were copied
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(
                fields=["clinic", "reports_red_flag", "accepted_at"], name="previsit_red_flag"
            ),
            models.Index(fields=["client", "status"], name="previsit_client"),
        ]

    def __str__(self) -> str:
        return f"pre-visit answers of {self.client_id} ({self.status})"
