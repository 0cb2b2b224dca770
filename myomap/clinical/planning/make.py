"""Item factories: the only place a plan item gets its dose, so every dose comes from the
knowledge base with its source keys (docs/clinical-rules.md, plan rules)."""

from __future__ import annotations

from myomap.clinical.kb import lookups
from myomap.clinical.planning.context import PlanContext
from myomap.clinical.planning.items import (
    STAGE_IDS,
    Blocked,
    ExerciseItem,
    PlanDraft,
    Stage,
    TechniqueItem,
)


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
    profile: str = "standard",
    dose_prefix: str = "",
) -> bool:
    """Add a technique if the KB has it and lists it for this stage; otherwise say so in
    `undecided` rather than dropping it silently. `profile` picks the KB's gentle or standard
    dose lines where it has both."""
    if not lookups.technique_allowed_in(technique_id, stage.id):
        draft.undecided.append(
            f"{technique_id} for {muscle or target or 'the client'}: the knowledge base does not "
            f"list it for stage {stage.id}"
        )
        return False
    has_profile = lookups.technique_has_profile(technique_id, "gentle")
    dose, dose_source = lookups.technique_dose(technique_id, profile if has_profile else "")
    item = TechniqueItem(
        technique=technique_id,
        muscle=muscle,
        side=side,
        dose=f"{dose_prefix}{dose}" if has_profile and profile == "gentle" else dose,
        dose_source=dose_source,
        rule=rule,
        reason=reason,
        source=_first(dose_source) or _first_source_of_technique(technique_id),
        target=target,
        evidence=lookups.technique_evidence(technique_id),
        dose_profile=profile if has_profile else None,
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
    use: str | None = None,
    selection: dict | None = None,
) -> ExerciseItem:
    """Add an exercise with its KB dose (or, with `use`, a named dose template such as the
    endurance dose of stage 5); returns the item now in the stage."""
    entry = lookups.exercise(exercise_id)
    dose_entry = lookups.exercise_dose_entry(exercise_id, use)
    dose, dose_source = lookups.exercise_dose(exercise_id, use)
    item = ExerciseItem(
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
        kind=entry.kind,
        progression=dose_entry.progression,
        dose_use=dose_entry.use,
        dose_confidence=dose_entry.confidence,
        selection=selection,
    )
    stage.add_exercise(item)
    return next(e for e in stage.exercises if e.key == item.key)


def strengthens_any(exercise_id: str, muscles: set[str]) -> set[str]:
    """The muscles of `muscles` the exercise loads (strengthens or works at a low level)."""
    entry = lookups.exercise(exercise_id)
    if entry is None:
        return set()
    return (set(entry.strengthens) | set(entry.also_loads)) & muscles


def _first(keys: str) -> str:
    return keys.split(", ")[0] if keys else ""


def _first_source_of_technique(technique_id: str) -> str:
    entry = lookups.technique(technique_id)
    return entry.sources[0] if entry else ""


def block_for_spasm(ctx: PlanContext, draft: PlanDraft, exercise_id: str, loaded: set[str]) -> None:
    names = ", ".join(m.replace("_", " ") for m in sorted(loaded))
    draft.block(
        Blocked(
            exercise_id,
            f"Not prescribed: it loads {names}, which is in spasm; loading a muscle in spasm "
            "delays relief. Reassess once the spasm has gone.",
            "plan.r3.no_strengthening_in_spasm",
            lookups.source_key("order"),
        )
    )


def stage_index(stage_id: str) -> int:
    return STAGE_IDS.index(stage_id)


def planned_before(draft: PlanDraft, exercise_id: str, before: int) -> bool:
    return any(
        exercise_id in {e.exercise for e in draft.stages[STAGE_IDS[i]].exercises}
        for i in range(before)
    )


def missing_prerequisite(
    ctx: PlanContext, draft: PlanDraft, exercise_id: str, index: int
) -> str | None:
    """The first prerequisite that is neither in an earlier stage nor placeable there (its
    stages, its own prerequisites, no muscle in spasm, not ruled out for this client)."""
    for required in lookups.exercise(exercise_id).requires:
        if planned_before(draft, required, index):
            continue
        if _placement(ctx, draft, required, index) is None:
            return required
    return None


def _placement(ctx: PlanContext, draft: PlanDraft, exercise_id: str, before: int) -> int | None:
    entry = lookups.exercise(exercise_id)
    if strengthens_any(exercise_id, ctx.spasm_muscles) or set(entry.not_for) & ctx.client_states:
        return None
    for index in range(before - 1, -1, -1):
        if (
            STAGE_IDS[index] in entry.stages
            and missing_prerequisite(ctx, draft, exercise_id, index) is None
        ):
            return index
    return None


def place_prerequisites(ctx: PlanContext, draft: PlanDraft, exercise_id: str, index: int) -> None:
    """Put each missing prerequisite in the latest earlier stage that allows it (recursively:
    the swing needs the Romanian deadlift, which needs the hinge drill)."""
    for required in lookups.exercise(exercise_id).requires:
        if planned_before(draft, required, index):
            continue
        where = _placement(ctx, draft, required, index)
        if where is None:
            continue
        place_prerequisites(ctx, draft, required, where)
        name = lookups.exercise(exercise_id).name
        add_exercise(
            draft.stages[STAGE_IDS[where]],
            required,
            rule="plan.prerequisite_first",
            reason=f"Prerequisite of {name.lower()} in a later stage: learn this first "
            "(bodyweight before load, the hinge pattern before a loaded or ballistic hinge).",
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
    use: str | None = None,
    selection: dict | None = None,
) -> bool:
    """Add an exercise unless it loads a muscle in spasm (rule 3) or a prerequisite cannot come
    first; prerequisites are placed in earlier stages."""
    loaded = strengthens_any(exercise_id, ctx.spasm_muscles)
    if loaded:
        block_for_spasm(ctx, draft, exercise_id, loaded)
        return False
    index = stage_index(stage.id)
    missing = missing_prerequisite(ctx, draft, exercise_id, index)
    if missing:
        draft.block(
            Blocked(
                exercise_id,
                f"Not prescribed: it needs {missing.replace('_', ' ')} in an earlier stage, "
                "which this client cannot do yet.",
                "plan.prerequisite_first",
                lookups.source_key("hinge"),
            )
        )
        return False
    place_prerequisites(ctx, draft, exercise_id, index)
    add_exercise(
        stage,
        exercise_id,
        rule=rule,
        reason=reason,
        muscle=muscle,
        side=side,
        use=use,
        selection=selection,
    )
    return True
