"""Shared pieces: code systems, extension URLs, references and validation by the R4B models.

`fhir.resources`' default import is R5; every model here comes from `fhir.resources.R4B`."""

from __future__ import annotations

import importlib
import json
from typing import Any

LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
# Local code systems and extensions: URNs, so nothing depends on a web host.
MYOMAP = "urn:myomap:fhir"
MEASURE_SYSTEM = f"{MYOMAP}:measure"
REGION_SYSTEM = f"{MYOMAP}:body-region"
MUSCLE_SYSTEM = f"{MYOMAP}:muscle"
STAGE_SYSTEM = f"{MYOMAP}:stage"
EXERCISE_SYSTEM = f"{MYOMAP}:exercise"
TECHNIQUE_SYSTEM = f"{MYOMAP}:technique"
OBSERVATION_SYSTEM = f"{MYOMAP}:observation"
LATERALITY_SYSTEM = f"{MYOMAP}:laterality"


def ext_url(name: str) -> str:
    return f"{MYOMAP}:extension:{name}"


def ext(name: str, kind: str, value: Any) -> dict:
    return {"url": ext_url(name), f"value{kind}": value}


def ext_json(name: str, value: Any) -> dict:
    """A Myomap document carried losslessly (canonical JSON), for what FHIR has no element
    for: engine output, section inputs, note details."""
    return ext(name, "String", json.dumps(value, sort_keys=True, separators=(",", ":")))


def ext_get(resource: dict, name: str, kind: str, default: Any = None) -> Any:
    for item in resource.get("extension") or []:
        if item.get("url") == ext_url(name):
            return item.get(f"value{kind}", default)
    return default


def ext_get_json(resource: dict, name: str, default: Any = None) -> Any:
    text = ext_get(resource, name, "String")
    return default if text is None else json.loads(text)


def ref(resource_type: str, resource_id: str) -> dict:
    return {"reference": f"{resource_type}/{resource_id}"}


def ref_id(reference: dict | None) -> str | None:
    value = (reference or {}).get("reference") or ""
    return value.split("/", 1)[1] if "/" in value else None


def coding(system: str, code: str, display: str | None = None) -> dict:
    item = {"system": system, "code": code}
    if display:
        item["display"] = display
    return item


def concept(system: str, code: str, display: str | None = None, text: str | None = None) -> dict:
    result: dict[str, Any] = {"coding": [coding(system, code, display)]}
    if text:
        result["text"] = text
    return result


def code_of(value: dict | None, system: str) -> str | None:
    for item in (value or {}).get("coding") or []:
        if item.get("system") == system:
            return item.get("code")
    return None


class FhirInvalid(ValueError):
    """A resource the R4B models refuse, with where."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def fhir_validate(resource: dict) -> dict:
    """Validate a resource with its R4B model and return it as the model serialises it."""
    kind = resource.get("resourceType")
    if not isinstance(kind, str) or not kind.isalpha():
        raise FhirInvalid(f"resourceType missing or not a FHIR type: {kind!r}", "resourceType")
    try:
        module = importlib.import_module(f"fhir.resources.R4B.{kind.lower()}")
        model = getattr(module, kind)
    except (ImportError, AttributeError):
        raise FhirInvalid(f"{kind!r} is not an R4B resource type", "resourceType") from None
    try:
        parsed = model.model_validate(resource)
    except ValueError as exc:  # pydantic's ValidationError is a ValueError
        raise FhirInvalid(f"{kind} is not valid FHIR R4: {str(exc)[:500]}", kind) from None
    return parsed.model_dump(mode="json", exclude_none=True)
