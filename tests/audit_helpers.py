"""Reading the audit trail in tests: a request's reads are one event listing its objects."""

from __future__ import annotations

from myomap.accounts.models import AuditEvent


def audited(**match) -> list[dict]:
    """Every audited access as a flat entry (action, object_type, object_id, detail, user),
    the objects of a request's single read event included; filtered by `match`."""
    entries = []
    for event in AuditEvent.objects.order_by("id"):
        objects = event.detail.get("objects") if isinstance(event.detail, dict) else None
        if objects is None:
            objects = [
                {
                    "action": event.action,
                    "type": event.object_type,
                    "id": event.object_id,
                    "detail": event.detail,
                }
            ]
        for entry in objects:
            flat = {
                "action": entry["action"],
                "object_type": entry["type"],
                "object_id": entry.get("id", ""),
                "detail": entry.get("detail", {}),
                "user": event.user,
            }
            if all(flat[key] == value for key, value in match.items()):
                entries.append(flat)
    return entries
