"""Entry and exit criteria per stage: the KB's stage definitions, plus the criteria
docs/clinical-rules.md (plan rules) makes mandatory for this client (rules 3, 4 and 5)."""

from __future__ import annotations

from myomap.clinical.kb import lookups
from myomap.clinical.planning.context import PlanContext
from myomap.clinical.planning.items import STAGE_IDS, PlanDraft

PREVIOUS_STAGE_DONE = "previous_stage_exit_met"
NO_SPASM = "no_muscle_in_spasm"
PELVIS_LEVEL = "pelvic_torsion_corrected"
CONFIRMED_TPS_TREATED = "confirmed_trigger_points_treated"
SHORTENED_LENGTHENED = "shortened_muscles_lengthened"
WEAK_STRENGTHENED = "weak_muscles_strengthened"
IMPORTANT_IMPROVEMENT = "important_improvement_reached"
SCREEN_ALLOWS_CARE = "red_flag_screen_allows_care"


def _criterion(criterion_id: str, text: str, rule: str, source: str) -> dict:
    return {"id": criterion_id, "text": text, "rule": rule, "source": source}


def _kb_criteria(stage_id: str, which: str) -> list[dict]:
    definition = lookups.stage_definition(stage_id)
    if definition is None:
        return []
    source = definition.sources[0]
    return [
        _criterion(c.id, c.text, f"kb.stage.{stage_id}", source) for c in getattr(definition, which)
    ]


def _ensure(criteria: list[dict], criterion: dict) -> None:
    if criterion["id"] not in {c["id"] for c in criteria}:
        criteria.append(criterion)


def add_criteria(ctx: PlanContext, draft: PlanDraft) -> None:
    order = lookups.source_key("order")
    for index, stage_id in enumerate(STAGE_IDS):
        stage = draft.stages[stage_id]
        stage.entry_criteria = _kb_criteria(stage_id, "entry_criteria")
        stage.exit_criteria = _kb_criteria(stage_id, "exit_criteria")
        if index > 0:
            _ensure(
                stage.entry_criteria,
                _criterion(
                    PREVIOUS_STAGE_DONE,
                    f"The exit criteria of {STAGE_IDS[index - 1]} are met, or the clinician starts "
                    "this stage early with a recorded reason.",
                    "plan.r4.stage_order",
                    order,
                ),
            )
    _ensure(
        draft.stages["build_strength"].entry_criteria,
        _criterion(NO_SPASM, "No muscle is in spasm.", "plan.r3.no_strengthening_in_spasm", order),
    )
    if ctx.torsion:
        _ensure(
            draft.stages["restore_biomechanics"].exit_criteria,
            _criterion(
                PELVIS_LEVEL,
                "Pelvic torsion corrected on retest (landmarks level, leg length equal "
                "on the supine-to-long-sit test).",
                "plan.r5.pelvic_torsion",
                lookups.source_key("lld"),
            ),
        )
    _mark_not_applicable(ctx, draft)


def _not_applicable(ctx: PlanContext) -> dict[str, str]:
    """Criteria that this client's findings already satisfy, with the reason; progress counts
    them as met so a client is never held in a stage for a problem they do not have."""
    muscles = ctx.muscles
    found = {
        PELVIS_LEVEL: (ctx.torsion, "no pelvic torsion that counts was recorded (rule 13)"),
        CONFIRMED_TPS_TREATED: (
            any(m.confirmed_trigger_point for m in muscles),
            "no confirmed trigger point was recorded",
        ),
        SHORTENED_LENGTHENED: (
            any(m.shortened for m in muscles),
            "no muscle was recorded shortened",
        ),
        WEAK_STRENGTHENED: (any(m.weak for m in muscles), "no muscle was recorded weak"),
        SCREEN_ALLOWS_CARE: (False, "the red-flag screen allowed this plan"),
    }
    return {cid: why for cid, (present, why) in found.items() if not present}


def _mark_not_applicable(ctx: PlanContext, draft: PlanDraft) -> None:
    skip = _not_applicable(ctx)
    for stage in draft.stages.values():
        for criterion in stage.entry_criteria + stage.exit_criteria:
            if criterion["id"] in skip:
                criterion["already_met"] = skip[criterion["id"]]
