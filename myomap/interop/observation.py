"""Observations: one per scored instrument (LOINC where a code is confirmed, local codes
otherwise), one per pain-map region (bodySite with laterality) and one per palpation finding
(the muscle as bodySite, side as laterality, each sign as a component).

LOINC codes used (checked against the project's outcome-measure notes): ODI score 97909-6
(member of panel 97908-8), NPRS 72514-3. RMDQ, STarT Back, PSFS and FABQ have no confirmed
LOINC code, so they carry local codes."""

from __future__ import annotations

from typing import Any

from myomap.clinical.assessment import FINDING_FLAGS
from myomap.interop.common import (
    LATERALITY_SYSTEM,
    LOINC,
    MEASURE_SYSTEM,
    MUSCLE_SYSTEM,
    OBSERVATION_SYSTEM,
    REGION_SYSTEM,
    code_of,
    coding,
    concept,
    ref,
)

LOINC_SCORES = {
    "odi": ("97909-6", "Oswestry disability index score ODI"),
    "nprs": ("72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported"),
}
ODI_PANEL = ("97908-8", "Oswestry Disability Index")
MEASURE_NAMES = {
    "odi": "Oswestry Disability Index",
    "rmdq": "Roland-Morris Disability Questionnaire",
    "start_back": "STarT Back Screening Tool",
    "nprs": "Numeric Pain Rating Scale",
    "psfs": "Patient-Specific Functional Scale",
    "fabq": "Fear-Avoidance Beliefs Questionnaire",
}
SURVEY = {"coding": [coding(
    "http://terminology.hl7.org/CodeSystem/observation-category", "survey", "Survey")]}  # fmt: skip
EXAM = {"coding": [coding(
    "http://terminology.hl7.org/CodeSystem/observation-category", "exam", "Exam")]}  # fmt: skip


def _laterality(side: str) -> dict:
    return concept(LATERALITY_SYSTEM, side, side)


def score_observations(assessment: Any, client_id: str) -> list[dict]:
    result = []
    for instrument, score in sorted((assessment.scores or {}).items()):
        if not isinstance(score, dict) or not score.get("scored"):
            continue
        codings = [coding(MEASURE_SYSTEM, instrument, MEASURE_NAMES.get(instrument))]
        if instrument in LOINC_SCORES:
            codings.insert(0, coding(LOINC, *LOINC_SCORES[instrument]))
        resource = {
            "resourceType": "Observation",
            "id": f"{assessment.pk}-{instrument.replace('_', '-')}",
            "status": "final",
            "category": [SURVEY],
            "code": {"coding": codings, "text": MEASURE_NAMES.get(instrument, instrument)},
            "subject": ref("Patient", client_id),
            "effectiveDateTime": assessment.assessed_on.isoformat(),
            "valueQuantity": {"value": score["score"], "unit": "{score}",
                              "system": "http://unitsofmeasure.org", "code": "{score}"},
            "derivedFrom": [ref("QuestionnaireResponse", str(assessment.pk))],
        }  # fmt: skip
        result.append(resource)
        if instrument == "odi":  # the LOINC panel holding the score
            result.append({
                "resourceType": "Observation",
                "id": f"{assessment.pk}-odi-panel",
                "status": "final",
                "category": [SURVEY],
                "code": {"coding": [coding(LOINC, *ODI_PANEL)], "text": ODI_PANEL[1]},
                "subject": ref("Patient", client_id),
                "effectiveDateTime": assessment.assessed_on.isoformat(),
                "hasMember": [ref("Observation", resource["id"])],
                "derivedFrom": [ref("QuestionnaireResponse", str(assessment.pk))],
            })  # fmt: skip
    return result


def _region_side(region: str) -> str:
    if region.endswith("_l"):
        return "left"
    if region.endswith("_r"):
        return "right"
    return "midline"


def pain_region_observation(entry: Any, assessment: Any, client_id: str, label: str) -> dict:
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "id": str(entry.pk),
        "status": "final",
        "category": [EXAM],
        "code": concept(OBSERVATION_SYSTEM, "pain-region", "Pain marked on the body chart"),
        "subject": ref("Patient", client_id),
        "effectiveDateTime": assessment.assessed_on.isoformat(),
        "bodySite": concept(REGION_SYSTEM, entry.region, label, label),
        "derivedFrom": [ref("QuestionnaireResponse", str(assessment.pk))],
        "component": [{"code": concept(OBSERVATION_SYSTEM, "laterality"),
                       "valueCodeableConcept": _laterality(_region_side(entry.region))}],
    }  # fmt: skip
    if entry.intensity is not None:
        resource["valueInteger"] = entry.intensity
    if entry.quality:
        resource["component"].append(
            {"code": concept(OBSERVATION_SYSTEM, "quality"), "valueString": entry.quality}
        )
    return resource


def pain_entry_from(resource: dict) -> dict:
    quality = ""
    for component in resource.get("component") or []:
        if code_of(component.get("code"), OBSERVATION_SYSTEM) == "quality":
            quality = component.get("valueString", "")
    return {
        "region": code_of(resource.get("bodySite"), REGION_SYSTEM),
        "intensity": resource.get("valueInteger"),
        "quality": quality,
    }


def finding_observation(finding: Any, assessment: Any, client_id: str, muscle_name: str) -> dict:
    components: list[dict] = [
        {"code": concept(OBSERVATION_SYSTEM, "laterality"),
         "valueCodeableConcept": _laterality(finding.side)},
        {"code": concept(OBSERVATION_SYSTEM, "trigger-point"),
         "valueCodeableConcept": concept(
             OBSERVATION_SYSTEM, f"trigger-point-{finding.trigger_point}")},
    ]  # fmt: skip
    for flag in FINDING_FLAGS:
        components.append(
            {
                "code": concept(OBSERVATION_SYSTEM, flag),
                "valueBoolean": bool(getattr(finding, flag)),
            }
        )
    if finding.tenderness is not None:
        components.append(
            {"code": concept(OBSERVATION_SYSTEM, "tenderness"), "valueInteger": finding.tenderness}
        )
    if finding.referral_sensation:
        components.append({"code": concept(OBSERVATION_SYSTEM, "referral-sensation"),
                           "valueString": finding.referral_sensation})  # fmt: skip
    resource = {
        "resourceType": "Observation",
        "id": str(finding.pk),
        "status": "final",
        "category": [EXAM],
        "code": concept(OBSERVATION_SYSTEM, "muscle-finding", "Palpation finding"),
        "subject": ref("Patient", client_id),
        "effectiveDateTime": assessment.assessed_on.isoformat(),
        "bodySite": concept(MUSCLE_SYSTEM, finding.muscle, muscle_name, muscle_name),
        "derivedFrom": [ref("QuestionnaireResponse", str(assessment.pk))],
        "component": components,
    }
    if finding.note:
        resource["note"] = [{"text": finding.note}]
    return resource


def finding_fields_from(resource: dict) -> dict:
    fields: dict[str, Any] = {"muscle": code_of(resource.get("bodySite"), MUSCLE_SYSTEM),
                              "note": ((resource.get("note") or [{}])[0]).get("text", ""),
                              "tenderness": None, "referral_sensation": ""}  # fmt: skip
    for component in resource.get("component") or []:
        name = code_of(component.get("code"), OBSERVATION_SYSTEM)
        if name == "laterality":
            fields["side"] = code_of(component["valueCodeableConcept"], LATERALITY_SYSTEM)
        elif name == "trigger-point":
            code = code_of(component["valueCodeableConcept"], OBSERVATION_SYSTEM) or ""
            fields["trigger_point"] = code.removeprefix("trigger-point-")
        elif name in FINDING_FLAGS:
            fields[name] = component.get("valueBoolean", False)
        elif name == "tenderness":
            fields["tenderness"] = component.get("valueInteger")
        elif name == "referral-sensation":
            fields["referral_sensation"] = component.get("valueString", "")
    return fields


def observation_kind(resource: dict) -> str:
    """score | pain-region | muscle-finding."""
    own = code_of(resource.get("code"), OBSERVATION_SYSTEM)
    return own if own in ("pain-region", "muscle-finding") else "score"
