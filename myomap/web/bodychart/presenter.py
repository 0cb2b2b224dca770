"""What the body-chart templates display, computed before rendering: the drawing as an input
(`drawing_input`: no database, usable by any page that posts a pain drawing) and the clinician's
panel for an assessment (`assessment_chart`: the stored drawing read through the scoped, audited
selector, with the candidate muscles the referral engine ranks for it). Templates only show this.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from myomap.accounts.actor import Actor
from myomap.clinical.kb import get_kb
from myomap.inputs import strict_int
from myomap.records.models import Assessment, PainQuality
from myomap.records.painmap import pain_map_candidates, pain_map_get_for_user
from myomap.web.bodychart.geometry import DRAWN_SIDE, VIEW_LABELS, Shape, drawing_load
from myomap.web.bodychart.markup import (
    figure_polygons_html,
    region_buttons_html,
    region_checklist_html,
    zoom_polygons_html,
)

Audience = Literal["clinician", "client"]

# Shown left to right; the back comes first because most low-back pain is drawn there.
VIEW_ORDER = ("back", "front")
# Which patient side appears on the viewer's left and right of each view, in each audience's words.
SIDE_HINTS = {
    "clinician": {
        "back": ("Client's left", "Client's right"),
        "front": ("Client's right", "Client's left"),
    },
    "client": {"back": ("Your left", "Your right"), "front": ("Your right", "Your left")},
}
INTENSITIES = tuple(range(11))


def _intensity(entry: Mapping[str, Any] | None) -> int | None | str:
    """The entry's intensity as an int, None when not rated, or the typed text when a refused
    form shows back something that is not a number 0–10."""
    value = (entry or {}).get("intensity")
    if value is None or value == "":
        return None
    try:  # strictly: "²".isdigit() is true but int("²") fails
        number = strict_int(value)
    except ValueError:
        return str(value)
    return number if 0 <= number <= 10 else str(value)


def pain_class(entry: Mapping[str, Any] | None) -> str:
    """CSS classes for a region's fill: deeper colour for a higher rating; a marked region with
    no rating is drawn apart (outlined and hatched), never as a middle rating."""
    if entry is None:
        return ""
    intensity = _intensity(entry)
    if intensity is None:
        return "is-marked pain-unrated"
    if isinstance(intensity, str):
        return "is-marked"
    level = "low" if intensity <= 3 else "mid" if intensity <= 6 else "high"
    return f"is-marked pain-{level}"


def entry_summary(entry: Mapping[str, Any] | None) -> str:
    """What was marked, in words: "intensity 7, ache" / "no intensity"; "" when not marked."""
    if entry is None:
        return ""
    intensity = _intensity(entry)
    parts = ["no intensity" if intensity is None else f"intensity {intensity}"]
    quality = (entry or {}).get("quality") or ""
    if quality:
        parts.append(dict(PainQuality.choices).get(quality, quality).lower())
    return ", ".join(parts)


def _shape(shape: Shape, marked: Mapping[str, Mapping[str, Any]]) -> dict:
    entry = marked.get(shape.region)
    return {
        "region": shape.region,
        "label": get_kb().regions[shape.region].label,
        "points": shape.points,
        "marked": entry is not None,
        "css": pain_class(entry),
        "summary": entry_summary(entry),
    }


def _column(shape: Shape) -> str:
    """Grid column of the region's button: the side it is drawn on, as the viewer sees it."""
    if shape.region == shape.base:
        return "both"
    drawn_left = shape.region.endswith("_" + DRAWN_SIDE[shape.view])
    return "left" if drawn_left else "right"


def drawing_input(
    marked: Mapping[str, Mapping[str, Any]] | None = None,
    errors: Mapping[str, list[str]] | None = None,
    *,
    audience: Audience = "clinician",
    summary: bool = True,
) -> dict:
    """Everything `bodychart/_drawing_input.html` shows. `marked`: region id → {intensity,
    quality} (the stored drawing, or a refused form's values); `errors`: field → messages,
    shown beside their rows and, with `summary`, in the chart's own error summary (a page
    with its own summary, the portal's, passes False so that each error is listed once)."""
    marked = dict(marked or {})
    errors = dict(errors or {})
    drawing = drawing_load()
    hints = SIDE_HINTS[audience]
    area_of = {(s.region, a.view): a.id for a in drawing.areas for s in a.shapes}
    views = []
    for view in VIEW_ORDER:
        shapes = [
            {**_shape(s, marked), "area": area_of[(s.region, view)]} for s in drawing.shapes[view]
        ]
        views.append(
            {
                "id": view,
                "label": VIEW_LABELS[view],
                "hints": hints[view],
                "shapes": shapes,
                "polygons": figure_polygons_html(shapes),
            }
        )
    areas = []
    for view in VIEW_ORDER:
        for area in (a for a in drawing.areas if a.view == view):
            shapes = [{**_shape(s, marked), "column": _column(s)} for s in area.shapes]
            areas.append(
                {
                    "id": area.id,
                    "view": view,
                    "view_label": VIEW_LABELS[view],
                    "label": area.label,
                    "viewbox": " ".join(f"{n:g}" for n in area.box),
                    "hints": hints[view],
                    "shapes": shapes,
                    "polygons": zoom_polygons_html(shapes),
                    "buttons": region_buttons_html(shapes),
                    "marked_count": sum(1 for s in shapes if s["marked"]),
                }
            )
    rows = {}
    for region_id, entry in marked.items():
        intensity = _intensity(entry)
        rows[region_id] = {
            "intensity": "" if intensity is None else intensity,
            "quality": (entry or {}).get("quality") or "",
        }
    row_errors = {field: messages[0] for field, messages in errors.items() if messages}
    return {
        "audience": audience,
        "views": views,
        "areas": areas,
        "drawing": {
            "width": drawing.width,
            "height": drawing.height,
            "head": drawing.head,
            "outline": drawing.outline,
        },  # fmt: skip
        "checklist": region_checklist_html(rows, row_errors),
        "qualities": list(PainQuality.choices),
        "intensities": INTENSITIES,
        "errors": [(f, messages[0]) for f, messages in errors.items() if messages and summary],
        "marked_count": len(marked),
    }


def candidates_for_display(candidates: dict | None) -> dict | None:
    """The engine's ranked candidates with their zones as labels, for the candidate cards."""
    if not candidates:
        return candidates
    regions = get_kb().regions

    def labels(ids: list[str]) -> list[str]:
        return [regions[r].label if r in regions else r for r in ids]

    shown = []
    for c in candidates["candidates"]:
        shown.append(
            {
                **c,
                "zones": " ".join([*c["essential"], *c["spillover"]]),
                "essential_labels": labels(c["essential"]),
                "spillover_labels": labels(c["spillover"]),
                "unexplained_labels": labels(c.get("unexplained") or []),
            }
        )
    return {**candidates, "candidates": shown}


def assessment_chart(
    actor: Actor,
    assessment: Assessment,
    *,
    marked: Mapping[str, Mapping[str, Any]] | None = None,
    errors: Mapping[str, list[str]] | None = None,
) -> dict:
    """The clinician's body-chart panel for an assessment the view fetched through the scoped
    selector. `marked` (with `errors`) replaces the stored drawing when a form was refused."""
    if marked is None:
        marked = pain_map_get_for_user(actor=actor, assessment=assessment)
    return {
        "assessment": assessment,
        "input": drawing_input(marked, errors, audience="clinician"),
        "has_errors": bool(errors),
        "candidates": None if errors else candidates_for_display(pain_map_candidates(marked)),
    }
