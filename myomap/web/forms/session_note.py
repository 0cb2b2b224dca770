"""The one-screen session note form: read the posted fields into the services' note dict, and
build what the template shows (rows, hints, the re-examination grid) from a note dict — the
plan's defaults, a stored draft, or a refused post shown again with its errors.

Field names: `t<i>_<field>` per technique row; `exam_<kind>` says a kind of finding was
re-examined today and `<kind>` carries the "muscle|side" values found; `ex` lists the exercises
reviewed with `ex_dose_<id>` each; `ex_add` adds one more from the knowledge base."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import QueryDict

from myomap.clinical.dosing import DOSE_FIELDS, INTEGER_FIELDS, PLAUSIBLE, protocol_ranges
from myomap.clinical.kb import get_kb
from myomap.errors import ValidationFailed
from myomap.inputs import strict_int
from myomap.records.models import FindingSide, RedFlagRescreen, TreatmentSession
from myomap.records.sessions.services import NOTE_FIELDS, ROW_FIELDS

EXTRA_ROWS = 3
MAX_ROWS = 40
EXAM_KINDS = {  # form name → note field
    "spasm": "muscles_in_spasm",
    "tp": "trigger_points",
    "shortened": "muscles_shortened",
    "weak": "muscles_weak",
}
PELVIS_CHOICES = {"": None, "level": True, "torsion": False}
SIMPLE_FIELDS = ("seen_on", "stage", "nprs_before", "nprs_after", "discomfort",
                 "red_flag_rescreen", "red_flag_note", "subjective", "objective", "assessment",
                 "plan_next")  # fmt: skip


# The dose inputs of a technique row: the visible label, the words a screen reader says, and the
# unit (the dose model's own, shortened for the box beside the input).
DOSE_LABELS = {
    "pressure_lb": ("Pressure", "Pressure in pounds"),
    "hold_seconds": ("Hold", "Hold in seconds"),
    "repetitions": ("Repetitions", "Repetitions"),
    "minutes": ("Minutes", "Minutes"),
}
SHORT_UNITS = {"seconds": "s", "repetitions": "reps", "minutes": "min"}


def dose_inputs() -> list[dict]:
    return [
        {
            "name": name,
            "label": DOSE_LABELS[name][0],
            "spoken": DOSE_LABELS[name][1],
            "unit": SHORT_UNITS.get(PLAUSIBLE[name][2], PLAUSIBLE[name][2]),
            "inputmode": "numeric" if name in INTEGER_FIELDS else "decimal",
        }
        for name in DOSE_FIELDS
    ]


def _pairs(values: list[str]) -> list[dict]:
    pairs = []
    for value in values:
        muscle, _, side = value.partition("|")
        pairs.append({"muscle": muscle, "side": side})
    return pairs


ROW_KEY = re.compile(r"t(\d+)_")


def _row_indexes(post: QueryDict) -> list[int]:
    """The technique rows posted, read from the field names themselves so a forged or stale
    `t_rows` can neither crash the page nor silently drop a row."""
    found = {int(m.group(1)) for key in post if (m := ROW_KEY.match(key))}
    return sorted(found)


def note_post_check(post: QueryDict) -> None:
    """Refuse (ValidationFailed) a post whose form structure is wrong — not the note's content,
    which the services check. Called before the note is saved."""
    problems: dict[str, list[str]] = {}
    raw = post.get("t_rows", "")
    try:
        declared = strict_int(raw) if raw != "" else None
    except ValueError:
        declared = None
        problems["t_rows"] = [f"{raw!r} is not a row count; allowed: 0 to {MAX_ROWS}."]
    if declared is not None and not 0 <= declared <= MAX_ROWS:
        problems["t_rows"] = [f"{declared} rows is out of range; allowed: 0 to {MAX_ROWS}."]
    indexes = _row_indexes(post)
    if indexes and indexes[-1] >= MAX_ROWS:
        problems["techniques"] = [f"At most {MAX_ROWS} technique rows can be recorded."]
    if problems:
        raise ValidationFailed(problems)


def _technique_rows(post: QueryDict) -> list[dict]:
    rows = []
    for i in _row_indexes(post)[:MAX_ROWS]:
        row: dict = {name: post.get(f"t{i}_{name}", "").strip() for name in ROW_FIELDS}
        # A row suggested from the plan counts only when ticked as applied: a prefilled form
        # must never claim a treatment that was not given (the service skips a row whose
        # `applied` is false). It is kept so a refused form shows it again exactly as it was.
        # A row the clinician filled in themselves counts as soon as it holds anything.
        suggested = bool(post.get(f"t{i}_suggested"))
        applied = bool(post.get(f"t{i}_applied"))
        if suggested and not applied:
            rows.append({**row, "applied": ""})
        elif any(row.values()):  # an untouched blank row is not a row
            rows.append({**row, "applied": "on"} if suggested else row)
    return rows


def _exam(post: QueryDict) -> dict:
    exam: dict[str, list[dict] | None] = {}
    for kind, note_field in EXAM_KINDS.items():
        if not post.get(f"exam_{kind}"):
            exam[note_field] = None  # not examined today: the engine settles nothing from it
            continue
        found = _pairs(post.getlist(kind))
        if kind == "tp":
            released = set(post.getlist("tp_released"))
            found = [{**p, "released": f"{p['muscle']}|{p['side']}" in released} for p in found]
        exam[note_field] = found
    return exam


def _exercises(post: QueryDict) -> list[dict]:
    chosen: list[dict] = [
        {"exercise": e, "dose": post.get(f"ex_dose_{e}", "")} for e in post.getlist("ex")
    ]
    if post.get("ex_add"):
        chosen.append({"exercise": post["ex_add"], "dose": post.get("ex_add_dose", "")})
    return chosen


def note_from_post(post: QueryDict) -> dict:
    """The posted form as the note dict the services validate (nothing is checked here)."""
    note: dict = {name: post.get(name, "") for name in SIMPLE_FIELDS}
    note["pelvis_level"] = PELVIS_CHOICES.get(post.get("pelvis_level", ""), "invalid")
    note["criteria_met"] = post.getlist("criteria_met")
    note["aftercare"] = post.getlist("aftercare")
    note["techniques"] = _technique_rows(post)
    note["exercises"] = _exercises(post)
    note.update(_exam(post))
    return note


def note_from_session(session: TreatmentSession) -> dict:
    note = {name: getattr(session, name) for name in NOTE_FIELDS}
    note["seen_on"] = session.seen_on.isoformat()
    note["techniques"] = [
        {**{name: getattr(row, name) for name in ROW_FIELDS}, "applied": True}
        for row in session.techniques.all()
    ]
    return note


# ---- what the template shows ---------------------------------------------------------------


@dataclass
class ExamMuscle:
    muscle: str
    side: str
    label: str
    found: dict[str, bool] = field(default_factory=dict)  # kind → ticked
    released: bool = False

    @property
    def key(self) -> str:
        return f"{self.muscle}|{self.side}"


def _cited(keys) -> str:
    """Source keys as short citations ("Hou et al. 2002"), words not ids."""
    from myomap.web.templatetags.words import short_citation

    return "; ".join(short_citation(key) for key in keys)


def _hint(technique: str) -> str:
    ranges = protocol_ranges(technique)
    if not ranges:
        return "No dose range in the knowledge base: record what you did."
    return "Protocol: " + "; ".join(f"{r.text} ({_cited(r.sources)})" for r in ranges)


def _rows(note: dict, errors: dict) -> list[dict]:
    rows = list(note.get("techniques") or []) + [{} for _ in range(EXTRA_ROWS)]
    shown = []
    for i, row in enumerate(rows):
        values = {name: ("" if row.get(name) is None else row.get(name)) for name in ROW_FIELDS}
        for name in DOSE_FIELDS:  # a stored 60.0 → "60", 1.5 stays; typed text stays as typed
            if isinstance(values[name], (int, float, Decimal)) and not isinstance(
                values[name], bool
            ):
                values[name] = f"{float(values[name]):g}"
        row_errors = {
            name: errors.get(f"techniques.{i}.{name}", []) for name in (*ROW_FIELDS, "row")
        }
        hint = _hint(values["technique"]) if values["technique"] else ""
        shown.append(
            {
                "index": i,
                "values": values,
                "errors": row_errors,
                "hint": hint,
                "suggested": "applied" in row,
                "applied": bool(row.get("applied")),
            }
        )
    return shown


def _exam_muscles(note: dict, plan_output: dict, document: dict) -> list[ExamMuscle]:
    kb = get_kb()
    seen: dict[str, ExamMuscle] = {}

    def add(muscle: str | None, side: str | None) -> ExamMuscle | None:
        if not muscle or muscle not in kb.muscles or side not in FindingSide.values:
            return None
        key = f"{muscle}|{side}"
        if key not in seen:
            seen[key] = ExamMuscle(muscle, side, f"{kb.muscles[muscle].name} ({side})")
        return seen[key]

    for finding in document.get("muscles", []):
        add(finding.get("muscle"), finding.get("side"))
    for stage in plan_output.get("stages", []):
        for item in stage.get("techniques", []):
            add(item.get("muscle"), item.get("side"))
    for kind, note_field in EXAM_KINDS.items():
        for found in note.get(note_field) or []:
            entry = add(found.get("muscle"), found.get("side"))
            if entry is not None:
                entry.found[kind] = True
                entry.released = entry.released or bool(found.get("released"))
    return list(seen.values())


def note_form_build(
    *, note: dict, plan_output: dict, document: dict, errors: dict | None = None
) -> dict:
    errors = errors or {}
    kb = get_kb()
    stages: list[dict] = plan_output.get("stages", [])
    stage: dict = next((s for s in stages if s["id"] == note.get("stage")), {})
    chosen = {e["exercise"]: e.get("dose", "") for e in note.get("exercises") or []}
    stage_exercises = [e["exercise"] for e in stage.get("exercises", [])]
    exercise_ids = list(dict.fromkeys(stage_exercises + list(chosen)))
    return {
        "note": note,
        "errors": errors,
        "rows": _rows(note, errors),
        "dose_inputs": dose_inputs(),
        "row_count": len(note.get("techniques") or []) + EXTRA_ROWS,
        "exam_muscles": _exam_muscles(note, plan_output, document),
        "examined": {kind: note.get(field) is not None for kind, field in EXAM_KINDS.items()},
        "pelvis_value": {True: "level", False: "torsion", None: ""}.get(note.get("pelvis_level")),
        "exercises": [
            {
                "id": e,
                "name": kb.exercises[e].name,
                "checked": e in chosen,
                "dose": chosen.get(e, ""),
                "kb_dose": kb.exercises[e].dose.note or "",
            }
            for e in exercise_ids
            if e in kb.exercises
        ],  # fmt: skip
        "stage": stage,
        "stages": [(s["id"], kb.stage_names.get(s["id"], s["id"])) for s in plan_output["stages"]],
        "criteria": stage.get("exit_criteria", []),
        "aftercare": plan_output.get("aftercare", []),
        "rescreen_choices": RedFlagRescreen.choices,
        "techniques": sorted((t.id, t.name) for t in kb.techniques.values()),
        "muscles": sorted(((m.id, m.name) for m in kb.muscles.values()), key=lambda m: m[1]),
        "sides": FindingSide.choices,
        "all_exercises": sorted(
            ((e.id, e.name) for e in kb.exercises.values()), key=lambda e: e[1]
        ),  # fmt: skip
        "safety_netting": list(kb.red_flags.safety_netting),
        "discomfort_hint": _discomfort_hint(),
    }


def _discomfort_hint() -> str:
    technique = get_kb().techniques.get("ischemic_compression")
    doses = technique.dose if technique else []
    dose = next((d for d in doses if d.parameter == "discomfort_0_10"), None)
    if dose is None or dose.range is None:
        return ""
    return (
        f"During ischaemic compression: about {dose.range.min:g}-{dose.range.max:g}/10 "
        f"({dose.confidence} confidence; {_cited(dose.sources)})"
    )
