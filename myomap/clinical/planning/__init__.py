"""Treatment plan (docs/clinical-rules.md, plan rules; `engine plan`): an assessment document in, a
staged plan out.

Public functions:
- `plan_build(document: dict) -> dict` — validate an assessment document and build its plan
  (raises `EngineInputError` naming the field on invalid input).
- `plan_from_assessment(assessment: Assessment) -> dict` — the same for a parsed assessment.

The plan is built in a fixed order so that each rule of docs/clinical-rules.md has one home: triage
gate (rule 1) → stages 1–5 from findings (rules 2, 3, 5, 6, 7, 12; doses rule 8; exercise choice by
the scores in `selection`) → criteria (rule 4) → clinician overrides → aftercare and reassessment
(rules 9, 10).

Output fields added for plan quality (none renamed): `matched_care` (STarT Back pathway, text,
visits, options, sources); per stage `checks` (trigger points to re-check, not dosed); per
technique `dose_profile` (standard | gentle) and `evidence_grade`; per exercise `kind`,
`progression` (the rule for moving on), `dose_use` (the KB dose template), `dose_confidence`,
`selection` (score, its parts, candidates passed over) and `also_for` (other muscles it covers);
per aftercare item `evidence`. docs/exercise-selection.md and docs/active-care.md explain them.
"""

from __future__ import annotations

from myomap.clinical.assessment import Assessment, assessment_parse
from myomap.clinical.explain import Reason
from myomap.clinical.kb import BLOCKING_URGENCIES, lookups
from myomap.clinical.planning import course
from myomap.clinical.planning.active import add_first_visit_activities, matched_care
from myomap.clinical.planning.context import PlanContext, plan_context
from myomap.clinical.planning.criteria import add_criteria
from myomap.clinical.planning.early import (
    add_torsion_work,
    build_relieve_spasm,
    build_restore_biomechanics,
    build_restore_flexibility,
    confirmed_points_left_out,
)
from myomap.clinical.planning.items import STAGE_IDS, Blocked, PlanDraft
from myomap.clinical.planning.late import build_endurance, build_strength
from myomap.clinical.planning.overrides import apply_overrides
from myomap.clinical.planning.precautions import (
    apply_precautions,
    neurological_recheck,
    rescreen_prompts,
    safety_netting,
)

__all__ = ["STAGE_IDS", "plan_build", "plan_from_assessment"]


def plan_build(document: dict) -> dict:
    """Build a staged treatment plan from an assessment document."""
    return plan_from_assessment(assessment_parse(document))


def plan_from_assessment(assessment: Assessment) -> dict:
    """Build the plan for an already validated assessment."""
    ctx = plan_context(assessment)
    if ctx.urgency in BLOCKING_URGENCIES:
        return _referral(ctx)
    draft = PlanDraft(undecided=list(ctx.undecided))
    for build in (
        build_relieve_spasm,
        add_first_visit_activities,
        build_restore_flexibility,
        build_restore_biomechanics,
        build_strength,
        build_endurance,
        add_torsion_work,
        add_criteria,
    ):
        build(ctx, draft)
    _lift(ctx, draft)
    overrides = apply_overrides(ctx, draft)
    # Last, so every item, including one a clinician added, passes the precautions.
    precautions = apply_precautions(ctx, draft, overrides)
    confirmed_points_left_out(ctx, draft)
    body = _document(ctx, draft, status="ok", overrides=overrides)
    body["precautions"] = precautions
    return body


def _lift(ctx: PlanContext, draft: PlanDraft) -> None:
    """Rule 5: a functional difference gets manual correction, never a lift."""
    kind = (ctx.leg_length or {}).get("kind")
    if kind == "functional":
        draft.block(
            Blocked(
                "heel_lift",
                "No lift: the leg-length difference is functional (pelvic torsion); a lift would "
                "reinforce the compensation. Correct the torsion with manual therapy instead.",
                "plan.r5.functional_lld_no_lift",
                lookups.source_key("lld"),
            )
        )
    elif kind == "structural_suspected":
        draft.block(
            Blocked(
                "heel_lift",
                "No lift yet: a tape measure alone suggested a structural difference; "
                "confirm with a standing block test first.",
                "plan.r5.confirm_before_lift",
                lookups.source_key("lld"),
            )
        )


def _referral(ctx: PlanContext) -> dict:
    """Rule 1: emergency or urgent triage → no plan; the output is the referral action."""
    draft = PlanDraft()
    actions = [c.get("action") for c in ctx.triage.get("concerns", []) if c.get("action")]
    draft.block(
        Blocked(
            "treatment_plan",
            f"Triage urgency is {ctx.urgency}: refer before any treatment; no plan is generated "
            "until the clinician records what was done.",
            "plan.r1.referral_first",
            _triage_source(ctx),
        )
    )
    result = _document(ctx, draft, status="referral_required", overrides=[])
    result["referral"] = {
        "urgency": ctx.urgency,
        "actions": actions,
        "concerns": ctx.triage.get("concerns", []),
        "safety_netting": ctx.triage.get("safety_netting", []),
    }
    result["stages"] = []
    result["aftercare"] = []
    result["reassess_at_sessions"] = []
    return result


def _triage_source(ctx: PlanContext) -> str:
    reasons = ctx.triage.get("reasons") or [{}]
    return reasons[0].get("source") or "IFOMPT-2020"


def _document(ctx: PlanContext, draft: PlanDraft, *, status: str, overrides: list[dict]) -> dict:
    # Imported here because reasoning reads the KB through this package's lookups.
    from myomap.clinical.reasoning import reasoning_summarise

    body = {
        "status": status,
        "urgency": ctx.urgency,
        "stages": [draft.stages[stage_id].as_dict() for stage_id in STAGE_IDS],
        "blocked": [b.as_dict() for b in draft.blocked],
        "aftercare": course.aftercare(ctx.occupation),
        "lift": (ctx.leg_length or {}).get("lift"),
        "leg_length": ctx.leg_length,
        "reassess_at_sessions": list(course.REASSESS_AT_SESSIONS),
        "reassessment": course.reassessment(),
        "expected_course": course.expected_course(ctx),
        "approach_note": course.approach_note(ctx),
        "matched_care": matched_care(ctx) if status == "ok" else None,
        "evidence_note": course.massage_evidence_note(),
        "overrides": overrides,
        "classification": _classification(ctx),
        "baseline": {"nprs": ctx.assessment.measures.nprs},
        "reasoning": reasoning_summarise(ctx.assessment, leg_length=ctx.leg_length),
        "undecided": draft.undecided,
        "safety_netting": safety_netting(ctx),
        # What `engine progress` needs to re-run the red-flag screen with the care elapsed.
        "triage_input": _triage_input(ctx),
        "neurological_recheck": neurological_recheck(ctx),
        "rescreen_prompts": rescreen_prompts(ctx),
        "kb_version": lookups.kb_version(),
    }
    if status == "ok" and ctx.urgency == "routine_review":
        body["referral"] = {
            "urgency": ctx.urgency,
            "concerns": ctx.triage.get("concerns", []),
            "note": "Plan allowed; arrange the routine medical review shown.",
        }
    body["reasons"] = [r.as_dict() for r in _reasons(ctx, draft, body)]
    return body


def _triage_input(ctx: PlanContext) -> dict:
    assessment = ctx.assessment
    body: dict[str, object] = {
        "age": assessment.client.age,
        "findings": list(assessment.triage.findings),
    }
    for key, value in (
        ("sex", assessment.client.sex),
        ("onset_age", assessment.triage.onset_age),
        ("duration_weeks", assessment.triage.duration_weeks),
    ):
        if value is not None:
            body[key] = value
    return body


def _classification(ctx: PlanContext) -> dict:
    return {
        "duration": ctx.duration,
        "severity": (ctx.severity or {}).get("level"),
        "start_back_risk": (ctx.start_back or {}).get("risk"),
        "odi_percent": (ctx.odi or {}).get("score"),
        "leg_length": (ctx.leg_length or {}).get("kind"),
        "occupation": ctx.occupation,
    }


def _reasons(ctx: PlanContext, draft: PlanDraft, body: dict) -> list[Reason]:
    order = lookups.source_key("order")
    reasons = [
        Reason(
            "plan.r4.stage_order",
            "Stages follow the order: relieve spasm, restore flexibility, restore "
            "biomechanics, build strength, build endurance.",
            order,
        )
    ]
    if body["status"] == "referral_required":
        reasons.append(
            Reason(
                "plan.r1.referral_first",
                f"Urgency {ctx.urgency}: referral replaces the plan.",
                _triage_source(ctx),
            )
        )
    for blocked in draft.blocked:
        reasons.append(Reason(blocked.rule, blocked.reason, blocked.source))
    for stage in body["stages"]:
        for item in stage["techniques"] + stage["exercises"]:
            reasons.append(Reason(item["rule"], item["reason"], item["source"]))
    return reasons
