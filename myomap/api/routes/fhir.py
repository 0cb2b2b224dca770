"""FHIR R4: a client's whole record as a Bundle (`$everything`) and the import of such a
bundle into the caller's clinic. The mapping is in `myomap.interop`; see docs/fhir.md."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Body, Router, Status

from myomap.api.edge import ERRORS, actor_of
from myomap.api.schemas import FhirBundle, ImportOut
from myomap.exchange.fhir_export import client_bundle_for_user
from myomap.exchange.fhir_import import bundle_import

router = Router(tags=["FHIR"])


@router.get(
    "/fhir/Patient/{client_id}/$everything",
    response={200: FhirBundle, **ERRORS},
    summary="A client's record as a FHIR Bundle",
)
def fhir_everything(request: HttpRequest, client_id: uuid.UUID):
    """Patient, episodes (EpisodeOfCare, Condition), assessments (QuestionnaireResponse and
    Observations), plans (CarePlan, ServiceRequest), sessions (Encounter, Procedure); every
    resource validated by the fhir.resources R4B models. Audited as an export."""
    return client_bundle_for_user(actor=actor_of(request), client_id=client_id)


@router.post("/fhir/Bundle", response={201: ImportOut, **ERRORS}, summary="Import a FHIR Bundle")
def fhir_import(request: HttpRequest, bundle: dict[str, Any] = Body(...)):  # noqa: B008
    """Recreate the bundle's clients in the caller's clinic, all or nothing."""
    return Status(201, {"clients": bundle_import(actor=actor_of(request), bundle=bundle)})
