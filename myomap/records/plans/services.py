"""Plan services and selectors. Clinical records: scoped to the actor's clinic, clinical roles
only, every read and write audited; the engine does all the clinical work (`plan_run`)."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from myomap.accounts.actor import Actor
from myomap.accounts.audit import audit_object
from myomap.accounts.models import AuditAction
from myomap.clinical.assessment import PLAN_EDIT_ACTIONS
from myomap.clinical.engine import plan_run
from myomap.clinical.explain import EngineInputError
from myomap.clinical.kb import get_kb
from myomap.errors import ValidationFailed
from myomap.inputs import REASON_MAX, text_clean
from myomap.records.assessments.document import assessment_document_build, assessment_plan_blocker
from myomap.records.assessments.selectors import assessment_get_for_user
from myomap.records.episodes.summary import episode_summary_refresh
from myomap.records.locks import episode_lock
from myomap.records.models import Assessment, Episode, Plan, PlanOrigin
from myomap.records.scoped import record_get_audited, record_list_audited

OVERRIDE_KEYS = ("action", "item", "stage", "muscle", "side", "reason")


def _engine_plan(document: dict, overrides: list[dict]) -> dict:
    engine_overrides = [{k: o[k] for k in OVERRIDE_KEYS if o.get(k)} for o in overrides]
    try:
        return plan_run({**document, "overrides": engine_overrides})
    except EngineInputError as exc:
        # "overrides.3.item" → "item": the edit form's own field names.
        field = (exc.field or "plan").split(".")[-1] if "overrides" in (exc.field or "") else "plan"
        raise ValidationFailed({field: [exc.message]}) from None


def _store(actor: Actor, assessment: Assessment, *, origin: str, document: dict,
           overrides: list[dict]) -> Plan:  # fmt: skip
    output = _engine_plan(document, overrides)
    with transaction.atomic():
        episode_lock(assessment.episode_id)  # versions are read after a concurrent save commits
        last = Plan.objects.filter(assessment=assessment).aggregate(n=Max("version"))["n"] or 0
        plan = Plan.objects.create(
            clinic=actor.clinic,
            episode=assessment.episode,
            assessment=assessment,
            version=last + 1,
            origin=origin,
            document=document,
            output=output,
            kb_version=output["kb_version"],
            overrides=overrides,
            created_by=actor.user,
        )
        audit_object(
            actor,
            AuditAction.CREATE,
            "plan",
            plan,
            {"assessment": str(assessment.pk), "version": plan.version, "origin": origin},
        )
        episode_summary_refresh(actor=actor, episode_id=assessment.episode_id)
    return plan


def plan_generate(*, actor: Actor, assessment_id: uuid.UUID | str) -> Plan:
    """A new plan version built from the assessment as it is now. Refused while an emergency or
    urgent red flag has no recorded action. Earlier clinician overrides are carried forward (each
    with its reason) so a regeneration never silently drops a clinical decision; the engine says
    whether each still applies."""
    assessment = assessment_get_for_user(actor=actor, assessment_id=assessment_id, audit=False)
    blocker = assessment_plan_blocker(assessment)
    if blocker:
        raise ValidationFailed({"red_flags": [blocker]})
    latest = Plan.objects.filter(assessment=assessment).order_by("-version").first()
    return _store(
        actor,
        assessment,
        origin=PlanOrigin.GENERATED,
        document=assessment_document_build(assessment),
        overrides=list(latest.overrides) if latest else [],
    )


def _override_clean(override: dict[str, Any], reason: str, actor: Actor) -> dict:
    reason = text_clean(reason, "reason", REASON_MAX)
    if len(reason) < 3:
        raise ValidationFailed({"reason": ["A reason is required for every change to a plan."]})
    if override.get("action") not in PLAN_EDIT_ACTIONS:
        raise ValidationFailed({"action": [f"Choose one of: {', '.join(PLAN_EDIT_ACTIONS)}."]})
    cleaned = {k: override.get(k) or None for k in ("action", "item", "stage", "muscle", "side")}
    if cleaned["action"] != "start_stage_early" and not cleaned["item"]:
        raise ValidationFailed({"item": ["Choose the technique or exercise to skip or add."]})
    if cleaned["muscle"] and cleaned["muscle"] not in get_kb().muscles:
        raise ValidationFailed({"muscle": [f"Unknown muscle {cleaned['muscle']!r}."]})
    by = actor.user.get_full_name() or actor.user.get_username()
    return {**cleaned, "reason": reason, "by": by, "at": timezone.now().isoformat()}


def plan_edit(
    *, actor: Actor, plan_id: uuid.UUID | str, override: dict[str, Any], reason: str
) -> Plan:
    """Apply one clinician override (skip or add an item, start a stage early) to a plan and
    store the result as a new version built from the same assessment document."""
    plan = plan_get_for_user(actor=actor, plan_id=plan_id, audit=False)
    new = _override_clean(override, reason, actor)
    return _store(
        actor,
        plan.assessment,
        origin=PlanOrigin.EDITED,
        document=plan.document,
        overrides=[*plan.overrides, new],
    )


def plan_get_for_user(*, actor: Actor, plan_id: uuid.UUID | str, audit: bool = True) -> Plan:
    actor.require_clinical()
    plans = Plan.objects.filter(clinic=actor.clinic).select_related(
        "assessment", "episode", "episode__client", "created_by"
    )
    return record_get_audited(plans, plan_id, actor=actor, object_type="plan", audit=audit)


def plan_list_for_episode(*, actor: Actor, episode: Episode) -> list[Plan]:
    actor.require_clinical()
    return record_list_audited(
        Plan.objects.filter(clinic=actor.clinic, episode=episode)
        .select_related("assessment", "created_by")
        .order_by("assessment__number", "version"),
        actor=actor,
        object_type="plan",
        detail={"episode": str(episode.pk)},
    )


def plan_latest_for_assessment(*, actor: Actor, assessment: Assessment) -> Plan | None:
    """The newest version for an assessment the caller already fetched through the scoped
    selector (audited as a read when there is one)."""
    actor.require_clinical()
    plan = (
        Plan.objects.filter(clinic=actor.clinic, assessment=assessment)
        .select_related("created_by")
        .order_by("-version")
        .first()
    )
    if plan is not None:
        audit_object(actor, AuditAction.READ, "plan", plan)
    return plan


def plan_edit_choices() -> dict:
    """What the edit form offers, from the knowledge base: stages, techniques, exercises,
    muscles."""
    kb = get_kb()
    return {
        "stages": [(s.id, f"{s.number}. {s.name}") for s in kb.stages],
        "techniques": sorted((t.id, t.name) for t in kb.techniques.values()),
        "exercises": sorted((e.id, e.name) for e in kb.exercises.values()),
        "muscles": sorted(((m.id, m.name) for m in kb.muscles.values()), key=lambda m: m[1]),
    }


def plan_count_for_assessment(*, actor: Actor, assessment: Assessment) -> int:
    """How many plan versions an assessment the caller already fetched has (no plan content is
    read, so nothing is audited)."""
    actor.require_clinical()
    return Plan.objects.filter(clinic=actor.clinic, assessment=assessment).count()
