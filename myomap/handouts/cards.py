"""One exercise as a client reads it: the knowledge base's words, the dose the clinician or the
knowledge base gives, and nothing added.

Clinical honesty: steps, "what to feel" and "take care" are the KB entry's own sentences
(`instructions`, `cautions`, `contraindications`); a dose is either the clinician's text, the
KB's numbers, or the fixed sentence `DOSE_SET_WITH_THERAPIST`.
"""

from __future__ import annotations

import re

from myomap.clinical.kb import Exercise, get_kb
from myomap.clinical.planning import catalogue

DOSE_SET_WITH_THERAPIST = "Your therapist will set this with you."
# Words for the exercise kinds of the KB schema (`ExerciseKind`); labels, not advice.
KIND_LABELS = {
    "lengthen": "Stretch",
    "strengthen": "Strengthening",
    "motor_control": "Control",
    "mobility": "Mobility",
    "endurance": "Endurance",
    "functional": "Everyday movement",
}
SIDE_WORDS = {"left": "Left side", "right": "Right side", "bilateral": "Both sides"}
# "…until you feel the stretch along your side waist." → "the stretch along your side waist"
_FEEL = re.compile(r"\bfeel(?:ing)?\s+(the [^.;,]+)", re.IGNORECASE)


def exercise_get(exercise_id: str) -> Exercise:
    """The KB entry, or a ValueError that names the id (SPEC §8: nothing silently ignored)."""
    entry = get_kb().exercises.get(exercise_id)
    if entry is None:
        raise ValueError(f"unknown exercise id {exercise_id!r}: not in the knowledge base")
    return entry


def kb_gives_dose(entry: Exercise) -> bool:
    """True when the KB states numbers (not only a note saying the clinician sets them)."""
    dose = entry.dose
    return any(v is not None for v in (dose.sets, dose.repetitions, dose.hold, dose.frequency))


def kb_dose(entry: Exercise) -> tuple[str, str]:
    """(numbers, note) of the KB dose, e.g. ("8-10 repetitions; hold 1.5-2 seconds", "…")."""
    text, _ = catalogue.exercise_dose(entry.id)
    note = entry.dose.note or ""
    numbers = text.removesuffix(note).strip().rstrip(";").strip() if note else text
    return numbers, note


def kb_dose_sources(entry: Exercise) -> list[str]:
    return list(entry.dose.sources or entry.sources)


def feel_phrases(entry: Exercise) -> list[str]:
    """What the client should feel, only where the KB's instructions say it."""
    found = (m.group(1).strip() for step in entry.instructions for m in _FEEL.finditer(step))
    return list(dict.fromkeys(found))


def sides_text(sides: list[str]) -> str:
    """'Right side', 'Both sides'; '' when the plan names no side (a clinician's list)."""
    unique = list(dict.fromkeys(s for s in sides if s))
    if not unique:
        return ""
    if "bilateral" in unique or {"left", "right"} <= set(unique):
        return SIDE_WORDS["bilateral"]
    return SIDE_WORDS.get(unique[0], "")


def exercise_card_build(
    entry: Exercise, *, dose: str, dose_note: str, dose_from: str, sides: list[str]
) -> dict:
    """The card for one exercise. `dose_from` is 'clinician', 'knowledge_base' or 'not_set'."""
    return {
        "id": entry.id,
        "name": entry.name,
        "kind": entry.kind,
        "kind_label": KIND_LABELS.get(entry.kind, entry.kind.replace("_", " ").capitalize()),
        "steps": list(entry.instructions),
        "feel": feel_phrases(entry),
        "take_care": [*entry.cautions, *entry.contraindications],
        "dose": dose,
        "dose_note": dose_note,
        "dose_from": dose_from,
        "side": sides_text(sides),
        "sources": kb_dose_sources(entry) if dose_from == "knowledge_base" else [],
        "kb_sources": list(entry.sources),
    }


def card_from_prescription(
    exercise_id: str, clinician_dose: str, sides: list[str] | None = None
) -> dict:
    """A clinician-reviewed exercise: their dose wins; if blank, the KB's numbers; else the
    fixed 'your therapist will set this' sentence. `sides` are the plan's, when it lists the
    exercise."""
    entry = exercise_get(exercise_id)
    written = (clinician_dose or "").strip()
    if written:
        return exercise_card_build(
            entry, dose=written, dose_note="", dose_from="clinician", sides=sides or []
        )
    return _card_with_kb_dose(entry, sides=sides or [])


def card_from_plan(exercise_id: str, plan_dose: str, sides: list[str]) -> dict:
    """A planned exercise: the plan's dose when the KB gives numbers (the plan copied them from
    the KB), else the fixed sentence, because the plan's text then only says 'none given'."""
    entry = exercise_get(exercise_id)
    if not kb_gives_dose(entry):
        return _card_with_kb_dose(entry, sides=sides)
    note = entry.dose.note or ""
    numbers = plan_dose.removesuffix(note).strip().rstrip(";").strip() if note else plan_dose
    return exercise_card_build(
        entry, dose=numbers, dose_note=note, dose_from="knowledge_base", sides=sides
    )


def _card_with_kb_dose(entry: Exercise, *, sides: list[str]) -> dict:
    if not kb_gives_dose(entry):
        return exercise_card_build(
            entry, dose=DOSE_SET_WITH_THERAPIST, dose_note="", dose_from="not_set", sides=sides
        )
    numbers, note = kb_dose(entry)
    return exercise_card_build(
        entry, dose=numbers, dose_note=note, dose_from="knowledge_base", sides=sides
    )


def stage_cards_build(stage: dict) -> list[dict]:
    """Cards for a plan stage's exercises. One card per exercise id: an exercise planned for
    two muscles or both sides appears once, with its sides merged."""
    grouped: dict[str, dict] = {}
    for planned in stage.get("exercises", []):
        entry = grouped.setdefault(
            planned["exercise"], {"dose": planned.get("dose") or "", "sides": []}
        )
        entry["sides"].append(planned.get("side") or "")
    return [card_from_plan(ex_id, g["dose"], g["sides"]) for ex_id, g in grouped.items()]
