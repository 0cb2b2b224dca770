"""Decisions a clinician records beside the notes, as the FHIR resources a reader looks for:

- a **progress decision** (the engine proposed advancing a stage or discharging; the clinician
  accepted or declined, with a reason) → an `Observation` of the clinician's judgement at that
  time: coded (`progress-decision`), its value the decision, components for what was proposed
  and at which session, the reason as its note, `focus` on the EpisodeOfCare it steers. Not a
  Procedure (nothing was done to the client) nor a Communication (no message was sent); the
  CarePlan itself cannot hold a declined proposal.
- a **red-flag action** (the referral made for a red-flag result) → a `ServiceRequest` with the
  category *referral* (SNOMED CT 3457005 "Patient referral"): where the client was referred
  (`performer` by name), when (`authoredOn`), the urgency answered (`priority`, with the
  urgency's words), the note; `supportingInfo` is the assessment whose screen raised it.
"""

from __future__ import annotations

from typing import Any

from myomap.interop.common import (
    MYOMAP,
    OBSERVATION_SYSTEM,
    SNOMED,
    code_of,
    concept,
    ext_get_json,
    ext_json,
    ref,
    ref_id,
)

DECISION_SYSTEM = f"{MYOMAP}:progress-decision"
PROPOSAL_SYSTEM = f"{MYOMAP}:progress-proposal"
URGENCY_SYSTEM = f"{MYOMAP}:red-flag-urgency"
REFERRAL = concept(SNOMED, "3457005", "Patient referral")
# FHIR's request priority closest to each urgency (the exact one is in `reasonCode`).
PRIORITY = {"emergency_same_day": "stat", "urgent": "urgent", "routine_review": "routine"}


def progress_decision_observation(
    decision: Any, client_id: str, words: dict[str, str], decided_by: str = ""
) -> dict:
    """`words`: the display words of the decision and the proposal kind; `decided_by`: the
    clinician who decided (the original one for an imported decision), as `performer`."""
    resource = {
        "resourceType": "Observation",
        "id": str(decision.pk),
        "status": "final",
        "code": concept(OBSERVATION_SYSTEM, "progress-decision", "Progress decision"),
        "subject": ref("Patient", client_id),
        "focus": [ref("EpisodeOfCare", str(decision.episode_id))],
        "effectiveDateTime": decision.decided_at.isoformat(),
        "valueCodeableConcept": concept(
            DECISION_SYSTEM, decision.decision, words.get(decision.decision)
        ),
        "component": [
            {
                "code": concept(OBSERVATION_SYSTEM, "proposal"),
                "valueCodeableConcept": concept(
                    PROPOSAL_SYSTEM, decision.kind, words.get(decision.kind)
                ),
            },
            {
                "code": concept(OBSERVATION_SYSTEM, "at-session"),
                "valueInteger": decision.at_session,
            },
        ],  # fmt: skip
        "note": [{"text": decision.reason}],
        "extension": [ext_json("proposal", decision.proposal or {})],
    }
    if decided_by:
        resource["performer"] = [{"display": decided_by}]
    return resource


def decision_fields_from(resource: dict) -> dict:
    components = {
        code_of(c.get("code"), OBSERVATION_SYSTEM): c for c in resource.get("component") or []
    }
    return {
        "episode_ref": ref_id((resource.get("focus") or [{}])[0]),
        "decision": code_of(resource.get("valueCodeableConcept"), DECISION_SYSTEM),
        "kind": code_of(
            (components.get("proposal") or {}).get("valueCodeableConcept"), PROPOSAL_SYSTEM
        ),
        "at_session": (components.get("at-session") or {}).get("valueInteger"),
        "reason": ((resource.get("note") or [{}])[0]).get("text", ""),
        "proposal": ext_get_json(resource, "proposal", {}),
        "decided_at": resource.get("effectiveDateTime"),
        "decided_by": ((resource.get("performer") or [{}])[0]).get("display", ""),
    }


def is_progress_decision(resource: dict) -> bool:
    return code_of(resource.get("code"), OBSERVATION_SYSTEM) == "progress-decision"


def referral_request(
    action: Any, client_id: str, urgency_words: str, recorded_by: str = ""
) -> dict:
    """`recorded_by`: who recorded the referral (the original one for an imported referral),
    as `requester`."""
    resource = {
        "resourceType": "ServiceRequest",
        "id": str(action.pk),
        "status": "completed",  # the referral was made: recorded after the fact
        "intent": "order",
        "category": [REFERRAL],
        "priority": PRIORITY.get(action.urgency, "routine"),
        "code": concept(OBSERVATION_SYSTEM, "red-flag-referral", "Red-flag referral"),
        "reasonCode": [concept(URGENCY_SYSTEM, action.urgency, urgency_words, urgency_words)],
        "subject": ref("Patient", client_id),
        "supportingInfo": [ref("QuestionnaireResponse", str(action.assessment_id))],
        "authoredOn": action.referred_on.isoformat(),
        "performer": [{"display": action.referred_to}],
    }
    if action.note:
        resource["note"] = [{"text": action.note}]
    if recorded_by:
        resource["requester"] = {"display": recorded_by}
    return resource


def is_referral(resource: dict) -> bool:
    return code_of(resource.get("code"), OBSERVATION_SYSTEM) == "red-flag-referral"


def referral_fields_from(resource: dict) -> dict:
    return {
        "assessment_ref": ref_id((resource.get("supportingInfo") or [{}])[0]),
        "urgency": code_of((resource.get("reasonCode") or [{}])[0], URGENCY_SYSTEM) or "",
        "referred_to": ((resource.get("performer") or [{}])[0]).get("display", ""),
        "referred_on": resource.get("authoredOn"),
        "note": ((resource.get("note") or [{}])[0]).get("text", ""),
        "recorded_by": (resource.get("requester") or {}).get("display", ""),
    }
