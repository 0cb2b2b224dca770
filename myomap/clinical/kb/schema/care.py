"""Exercises, manual techniques and the five ordered stages of rehabilitation."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from myomap.clinical.kb.schema.common import Confidence, Entry, KbModel, Range

ExerciseKind = Literal[
    "lengthen",
    "strengthen",
    "motor_control",
    "mobility",
    "endurance",
    "functional",
    "activity",
    "education",
]
# Client states that rule an exercise out of automatic selection (docs/exercise-selection.md).
ClientState = Literal["older_adult", "severe", "high_risk", "acute", "radicular"]
# Reported difficulties and work demands an exercise rehearses.
Demand = Literal[
    "lifting", "repeated_bending", "prolonged_standing", "prolonged_sitting", "running"
]


class ExerciseDose(KbModel):
    """A starting dose with its progression rule, from sourced guidance. `use` names a dose
    template of exercises.yaml (`doses:`); the loader copies the template's fields in, and
    any field the exercise writes itself wins."""

    use: str | None = None
    label: str | None = None
    sets: Range | None = None
    repetitions: Range | None = None
    hold: Range | None = None
    duration: Range | None = None
    scheme: str | None = None
    effort: str | None = None
    frequency: str | None = None
    progression: str | None = None
    note: str | None = None
    confidence: Confidence | None = None
    sources: list[str] = []


class DoseTemplate(ExerciseDose):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")


class Exercise(Entry):
    name: str
    kind: ExerciseKind
    stages: list[str] = Field(min_length=1)
    strengthens: list[str] = []
    lengthens: list[str] = []
    # The muscles the EMG sources say it trains best (a subset of strengthens / lengthens).
    primary: list[str] = []
    # Muscles it works at a low (endurance) level: never chosen for, but a muscle in spasm
    # still rules the exercise out (what waits is loading a muscle in spasm).
    also_loads: list[str] = []
    load_level: int = Field(ge=1, le=5)
    requires: list[str] = []
    not_for: list[ClientState] = []
    transfers_to: list[Demand] = []
    older_adult_option: bool = False
    planner_selects: bool = True
    dose: ExerciseDose
    progression: list[str] = []
    regression: list[str] = []
    instructions: list[str] = Field(min_length=1)
    stop_if: list[str] = Field(min_length=1)
    cautions: list[str] = []
    clinician_notes: list[str] = []
    contraindications: list[str] = []
    confidence: Confidence
    sources: list[str] = Field(min_length=1)


class TechniqueDose(KbModel):
    """One dosing parameter of a technique (hold, discomfort, duration, repetitions...)."""

    parameter: str
    # Which dosing profile the line belongs to: "gentle" is the irritability-scaled dose
    # (threshold-level, client-controlled, fewer points); "standard" the usual one.
    applies_to: Literal["all", "standard", "gentle"] = "all"
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
