"""Exercises of a plan version → ServiceRequest (based on the CarePlan), one per exercise and
stage, with the client's dose as the patient instruction. Derived from the plan's engine
output, so import reads the CarePlan, not these."""

from __future__ import annotations

from typing import Any

from myomap.interop.common import EXERCISE_SYSTEM, STAGE_SYSTEM, concept, ref


def exercise_requests(plan: Any, client_id: str, exercise_names: dict[str, str]) -> list[dict]:
    result = []
    for stage in plan.output.get("stages") or []:
        for index, exercise in enumerate(stage.get("exercises") or []):
            name = exercise_names.get(exercise["exercise"], exercise["exercise"])
            request = {
                "resourceType": "ServiceRequest",
                "id": f"{plan.pk}-s{stage.get('order', 0)}-{index}",
                "basedOn": [ref("CarePlan", str(plan.pk))],
                "status": "active",
                "intent": "plan",
                "category": [concept(STAGE_SYSTEM, stage["id"])],
                "code": concept(EXERCISE_SYSTEM, exercise["exercise"], name, name),
                "subject": ref("Patient", client_id),
            }
            if exercise.get("dose"):
                request["patientInstruction"] = exercise["dose"]
            result.append(request)
    return result
