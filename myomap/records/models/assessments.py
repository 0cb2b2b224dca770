"""Assessments (initial and re-assessment) of an episode, the clinician's palpation findings per
muscle, and what was done after an emergency or urgent red-flag result.

Structured inputs that the engine reads as one document per section (red-flag screen,
questionnaires, severity, posture) are stored as JSON validated by the services before saving;
palpation findings are rows because they are listed, edited and counted one by one. Every stored
engine result keeps the `kb_version` that produced it, so a past result can be explained as it was,
inside the result itself."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models

from myomap.accounts.models import Clinic
from myomap.records.models.clients import Episode


class AssessmentKind(models.TextChoices):
    INITIAL = "initial", "Initial assessment"
    REASSESSMENT = "reassessment", "Re-assessment"


class Assessment(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="assessments")
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="assessments")
    kind = models.CharField(max_length=12, choices=AssessmentKind.choices)
    number = models.PositiveSmallIntegerField()
    assessed_on = models.DateField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Inputs, one document per section; an empty dict means "not assessed yet".
    # triage: {findings: [ids], onset_age, duration_weeks}
    triage_input = models.JSONField(default=dict, blank=True)
    # measures: {odi: [0-5|None ×10], rmdq: [bool ×24], start_back: {items, item9}, nprs: n,
    #            psfs: [{activity, rating}], fabq: [0-6 ×16]}
    measures_input = models.JSONField(default=dict, blank=True)
    severity_input = models.JSONField(default=dict, blank=True)
    posture_input = models.JSONField(default=dict, blank=True)
    # health and precautions (docs/precautions.md): {findings: [ids], gestation_weeks,
    # conditions, medications, anticoagulant: yes|no, clinician_scope}
    precautions_input = models.JSONField(default=dict, blank=True)

    # Engine results as returned (each carries reasons and kb_version); null = not run.
    triage_result = models.JSONField(null=True, blank=True)
    scores = models.JSONField(default=dict, blank=True)  # instrument id → score result
    severity_result = models.JSONField(null=True, blank=True)
    leg_length_result = models.JSONField(null=True, blank=True)
    reasoning_result = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["episode", "number"], name="assessment_number_unique")
        ]
        indexes = [
            models.Index(fields=["clinic", "episode"]),
            # Today's "my caseload": did this clinician assess this episode (one probe).
            models.Index(fields=["episode", "created_by"], name="assessment_episode_author"),
        ]

    def __str__(self) -> str:
        return f"{self.label} — {self.assessed_on:%d %b %Y}"

    @property
    def label(self) -> str:
        """One numbering everywhere: "Initial assessment", then "Re-assessment 1", "2", …"""
        if self.number == 1:
            return "Initial assessment"
        return f"Re-assessment {self.number - 1}"

    @property
    def urgency(self) -> str | None:
        return (self.triage_result or {}).get("urgency")


class FindingSide(models.TextChoices):
    LEFT = "left", "Left"
    RIGHT = "right", "Right"
    BILATERAL = "bilateral", "Both sides"


class TriggerPointState(models.TextChoices):
    NONE = "none", "None found"
    LATENT = "latent", "Latent"
    ACTIVE = "active", "Active"


class Sensation(models.TextChoices):
    # The pain qualities of the assessment document (myomap/clinical/assessment.py).
    ACHE = "ache", "Ache"
    SHARP = "sharp", "Sharp"
    BURNING = "burning", "Burning"
    TINGLING = "tingling", "Tingling"
    NUMBNESS = "numbness", "Numbness"
    HOT = "hot", "Heat"
    COLD = "cold", "Cold"


class MuscleFinding(models.Model):
    """One palpated muscle on one side, as the clinician found it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="muscle_findings"
    )
    muscle = models.CharField(max_length=60)  # a KB muscle id, checked by the service
    side = models.CharField(max_length=10, choices=FindingSide.choices)
    trigger_point = models.CharField(
        max_length=8, choices=TriggerPointState.choices, default=TriggerPointState.NONE
    )
    taut_band = models.BooleanField(default=False)
    nodule = models.BooleanField(default=False)
    local_twitch = models.BooleanField(default=False)
    referral_reproduced = models.BooleanField(default=False)
    referral_sensation = models.CharField(max_length=10, choices=Sensation.choices, blank=True)
    spasm = models.BooleanField(default=False)
    shortened = models.BooleanField(default=False)
    weak = models.BooleanField(default=False)
    tenderness = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(3)]
    )
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "muscle", "side"], name="muscle_finding_unique_side"
            ),
            models.CheckConstraint(
                condition=models.Q(tenderness__lte=3) | models.Q(tenderness__isnull=True),
                name="muscle_finding_tenderness_0_3",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.muscle} ({self.side})"


class RedFlagAction(models.Model):
    """What the clinician did after an emergency or urgent triage: the hard stop
    (docs/clinical-rules.md, triage) lifts only once one of these exists for the assessment."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="red_flag_actions"
    )
    urgency = models.CharField(max_length=20)  # the triage urgency this action answered
    referred_to = models.CharField(max_length=200)
    referred_on = models.DateField()
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at"]

    def __str__(self) -> str:
        return f"Referred to {self.referred_to} on {self.referred_on:%d %b %Y}"
