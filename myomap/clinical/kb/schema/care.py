"""Exercises, manual techniques and the five ordered stages of rehabilitation."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from myomap.clinical.kb.schema.common import Confidence, Entry, KbModel, Range

ExerciseKind = Literal[
    "lengthen", "strengthen", "motor_control", "mobility", "endurance", "functional"
]


class ExerciseDose(KbModel):
    """Default dose. Fields stay empty where the clinical notes give no number: the clinician
    sets them, and `note` says so."""

    sets: int | None = None
    repetitions: Range | None = None
    hold: Range | None = None
    frequency: str | None = None
    note: str | None = None
    sources: list[str] = []


class Exercise(Entry):
    name: str
    kind: ExerciseKind
    stages: list[str] = Field(min_length=1)
    strengthens: list[str] = []
    lengthens: list[str] = []
    dose: ExerciseDose
    progression: list[str] = []
    regression: list[str] = []
    instructions: list[str] = Field(min_length=1)
    cautions: list[str] = []
    contraindications: list[str] = []
    confidence: Confidence
    sources: list[str] = Field(min_length=1)


class TechniqueDose(KbModel):
    """One dosing parameter of a technique (hold, discomfort, duration, repetitions...)."""

    parameter: str
    range: Range | None = None
    text: str
    confidence: Confidence
    sources: list[str] = Field(min_length=1)


class PracticeClaim(KbModel):
    """A number the method's pages state without trial support; shown with that warning."""

    claim: str
    support: str
    sources: list[str] = Field(min_length=1)


class Contraindication(Entry):
    text: str


class Evidence(KbModel):
    grade: Literal["moderate", "low", "very_low", "not_assessed"]
    summary: str
    sources: list[str] = []


class Technique(Entry):
    name: str
    also_called: list[str] = []
    description: str
    stages: list[str] = Field(min_length=1)
    dose: list[TechniqueDose] = []
    practice_claims: list[PracticeClaim] = []
    sequence: list[str] = []
    contraindications: list[Contraindication] = []
    cautions: list[str] = []
    evidence: Evidence
    confidence: Confidence
    sources: list[str] = Field(min_length=1)


class Criterion(Entry):
    text: str


class Stage(Entry):
    number: int
    name: str
    goals: list[str] = Field(min_length=1)
    entry_criteria: list[Criterion] = []
    exit_criteria: list[Criterion] = []
    note: str | None = None
    sources: list[str] = Field(min_length=1)
