"""Compare two versions of a plan: per stage, which techniques and exercises were added or
removed and whether the stage may start early; blocked items and overrides that changed."""

from __future__ import annotations

from myomap.records.models import Plan


def _items(stage: dict) -> dict[tuple, dict]:
    items = {}
    for t in stage.get("techniques", []):
        items[("technique", t["technique"], t.get("muscle"), t.get("side"))] = t
    for e in stage.get("exercises", []):
        items[("exercise", e["exercise"], e.get("for_muscle"), e.get("side"))] = e
    return items


def _label(key: tuple) -> str:
    kind, name, muscle, side = key
    where = f" — {muscle.replace('_', ' ')} ({side})" if muscle else ""
    return f"{kind}: {name.replace('_', ' ')}{where}"


def plan_compare(older: Plan, newer: Plan) -> dict:
    before = {s["id"]: s for s in older.output.get("stages", [])}
    after = {s["id"]: s for s in newer.output.get("stages", [])}
    stages = []
    for stage_id in list(dict.fromkeys([*before, *after])):
        old, new = _items(before.get(stage_id, {})), _items(after.get(stage_id, {}))
        early = (bool(before.get(stage_id, {}).get("started_early")),
                 bool(after.get(stage_id, {}).get("started_early")))  # fmt: skip
        stages.append(
            {
                "id": stage_id,
                "added": [_label(k) for k in new if k not in old],
                "removed": [_label(k) for k in old if k not in new],
                "kept": sum(1 for k in new if k in old),
                "started_early": early,
            }
        )
    blocked_old = {b["item"] for b in older.output.get("blocked", [])}
    blocked_new = {b["item"] for b in newer.output.get("blocked", [])}
    return {
        "older": older,
        "newer": newer,
        "stages": stages,
        "blocked_added": sorted(blocked_new - blocked_old),
        "blocked_removed": sorted(blocked_old - blocked_new),
        "overrides_added": newer.overrides[len(older.overrides) :]
        if newer.overrides[: len(older.overrides)] == older.overrides
        else newer.overrides,
        "kb_changed": older.kb_version != newer.kb_version,
        "changed": any(
            s["added"] or s["removed"] or s["started_early"][0] != s["started_early"][1]
            for s in stages
        )
        or blocked_old != blocked_new,  # fmt: skip
    }
