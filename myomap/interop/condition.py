"""The episode's presenting complaint ↔ Condition: the complaint as text, the onset date.
SNOMED CT needs the deploying organisation's licence, so its code for low back pain is added
only when configured (`snomed=True`)."""

from __future__ import annotations

from typing import Any

from myomap.interop.common import SNOMED, coding, ext, ext_get, ref

LOW_BACK_PAIN = ("279039007", "Low back pain (finding)")


def condition_from_episode(episode: Any, *, snomed: bool = False) -> dict:
    code: dict[str, Any] = {"text": episode.complaint}
    if snomed:
        code["coding"] = [coding(SNOMED, *LOW_BACK_PAIN)]
    return {
        "resourceType": "Condition",
        "id": f"{episode.pk}-condition",
        "extension": [ext("recurrent", "Boolean", bool(episode.recurrent))],
        "category": [{"coding": [coding(
            "http://terminology.hl7.org/CodeSystem/condition-category",
            "problem-list-item", "Problem List Item")]}],
        "code": code,
        "subject": ref("Patient", str(episode.client_id)),
        "onsetDateTime": episode.onset_date.isoformat(),
    }  # fmt: skip


def episode_fields_from_condition(condition: dict) -> dict:
    return {
        "complaint": (condition.get("code") or {}).get("text", ""),
        "onset_date": condition.get("onsetDateTime", ""),
        "recurrent": bool(ext_get(condition, "recurrent", "Boolean", False)),
    }
