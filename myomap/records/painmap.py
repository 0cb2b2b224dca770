"""The body chart's pain map: replace-all save, the form reading that feeds it, and the ranked
candidate muscles for a drawing. Clinical records: scoped, audited (through the assessment
selectors and `section_store`)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction

from myomap.accounts.actor import Actor
from myomap.accounts.audit import audit_object
from myomap.accounts.models import AuditAction
from myomap.clinical.engine import sources_run
from myomap.clinical.kb import get_kb
from myomap.errors import NotFound, ValidationFailed
from myomap.inputs import strict_int
from myomap.records.assessments.selectors import assessment_get_for_user
from myomap.records.assessments.services import section_store
from myomap.records.models import Assessment, PainMapEntry, PainQuality

CANDIDATE_LIMIT = 8  # a short list keeps palpation focused; the ranking is best first


def _intensity(region: str, value: Any) -> int | None:
    if value is None or value == "":
        return None
    try:  # strictly: "²".isdigit() is true, and int() reads any Unicode digit
        number: int | None = strict_int(value)
    except ValueError:
        number = None
    if number is None or not 0 <= number <= 10:
        label = get_kb().regions[region].label
        raise ValidationFailed(
            {f"intensity_{region}": [f"Intensity for {label} must be a whole number 0–10."]}
        )
    return number


def _quality(region: str, value: Any) -> str:
    if value in (None, ""):
        return ""
    if value not in PainQuality.values:
        allowed = ", ".join(PainQuality.values)
        label = get_kb().regions[region].label
        raise ValidationFailed(
            {f"quality_{region}": [f"Sensation for {label} must be one of: {allowed}."]}
        )
    return value


def pain_entries_clean(entries: Iterable[Mapping[str, Any]]) -> list[dict]:
    """Validate a drawing: known region ids, each once, intensity 0–10, a known quality."""
    regions = get_kb().regions
    cleaned: dict[str, dict] = {}
    for entry in entries:
        region = entry.get("region")
        if not isinstance(region, str) or region not in regions:
            raise ValidationFailed({"region": [f"Unknown body-chart region {region!r}."]})
        if region in cleaned:
            raise ValidationFailed({"region": [f"Region {region!r} is marked twice."]})
        cleaned[region] = {
            "region": region,
            "intensity": _intensity(region, entry.get("intensity")),
            "quality": _quality(region, entry.get("quality")),
        }
    return list(cleaned.values())


def pain_entries_from_form(data: Mapping[str, Any]) -> list[dict]:
    """The checklist form (and the chart that drives it): `regions` ticked, with
    `intensity_<id>` and `quality_<id>` beside each."""
    getlist = getattr(data, "getlist", None)
    regions = getlist("regions") if getlist else list(data.get("regions", []))
    return [
        {
            "region": region,
            "intensity": data.get(f"intensity_{region}", ""),
            "quality": data.get(f"quality_{region}", ""),
        }
        for region in regions
    ]


def pain_entries_marked(entries: Iterable[Mapping[str, Any]]) -> dict[str, dict]:
    """Region id → {intensity, quality} of raw entries, to show a refused form back as typed."""
    return {
        str(e.get("region")): {"intensity": e.get("intensity"), "quality": e.get("quality")}
        for e in entries
    }


def assessment_pain_map_save(
    *, actor: Actor, assessment_id: uuid.UUID | str, entries: Iterable[Mapping[str, Any]]
) -> Assessment:
    """Replace the assessment's whole pain map atomically: a refused entry changes nothing."""
    assessment = assessment_get_for_user(actor=actor, assessment_id=assessment_id, audit=False)
    cleaned = pain_entries_clean(entries)
    with transaction.atomic():
        PainMapEntry.objects.filter(assessment=assessment).delete()
        PainMapEntry.objects.bulk_create(
            PainMapEntry(assessment=assessment, **entry) for entry in cleaned
        )
        # Audits the update (section pain_map) and refreshes the reasoning summary.
        section_store(actor, assessment, "pain_map", [])
    return assessment


def pain_map_get_for_user(*, actor: Actor, assessment: Assessment) -> dict[str, dict]:
    """The assessment's stored drawing for a clinician of its clinic, audited as a read."""
    actor.require_clinical()
    if assessment.clinic_id != actor.clinic.pk:
        raise NotFound("No such assessment.")
    marked = pain_map_marked(assessment)
    audit_object(actor, AuditAction.READ, "pain_map", assessment, {"regions": len(marked)})
    return marked


def pain_map_marked(assessment: Assessment) -> dict[str, dict]:
    """Region id → {intensity, quality} of the stored drawing (one query). Unscoped: for
    services that already hold an assessment fetched for the actor."""
    return {
        e.region: {"intensity": e.intensity, "quality": e.quality}
        for e in PainMapEntry.objects.filter(assessment=assessment)
    }


def pain_map_candidates(marked: Mapping[str, Mapping[str, Any]]) -> dict | None:
    """The engine's ranked candidate muscles for a drawing; None when nothing is drawn."""
    if not marked:
        return None
    intensity = {r: e["intensity"] for r, e in marked.items() if e.get("intensity") is not None}
    ranked = sources_run(list(marked), intensity, CANDIDATE_LIMIT)
    # Each card explains its own side, in words: which of the marked regions this muscle on
    # this side refers to (the engine's reasons are per muscle, with region ids and a score).
    regions = get_kb().regions
    for candidate in ranked["candidates"]:
        explained = candidate["essential"] + candidate["spillover"]
        names = [regions[r].label if r in regions else r for r in explained]
        side = SIDE_WORDS.get(candidate["side"], candidate["side"])
        candidate["explains"] = (
            f"{candidate['name']} ({side}) refers pain to {', '.join(names)}: "
            f"{len(explained)} of the {len(marked)} marked region"
            f"{'' if len(marked) == 1 else 's'}."
        )
        candidate["reason"] = None
    return ranked


SIDE_WORDS = {"left": "left side", "right": "right side", "bilateral": "both sides"}
