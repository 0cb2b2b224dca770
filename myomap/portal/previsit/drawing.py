"""The client's pain drawing as a phone page: the body outline with the marked regions coloured
(drawn on the server, so it needs no JavaScript) and the region checklist, grouped and folded,
that posts the pain map's own field names (`regions`, `intensity_<id>`, `quality_<id>`)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from myomap.clinical.kb import get_kb
from myomap.inputs import strict_int
from myomap.records.models import PainQuality
from myomap.web.bodychart.geometry import Drawing, drawing_load

VIEWS = (
    ("back", "Back", ("Your left", "Your right")),
    ("front", "Front", ("Your right", "Your left")),
)


@lru_cache(maxsize=1)
def _drawing() -> Drawing:
    return drawing_load()


def _level(entry: dict | None) -> str:
    if entry is None:
        return ""
    try:
        value = strict_int("" if entry.get("intensity") is None else entry["intensity"])
    except ValueError:
        return "marked-mid"
    return "marked-low" if value <= 3 else "marked-mid" if value <= 6 else "marked-high"


def drawing_page(marked: dict[str, dict[str, Any]], errors: dict | None = None) -> dict:
    """`marked`: region id → {intensity, quality} (stored, or as posted when refused)."""
    kb = get_kb()
    drawing = _drawing()
    figures = [
        {
            "id": view,
            "label": label,
            "hints": hints,
            "shapes": [
                {
                    "points": s.points,
                    "css": _level(marked.get(s.region)),
                    "label": kb.regions[s.region].label,
                }
                for s in drawing.shapes[view]
            ],
        }
        for view, label, hints in VIEWS
    ]
    groups: dict[str, dict[str, Any]] = {
        gid: {"id": gid, "label": g.label, "regions": [], "open": False}
        for gid, g in kb.region_groups.items()
    }
    errors = errors or {}
    for region in kb.regions.values():
        entry = marked.get(region.id)
        row = {
            "id": region.id,
            "label": region.label,
            "entry": entry,
            "intensity": ""
            if not entry or entry.get("intensity") is None
            else str(entry["intensity"]),
            "quality": (entry or {}).get("quality", ""),
            "error": (
                errors.get(f"intensity_{region.id}") or errors.get(f"quality_{region.id}") or [""]
            )[0],
        }
        group = groups[region.group]
        group["regions"].append(row)
        group["open"] = group["open"] or bool(entry) or bool(row["error"])
    return {
        "drawing": drawing,
        "figures": figures,
        "groups": [g for g in groups.values() if g["regions"]],
        "qualities": PainQuality.choices,
        "scale": [str(n) for n in range(11)],
        "marked_count": len(marked),
    }


def marked_from_entries(entries: list[dict]) -> dict[str, dict]:
    return {
        e["region"]: {"intensity": e.get("intensity"), "quality": e.get("quality", "")}
        for e in entries
        if isinstance(e.get("region"), str)
    }
