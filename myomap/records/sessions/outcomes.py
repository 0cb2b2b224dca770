"""Outcome measures across an episode's assessments (docs/clinical-rules.md, progress): the series
the progress charts draw and the first-vs-last pairs the discharge summary reports. Pure over loaded
assessments."""

from __future__ import annotations

from myomap.records.models import Assessment

TRACKED = ("nprs", "odi", "rmdq", "psfs")


def _value(assessment: Assessment, measure: str) -> float | None:
    score = (assessment.scores or {}).get(measure) or {}
    # ODI keeps its exact value beside the rounded one; change is judged on the exact value.
    if not score.get("scored"):
        return None
    return score.get("score_exact", score.get("score"))


def _label(assessment: Assessment) -> str:
    kind = "Initial" if assessment.number == 1 else assessment.label
    return f"{kind} · {assessment.assessed_on:%-d %b}"


def measure_series(assessments: list[Assessment]) -> dict[str, list[dict]]:
    """measure → [{"label", "on", "value", "assessment"}] in assessment order, scored only."""
    ordered = sorted(assessments, key=lambda a: a.number)
    series: dict[str, list[dict]] = {}
    for measure in TRACKED:
        points = [
            {"label": _label(a), "on": a.assessed_on, "value": _value(a, measure), "assessment": a}
            for a in ordered
        ]
        series[measure] = [p for p in points if p["value"] is not None]
    return series


def measure_first_last(assessments: list[Assessment]) -> list[dict]:
    """For the discharge summary: {"measure", "first": {value, on, label}, "last": … | None}
    for every tracked measure scored at least once (last is None when measured only once)."""
    pairs = []
    for measure, points in measure_series(assessments).items():
        if not points:
            continue
        first, last = points[0], points[-1] if len(points) > 1 else None
        pairs.append(
            {
                "measure": measure,
                "first": {k: first[k] for k in ("value", "on", "label")},
                "last": {k: last[k] for k in ("value", "on", "label")} if last else None,
            }
        )
    return pairs
