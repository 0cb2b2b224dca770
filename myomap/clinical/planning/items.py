"""The pieces a plan is made of. Every item carries the rule that put it there, one plain
sentence of reason and the source key, so a clinician can see why it is in the plan."""

from __future__ import annotations

from dataclasses import dataclass, field

from myomap.clinical.explain import Reason


@dataclass
class Safety:
    """What the precaution pass changed or noted on one item: each entry carries its rule,
    text, source and confidence so the clinician can see why."""

    modifications: list[dict] = field(default_factory=list)
    cautions: list[dict] = field(default_factory=list)
    position: str | None = None
    kept_by_override: list[dict] = field(default_factory=list)

    def write(self, body: dict) -> None:
        if self.modifications:
            body["modifications"] = self.modifications
        if self.cautions:
            body["cautions"] = self.cautions
        if self.position:
            body["position"] = self.position
        if self.kept_by_override:
            body["kept_by_override"] = self.kept_by_override


STAGE_IDS = (
    "relieve_spasm",
    "restore_flexibility",
    "restore_biomechanics",
    "build_strength",
    "build_endurance",
)


@dataclass
class TechniqueItem:
    technique: str
    muscle: str | None
    side: str | None
    dose: str
    dose_source: str
    rule: str
    reason: str
    source: str
    target: str | None = None  # for techniques aimed at a joint rather than a muscle
    evidence: str | None = None
    added_by_clinician: bool = False
    # Filled by the precaution pass (planning/precautions.py).
    safety: Safety = field(default_factory=lambda: Safety())
    dose_profile: str | None = None  # "gentle" or "standard" where the KB has both

    @property
    def key(self) -> tuple:
        return (self.technique, self.muscle, self.side)

    def as_dict(self) -> dict:
        body: dict[str, object] = {
            "technique": self.technique,
            "muscle": self.muscle,
            "side": self.side,
            "dose": self.dose,
            "dose_source": self.dose_source,
            "rule": self.rule,
            "reason": self.reason,
            "source": self.source,
        }
        if self.target:
            body["target"] = self.target
        if self.evidence:
            body["evidence"] = self.evidence
            body["evidence_grade"] = self.evidence.split(":", 1)[0]
        if self.dose_profile:
            body["dose_profile"] = self.dose_profile
        if self.added_by_clinician:
            body["added_by_clinician"] = True
        self.safety.write(body)
        return body


@dataclass
class ExerciseItem:
    exercise: str
    strengthens: list[str]
    lengthens: list[str]
    dose: str
    dose_source: str
    rule: str
    reason: str
    source: str
    for_muscle: str | None = None
    side: str | None = None
    added_by_clinician: bool = False
    safety: Safety = field(default_factory=lambda: Safety())
    kind: str | None = None
    progression: str | None = None
    dose_use: str | None = None
    dose_confidence: str | None = None
    also_for: list[str] = field(default_factory=list)
    selection: dict | None = None

    @property
    def key(self) -> tuple:
        return (self.exercise, self.for_muscle, self.side)

    def as_dict(self) -> dict:
        body: dict[str, object] = {
            "exercise": self.exercise,
            "strengthens": self.strengthens,
            "lengthens": self.lengthens,
            "dose": self.dose,
            "dose_source": self.dose_source,
            "for_muscle": self.for_muscle,
            "side": self.side,
            "rule": self.rule,
            "reason": self.reason,
            "source": self.source,
        }
        for name in ("kind", "progression", "dose_use", "dose_confidence", "selection"):
            value = getattr(self, name)
            if value:
                body[name] = value
        if self.also_for:
            body["also_for"] = list(self.also_for)
        if self.added_by_clinician:
            body["added_by_clinician"] = True
        self.safety.write(body)
        return body


@dataclass
class Check:
    """A finding to re-check before treating (a trigger point that did not reproduce the
    complaint): listed for the clinician, not dosed."""

    muscle: str
    side: str
    text: str
    rule: str
    source: str

    def as_dict(self) -> dict:
        return {
            "muscle": self.muscle,
            "side": self.side,
            "text": self.text,
            "rule": self.rule,
            "source": self.source,
        }


@dataclass
class Goal:
    text: str
    rule: str
    source: str

    def as_dict(self) -> dict:
        return {"text": self.text, "rule": self.rule, "source": self.source}


@dataclass
class Stage:
    id: str
    goals: list[Goal] = field(default_factory=list)
    techniques: list[TechniqueItem] = field(default_factory=list)
    exercises: list[ExerciseItem] = field(default_factory=list)
    entry_criteria: list[dict] = field(default_factory=list)
    exit_criteria: list[dict] = field(default_factory=list)
    started_early: dict | None = None
    checks: list[Check] = field(default_factory=list)

    def add_technique(self, item: TechniqueItem) -> None:
        if item.key not in {t.key for t in self.techniques}:
            self.techniques.append(item)

    def add_exercise(self, item: ExerciseItem) -> None:
        if item.key not in {e.key for e in self.exercises}:
            self.exercises.append(item)

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "order": STAGE_IDS.index(self.id) + 1,
            "goals": [g.as_dict() for g in self.goals],
            "techniques": [t.as_dict() for t in self.techniques],
            "exercises": [e.as_dict() for e in self.exercises],
            "entry_criteria": self.entry_criteria,
            "exit_criteria": self.exit_criteria,
            "started_early": self.started_early,
            "checks": [c.as_dict() for c in self.checks],
        }


@dataclass
class Blocked:
    item: str
    reason: str
    rule: str
    source: str
    muscle: str | None = None
    side: str | None = None
    # Set for precaution blocks: how sure the rule is and whether a clinician may lift it.
    confidence: str | None = None
    overridable: bool | None = None
    precaution: str | None = None

    def as_dict(self) -> dict:
        body: dict[str, object] = {
            "item": self.item,
            "reason": self.reason,
            "rule": self.rule,
            "source": self.source,
        }
        if self.muscle:
            body["muscle"] = self.muscle
            body["side"] = self.side
        if self.precaution:
            body["precaution"] = self.precaution
            body["confidence"] = self.confidence
            body["overridable"] = self.overridable
        return body


@dataclass
class PlanDraft:
    """What the stage builders write into; `plan_build` turns it into the output document."""

    stages: dict[str, Stage] = field(
        default_factory=lambda: {stage_id: Stage(stage_id) for stage_id in STAGE_IDS}
    )
    blocked: list[Blocked] = field(default_factory=list)
    reasons: list[Reason] = field(default_factory=list)
    undecided: list[str] = field(default_factory=list)

    def block(self, blocked: Blocked) -> None:
        seen = {(b.item, b.muscle, b.side, b.rule) for b in self.blocked}
        if (blocked.item, blocked.muscle, blocked.side, blocked.rule) not in seen:
            self.blocked.append(blocked)
