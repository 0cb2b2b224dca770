"""Template helpers for the safety sections: precaution choices from the knowledge base, and
the session note's health re-screen and neurological re-check panel."""

from __future__ import annotations

from django import template

from myomap.accounts.models import ScopeOfPractice
from myomap.clinical.kb import get_kb

register = template.Library()

# Asked on its own line with an explicit yes/no, so it is never "not ticked by accident".
ASKED_SEPARATELY = ("anticoagulant_therapy",)
SCOPES = tuple(ScopeOfPractice.choices)  # one vocabulary with the clinician's profile


@register.simple_tag
def precaution_options() -> list[dict]:
    book = get_kb().precautions.precautions
    return [
        {"id": p.id, "label": p.label, "changes": p.changes}
        for p in book.values()
        if p.id not in ASKED_SEPARATELY
    ]


@register.simple_tag
def scope_options() -> tuple:
    return SCOPES


@register.inclusion_tag("sessions/_safety_check.html", takes_context=True)
def session_safety(context, session) -> dict:
    """The note's safety panel from what the view gave the page (`safety`), with a refused
    post's values (kept for one drawing, like a flash message) shown again."""
    from myomap.web.views.safety import refused_post_pop

    panel = context["safety"]
    refused = refused_post_pop(context.get("request"), session.pk)
    return {**panel, "csrf_token": context.get("csrf_token"),
            "typed": _typed(panel["check"], refused),
            "safety_errors": (refused or {}).get("errors", {}),
            "neuro_done": _neuro_done(panel["check"], panel["recheck"]),
            "editable": bool(context.get("safety_editable", True))}  # fmt: skip


def _neuro_done(check, recheck: dict | None) -> list[tuple[str, str]]:
    """A signed note's re-check results in words: each check's label and its result."""
    from myomap.records.models import NeuroResult

    if check is None or not check.neuro:
        return []
    labels = {item["id"]: item["label"] for item in (recheck or {}).get("items", [])}
    results = dict(NeuroResult.choices)
    return [(labels.get(i, i.replace("_", " ")), results.get(r, r)) for i, r in check.neuro.items()]


def _typed(check, refused: dict | None) -> dict:
    """The values the form shows: a refused post exactly as typed, else the saved check."""
    if refused is not None:
        posted = refused.get("posted", {})

        def one(name: str) -> str:
            return (posted.get(name) or [""])[0]

        return {
            "health_changed": one("health_changed"),
            "health_note": one("health_note"),
            "precautions_added": posted.get("precautions_added", []),
            "precautions_removed": posted.get("precautions_removed", []),
            "gestation_weeks": one("gestation_weeks"),
            "neuro": {k[len("neuro_") :]: v[0] for k, v in posted.items() if k.startswith("neuro_")
                      and k != "neuro_note" and v},
            "neuro_note": one("neuro_note"),
        }  # fmt: skip
    if check is None:
        return {"health_changed": "", "neuro": {}, "precautions_added": [],
                "precautions_removed": []}  # fmt: skip
    return {
        "health_changed": "yes" if check.health_changed else "no",
        "health_note": check.health_note,
        "precautions_added": check.precautions_added,
        "precautions_removed": check.precautions_removed,
        "gestation_weeks": "" if check.gestation_weeks is None else str(check.gestation_weeks),
        "neuro": check.neuro or {},
        "neuro_note": check.neuro_note,
    }


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
