"""Session note ↔ Encounter (one visit). Status finished once signed, in-progress for a
draft. The SOAP texts, re-examination and dosing details have no FHIR element of their own and
travel as one lossless extension; authors and signing time travel as provenance extensions, so
an imported signed note stays signed by its original author at its original time."""

from __future__ import annotations

from typing import Any

from myomap.interop.common import ext, ext_get, ext_get_json, ext_json, ref

NOTE_FIELDS = (
    "stage", "nprs_before", "nprs_after", "discomfort", "red_flag_rescreen", "red_flag_note",
    "subjective", "objective", "assessment", "plan_next", "muscles_in_spasm", "trigger_points",
    "muscles_shortened", "muscles_weak", "pelvis_level", "criteria_met", "exercises", "aftercare",
)  # fmt: skip


def encounter_from(
    session: Any, client_id: str, authors: dict[str, str], addenda: list[dict]
) -> dict:
    """`authors`: created_by, signed_by (usernames, the original ones for imported notes) and
    signed_at (ISO time or ""); `addenda`: [{text, author, at}] oldest first."""
    note = {name: getattr(session, name) for name in NOTE_FIELDS}
    extensions = [
        ext("session-number", "PositiveInt", session.number),
        ext_json("session-note", note),
        ext("author", "String", authors["created_by"] or "unknown"),
        ext("plan-version", "Reference", ref("CarePlan", str(session.plan_id))),
    ]
    if authors.get("signed_at"):
        extensions.append(ext("signed-at", "DateTime", authors["signed_at"]))
        extensions.append(ext("signed-by", "String", authors["signed_by"] or "unknown"))
    if addenda:
        extensions.append(ext_json("addenda", addenda))
    return {
        "resourceType": "Encounter",
        "id": str(session.pk),
        "extension": extensions,
        "status": "finished" if authors.get("signed_at") else "in-progress",
        "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
                  "code": "AMB", "display": "ambulatory"},
        "subject": ref("Patient", client_id),
        "episodeOfCare": [ref("EpisodeOfCare", str(session.episode_id))],
        "period": {"start": session.seen_on.isoformat()},
    }  # fmt: skip


def session_fields_from(resource: dict) -> dict:
    note = ext_get_json(resource, "session-note", {})
    plan_ref = ext_get(resource, "plan-version", "Reference") or {}
    return {
        "number": ext_get(resource, "session-number", "PositiveInt", 1),
        "seen_on": ((resource.get("period") or {}).get("start") or "")[:10],
        "note": note,
        "plan_ref": (plan_ref.get("reference") or "").split("/", 1)[-1],
        "author": ext_get(resource, "author", "String", ""),
        "signed_at": ext_get(resource, "signed-at", "DateTime"),
        "signed_by": ext_get(resource, "signed-by", "String", ""),
        "addenda": ext_get_json(resource, "addenda", []),
    }
