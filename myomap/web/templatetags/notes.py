"""Small lookups the session note templates need (a dict entry by a computed key)."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def get(mapping: object, key: str) -> object:
    """`{{ errors|get:"nprs_before" }}`: the entry, or an empty list when there is none."""
    if isinstance(mapping, dict):
        return mapping.get(key, [])
    return []


@register.filter
def field_label(field: str) -> str:
    """`techniques.2.hold_seconds` → `Technique row 3, hold seconds` for the error summary."""
    parts = field.split(".")
    if parts[0] == "techniques" and len(parts) >= 2 and parts[1].isdigit():
        rest = " ".join(parts[2:]).replace("_", " ")
        return f"Technique row {int(parts[1]) + 1}" + (f", {rest}" if rest else "")
    words = [p if not p.isdigit() else f"item {int(p) + 1}" for p in parts]
    return ", ".join(words).replace("_", " ").capitalize()
