"""One exercise as a client reads it: the knowledge base's words, the dose the clinician or the
knowledge base gives, and nothing added.

Clinical honesty: steps, "what to feel", "stop if" and "take care" are the KB entry's own
client sentences (`instructions`, `stop_if`, `cautions`, `contraindications`); the entry's
`clinician_notes` never reach a card. A dose is the clinician's text, the KB's dose for the
plan's stage (numbers, how hard, how often; the confidence and the clinician's asides in
brackets stay on the plan), or the fixed sentence `DOSE_SET_WITH_THERAPIST`. "Too hard?" and
"When it is easy" name the KB's regression and progression exercises.
"""

from __future__ import annotations

import re

from myomap.clinical.kb import Exercise, get_kb, lookups

DOSE_SET_WITH_THERAPIST = "Your therapist will set this with you."
# Words for the exercise kinds of the KB schema (`ExerciseKind`); labels, not advice.
KIND_LABELS = {
    "lengthen": "Stretch",
    "strengthen": "Strengthening",
    "motor_control": "Control",
    "mobility": "Mobility",
    "endurance": "Endurance",
    "functional": "Everyday movement",
    "activity": "Activity",
    "education": "Good to know",
}
SIDE_WORDS = {"left": "Left side", "right": "Right side", "bilateral": "Both sides"}
# "…until you feel the stretch along your side waist." → "the stretch along your side waist"
_FEEL = re.compile(r"\bfeel(?:ing)?\s+(the [^.;,]+)", re.IGNORECASE)
# Bracketed asides in KB dose text are for the clinician ("(derived: …)", "(recalled, …)").
_ASIDE = re.compile(r"\s*\([^)]*\)")


def exercise_get(exercise_id: str) -> Exercise:
    """The KB entry, or a ValueError that names the id (nothing is silently ignored)."""
    entry = get_kb().exercises.get(exercise_id)
    if entry is None:
        raise ValueError(f"unknown exercise id {exercise_id!r}: not in the knowledge base")
    return entry


def _dose(entry: Exercise, use: str | None = None):
    return lookups.exercise_dose_entry(entry.id, use)


def kb_gives_dose(entry: Exercise, use: str | None = None) -> bool:
    """True when the KB states a dose (numbers or a scheme, and how often), not only a note
    saying who sets it."""
    dose = _dose(entry, use)
    amount = (dose.sets, dose.repetitions, dose.hold, dose.duration, dose.scheme)
    return any(v is not None for v in amount) and bool(dose.frequency)


def client_dose(entry: Exercise, use: str | None = None) -> str:
    """'1 set of 10-15 repetitions; light to moderate, about 5-6 out of 10 effort; 2-3 days a
    week' — the KB dose without the confidence grade and the clinician's bracketed asides."""
    dose = _dose(entry, use)
    parts: list[str] = []
    amount = [str(x) for x in (dose.sets, dose.repetitions) if x is not None]
    if amount:
        parts.append(" of ".join(amount))
    if dose.hold is not None:
        parts.append(f"hold {dose.hold}")
    if dose.duration is not None:
        parts.append(str(dose.duration))
    # The first clause (to the first ";") is the instruction; the rest qualifies it for the
    # clinician ("older adults hold 30-60 s", "daily works best" stay on the plan).
    for text in (dose.scheme, dose.effort, dose.frequency):
        if text:
            parts.append(_ASIDE.sub("", text).split(";")[0].strip())
    return "; ".join(p for p in parts if p)


def client_dose_note(entry: Exercise, use: str | None = None) -> str:
    """The first sentence of the KB's dose note (the part written for the client)."""
    note = _dose(entry, use).note or ""
    return note.split(";")[0].strip().rstrip(".") + "." if note else ""


def kb_dose(entry: Exercise) -> tuple[str, str]:
    """(client dose text, client note) of the KB dose."""
    return client_dose(entry), client_dose_note(entry)


def kb_dose_sources(entry: Exercise, use: str | None = None) -> list[str]:
    return list(_dose(entry, use).sources or entry.sources)


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


def _names(ids: list[str]) -> list[str]:
    exercises = get_kb().exercises
    return [exercises[i].name for i in ids if i in exercises]


def exercise_card_build(
    entry: Exercise,
    *,
    dose: str,
    dose_note: str,
    dose_from: str,
    sides: list[str],
    use: str | None = None,
) -> dict:
    """The card for one exercise. `dose_from` is 'clinician', 'knowledge_base' or 'not_set'."""
    return {
        "id": entry.id,
        "name": entry.name,
        "kind": entry.kind,
        "kind_label": KIND_LABELS.get(entry.kind, entry.kind.replace("_", " ").capitalize()),
        "steps": list(entry.instructions),
        "feel": feel_phrases(entry),
        "stop_if": list(entry.stop_if),
        "take_care": [*entry.cautions, *entry.contraindications],
        "easier": _names(entry.regression),
        "harder": _names(entry.progression),
        "dose": dose,
        "dose_note": dose_note,
        "dose_from": dose_from,
        "side": sides_text(sides),
        "sources": kb_dose_sources(entry, use) if dose_from == "knowledge_base" else [],
        "kb_sources": list(entry.sources),
    }


def card_from_prescription(
    exercise_id: str, clinician_dose: str, sides: list[str] | None = None
) -> dict:
    """A clinician-reviewed exercise: their dose wins; if blank, the KB's dose; else the
    fixed 'your therapist will set this' sentence. `sides` are the plan's, when it lists the
    exercise."""
    entry = exercise_get(exercise_id)
    written = (clinician_dose or "").strip()
    if written:
        return exercise_card_build(
            entry, dose=written, dose_note="", dose_from="clinician", sides=sides or []
        )
    return _card_with_kb_dose(entry, sides=sides or [])


def card_from_plan(
    exercise_id: str, plan_dose: str, sides: list[str], use: str | None = None
) -> dict:
    """A planned exercise: the KB dose the plan used for its stage (`use`: e.g. the endurance
    dose in stage 5), in the client's words; the plan's own text carries the confidence and
    the clinician's asides, so it is not copied."""
    del plan_dose  # the plan's text is the clinician's version of the same KB dose
    return _card_with_kb_dose(exercise_get(exercise_id), sides=sides, use=use)


def _card_with_kb_dose(entry: Exercise, *, sides: list[str], use: str | None = None) -> dict:
    if not kb_gives_dose(entry, use):
        return exercise_card_build(
            entry, dose=DOSE_SET_WITH_THERAPIST, dose_note="", dose_from="not_set", sides=sides
        )
    return exercise_card_build(
        entry,
        dose=client_dose(entry, use),
        dose_note=client_dose_note(entry, use),
        dose_from="knowledge_base",
        sides=sides,
        use=use,
    )


def stage_cards_build(stage: dict) -> list[dict]:
    """Cards for a plan stage's exercises. One card per exercise id: an exercise planned for
    two muscles or both sides appears once, with its sides merged."""
    grouped: dict[str, dict] = {}
    for planned in stage.get("exercises", []):
        entry = grouped.setdefault(
            planned["exercise"],
            {"dose": planned.get("dose") or "", "sides": [], "use": planned.get("dose_use")},
        )
        entry["sides"].append(planned.get("side") or "")
    return [card_from_plan(ex_id, g["dose"], g["sides"], g["use"]) for ex_id, g in grouped.items()]
