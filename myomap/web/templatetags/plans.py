"""The plan block on the assessment page: latest plan summary with Generate/Regenerate, or the
red-flag hard stop."""

from __future__ import annotations

from functools import lru_cache

from django import template

from myomap.clinical.kb import get_kb

register = template.Library()


@register.inclusion_tag("plans/_slot.html", takes_context=True)
def plan_slot(context, assessment) -> dict:
    """The plan block from what the view gave the page: `blocker` (the red-flag hard stop) and
    `latest_plan` (the assessment's latest plan, read by the view through its selector)."""
    return {
        "assessment": assessment,
        "blocker": context["blocker"],
        "plan": context["latest_plan"],
        "csrf_token": context.get("csrf_token"),
    }


@register.filter
def words(value) -> str:
    return str(value or "").replace("_", " ")


@register.filter
def stage_items(stage: dict) -> int:
    return len(stage.get("techniques", [])) + len(stage.get("exercises", []))


@lru_cache(maxsize=16)
def _names(version: str, collection: str) -> dict[str, str]:
    # Once per knowledge-base version: a plan page asks for hundreds of names.
    items = getattr(get_kb(), collection)
    values = items.values() if isinstance(items, dict) else items
    return {item.id: item.name for item in values}


@register.filter
def kb_name(value: str, collection: str) -> str:
    """`{{ id|kb_name:"techniques" }}`: the knowledge base's name for an id."""
    names = _names(get_kb().version, collection)
    return names.get(value, str(value or "").replace("_", " "))
