"""Item factories: the only place a plan item gets its dose, so every dose comes from the
knowledge base with its source keys (SPEC §5.7 rule 8)."""

from __future__ import annotations

from myomap.clinical.planning import catalogue
from myomap.clinical.planning.context import PlanContext
from myomap.clinical.planning.items import Blocked, ExerciseItem, PlanDraft, Stage, TechniqueItem


def muscle_label(muscle: str, side: str | None = None) -> str:
    """ "quadratus_lumborum", "right" → "quadratus lumborum (right)", for plan sentences."""
    label = muscle.replace("_", " ")
    return f"{label} ({side})" if side else label


def add_technique(
    draft: PlanDraft,
    stage: Stage,
    technique_id: str,
    *,
    rule: str,
    reason: str,
    muscle: str | None = None,
    side: str | None = None,
    target: str | None = None,
) -> bool:
    """Add a technique if the KB has it and lists it for this stage; otherwise say so in
    `undecided` rather than dropping it silently."""
    if not catalogue.technique_allowed_in(technique_id, stage.id):
        draft.undecided.append(
            f"{technique_id} for {muscle or target or 'the client'}: the knowledge base does not "
            f"list it for stage {stage.id}"
        )
        return False
    dose, dose_source = catalogue.technique_dose(technique_id)
    item = TechniqueItem(
        technique=technique_id,
        muscle=muscle,
        side=side,
        dose=dose,
        dose_source=dose_source,
        rule=rule,
        reason=reason,
        source=_first(dose_source) or _first_source_of_technique(technique_id),
        target=target,
        evidence=catalogue.technique_evidence(technique_id),
    )
    stage.add_technique(item)
    return True


def add_exercise(
    stage: Stage,
    exercise_id: str,
    *,
    rule: str,
    reason: str,
    muscle: str | None = None,
    side: str | None = None,
) -> None:
    entry = catalogue.exercise(exercise_id)
    dose, dose_source = catalogue.exercise_dose(exercise_id)
    stage.add_exercise(
        ExerciseItem(
            exercise=exercise_id,
            strengthens=list(entry.strengthens),
            lengthens=list(entry.lengthens),
            dose=dose,
            dose_source=dose_source,
            rule=rule,
            reason=reason,
            source=entry.sources[0],
            for_muscle=muscle,
            side=side,
        )
    )


def strengthens_any(exercise_id: str, muscles: set[str]) -> set[str]:
    entry = catalogue.exercise(exercise_id)
    return set(entry.strengthens) & muscles if entry else set()


def _first(keys: str) -> str:
    return keys.split(", ")[0] if keys else ""


def _first_source_of_technique(technique_id: str) -> str:
    entry = catalogue.technique(technique_id)
    return entry.sources[0] if entry else ""


def block_for_spasm(ctx: PlanContext, draft: PlanDraft, exercise_id: str, loaded: set[str]) -> None:
    names = ", ".join(m.replace("_", " ") for m in sorted(loaded))
    draft.block(
        Blocked(
            exercise_id,
            f"Not prescribed: it loads {names}, which is in spasm; strengthening a muscle in spasm "
            "delays relief. Reassess once the spasm has gone.",
            "plan.r3.no_strengthening_in_spasm",
            catalogue.source_key("order"),
        )
    )


def place_loading_exercise(
    ctx: PlanContext,
    draft: PlanDraft,
    stage: Stage,
    exercise_id: str,
    *,
    rule: str,
    reason: str,
    muscle: str | None = None,
    side: str | None = None,
) -> bool:
    """Add an exercise unless it strengthens a muscle in spasm (rule 3)."""
    loaded = strengthens_any(exercise_id, ctx.spasm_muscles)
    if loaded:
        block_for_spasm(ctx, draft, exercise_id, loaded)
        return False
    add_exercise(stage, exercise_id, rule=rule, reason=reason, muscle=muscle, side=side)
    return True
