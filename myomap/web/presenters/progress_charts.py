"""The progress page's charts (docs/clinical-rules.md, progress): NPRS by session with stages, the
questionnaires at each assessment, and confirmed trigger points — each as inline SVG with a caption
and a data table for screen readers."""

from __future__ import annotations

from myomap.charts import measure_chart_svg, nprs_chart, trigger_point_chart_svg
from myomap.charts.clinical import MEASURE_WORDS, Measure
from myomap.clinical.numbers import number_text
from myomap.records.models import Assessment
from myomap.records.sessions.outcomes import measure_series
from myomap.records.sessions.progress import EpisodeProgress

CHART_MEASURES: tuple[Measure, ...] = ("odi", "rmdq", "psfs")


def progress_charts(
    progress: EpisodeProgress, assessments: list[Assessment], labels: dict[str, str]
) -> list[dict]:
    sessions = progress.sessions
    baseline = progress.result["nprs"]["baseline"] if progress.result else None
    charts = [nprs_chart(sessions, baseline=baseline, stage_labels=labels)]
    series = measure_series(assessments)
    charts += [_measure_chart(m, series[m]) for m in CHART_MEASURES if series[m]]
    counts = [(s.number, len(s.trigger_points)) for s in sessions if s.trigger_points is not None]
    if counts:
        charts.append(_trigger_point_chart(counts))
    return charts


def _measure_chart(measure: Measure, points: list[dict]) -> dict:
    title, short, _ = MEASURE_WORDS[measure]
    pairs = [(p["label"], p["value"]) for p in points]
    better = "higher" if measure == "psfs" else "lower"
    return {
        "id": f"{measure}-chart",
        "svg": measure_chart_svg(measure, pairs, chart_id=f"{measure}-chart"),
        "caption": f"{title} at each assessment ({better} is better), with the level of "
        "clinically important improvement from the first score.",
        "head": ["Assessment", short],
        "rows": [[label, number_text(value)] for label, value in pairs],
    }


def _trigger_point_chart(counts: list[tuple[int, int]]) -> dict:
    return {
        "id": "trigger-point-chart",
        "svg": trigger_point_chart_svg(counts),
        "caption": "Confirmed trigger points (still reproducing the referral on arrival) at each "
        "session where they were re-examined.",
        "head": ["Session", "Confirmed trigger points"],
        "rows": [[str(number), str(count)] for number, count in counts],
    }
