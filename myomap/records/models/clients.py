"""Client records. Ids are random UUIDs so URLs reveal nothing about how many clients a clinic
has, and cannot be walked."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from myomap.accounts.models import Clinic
from myomap.today import clinic_today


class Sex(models.TextChoices):
    # Mirrors FHIR AdministrativeGender so export is a mapping, not a translation.
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    OTHER = "other", "Other"
    UNKNOWN = "unknown", "Not recorded"


class Occupation(models.TextChoices):
    DESK = "desk", "Desk-based work"
    MANUAL = "manual", "Manual or physical work"
    ATHLETE = "athlete", "Athlete / sport"
    OTHER = "other", "Other"


class Client(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="clients")
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=10, choices=Sex.choices)
    occupation = models.CharField(max_length=10, choices=Occupation.choices)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    # Administrative notes only (access needs, preferred contact time); clinical notes live in
    # assessments and sessions, which the front desk cannot see.
    notes = models.TextField(blank=True)
    address = models.TextField(max_length=500, blank=True)
    # The letter to the GP is addressed to them.
    gp_name = models.CharField("GP's name", max_length=150, blank=True)
    gp_practice = models.TextField("GP practice and address", max_length=500, blank=True)
    emergency_contact = models.CharField(
        max_length=200, blank=True, help_text="Name, relationship and phone number."
    )
    consent_treatment_on = models.DateField("Consent to treatment given on", null=True, blank=True)
    # Who recorded the consent is set by the service from the acting user, never from the form.
    consent_treatment_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    consent_communications = models.BooleanField(
        "Agrees to be contacted by email or text (reminders, exercise sheets)", default=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["family_name", "given_name"]
        # The client list pages through this order (keyset on name and id) and searches by
        # date of birth; PostgreSQL also has trigram indexes for the name search (migration
        # 0006, docs/scale.md).
        indexes = [
            models.Index(
                fields=["clinic", "family_name", "given_name", "id"], name="client_name_order"
            ),
            models.Index(fields=["clinic", "date_of_birth"], name="client_born"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def age(self) -> int:
        today = clinic_today()
        before_birthday = (today.month, today.day) < (
            self.date_of_birth.month,
            self.date_of_birth.day,
        )
        return today.year - self.date_of_birth.year - before_birthday

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"


class EpisodeStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    REFERRED = "referred", "Referred for medical assessment"
    DISCHARGED = "discharged", "Discharged"
    MAINTENANCE = "maintenance", "Maintenance"


# Open episodes: the ones on Today's worklist whatever their dates (maintenance ones join it
# only when their check is due). A partial index holds them (see Episode.Meta).
EPISODE_OPEN_STATUSES = (EpisodeStatus.ACTIVE, EpisodeStatus.REFERRED)


class Episode(models.Model):
    """One episode of back pain, from first contact to discharge. Clinical: front desk never
    sees it. `clinic` repeats the client's clinic so every query can be scoped in one filter."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="episodes")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="episodes")
    onset_date = models.DateField()
    complaint = models.TextField()
    recurrent = models.BooleanField(default=False)
    status = models.CharField(
        max_length=12, choices=EpisodeStatus.choices, default=EpisodeStatus.ACTIVE
    )
    status_note = models.TextField(blank=True)
    # Discharge (to maintenance or fully): when and why, as the clinician confirmed it; kept
    # after a reopening so the record says what happened. See docs/episode-state.md.
    discharged_on = models.DateField(null=True, blank=True)
    discharge_reason = models.TextField(blank=True)
    # The next maintenance check the clinician set at discharge to maintenance (no source fixes
    # an interval, so it is their choice); Today lists the episode from that day.
    maintenance_check_on = models.DateField(null=True, blank=True)
    reopen_reason = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-onset_date", "-created_at"]
        # With the check date, Today's "maintenance check due" filter reads only the due ones,
        # not every maintenance episode of the clinic's history.
        indexes = [
            models.Index(fields=["clinic", "status", "maintenance_check_on"]),
            # The open episodes, a few percent of a clinic with years of history. SQLite keeps
            # no per-value statistics: from the status column's average (a third of the rows
            # per value) it chose to read the whole table for Today. This index's own
            # statistics tell it how few the open ones are, when the query names the statuses
            # as constants (`episode_open_condition` in records/worklist.py).
            models.Index(
                fields=["clinic"],
                condition=models.Q(status__in=EPISODE_OPEN_STATUSES),
                name="episode_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client} — {self.onset_date:%d %b %Y}"
