"""Precautions and contraindications (precautions.yaml): what a client's health changes in the
plan, per technique, exercise, position and palpation, with sources and confidence."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from myomap.clinical.kb.schema.common import Confidence, Entry, KbModel
from myomap.clinical.kb.schema.sources import Source

RuleKind = Literal["technique", "exercise", "position"]
RuleAction = Literal["avoid", "modify", "caution"]
PositionId = Literal["prone", "supine", "side_lying", "semi_reclined", "seated"]


class PrecautionRule(KbModel):
    """One effect of a precaution. `items` and `muscles` may name a group ("@pressure") which
    the loader expands; "*" means every item of the kind."""

    kind: RuleKind
    items: list[str] = Field(min_length=1)
    action: RuleAction
    text: str
    muscles: list[str] = []
    from_week: int | None = Field(default=None, ge=0, le=45)
    discomfort_max: int | None = Field(default=None, ge=0, le=10)
    instead: str | None = None
    short: str | None = None  # position rules: the phrase shown beside each item
    # Dose parameters (e.g. "hold") the rule changes without its source giving a figure ("short
    # durations", "no sustained pressure"): the plan says the technique's usual figure is not a
    # dose for this precaution and that the therapist judges it, instead of inventing a number.
    no_figure_for: list[str] = []
    overridable: bool = True
    confidence: Confidence
    sources: list[str] = Field(min_length=1)

    def covers(self, item: str, muscle: str | None) -> bool:
        if "*" not in self.items and item not in self.items:
            return False
        return not self.muscles or muscle in self.muscles


class Precaution(Entry):
    label: str
    changes: str
    asks: Literal["gestation_weeks"] | None = None
    implied_by: list[str] = []  # red-flag findings that put this precaution in force
    same_as: str | None = None
    includes: list[str] = []
    rules: list[PrecautionRule] = []
    confidence: Confidence
    sources: list[str] = Field(min_length=1)


class RecheckItem(Entry):
    label: str
    how: str


class Pathway(Entry):
    """Rules switched on by findings rather than entered by the clinician. `recheck` is done at
    every visit; a worse result is escalated with the red-flag rules in `escalate_with`, and the
    safety-netting of the rules in `safety_netting_from` goes into the plan."""

    label: str
    changes: str
    triggered_by_findings: list[str] = []
    triggered_by_concerns: list[str] = []
    below_knee_regions: list[str] = []
    below_knee_qualities: list[str] = []
    recheck: list[RecheckItem] = []
    escalate_with: list[str] = []
    safety_netting_from: list[str] = []  # red-flag rules whose advice the clinician follows
    client_safety_netting: list[str] = []  # said to the client, in the plan and the handout
    course_note: str | None = None
    rules: list[PrecautionRule] = []
    confidence: Confidence
    sources: list[str] = Field(min_length=1)


class PalpationCaution(KbModel):
    muscle: str
    text: str
    when: list[str] = []  # only with one of these precautions in force; empty = always
    confidence: Confidence
    sources: list[str] = Field(min_length=1)


class PositionLabel(KbModel):
    label: str


class PrecautionBook(KbModel):
    groups: dict[str, list[str]]
    precautions: dict[str, Precaution]
    pathways: dict[str, Pathway]
    palpation_cautions: list[PalpationCaution]
    positions: dict[PositionId, PositionLabel]
    exercise_positions: dict[PositionId, list[str]]
    prone_palpation_muscles: list[str]
    sources: dict[str, Source]
