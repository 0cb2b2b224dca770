"""Client ↔ Patient. Sex already uses FHIR's AdministrativeGender codes; occupation (desk,
manual, athlete, other) is a Myomap extension. Administrative notes do not leave the clinic."""

from __future__ import annotations

from typing import Any

from myomap.interop.common import ext, ext_get


def patient_from_client(client: Any) -> dict:
    telecom = []
    if client.phone:
        telecom.append({"system": "phone", "value": client.phone})
    if client.email:
        telecom.append({"system": "email", "value": client.email})
    resource = {
        "resourceType": "Patient",
        "id": str(client.pk),
        "extension": [ext("occupation", "Code", client.occupation)],
        "name": [{"family": client.family_name, "given": [client.given_name]}],
        "gender": client.sex,
        "birthDate": client.date_of_birth.isoformat(),
    }
    if telecom:
        resource["telecom"] = telecom
    return resource


def client_fields_from_patient(patient: dict) -> dict:
    name = (patient.get("name") or [{}])[0]
    telecom = {t.get("system"): t.get("value", "") for t in patient.get("telecom") or []}
    return {
        "given_name": " ".join(name.get("given") or []),
        "family_name": name.get("family", ""),
        "date_of_birth": patient.get("birthDate", ""),
        "sex": patient.get("gender", "unknown"),
        "occupation": ext_get(patient, "occupation", "Code", "other"),
        "phone": telecom.get("phone", ""),
        "email": telecom.get("email", ""),
        "notes": "",
    }
