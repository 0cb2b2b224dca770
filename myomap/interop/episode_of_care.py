"""Episode ↔ EpisodeOfCare, with an explicit status map: Myomap's statuses are not FHIR's.
The exact Myomap status and its note travel in extensions, so the round trip is lossless."""

from __future__ import annotations

from typing import Any

from myomap.interop.common import ext, ext_get, ref

# Myomap episode status → EpisodeOfCare.status (planned | waitlist | active | onhold |
# finished | cancelled | entered-in-error).
STATUS_TO_FHIR = {
    "active": "active",
    "referred": "onhold",  # treatment paused while a doctor assesses a red flag
    "discharged": "finished",
    "maintenance": "finished",  # discharged to a self-managed maintenance programme
}
# Back, when the extension is missing (a bundle from another system).
STATUS_FROM_FHIR = {"active": "active", "onhold": "referred", "finished": "discharged",
                    "planned": "active", "waitlist": "active"}  # fmt: skip


def episode_of_care_from(episode: Any) -> dict:
    return {
        "resourceType": "EpisodeOfCare",
        "id": str(episode.pk),
        "extension": [ext("episode-status", "Code", episode.status)]
        + ([ext("status-note", "String", episode.status_note)] if episode.status_note else []),
        "status": STATUS_TO_FHIR[episode.status],
        "diagnosis": [{"condition": ref("Condition", f"{episode.pk}-condition")}],
        "patient": ref("Patient", str(episode.client_id)),
        "period": {"start": episode.onset_date.isoformat()},
    }


def episode_status_from(resource: dict) -> tuple[str, str]:
    status = ext_get(resource, "episode-status", "Code") or STATUS_FROM_FHIR.get(
        resource.get("status", ""), "active"
    )
    return status, ext_get(resource, "status-note", "String", "")
