"""Plan version ↔ CarePlan: the five stages as activities (each with its goals, techniques and
exercises by name), the version, origin and knowledge-base version as extensions, and the
engine's output, source document and clinician overrides carried losslessly so an imported
plan can be shown and explained exactly as it was."""

from __future__ import annotations

from typing import Any

from myomap.interop.common import (
    STAGE_SYSTEM,
    concept,
    ext,
    ext_get,
    ext_get_json,
    ext_json,
    ref,
)


def care_plan_from(plan: Any, client_id: str, stage_names: dict[str, str], latest: bool) -> dict:
    activities = []
    for stage in plan.output.get("stages") or []:
        name = stage_names.get(stage["id"], stage["id"])
        goals = "; ".join(goal["text"] for goal in stage.get("goals") or [])
        activities.append({"detail": {
            "kind": "ServiceRequest",
            "code": concept(STAGE_SYSTEM, stage["id"], name, f"Stage {stage.get('order')}: {name}"),
            "status": "not-started",
            "description": goals or name,
        }})  # fmt: skip
    resource = {
        "resourceType": "CarePlan",
        "id": str(plan.pk),
        "extension": [
            ext("plan-version", "PositiveInt", plan.version),
            ext("plan-origin", "Code", plan.origin),
            ext("kb-version", "String", plan.kb_version),
            ext_json("engine-output", plan.output),
            ext_json("assessment-document", plan.document),
            ext_json("overrides", plan.overrides),
        ],
        "status": ("active" if latest else "revoked") if plan.status == "ok" else "on-hold",
        "intent": "plan",
        "title": f"Treatment plan, version {plan.version}",
        "subject": ref("Patient", client_id),
        "supportingInfo": [ref("QuestionnaireResponse", str(plan.assessment_id))],
    }
    if activities:
        resource["activity"] = activities
    return resource


def plan_fields_from(resource: dict) -> dict:
    return {
        "version": ext_get(resource, "plan-version", "PositiveInt", 1),
        "origin": ext_get(resource, "plan-origin", "Code", "generated"),
        "kb_version": ext_get(resource, "kb-version", "String", ""),
        "output": ext_get_json(resource, "engine-output", {}),
        "document": ext_get_json(resource, "assessment-document", {}),
        "overrides": ext_get_json(resource, "overrides", []),
    }
