"""Aftercare and safety-netting for a handout, every sentence from the plan or the KB.

- Aftercare: the plan's `aftercare` items (docs/clinical-rules.md, plan rules), then the KB's note
that deep
  pressure can leave soreness for a day or two (ischaemic compression `sequence`).
- Safety-netting: the KB's `red_flags.safety_netting` sentences, which are already written for
  the client; cited to the red-flag rules that call for safety-netting.
"""

from __future__ import annotations

from myomap.clinical.kb import get_kb

SORENESS_TECHNIQUE = "ischemic_compression"
SORENESS_WORD = "soreness"


def soreness_note() -> dict | None:
    """The KB's 'deep pressure can leave soreness…' line, cut at the first ';' so the
    clinician-facing tail ('space sessions') stays off a client handout."""
    technique = get_kb().techniques.get(SORENESS_TECHNIQUE)
    if technique is None:
        return None
    line = next((s for s in technique.sequence if SORENESS_WORD in s.lower()), None)
    if line is None:
        return None
    advice = line.split(";")[0].strip().rstrip(".") + "."
    return {
        "id": "deep_pressure_soreness",
        "advice": advice,
        "source": f"kb:techniques.{SORENESS_TECHNIQUE}.sequence",
        "sources": list(technique.sources),
    }


def aftercare_build(plan_output: dict | None) -> dict:
    """The aftercare section: plan items in plan order, then the soreness note."""
    items = [
        {
            "id": item.get("id", ""),
            "advice": item["advice"],
            "source": item.get("source", ""),
            "sources": [item["source"]] if item.get("source") else [],
        }
        for item in (plan_output or {}).get("aftercare", [])
    ]
    note = soreness_note()
    if note is not None:
        items.append(note)
    return {"items": items, "sources": _keys(items)}


def safety_netting_build(plan_output: dict | None = None) -> dict:
    """'When to get help' — always present, whatever the plan says; a plan's own
    safety-netting (which adds, e.g., the cauda equina advice for a radicular plan) comes
    first when the plan carries it."""
    red_flags = get_kb().red_flags
    planned = [
        s["advice"]
        for s in (plan_output or {}).get("safety_netting") or []
        if s.get("for", "client") == "client"
    ]
    citing = [
        rule
        for rule in red_flags.rules
        if rule.safety_netting or "safety-net" in rule.action.lower()
    ]
    sources = list(dict.fromkeys(key for rule in citing for key in rule.sources))
    return {
        "items": list(dict.fromkeys([*planned, *red_flags.safety_netting])),
        "source": "kb:red_flags.safety_netting",
        "sources": sources,
    }


def _keys(items: list[dict]) -> list[str]:
    return list(dict.fromkeys(key for item in items for key in item["sources"]))
