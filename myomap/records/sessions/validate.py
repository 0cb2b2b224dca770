"""Check a session note before anything is stored (docs/clinical-rules.md, session notes): nothing
is half-saved. Every problem is collected with the field it belongs to (`techniques.2.hold_seconds`)
and the allowed values, so the page can show them all at once and nothing is half-saved.

The note arrives as a plain dict (from the web form or, later, the API):

    {"seen_on": "2026-11-21", "stage": "relieve_spasm", "nprs_before": 6, "nprs_after": 4,
     "discomfort": 6, "red_flag_rescreen": "none_new", "red_flag_note": "",
     "subjective": "", "objective": "", "assessment": "", "plan_next": "",
     "techniques": [{"technique", "muscle", "side", "pressure_lb", "hold_seconds",
                     "repetitions", "minutes", "outside_protocol_reason"}],
     "trigger_points": [{"muscle", "side", "released"}] | None,   # None = not examined
     "muscles_in_spasm" | "muscles_shortened" | "muscles_weak": [{"muscle", "side"}] | None,
     "pelvis_level": True | False | None, "criteria_met": [ids],
     "exercises": [{"exercise", "dose"}], "aftercare": [ids]}
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from myomap.clinical.dosing import (
    DOSE_FIELDS,
    dose_impossible,
    dose_outside_protocol,
    dose_value_parse,
)
from myomap.clinical.kb import get_kb
from myomap.errors import ValidationFailed
from myomap.inputs import LINE_MAX, NOTE_MAX, REASON_MAX, strict_int, text_problem
from myomap.records.models import FindingSide, RedFlagRescreen
from myomap.today import clinic_today

SIDES = tuple(FindingSide.values)
EXAM_FIELDS = ("muscles_in_spasm", "trigger_points", "muscles_shortened", "muscles_weak")
TEXT_FIELDS = ("subjective", "objective", "assessment", "plan_next", "red_flag_note")


def _text(raw: Any, field: str, limit: int, errors: Errors) -> str:
    """Free text, stripped; too long or holding a NUL is refused naming the field."""
    value = str(raw or "").strip()
    problem = text_problem(value, limit)
    if problem:
        errors.add(field, f"{field.rsplit('.', 1)[-1]} {problem}.")
    return value


class Errors(dict):
    def add(self, field: str, message: str) -> None:
        self.setdefault(field, []).append(message)


def _int_0_10(raw: Any, field: str, errors: Errors, *, required: bool) -> int | None:
    if raw is None or raw == "":
        if required:
            errors.add(field, "Required: a whole number from 0 to 10.")
        return None
    try:
        value = strict_int(raw)  # `1_0` is not 10
    except ValueError:
        errors.add(field, f"{raw!r} is not a whole number; allowed: 0 to 10.")
        return None
    if not 0 <= value <= 10:
        errors.add(field, f"{value} is out of range; allowed: 0 to 10.")
        return None
    return value


def _choice(raw: Any, field: str, allowed: tuple[str, ...], errors: Errors) -> str:
    if raw not in allowed:
        errors.add(field, f"{raw!r} is not allowed; choose one of: {', '.join(allowed)}.")
    return str(raw or "")


def _muscle_side(item: Any, field: str, errors: Errors) -> dict | None:
    if not isinstance(item, dict):
        errors.add(field, "Expected {muscle, side}.")
        return None
    muscle, side = item.get("muscle"), item.get("side")
    if muscle not in get_kb().muscles:
        errors.add(f"{field}.muscle", f"Unknown muscle {muscle!r}.")
        return None
    if side not in SIDES:
        errors.add(f"{field}.side", f"{side!r} is not allowed; choose one of: {', '.join(SIDES)}.")
        return None
    return {"muscle": muscle, "side": side}


def _exam_list(raw: Any, field: str, errors: Errors) -> list[dict] | None:
    if raw is None:
        return None
    if not isinstance(raw, list):
        errors.add(field, "Expected a list of {muscle, side}, or nothing when not examined.")
        return None
    cleaned = []
    for index, item in enumerate(raw):
        found = _muscle_side(item, f"{field}.{index}", errors)
        if found is not None:
            if field == "trigger_points":
                found["released"] = bool(item.get("released"))
            cleaned.append(found)
    return cleaned


def _dose(row: dict, prefix: str, technique: str, errors: Errors) -> dict[str, Decimal | None]:
    doses: dict[str, Decimal | None] = {}
    reason = _text(
        row.get("outside_protocol_reason"), f"{prefix}.outside_protocol_reason", REASON_MAX, errors
    )
    for field in DOSE_FIELDS:
        try:
            value = dose_value_parse(field, row.get(field))
        except ValueError as exc:
            errors.add(f"{prefix}.{field}", f"{row.get(field)!r} {exc}.")
            continue
        doses[field] = value
        if value is None:
            continue
        impossible = dose_impossible(field, value)
        if impossible:
            errors.add(f"{prefix}.{field}", f"{value:g} is impossible: {impossible}.")
            continue
        outside = dose_outside_protocol(technique, field, value)
        if outside and len(reason) < 3:
            ranges = "; ".join(r.text for r in outside)
            errors.add(
                f"{prefix}.outside_protocol_reason",
                f"{field.replace('_', ' ')} {value:g} is outside the protocol ({ranges}): "
                "give a reason to confirm it.",
            )
    return doses


def _technique_row(row: Any, index: int, errors: Errors) -> dict | None:
    prefix = f"techniques.{index}"
    if not isinstance(row, dict):
        errors.add(prefix, "Expected a technique row.")
        return None
    technique = row.get("technique")
    if technique not in get_kb().techniques:
        errors.add(f"{prefix}.technique", f"Unknown technique {technique!r}.")
        return None
    muscle, side = row.get("muscle") or "", row.get("side") or ""
    if muscle and muscle not in get_kb().muscles:
        errors.add(f"{prefix}.muscle", f"Unknown muscle {muscle!r}.")
    if muscle and side not in SIDES:
        errors.add(f"{prefix}.side", f"Choose the side: {', '.join(SIDES)}.")
    if side and not muscle:
        errors.add(f"{prefix}.muscle", "A side was given without a muscle.")
    doses = _dose(row, prefix, technique, errors)
    reason = str(row.get("outside_protocol_reason") or "").strip()
    return {"technique": technique, "muscle": muscle, "side": side, **doses,
            "outside_protocol_reason": reason}  # fmt: skip


def _exercises(raw: Any, errors: Errors) -> list[dict]:
    cleaned = []
    for index, item in enumerate(raw or []):
        exercise = item.get("exercise") if isinstance(item, dict) else item
        if exercise not in get_kb().exercises:
            errors.add(f"exercises.{index}.exercise", f"Unknown exercise {exercise!r}.")
            continue
        dose = item.get("dose") if isinstance(item, dict) else ""
        cleaned.append(
            {"exercise": exercise, "dose": _text(dose, f"exercises.{index}.dose", LINE_MAX, errors)}
        )
    return cleaned


def _ids(raw: Any, field: str, known: set[str], errors: Errors) -> list[str]:
    cleaned = []
    for index, value in enumerate(raw or []):
        if value not in known:
            allowed = ", ".join(sorted(known)) or "none in this plan"
            errors.add(f"{field}.{index}", f"Unknown id {value!r}; allowed: {allowed}.")
        elif value not in cleaned:
            cleaned.append(value)
    return cleaned


def _seen_on(raw: Any, errors: Errors) -> date | None:
    if isinstance(raw, date):
        seen_on = raw
    else:
        try:
            seen_on = date.fromisoformat(str(raw))
        except ValueError:
            errors.add("seen_on", f"{raw!r} is not a date (YYYY-MM-DD).")
            return None
    today = clinic_today()
    if seen_on > today:
        errors.add(
            "seen_on",
            f"The visit date cannot be after today ({today:%-d %b %Y} in the clinic's time zone).",
        )
    return seen_on


def plan_vocabulary(plan_output: dict) -> dict[str, set[str]]:
    """The ids a note on this plan may use: stages, criteria and aftercare."""
    stages = plan_output.get("stages", [])
    return {
        "stages": {s["id"] for s in stages},
        "criteria": {c["id"] for s in stages for c in s.get("exit_criteria", [])}
        | {c["id"] for s in stages for c in s.get("entry_criteria", [])},
        "aftercare": {a["id"] for a in plan_output.get("aftercare", [])},
    }


def session_note_clean(note: dict, *, plan_output: dict) -> dict:
    """The note as it will be stored, or ValidationFailed-ready errors (raised by the caller)."""
    errors = Errors()
    vocabulary = plan_vocabulary(plan_output)
    cleaned: dict[str, Any] = {
        "seen_on": _seen_on(note.get("seen_on"), errors),
        "stage": _choice(note.get("stage"), "stage", tuple(sorted(vocabulary["stages"])), errors),
        "nprs_before": _int_0_10(note.get("nprs_before"), "nprs_before", errors, required=True),
        "nprs_after": _int_0_10(note.get("nprs_after"), "nprs_after", errors, required=False),
        "discomfort": _int_0_10(note.get("discomfort"), "discomfort", errors, required=False),
        "red_flag_rescreen": _choice(
            note.get("red_flag_rescreen"),
            "red_flag_rescreen",
            tuple(RedFlagRescreen.values),
            errors,
        ),  # fmt: skip
        "pelvis_level": note.get("pelvis_level"),
        "criteria_met": _ids(
            note.get("criteria_met"), "criteria_met", vocabulary["criteria"], errors
        ),  # fmt: skip
        "aftercare": _ids(note.get("aftercare"), "aftercare", vocabulary["aftercare"], errors),
        "exercises": _exercises(note.get("exercises"), errors),
    }
    for field in TEXT_FIELDS:
        cleaned[field] = _text(note.get(field), field, NOTE_MAX, errors)
    for field in EXAM_FIELDS:
        cleaned[field] = _exam_list(note.get(field), field, errors)
    if cleaned["pelvis_level"] not in (True, False, None):
        errors.add("pelvis_level", "Allowed: level, not level, or not retested.")
    # A row the form shows as a suggestion left unticked (`applied` present and false) is not a
    # technique given; it stays in the note only so a refused form shows it again as it was.
    rows = [
        _technique_row(row, i, errors)
        for i, row in enumerate(note.get("techniques") or [])
        if not (isinstance(row, dict) and "applied" in row and not row["applied"])
    ]
    cleaned["techniques"] = [row for row in rows if row is not None]
    _check_red_flag(cleaned, errors)
    if errors:
        raise ValidationFailed(dict(errors))
    return cleaned


def _check_red_flag(cleaned: dict, errors: Errors) -> None:
    """A new red flag stops treatment (docs/clinical-rules.md, session notes): the note records it,
    nothing is applied."""
    if cleaned["red_flag_rescreen"] != RedFlagRescreen.NEW_FLAG:
        return
    if not cleaned["red_flag_note"]:
        errors.add("red_flag_note", "Describe the new red flag and what you did about it.")
    if cleaned["techniques"]:
        errors.add(
            "techniques",
            "A new red flag stops treatment: remove the techniques, record the flag in a "
            "re-assessment's red-flag screen and act on its urgency.",
        )
