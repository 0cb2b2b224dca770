"""A technique applied at a session → Procedure (part of the Encounter), with the muscle as
body site and the dose as extensions."""

from __future__ import annotations

from typing import Any

from myomap.interop.common import (
    LATERALITY_SYSTEM,
    MUSCLE_SYSTEM,
    TECHNIQUE_SYSTEM,
    code_of,
    concept,
    ext,
    ext_get,
    ref,
)

DOSES = ("pressure_lb", "hold_seconds", "minutes")


def procedure_from(row: Any, session: Any, client_id: str, names: dict[str, str]) -> dict:
    extensions = [ext("position", "Integer", row.position)]
    for dose in DOSES:
        value = getattr(row, dose)
        if value is not None:
            extensions.append(ext(dose.replace("_", "-"), "Decimal", float(value)))
    if row.repetitions is not None:
        extensions.append(ext("repetitions", "Integer", row.repetitions))
    if row.outside_protocol_reason:
        extensions.append(ext("outside-protocol-reason", "String", row.outside_protocol_reason))
    resource: dict[str, Any] = {
        "resourceType": "Procedure",
        "id": str(row.pk),
        "extension": extensions,
        "status": "completed",
        "code": concept(TECHNIQUE_SYSTEM, row.technique, names.get(row.technique),
                        names.get(row.technique, row.technique)),
        "subject": ref("Patient", client_id),
        "encounter": ref("Encounter", str(session.pk)),
        "performedDateTime": session.seen_on.isoformat(),
    }  # fmt: skip
    if row.muscle:
        site = concept(MUSCLE_SYSTEM, row.muscle, names.get(row.muscle))
        if row.side:
            site["coding"].append({"system": LATERALITY_SYSTEM, "code": row.side})
        resource["bodySite"] = [site]
    return resource


def technique_fields_from(resource: dict) -> dict:
    site = (resource.get("bodySite") or [{}])[0]
    fields: dict[str, Any] = {
        "position": ext_get(resource, "position", "Integer", 0),
        "technique": code_of(resource.get("code"), TECHNIQUE_SYSTEM),
        "muscle": code_of(site, MUSCLE_SYSTEM) or "",
        "side": code_of(site, LATERALITY_SYSTEM) or "",
        "repetitions": ext_get(resource, "repetitions", "Integer"),
        "outside_protocol_reason": ext_get(resource, "outside-protocol-reason", "String", ""),
    }
    for dose in DOSES:
        fields[dose] = ext_get(resource, dose.replace("_", "-"), "Decimal")
    return fields
