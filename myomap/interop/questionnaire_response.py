"""Assessment ↔ QuestionnaireResponse: the answers as given, one item per questionnaire (and
per section: red-flag screen, severity, posture), so a completed questionnaire is never a dead
end — each scored instrument also becomes an Observation (see `observation`) derived from this
response. NPRS is a plain integer answer; the other instruments' answers (lists with gaps,
PSFS activities) are carried as canonical JSON, because their item wording may be licensed and
is not reproduced."""

from __future__ import annotations

import json
from typing import Any

from myomap.interop.common import MYOMAP, ext, ext_get, ext_get_json, ref

QUESTIONNAIRE = f"{MYOMAP}:questionnaire:assessment"
SECTIONS = ("triage_input", "severity_input", "posture_input")


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def questionnaire_response_from(assessment: Any, client_id: str) -> dict:
    """The assessment's answers; its episode is an extension (R4 has no element for it)."""
    items = []
    for section in SECTIONS:
        value = getattr(assessment, section)
        if value:
            items.append({"linkId": section, "answer": [{"valueString": _json(value)}]})
    for instrument, answers in sorted((assessment.measures_input or {}).items()):
        answer: dict[str, Any]
        if instrument == "nprs" and isinstance(answers, int) and not isinstance(answers, bool):
            answer = {"valueInteger": answers}
        else:
            answer = {"valueString": _json(answers)}
        items.append({"linkId": f"measures.{instrument}", "answer": [answer]})
    resource = {
        "resourceType": "QuestionnaireResponse",
        "id": str(assessment.pk),
        "extension": [
            ext("assessment-kind", "Code", assessment.kind),
            ext("assessment-number", "PositiveInt", assessment.number),
            ext("episode", "Reference", ref("EpisodeOfCare", str(assessment.episode_id))),
        ],
        "questionnaire": QUESTIONNAIRE,
        "status": "completed",
        "subject": ref("Patient", client_id),
        "authored": assessment.assessed_on.isoformat(),
    }
    if items:
        resource["item"] = items
    return resource


def assessment_fields_from(resource: dict) -> dict:
    """kind, number, assessed_on, the three section inputs and the measures' answers."""
    episode = ext_get(resource, "episode", "Reference") or {}
    fields: dict[str, Any] = {
        "episode_ref": (episode.get("reference") or "").split("/", 1)[-1],
        "engine_results": ext_get_json(resource, "engine-results", {}),
        "kind": ext_get(resource, "assessment-kind", "Code", "initial"),
        "number": ext_get(resource, "assessment-number", "PositiveInt", 1),
        "assessed_on": (resource.get("authored") or "")[:10],
        "measures_input": {},
        **{section: {} for section in SECTIONS},
    }
    for item in resource.get("item") or []:
        answer = (item.get("answer") or [{}])[0]
        value = answer["valueInteger"] if "valueInteger" in answer else None
        if value is None and "valueString" in answer:
            value = json.loads(answer["valueString"])
        link = item.get("linkId", "")
        if link in SECTIONS:
            fields[link] = value
        elif link.startswith("measures."):
            fields["measures_input"][link.removeprefix("measures.")] = value
    return fields
