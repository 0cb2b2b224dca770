"""The portal pages' safety-netting lines: the knowledge base's own advice to the client,
shown at the foot of every portal page (and not elsewhere)."""

from __future__ import annotations

from myomap.clinical.kb import get_kb


def portal_safety(request) -> dict:
    if not request.path.startswith("/p/"):
        return {}
    return {"portal_safety": get_kb().red_flags.safety_netting}
