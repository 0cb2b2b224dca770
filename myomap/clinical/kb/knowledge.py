"""`KnowledgeBase`: the validated knowledge, with the look-ups the engines need."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

from myomap.clinical.kb.schema import (
    Exercise,
    Instrument,
    LegLength,
    Muscle,
    PelvicAssessment,
    PrecautionBook,
    RedFlags,
    Region,
    RegionGroup,
    Source,
    Stage,
    Technique,
)

ZoneWeight = Literal["essential", "spillover"]
SUFFIX = {"left": "_l", "right": "_r"}


@dataclass(frozen=True)
class KnowledgeBase:
    version: str
    regions: dict[str, Region]
    region_groups: dict[str, RegionGroup]
    muscles: dict[str, Muscle]
    exercises: dict[str, Exercise]
    techniques: dict[str, Technique]
    instruments: dict[str, Instrument]
    red_flags: RedFlags
    stages: list[Stage]
    sources: dict[str, Source]
    leg_length: LegLength
    pelvic_tests: PelvicAssessment
    precautions: PrecautionBook
    # Named starting doses of exercises.yaml (`doses:`), e.g. the endurance dose of stage 5.
    dose_templates: dict[str, Any] = field(default_factory=dict)

    @property
    def stage_ids(self) -> list[str]:
        return [stage.id for stage in self.stages]

    @cached_property  # once per knowledge base: every row of Today asks for it
    def stage_names(self) -> dict[str, str]:
        """Stage id → its name ("restore_flexibility" → "Restore flexibility")."""
        return {stage.id: stage.name for stage in self.stages}

    def region_id(self, base: str, side: Literal["left", "right"]) -> str:
        """The body-chart id of area `base` on `side` (a midline area keeps its own id)."""
        return base if base in self.regions else f"{base}{SUFFIX[side]}"

    def muscle_zones(
        self, muscle_id: str, side: Literal["left", "right"]
    ) -> tuple[list[str], list[str]]:
        """Region ids (essential, spillover) a trigger point in `muscle_id` on `side` refers to:
        the same side, or both sides when the muscle refers bilaterally."""
        muscle = self.muscles[muscle_id]
        sides: list[Literal["left", "right"]] = (
            ["left", "right"] if muscle.refers_bilaterally else [side]
        )
        essential = _unique(self.region_id(z, s) for z in muscle.essential_zones for s in sides)
        spillover = _unique(self.region_id(z, s) for z in muscle.spillover_zones for s in sides)
        return essential, spillover

    def muscles_referring_to(self, region_id: str) -> list[tuple[Muscle, ZoneWeight]]:
        """Muscles whose referral map includes the region, essential zones first."""
        base = self.regions[region_id].base
        essential = [(m, "essential") for m in self.muscles.values() if base in m.essential_zones]
        spillover = [(m, "spillover") for m in self.muscles.values() if base in m.spillover_zones]
        return [*essential, *spillover]  # type: ignore[list-item]

    def exercises_for(self, muscle_id: str, *, action: Literal["strengthens", "lengthens"]):
        """Exercises that strengthen (or lengthen) the muscle, in file order."""
        return [e for e in self.exercises.values() if muscle_id in getattr(e, action)]

    def stage(self, stage_id: str) -> Stage:
        return next(stage for stage in self.stages if stage.id == stage_id)

    def find(self, any_id: str) -> tuple[str, Any] | None:
        """(kind, entry) for an id of any kind, or None. Used by `myomap kb show`."""
        kinds: list[tuple[str, dict[str, Any]]] = [
            ("muscle", self.muscles),
            ("region", self.regions),
            ("exercise", self.exercises),
            ("technique", self.techniques),
            ("instrument", self.instruments),
            ("source", self.sources),
            ("stage", {s.id: s for s in self.stages}),
            ("finding", self.red_flags.findings),
            ("red_flag_rule", {r.id: r for r in self.red_flags.rules}),
            ("region_group", self.region_groups),
            ("precaution", self.precautions.precautions),
        ]
        for kind, table in kinds:
            if any_id in table:
                return kind, table[any_id]
        return None

    def counts(self) -> dict[str, int]:
        return {
            "regions": len(self.regions),
            "region groups": len(self.region_groups),
            "muscles": len(self.muscles),
            "exercises": len(self.exercises),
            "techniques": len(self.techniques),
            "instruments": len(self.instruments),
            "red-flag findings": len(self.red_flags.findings),
            "red-flag rules": len(self.red_flags.rules),
            "stages": len(self.stages),
            "sources": len(self.sources),
            "precautions": len(self.precautions.precautions),
        }


def _unique(ids) -> list[str]:
    return list(dict.fromkeys(ids))
