"""Template helpers for the safety sections: precaution choices from the knowledge base, and
the session note's health re-screen and neurological re-check panel."""

from __future__ import annotations

from django import template

from myomap.clinical.kb import get_kb

register = template.Library()

# Asked on its own line with an explicit yes/no, so it is never "not ticked by accident".
ASKED_SEPARATELY = ("anticoagulant_therapy",)


@register.simple_tag
def precaution_options() -> list[dict]:
    book = get_kb().precautions.precautions
    return [
        {"id": p.id, "label": p.label, "changes": p.changes}
        for p in book.values()
        if p.id not in ASKED_SEPARATELY
    ]


@register.inclusion_tag("sessions/_safety_check.html", takes_context=True)
def session_safety(context, session) -> dict:
    """The note's safety panel, as the view prepared it (`safety`: myomap.web.views.safety
    safety_panel_for_page, with a refused post's values already in it)."""
    panel = context["safety"]
    return {**panel, "csrf_token": context.get("csrf_token"),
            "editable": bool(context.get("safety_editable", True))}  # fmt: skip


@register.filter
def precaution_label(precaution_id: str) -> str:
    entry = get_kb().precautions.precautions.get(precaution_id)
    return entry.label if entry else precaution_id


@register.simple_tag
def palpation_cautions() -> list[dict]:
    kb = get_kb()
    return [
        {
            "muscle": kb.muscles[c.muscle].name,
            "text": c.text,
            "confidence": c.confidence,
            "sources": list(c.sources),
            "when": [kb.precautions.precautions[w].label for w in c.when],
        }
        for c in kb.precautions.palpation_cautions
    ]
