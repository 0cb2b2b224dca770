"""Template tags that render the body chart as inline SVG from the geometry data, and the
plain checklist of regions that works without JavaScript."""

from __future__ import annotations

from typing import Any

from django import template

from myomap.clinical.kb import get_kb
from myomap.inputs import strict_int
from myomap.web.bodychart.geometry import VIEW_LABELS, drawing_load

register = template.Library()

# Shown left to right; the back comes first because most low-back pain is drawn there.
VIEW_ORDER = ("back", "front")
# Which patient side appears on the viewer's left and right of each view.
SIDE_HINTS = {
    "back": ("Client's left", "Client's right"),
    "front": ("Client's right", "Client's left"),
}


def pain_class(entry: dict | None) -> str:
    """CSS class for a marked region's fill: deeper colour for a higher rating."""
    if entry is None:
        return ""
    intensity = entry.get("intensity")
    # A refused form shows back what was typed, which may not be a number 0–10.
    try:  # strictly: "²".isdigit() is true but int("²") fails
        intensity = strict_int("" if intensity is None else intensity)
    except ValueError:
        return "is-marked"
    level = "low" if intensity <= 3 else "mid" if intensity <= 6 else "high"
    return f"is-marked pain-{level}"


@register.inclusion_tag("bodychart/_svg.html")
def body_chart_svg(marked: dict | None = None) -> dict:
    """`marked`: region id → {intensity, quality} for the regions drawn on this chart."""
    marked = marked or {}
    drawing = drawing_load()
    regions = get_kb().regions
    views = []
    for view in VIEW_ORDER:
        shapes = [
            {
                "region": shape.region,
                "label": regions[shape.region].label,
                "points": shape.points,
                "marked": shape.region in marked,
                "css": pain_class(marked.get(shape.region)),
            }
            for shape in drawing.shapes[view]
        ]
        views.append(
            {
                "id": view,
                "label": VIEW_LABELS[view],
                "hints": SIDE_HINTS[view],
                "shapes": shapes,
            }
        )
    return {"drawing": drawing, "views": views}


@register.simple_tag
def region_groups() -> list[dict]:
    """The KB's region groups, each with its regions in KB order, for the checklist."""
    kb = get_kb()
    groups: dict[str, dict[str, Any]] = {
        gid: {"id": gid, "label": g.label, "regions": []} for gid, g in kb.region_groups.items()
    }
    for region in kb.regions.values():
        groups[region.group]["regions"].append(region)
    return [g for g in groups.values() if g["regions"]]


@register.filter
def entry_for(marked: dict, region_id: str) -> dict | None:
    return (marked or {}).get(region_id)


@register.filter
def region_label(region_id: str) -> str:
    region = get_kb().regions.get(region_id)
    return region.label if region else region_id


@register.filter
def words(value: str) -> str:
    """An engine id as words: `flat_and_pincer` → `flat and pincer`."""
    return str(value or "").replace("_", " ")


@register.filter
def joined(values) -> str:
    return " ".join(values or [])


@register.simple_tag
def pain_qualities() -> list[tuple[str, str]]:
    from myomap.records.models import PainQuality

    return list(PainQuality.choices)


@register.simple_tag
def error_for(errors: dict | None, field: str) -> str:
    messages = (errors or {}).get(field)
    return messages[0] if messages else ""


@register.inclusion_tag("bodychart/_panel.html", takes_context=True)
def body_chart_panel(context, assessment, errors=None, marked=None) -> dict:
    """The whole body-chart section for an assessment the page already fetched through the
    scoped, audited selector. `marked` overrides the stored drawing (a refused form's values)."""
    from myomap.records.painmap import pain_map_candidates, pain_map_marked

    # Unset template variables arrive as "", so test the type, not None.
    marked = marked if isinstance(marked, dict) else pain_map_marked(assessment)
    errors = errors if isinstance(errors, dict) else None
    return {
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
        "assessment": assessment,
        "marked": marked,
        "candidates": pain_map_candidates(marked) if not errors else None,
        "errors": errors,
        "next_url": context.get("next_url"),
    }
