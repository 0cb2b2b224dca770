"""Body-chart regions and muscles with their trigger points and referral maps.

Referral zones are written as region BASE ids (`si_joint`, `sacrum`): a trigger point on the
right refers to `si_joint_r` unless the muscle refers to both sides;
`KnowledgeBase.muscle_zones` resolves them to the region ids of the body chart."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from myomap.clinical.kb.schema.common import Confidence, Entry, KbModel

View = Literal["front", "back"]
Side = Literal["left", "right", "midline"]
SIDE_SUFFIX = {"left": "_l", "right": "_r"}


class RegionArea(Entry):
    """One area of the body chart as written in regions.yaml. A sided area becomes two
    regions (`<id>_l`, `<id>_r`); a midline area is one region with the same id."""

    label: str
    view: View
    also_on: list[View] = []
    sided: bool
    group: str
    landmarks: str


class Region(KbModel):
    """One clickable region of the body chart (90 in all)."""

    id: str
    base: str
    side: Side
    label: str
    view: View
    also_on: list[View] = []
    group: str
    landmarks: str


class RegionGroup(Entry):
    label: str


class TriggerPoint(Entry):
    label: str
    location: str
    essential_zones: list[str]
    spillover_zones: list[str] = []
    confidence_note: str | None = None


class Palpation(KbModel):
    position: str
    method: Literal["flat", "pincer", "flat_and_pincer", "internal"]
    how: str
    cautions: str | None = None


class MuscleConfidence(KbModel):
    referral: Confidence
    overall: Confidence
    note: str | None = None


class Muscle(Entry):
    name: str
    group: str
    laterality: Literal["ipsilateral", "bilateral"]
    essential_zones: list[str] = Field(min_length=1)
    spillover_zones: list[str] = []
    referral_note: str | None = None
    trigger_points: list[TriggerPoint] = Field(min_length=1)
    clues: list[str] = []
    palpation: Palpation
    symptoms: list[str] = []
    perpetuating_factors: list[str] = []
    look_alikes: list[str] = []
    confidence: MuscleConfidence
    sources: list[str] = Field(min_length=1)

    @property
    def refers_bilaterally(self) -> bool:
        return self.laterality == "bilateral"
