"""Leg-length and pelvic-assessment facts, read by the posture engine (docs/clinical-rules.md,
pelvis and leg length)."""

from __future__ import annotations

from myomap.clinical.kb.schema.common import Confidence, Entry, KbModel


class PostureTest(Entry):
    name: str
    what_it_measures: str
    reliability: str | None = None
    kappa: str | None = None
    low_reliability: bool = False
    sources: list[str]


class LegLength(KbModel):
    threshold_mm: float
    threshold_note: str
    functional: str
    structural: str
    tests: list[PostureTest]
    lift_advice: list[str]
    lift_limits: list[str]
    caveats: list[str]
    confidence: Confidence
    sources: list[str]


class PelvicAssessment(KbModel):
    tests: list[PostureTest]
    significance: list[str]
    confidence: Confidence
    sources: list[str]
