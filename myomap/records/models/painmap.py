"""The client's pain drawing for one assessment: one row per body-chart region marked, with an
optional intensity (0–10) and sensation quality. Region ids are the knowledge base's."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from myomap.clinical.kb import get_kb
from myomap.records.models.assessments import Assessment


class PainQuality(models.TextChoices):
    # The assessment document's (myomap/clinical/assessment.py) pain qualities, in the same order.
    ACHE = "ache", "Ache"
    SHARP = "sharp", "Sharp"
    BURNING = "burning", "Burning"
    TINGLING = "tingling", "Tingling"
    NUMBNESS = "numbness", "Numbness"
    HOT = "hot", "Hot"
    COLD = "cold", "Cold"


def validate_region_id(value: str) -> None:
    if value not in get_kb().regions:
        raise ValidationError(f"{value!r} is not a body-chart region of the knowledge base.")


class PainMapEntry(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="pain_entries"
    )
    region = models.CharField(max_length=40, validators=[validate_region_id])
    # Null = marked but not rated; the ranking then counts it as a middling pain.
    intensity = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    quality = models.CharField(max_length=10, choices=PainQuality.choices, blank=True)

    class Meta:
        ordering = ["region"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "region"], name="pain_entry_region_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(intensity__isnull=True) | models.Q(intensity__lte=10),
                name="pain_entry_intensity_0_10",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.intensity if self.intensity is not None else '–'}"
