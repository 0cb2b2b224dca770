"""Assessment documents shared by the plan, progress and reasoning tests."""

from __future__ import annotations

import copy
import json
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"


def example(name: str) -> dict:
    return json.loads((EXAMPLES / f"{name}.assessment.json").read_text())


def minimal(**parts) -> dict:
    """A subacute desk worker with no findings; tests add what they need."""
    client: dict = {"age": 40, "sex": "female", "occupation": "desk"}
    document: dict = {
        "client": client,
        "episode": {"onset": "2026-09-01", "on": "2026-11-21"},
        "measures": {"nprs": 6},
    }
    parts = copy.deepcopy(parts)
    client.update(parts.pop("client", {}))
    document.update(parts)
    return document


def muscle(name: str, side: str = "right", **findings) -> dict:
    return {"muscle": name, "side": side, **findings}


def items(plan: dict, stage_id: str, kind: str) -> list[dict]:
    stage = next(s for s in plan["stages"] if s["id"] == stage_id)
    return stage[kind]


def all_items(plan: dict, kind: str) -> list[dict]:
    return [item for stage in plan["stages"] for item in stage[kind]]
