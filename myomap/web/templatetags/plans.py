"""The plan block on the assessment page: latest plan summary with Generate/Regenerate, or the
red-flag hard stop."""

from __future__ import annotations

from django import template

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


def _names(collection: str) -> dict[str, str]:
    from myomap.clinical.kb import get_kb

    items = getattr(get_kb(), collection)
    values = items.values() if isinstance(items, dict) else items
    return {item.id: item.name for item in values}


@register.filter
def kb_name(value: str, collection: str) -> str:
    """`{{ id|kb_name:"techniques" }}`: the knowledge base's name for an id."""
    return _names(collection).get(value, str(value or "").replace("_", " "))
