"""Clinician overrides (docs/clinical-rules.md, plan rules): skip an item, add an item, start a
stage early.

Each override needs a reason and stays visible in the output with what it changed. Two safety
rules are not overridable here because docs/clinical-rules.md states them without an override
clause: an exercise that strengthens a muscle in spasm (rule 3) and deep friction in an acute
episode (rule 6); nor is friction on the iliopsoas (never over nerves or vessels). Such an override
is kept in the output as `applied: false` with the explanation.
"""

from __future__ import annotations

from myomap.clinical.assessment import Override
from myomap.clinical.explain import EngineInputError
from myomap.clinical.kb import get_kb, lookups
from myomap.clinical.planning.context import PlanContext
from myomap.clinical.planning.items import STAGE_IDS, PlanDraft, Stage
from myomap.clinical.planning.make import add_exercise, add_technique, strengthens_any


def _matches(item, override: Override) -> bool:
    name = getattr(item, "technique", None) or getattr(item, "exercise", None)
    muscle = getattr(item, "muscle", None) or getattr(item, "for_muscle", None)
    return (
        name == override.item
        and (override.muscle is None or muscle == override.muscle)
        and (override.side is None or item.side == override.side)
    )


def _skip(draft: PlanDraft, override: Override) -> dict:
    stages = [override.stage] if override.stage else list(STAGE_IDS)
    removed = 0
    for stage_id in stages:
        stage = draft.stages[stage_id]
        before = len(stage.techniques) + len(stage.exercises)
        stage.techniques = [t for t in stage.techniques if not _matches(t, override)]
        stage.exercises = [e for e in stage.exercises if not _matches(e, override)]
        removed += before - len(stage.techniques) - len(stage.exercises)
    if removed == 0:
        return {"applied": False, "effect": "nothing in the plan matched this item"}
    return {"applied": True, "effect": f"removed {removed} item(s)"}


# Friction is never worked over nerves or vessels; on the iliopsoas it would be (the femoral
# nerve and vessels lie over and beside it): the KB's contraindication `iliopsoas`.
NO_FRICTION_ON = ("iliopsoas",)


def _refusal(ctx: PlanContext, item: str, muscle: str | None = None) -> str | None:
    if item == "cross_fiber_friction" and muscle in NO_FRICTION_ON:
        return (
            "not applied: no cross-fibre friction on the iliopsoas, which lies beside the "
            "femoral nerve and vessels"
        )
    loaded = strengthens_any(item, ctx.spasm_muscles)
    if lookups.exercise(item) and loaded:
        return (
            f"not applied: {item} strengthens {', '.join(sorted(loaded))}, which is "
            "in spasm (rule 3); reassess once the spasm has resolved"
        )
    if item == "cross_fiber_friction" and ctx.duration in ("acute", None):
        return "not applied: no deep cross-fibre friction while the episode may be acute (rule 6)"
    return None


def _add(ctx: PlanContext, draft: PlanDraft, override: Override, stage: Stage) -> dict:
    item = override.item
    assert item is not None, "_check requires a known item for 'add'"
    refusal = _refusal(ctx, item, override.muscle)
    if refusal:
        return {"applied": False, "effect": refusal}
    reason = f"Added by the clinician: {override.reason}"
    if lookups.exercise(item) is not None:
        add_exercise(
            stage,
            item,
            rule="override.add",
            reason=reason,
            muscle=override.muscle,
            side=override.side,
        )
        stage.exercises[-1].added_by_clinician = True
        return {"applied": True, "effect": f"added exercise to {stage.id}"}
    before = len(stage.techniques)
    added = add_technique(
        draft,
        stage,
        item,
        rule="override.add",
        reason=reason,
        muscle=override.muscle,
        side=override.side,
    )
    if not added:
        return {"applied": False, "effect": f"the knowledge base does not list it for {stage.id}"}
    if len(stage.techniques) > before:
        stage.techniques[-1].added_by_clinician = True
    return {"applied": True, "effect": f"added technique to {stage.id}"}


def _check(override: Override, index: int) -> None:
    field = f"overrides.{index}"
    if override.stage is not None and override.stage not in STAGE_IDS:
        raise EngineInputError(
            f"{field}.stage must be one of: {', '.join(STAGE_IDS)}", f"{field}.stage"
        )
    if override.action in ("add", "start_stage_early") and override.stage is None:
        raise EngineInputError(f"{field}.stage is required for {override.action}", f"{field}.stage")
    if override.action == "allow":
        book = get_kb().precautions
        known_precautions = set(book.precautions) | set(book.pathways)
        if override.precaution not in known_precautions:
            raise EngineInputError(
                f"{field}.precaution must be one of: {', '.join(sorted(known_precautions))}",
                f"{field}.precaution",
            )
    if override.action in ("skip", "add", "allow"):
        known = lookups.technique(override.item or "") or lookups.exercise(override.item or "")
        if known is None:
            raise EngineInputError(
                f"{field}.item must be a technique or exercise id from the knowledge base, "
                f"got {override.item!r}",
                f"{field}.item",
            )


def _outcome(ctx: PlanContext, draft: PlanDraft, override: Override) -> dict:
    if override.action == "allow":
        # Decided by the precaution pass, which sees the rules in force.
        return {"applied": False, "effect": "no precaution rule in force matched this item"}
    if override.action == "skip":
        return _skip(draft, override)
    stage_id = override.stage
    assert stage_id is not None, f"_check requires a stage for '{override.action}'"
    if override.action == "add":
        return _add(ctx, draft, override, draft.stages[stage_id])
    draft.stages[stage_id].started_early = {"reason": override.reason}
    return {
        "applied": True,
        "effect": f"{stage_id} may start before the previous stage's exit criteria are met",
    }


def apply_overrides(ctx: PlanContext, draft: PlanDraft) -> list[dict]:
    applied = []
    for index, override in enumerate(ctx.assessment.overrides):
        _check(override, index)
        outcome = _outcome(ctx, draft, override)
        applied.append(
            {
                **override.model_dump(exclude_none=True),
                **outcome,
                "rule": "plan.r4.clinician_override",
            }
        )
    return applied
