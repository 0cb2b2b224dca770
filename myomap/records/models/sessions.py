"""Treatment sessions (docs/clinical-rules.md, session notes): the SOAP note of one visit, the
techniques applied with their doses, the re-examination that feeds the progress engine, and — once
signed — nothing more but addenda. Signed notes are immutable at three levels: the services refuse,
the pages offer no edit, and database triggers (migration 0005) reject any UPDATE or DELETE of a
signed note, of its technique rows, and of any addendum."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from myomap.accounts.models import Clinic
from myomap.records.models.clients import Episode
from myomap.records.models.plans import Plan


class RedFlagRescreen(models.TextChoices):
    NONE_NEW = "none_new", "Re-screened: no new red flag"
    NEW_FLAG = "new_flag", "Re-screened: a new red flag (treatment stopped)"


class TreatmentSession(models.Model):
    """Named TreatmentSession so it is never confused with Django's login session."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="sessions")
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="sessions")
    # The plan version in force when the note was written (its stage prefilled the note).
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="sessions")
    number = models.PositiveSmallIntegerField()  # 1 = first treatment of the episode
    seen_on = models.DateField()
    stage = models.CharField(max_length=30)  # a KB stage id
    nprs_before = models.PositiveSmallIntegerField()
    nprs_after = models.PositiveSmallIntegerField(null=True, blank=True)
    discomfort = models.PositiveSmallIntegerField(null=True, blank=True)  # during treatment, 0-10
    red_flag_rescreen = models.CharField(max_length=10, choices=RedFlagRescreen.choices)
    red_flag_note = models.TextField(blank=True)
    subjective = models.TextField(blank=True)
    objective = models.TextField(blank=True)
    assessment = models.TextField(blank=True)
    plan_next = models.TextField(blank=True)  # the P of SOAP
    # Re-examination, each a list of {"muscle", "side"}; null = not examined at this visit
    # (the progress engine then settles nothing from it), [] = examined, none found.
    muscles_in_spasm = models.JSONField(null=True, blank=True)
    trigger_points = models.JSONField(null=True, blank=True)  # [{muscle, side, released}]
    muscles_shortened = models.JSONField(null=True, blank=True)
    muscles_weak = models.JSONField(null=True, blank=True)
    pelvis_level = models.BooleanField(null=True, blank=True)
    criteria_met = models.JSONField(default=list, blank=True)  # plan criterion ids ticked
    exercises = models.JSONField(default=list, blank=True)  # [{exercise, dose}] reviewed/given
    aftercare = models.JSONField(default=list, blank=True)  # aftercare ids given
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["episode", "number"], name="session_number_unique"),
            models.CheckConstraint(
                condition=models.Q(nprs_before__lte=10), name="session_nprs_before_range"
            ),
            models.CheckConstraint(
                condition=models.Q(nprs_after__lte=10) | models.Q(nprs_after__isnull=True),
                name="session_nprs_after_range",
            ),
            models.CheckConstraint(
                condition=models.Q(discomfort__lte=10) | models.Q(discomfort__isnull=True),
                name="session_discomfort_range",
            ),
        ]
        indexes = [
            models.Index(fields=["clinic", "episode"]),
            models.Index(fields=["clinic", "signed_at"]),
            # An episode's last visit (Today orders its worklist by it): one index probe.
            models.Index(fields=["episode", "seen_on"], name="session_episode_seen_on"),
            # Today's "my caseload": did this clinician write a note in this episode — one
            # probe, not a read of the episode's notes.
            models.Index(fields=["episode", "created_by"], name="session_episode_author"),
            # Today's "unsigned notes" of one clinician, oldest first, and their count: only
            # the drafts are in it, in the order the panel lists them.
            models.Index(
                fields=["clinic", "created_by", "seen_on", "number"],
                condition=models.Q(signed_at__isnull=True),
                name="session_draft_by_author",
            ),
        ]

    def __str__(self) -> str:
        return f"Session {self.number}"

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None


class TechniqueApplied(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(
        TreatmentSession, on_delete=models.CASCADE, related_name="techniques"
    )
    position = models.PositiveSmallIntegerField()
    technique = models.CharField(max_length=60)  # a KB technique id, checked by the service
    muscle = models.CharField(max_length=60, blank=True)  # a KB muscle id, or none (heat)
    side = models.CharField(max_length=10, blank=True)
    pressure_lb = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    hold_seconds = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    repetitions = models.PositiveSmallIntegerField(null=True, blank=True)
    minutes = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    # Required when a dose is outside the knowledge base's protocol range for the technique.
    outside_protocol_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return f"{self.technique} {self.muscle} {self.side}".strip()


class Addendum(models.Model):
    """A correction or later note on a signed session. Never edited; deletion is kept for
    erasure on request."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(TreatmentSession, on_delete=models.PROTECT, related_name="addenda")
    text = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Addendum to {self.session}"


class ProposalKind(models.TextChoices):
    ADVANCE = "advance", "Advance to the next stage"
    NON_RESPONDER = "non_responder", "Non-responder alert"
    DISCHARGE = "discharge", "Discharge to maintenance"


class ProposalDecision(models.TextChoices):
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class ProgressDecision(models.Model):
    """The clinician's answer to one engine proposal at one session, with the reason."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    episode = models.ForeignKey(
        Episode, on_delete=models.PROTECT, related_name="progress_decisions"
    )
    kind = models.CharField(max_length=15, choices=ProposalKind.choices)
    at_session = models.PositiveSmallIntegerField()
    proposal = models.JSONField(default=dict)  # what the engine proposed (e.g. advance_to)
    decision = models.CharField(max_length=10, choices=ProposalDecision.choices)
    reason = models.TextField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decided_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["episode", "kind", "at_session"], name="progress_decision_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.decision} at session {self.at_session}"


class ExerciseStop(models.Model):
    """The clinician stopped a home exercise (it hurt, it was replaced, it is no longer needed),
    with the reason. The home programme is every exercise given in a note and not stopped
    since; giving it again in a later note brings it back."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="exercise_stops")
    exercise = models.CharField(max_length=60)  # a KB exercise id
    # The latest session number when it was stopped: a note after it may give it again.
    after_session = models.PositiveSmallIntegerField()
    reason = models.TextField()
    stopped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    stopped_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["stopped_at"]
        indexes = [models.Index(fields=["clinic", "episode"])]

    def __str__(self) -> str:
        return f"{self.exercise} stopped after session {self.after_session}"
