"""The home-programme handout's view model: a plain, JSON-ready dict the templates render.

Exercises come from the clinician's reviewed list when there is one (what the client was
actually shown at the latest session: `[{"exercise", "dose", "sides"?}]`, sides as the plan lists
them), otherwise from one stage of the plan.
"""

from __future__ import annotations

from datetime import date

from myomap.clinical.kb import get_kb
from myomap.handouts.advice import aftercare_build, safety_netting_build
from myomap.handouts.cards import card_from_prescription, stage_cards_build
from myomap.handouts.dates import date_text

TITLE = "Your home exercise programme"


def home_programme_build(
    *,
    plan_output: dict,
    stage_id: str | None,
    prescribed: list[dict] | None,
    clinic_name: str,
    client_name: str,
    therapist_name: str,
    issued_on: date,
    note: str = "",
) -> dict:
    """Build the handout. Raises ValueError naming an unknown exercise or stage id."""
    stage = _stage(plan_output, stage_id)
    if prescribed is not None:
        exercises = [_prescribed_card(item, index) for index, item in enumerate(prescribed)]
    elif stage is not None:
        exercises = stage_cards_build(stage)
    else:
        raise ValueError("stage_id: name a plan stage when no prescribed exercises are given")
    sections = {
        "exercises": {
            "items": exercises,
            "sources": _unique(k for card in exercises for k in card["kb_sources"]),
        },
        "aftercare": aftercare_build(plan_output),
        "safety_netting": safety_netting_build(plan_output),
    }
    return {
        "kind": "home_programme",
        "title": TITLE,
        "clinic_name": clinic_name,
        "client_name": client_name,
        "therapist_name": therapist_name,
        "issued_on": issued_on.isoformat(),
        "issued_on_text": date_text(issued_on),
        "note": note.strip(),
        "stage": _stage_summary(stage),
        **sections,
        "sources": _unique(k for section in sections.values() for k in section["sources"]),
        "kb_version": plan_output.get("kb_version") or get_kb().version,
    }


def _stage(plan_output: dict, stage_id: str | None) -> dict | None:
    if stage_id is None:
        return None
    stages = plan_output.get("stages") or []
    found = next((s for s in stages if s.get("id") == stage_id), None)
    if found is None:
        known = ", ".join(s.get("id", "?") for s in stages) or "none"
        raise ValueError(f"stage_id: {stage_id!r} is not a stage of this plan (plan has: {known})")
    return found


def _stage_summary(stage: dict | None) -> dict | None:
    if stage is None:
        return None
    kb_stage = next((s for s in get_kb().stages if s.id == stage["id"]), None)
    return {
        "id": stage["id"],
        "name": kb_stage.name if kb_stage else stage["id"].replace("_", " "),
        "number": kb_stage.number if kb_stage else stage.get("order"),
    }


def _prescribed_card(item: dict, index: int) -> dict:
    if not isinstance(item, dict) or not isinstance(item.get("exercise"), str):
        raise ValueError(f"prescribed.{index}: expected {{'exercise': id, 'dose': text}}")
    dose = item.get("dose") or ""
    if not isinstance(dose, str):
        raise ValueError(f"prescribed.{index}.dose: expected text")
    sides = item.get("sides") or []
    if not isinstance(sides, list) or not all(isinstance(side, str) for side in sides):
        raise ValueError(f"prescribed.{index}.sides: expected a list of sides")
    return card_from_prescription(item["exercise"], dose, sides)


def _unique(keys) -> list[str]:
    return list(dict.fromkeys(k for k in keys if k))
