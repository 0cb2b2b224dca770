"""Client records. Ids are random UUIDs so URLs reveal nothing about how many clients a clinic
has, and cannot be walked."""

from __future__ import annotations

import uuid
from datetime import date

from django.db import models

from myomap.accounts.models import Clinic


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
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["family_name", "given_name"]
        indexes = [models.Index(fields=["clinic", "family_name", "given_name"])]

    @property
    def age(self) -> int:
        today = date.today()
        before_birthday = (today.month, today.day) < (
            self.date_of_birth.month,
            self.date_of_birth.day,
        )
        return today.year - self.date_of_birth.year - before_birthday

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    def __str__(self) -> str:
        return self.full_name
