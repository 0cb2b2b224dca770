"""Plain-text rendering of a plan for the terminal (`myomap engine plan --format text`).

It renders the JSON plan document only, so what a clinician reads is exactly what was stored.
"""

from __future__ import annotations

import textwrap

from myomap.clinical.plan_text_safety import (
    item_safety_lines,
    precaution_lines,
    recheck_lines,
    safety_netting_lines,
)

WIDTH = 96


def _wrap(text: str, indent: str = "  ", hang: str | None = None) -> list[str]:
    return textwrap.wrap(
        text,
        WIDTH,
        initial_indent=indent,
        subsequent_indent=hang if hang is not None else indent + "  ",
        break_on_hyphens=False,  # a source key (OSBORNE-SHEETS-2009) stays on one line
    )


def _who(item: dict) -> str:
    muscle = item.get("muscle") or item.get("for_muscle")
    if muscle:
        return f"{muscle} ({item.get('side')})"
    return item.get("target") or "general"


def _stage_lines(stage: dict) -> list[str]:
    lines = ["", f"Stage {stage['order']}: {stage['id']}"]
    if stage.get("started_early"):
        lines += _wrap(f"Started early by the clinician: {stage['started_early']['reason']}")
    for goal in stage["goals"]:
        lines += _wrap(f"- goal: {goal['text']}")
    for t in stage["techniques"]:
        lines += _wrap(f"- technique {t['technique']} → {_who(t)}")
        lines += _wrap(f"dose: {t['dose']} [{t['dose_source']}]", "      ", "        ")
        lines += _wrap(f"why: {t['reason']} [{t['source']}]", "      ", "        ")
        if t.get("position"):
            lines += _wrap(f"position: {t['position']}", "      ", "        ")
        lines += item_safety_lines(t)
        if t.get("evidence"):
            lines += _wrap(f"evidence {t['evidence']}", "      ", "        ")
    for e in stage["exercises"]:
        lines += _wrap(f"- exercise {e['exercise']} → {_who(e)}")
        if e.get("also_for"):
            lines += _wrap(f"also covers: {', '.join(e['also_for'])}", "      ", "        ")
        lines += _wrap(f"dose: {e['dose']} [{e['dose_source']}]", "      ", "        ")
        if e.get("progression"):
            lines += _wrap(f"progress: {e['progression']}", "      ", "        ")
        lines += _wrap(f"why: {e['reason']} [{e['source']}]", "      ", "        ")
        lines += item_safety_lines(e)
    for c in stage.get("checks", []):
        lines += _wrap(f"- check {c['muscle']} ({c['side']}): {c['text']} [{c['source']}]")
    if not stage["techniques"] and not stage["exercises"]:
        lines.append("  (no techniques or exercises from the findings)")
    entry = "; ".join(c["text"] for c in stage["entry_criteria"]) or "none"
    exit_ = "; ".join(c["text"] for c in stage["exit_criteria"]) or "none"
    lines += _wrap(f"entry: {entry}") + _wrap(f"exit: {exit_}")
    return lines


def _referral_lines(plan: dict) -> list[str]:
    referral = plan.get("referral") or {}
    lines = ["", f"REFERRAL REQUIRED — urgency {plan['urgency']}"]
    for concern in referral.get("concerns", []):
        findings = ", ".join(concern.get("findings", []))
        lines += _wrap(f"- {concern.get('condition')}: {findings}")
        lines += _wrap(f"action: {concern.get('action')}", "      ", "        ")
    for advice in referral.get("safety_netting", []):
        lines += _wrap(f"- safety-netting: {advice}")
    return lines


def _course_lines(plan: dict) -> list[str]:
    lines = []
    course = plan.get("expected_course")
    if course:
        lines += ["", "Expected course"] + _wrap(course["summary"])
        lines += _wrap(f"evidence ({course['evidence']['grade']}): {course['evidence']['text']}")
    if plan.get("matched_care"):
        care = plan["matched_care"]
        lines += ["", "Matched care (STarT Back)"] + _wrap(
            f"{care['text']} Visits: {care['visits']}. [{', '.join(care['sources'])}]"
        )
        for option in care.get("options", []):
            lines += _wrap(f"- option: {option}")
    if plan.get("approach_note"):
        lines += ["", "Approach"] + _wrap(plan["approach_note"]["text"])
    return lines


def _tail_lines(plan: dict) -> list[str]:
    lines = []
    if plan["blocked"]:
        lines += ["", "Left out on purpose"]
        for b in plan["blocked"]:
            lines += _wrap(f"- {b['item']}: {b['reason']} [{b['source']}]")
    if plan.get("lift"):
        lift = plan["lift"]
        lines += ["", "Lift"] + _wrap(
            f"{lift['side']} side, start {lift['start_mm']} mm, "
            f"target {lift['target_mm']} mm. {lift['note']}"
        )
    if plan["aftercare"]:
        lines += ["", "Aftercare (every session)"]
        for a in plan["aftercare"]:
            lines += _wrap(f"- {a['advice']}")
        grade = (plan["aftercare"][0].get("evidence") or {}).get("grade")
        if grade:
            lines += _wrap(f"evidence ({grade}): {plan['aftercare'][0]['evidence']['text']}")
    if plan["reassess_at_sessions"]:
        sessions = " and ".join(str(n) for n in plan["reassess_at_sessions"])
        lines += ["", f"Reassess at sessions {sessions}."]
    for override in plan.get("overrides", []):
        state = "applied" if override["applied"] else "NOT applied"
        lines += _wrap(
            f"Override ({override['action']} {override.get('item') or override.get('stage')}"
            f", {state}): {override['reason']} — {override['effect']}",
            "",
        )
    if plan.get("undecided"):
        lines += ["", "Not decided for lack of data"] + [f"  - {u}" for u in plan["undecided"]]
    return lines


def _reasoning_lines(plan: dict) -> list[str]:
    reasoning = plan.get("reasoning")
    if not reasoning:
        return []
    lines = ["", "Clinical reasoning (causal chain)"]
    for step in reasoning["causal_chain"]:
        lines += _wrap(f"- {step['id']} [{step['status']}]: {step['text']}")
    lines += ["Five elements of pain"]
    for element in reasoning["five_elements"]:
        lines += _wrap(f"- {element['id']} [{element['status']}]")
    return lines


def plan_render_text(plan: dict) -> str:
    c = plan.get("classification", {})
    lines = [
        f"Myomap treatment plan — status {plan['status']}, urgency {plan['urgency']}",
        f"Duration {c.get('duration') or 'unknown'}, severity {c.get('severity') or 'unknown'}, "
        f"STarT Back {c.get('start_back_risk') or 'not scored'}, "
        f"leg length {c.get('leg_length') or 'not measured'}; KB {plan['kb_version']}",
    ]
    if plan["status"] == "referral_required":
        lines += _referral_lines(plan)
    else:
        if plan.get("referral"):
            lines += _referral_lines(plan)
        lines += precaution_lines(plan) + recheck_lines(plan)
        for stage in plan["stages"]:
            lines += _stage_lines(stage)
        lines += _course_lines(plan)
    lines += _tail_lines(plan) + safety_netting_lines(plan) + _reasoning_lines(plan)
    return "\n".join(lines) + "\n"
