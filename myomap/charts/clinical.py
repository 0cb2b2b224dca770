"""The progress charts (docs/clinical-rules.md, progress): NPRS by session with stage bands, ODI /
RMDQ / PSFS by assessment, and confirmed trigger points by session. Each chart's `desc` says in
words what the data show, for screen readers and for anyone reading the PDF as text."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal

from myomap.charts.improvement import higher_is_better, important_improvement_level, measure_range
from myomap.charts.model import Band, Series, Threshold
from myomap.charts.numbers import fmt, scale_ticks
from myomap.charts.svg import chart_svg

Measure = Literal["odi", "rmdq", "psfs"]
# measure → (chart title, short name, y-axis label)
MEASURE_WORDS: dict[str, tuple[str, str, str]] = {
    "odi": ("Oswestry Disability Index (%)", "ODI", "ODI (%)"),
    "rmdq": ("Roland-Morris Disability Questionnaire (0–24)", "RMDQ", "RMDQ (0–24)"),
    "psfs": ("Patient-Specific Functional Scale (0–10)", "PSFS", "PSFS mean (0–10)"),
}


NPRS_FIELDS = ("number", "nprs_before", "nprs_after", "stage")


def nprs_chart(
    sessions: Sequence[Any],
    *,
    baseline: float | None,
    stage_labels: Mapping[str, str],
    chart_id: str = "nprs-chart",
    signed_only: bool = False,
) -> dict:
    """The NPRS chart as every page and letter shows it: the SVG, its caption and the data table
    for screen readers, from session notes (anything with `number`, `nprs_before`, `nprs_after`
    and `stage`). `signed_only` says in the caption that drafts were left out."""
    points = [{name: getattr(s, name) for name in NPRS_FIELDS} for s in sessions]
    which = "signed session" if signed_only else "session"
    return {
        "id": chart_id,
        "svg": nprs_chart_svg(
            points, baseline=baseline, stage_labels=stage_labels, chart_id=chart_id
        ),
        "caption": f"Pain (NPRS 0–10) on arrival and after treatment at each {which}, with the "
        "baseline, the level of clinically important improvement and the treatment stages.",
        "head": ["Session", "Stage", "Before", "After"],
        "rows": [
            [
                str(p["number"]),
                stage_labels.get(p["stage"], p["stage"]),
                str(p["nprs_before"]),
                "—" if p["nprs_after"] is None else str(p["nprs_after"]),
            ]
            for p in points
        ],
    }


def nprs_chart_svg(
    sessions: Sequence[Mapping[str, Any]],
    *,
    baseline: float | None,
    stage_labels: Mapping[str, str],
    chart_id: str = "nprs-chart",
) -> str:
    """NPRS before (solid, circles) and after (dashed, squares) treatment by session number, the
    baseline, the line of clinically important improvement and the stages as shaded bands.

    Without a `baseline`, session 1's NPRS before treatment stands in for it, as in the
    progress engine (myomap.clinical.progress), so the line matches its `mcid_reached`."""
    numbers = [session["number"] for session in sessions]
    before = Series(
        "Before treatment",
        list(zip(numbers, [s["nprs_before"] for s in sessions], strict=True)),
        css="before",
    )
    after_values = [session.get("nprs_after") for session in sessions]
    after = Series(
        "After treatment",
        list(zip(numbers, after_values, strict=True)),
        css="after",
        dashed=True,
        marker="square",
    )
    reference, reference_label = _nprs_baseline(sessions, baseline)
    bands = stage_bands(sessions, stage_labels)
    return chart_svg(
        title="Pain (NPRS) by session",
        desc=_nprs_desc(before, after, reference, reference_label, bands),
        x_label="Session",
        y_label="NPRS (0–10)",
        y_range=measure_range("nrs"),
        series=[before, after],
        thresholds=_improvement_thresholds("nrs", reference, reference_label),
        bands=bands,
        chart_id=chart_id,
    )


def _nprs_baseline(
    sessions: Sequence[Mapping[str, Any]], baseline: float | None
) -> tuple[float | None, str]:
    """The reference value and its legend label ("Baseline 7", "Baseline 7 (session 1)")."""
    if baseline is not None:
        return baseline, f"Baseline {fmt(baseline)}"
    if sessions:
        first = sessions[0]
        return first[
            "nprs_before"
        ], f"Baseline {fmt(first['nprs_before'])} ({_session(first['number'])})"
    return None, ""


def stage_bands(
    sessions: Sequence[Mapping[str, Any]], stage_labels: Mapping[str, str]
) -> list[Band]:
    """One band per run of consecutive sessions in the same stage, from half a session before
    the run's first to half a session after its last; a session without a stage ends a run."""
    runs: list[tuple[str, float, float]] = []
    previous = None
    for session in sessions:
        stage, number = session.get("stage"), session["number"]
        if stage is not None and stage == previous:
            runs[-1] = (stage, runs[-1][1], number)
        elif stage is not None:
            runs.append((stage, number, number))
        previous = stage
    return [
        Band(first - 0.5, last + 0.5, stage_labels.get(stage, stage), css=f"stage-{stage}")
        for stage, first, last in runs
    ]


def _improvement_thresholds(measure: str, reference: float | None, label: str) -> list[Threshold]:
    """The reference line (when it has a `label`) and the important-improvement line."""
    if reference is None:
        return []
    lines = [Threshold(reference, label, css="baseline")] if label else []
    level = important_improvement_level(measure, reference)
    if level is not None:
        lines.append(Threshold(level, f"Important improvement ({_reach(measure)} {fmt(level)})"))
    return lines


def _reach(measure: str) -> str:
    return "≥" if higher_is_better(measure) else "≤"


def _nprs_desc(
    before: Series, after: Series, reference: float | None, label: str, bands: Sequence[Band]
) -> str:
    if not before.present() and not after.present():
        return "No sessions with an NPRS recorded yet."
    sentences = [
        trend_sentence("NPRS before treatment", before.present(), _session),
        trend_sentence("NPRS after treatment", after.present(), _session),
    ]
    if reference is not None:
        sentences.append(f"{label}: {_improvement_clause('nrs', reference)}.")
    if bands:
        stages = ", ".join(f"{band.label} ({_session_span(band)})" for band in bands)
        sentences.append(f"Stages: {stages}.")
    return " ".join(sentence for sentence in sentences if sentence)


def _session(x: float) -> str:
    return f"session {fmt(x)}"


def _session_span(band: Band) -> str:
    first, last = band.start + 0.5, band.end - 0.5
    return _session(first) if first == last else f"sessions {fmt(first)}–{fmt(last)}"


def _improvement_clause(measure: str, reference: float) -> str:
    level = important_improvement_level(measure, reference)
    if level is None:
        return "no value on the scale is a clinically important improvement"
    return f"an improvement is clinically important at {fmt(level)} or {_beyond(measure)}"


def _beyond(measure: str) -> str:
    return "more" if higher_is_better(measure) else "less"


def trend_sentence(
    subject: str, points: Sequence[tuple[float, float]], where: Callable[[float], str]
) -> str:
    """ "NPRS before treatment went from 7 at session 1 to 3 at session 6." ("" for no points)."""
    if not points:
        return ""
    (first_x, first_y), (last_x, last_y) = points[0], points[-1]
    if len(points) == 1:
        return f"{subject} was {fmt(first_y)} at {where(first_x)}."
    start, end = f"{fmt(first_y)} at {where(first_x)}", f"{fmt(last_y)} at {where(last_x)}"
    return f"{subject} went from {start} to {end}."


def measure_chart_svg(
    measure: Measure, points: Sequence[tuple[str, float]], *, chart_id: str
) -> str:
    """One outcome measure at each assessment, in order (x = 1…n, labelled with the given
    labels; " · " in a label becomes a line break), with the line of clinically important
    improvement from the first value."""
    if measure not in MEASURE_WORDS:
        raise ValueError(f"measure must be one of {', '.join(MEASURE_WORDS)}, not {measure!r}")
    title, short, y_label = MEASURE_WORDS[measure]
    labels: dict[float, str] = {index: label for index, (label, _) in enumerate(points, start=1)}
    values = Series(
        short, [(index, value) for index, (_, value) in enumerate(points, start=1)], css=measure
    )
    first = points[0][1] if points else None
    low, high = measure_range(measure)
    return chart_svg(
        title=title,
        desc=_measure_desc(measure, values, labels),
        x_label="Assessment",
        y_label=y_label,
        y_range=(low, high),
        series=[values],
        thresholds=_improvement_thresholds(measure, first, ""),
        x_ticks=[(index, label.replace(" · ", "\n")) for index, label in labels.items()],
        y_ticks=scale_ticks(low, high),
        chart_id=chart_id,
    )


def _measure_desc(measure: str, values: Series, labels: Mapping[float, str]) -> str:
    short = MEASURE_WORDS[measure][1]
    better = f"{'Higher' if higher_is_better(measure) else 'Lower'} is better."
    present = values.present()
    if not present:
        return f"No {short} scores recorded yet. {better}"
    sentences = [
        trend_sentence(short, present, lambda x: labels[x]),
        better,
        f"From the first value, {fmt(present[0][1])}, "
        f"{_improvement_clause(measure, present[0][1])}.",
    ]
    return " ".join(sentences)


def trigger_point_chart_svg(
    counts: Sequence[tuple[int, int]], *, chart_id: str = "trigger-point-chart"
) -> str:
    """Confirmed trigger points per session number, as bars on a scale of at least 0–3."""
    bars = Series(
        "Confirmed trigger points", list(counts), kind="bar", css="trigger-points", marker="none"
    )
    top = max([count for _, count in counts] + [3])
    trend = trend_sentence("Confirmed trigger points", bars.present(), _session)
    return chart_svg(
        title="Confirmed trigger points by session",
        desc=trend or "No trigger-point counts recorded yet.",
        x_label="Session",
        y_label="Trigger points",
        y_range=(0, top),
        series=[bars],
        chart_id=chart_id,
    )
