"""Plain-text lines for the safety parts of a plan: precautions in force, per-item changes and
cautions, the neurological re-check and safety-netting (used by `plan_text`)."""

from __future__ import annotations

import textwrap

WIDTH = 96


def _wrap(text: str, indent: str = "  ", hang: str | None = None) -> list[str]:
    return textwrap.wrap(
        text,
        WIDTH,
        initial_indent=indent,
        subsequent_indent=hang or indent + "  ",
        break_on_hyphens=False,  # a source key (OSBORNE-SHEETS-2009) stays on one line
    )


def _position_words(position: dict) -> list[str]:
    # Plans stored before the labels were added name only the ids.
    return position.get("position_labels") or position["positions"]


def item_safety_lines(item: dict) -> list[str]:
    lines: list[str] = []
    for note in item.get("cautions", []):
        lines += _wrap(
            f"CAUTION ({note['confidence']}): {note['text']} [{note['source']}]",
            "      ",
            "        ",
        )
    for kept in item.get("kept_by_override", []):
        lines += _wrap(
            f"KEPT BY CLINICIAN OVERRIDE despite: {kept['text']} [{kept['source']}]",
            "      ",
            "        ",
        )
    return lines


def precaution_lines(plan: dict) -> list[str]:
    section = plan.get("precautions") or {}
    lines: list[str] = []
    for prompt in plan.get("rescreen_prompts") or []:
        lines += ["", "RE-SCREEN"] + _wrap(f"{prompt['text']} [{prompt['source']}]")
    if section.get("in_force") or section.get("pathways"):
        lines += ["", "Health and precautions in force"]
        for p in section.get("in_force", []):
            weeks = f", {p['gestation_weeks']} weeks" if p.get("gestation_weeks") else ""
            lines += _wrap(f"- {p['label']}{weeks} ({p['why']}; {p['confidence']}): {p['changes']}")
        for p in section.get("pathways", []):
            lines += _wrap(f"- {p['label']} ({p['why']}): {p['changes']}")
        for position in section.get("positions", []):
            lines += _wrap(
                f"- position {', '.join(_position_words(position))} — {position['action']}: "
                f"{position['text']} [{position['source']}, {position['confidence']}]"
            )
        for note in section.get("notes", []):
            lines += _wrap(f"- {note['text']} [{note['source']}, {note['confidence']}]")
        lines += _wrap(section.get("note", ""))
    scope = section.get("scope_of_practice")
    lines += [
        "",
        f"Clinician scope of practice: {scope or 'not recorded (treated as massage / NMT)'}",
    ]
    return lines


def recheck_lines(plan: dict) -> list[str]:
    recheck = plan.get("neurological_recheck")
    if not recheck:
        return []
    lines = ["", f"Neurological re-check at every visit ({recheck['why']})"]
    for item in recheck["items"]:
        lines += _wrap(f"- {item['label']}: {item['how']}")
    lines += _wrap(recheck["worse_means"])
    for step in recheck["escalation"]:
        lines += _wrap(f"- {step['condition']} → {step['urgency']}: {step['action']}")
    return lines


def safety_netting_lines(plan: dict) -> list[str]:
    advice = plan.get("safety_netting") or []
    if not advice:
        return []
    lines = ["", "Safety-netting (tell the client)"]
    for a in advice:
        who = " (clinician)" if a.get("for") == "clinician" else ""
        lines += _wrap(f"-{who} {a['advice']}")
    return lines
